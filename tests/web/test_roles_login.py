"""Logging in and out: one message for any failure, rate limits, expiry, sessions ended by passwd/rm."""
from __future__ import annotations


import pytest
from starlette.testclient import TestClient

from gongkai.web import auth
from gongkai.web.app import create_app
from roles_support import PASSWORD, csrf_of, login, roles_root


@pytest.fixture
def root(tmp_path):
    return roles_root(tmp_path)


def client(root):
    return TestClient(create_app(root), base_url="http://127.0.0.1", raise_server_exceptions=False)


def test_a_wrong_password_and_an_unknown_name_get_the_same_answer(root):
    c = client(root)
    wrong, unknown = login(c, "wang", "not-the-password"), login(c, "nobody-here", PASSWORD)
    assert wrong.status_code == unknown.status_code == 401
    for r in (wrong, unknown):
        assert "用户名或密码错误" in r.text and "gongkai_session" not in r.headers.get("set-cookie", "")
    assert c.get("/", follow_redirects=False).headers["location"] == "/login?next=/"


def test_logins_are_rate_limited_per_name_even_with_the_right_password(root):
    c = client(root)
    for _ in range(auth.ATTEMPTS):
        assert login(c, "wang", "wrong-password").status_code == 401
    r = login(c, "wang")
    assert r.status_code == 429 and "登录尝试过多" in r.text
    assert login(c, "li").status_code == 303          # another account from the same address is not locked …


def test_logins_are_rate_limited_per_client_address_across_names(root):
    c = client(root)
    for n in range(auth.ADDRESS_ATTEMPTS):
        login(c, f"guess{n}", "wrong-password")
    assert login(c, "sun").status_code == 429         # … but one address guessing many names is


def test_logout_ends_the_session(root):
    c = client(root)
    assert login(c, "wang").status_code == 303 and c.get("/").status_code == 200
    token = csrf_of(c.get("/").text)
    assert c.post("/logout", data={"csrf": token}, follow_redirects=False).status_code == 303
    assert c.get("/", follow_redirects=False).status_code == 303


def test_an_expired_or_tampered_cookie_is_not_a_session(root, monkeypatch):
    from gongkai.catalog.users import load_users

    app = create_app(root)
    c = TestClient(app, base_url="http://127.0.0.1")
    user = load_users(root)["wang"]
    monkeypatch.setenv("GONGKAI_NOW", "2026-12-03T08:00:00+08:00")
    old = auth.session_cookie(app.state.session_secret, user)
    monkeypatch.setenv("GONGKAI_NOW", "2026-12-03T16:00:01+08:00")      # 8 hours and a second later
    c.cookies.set(auth.COOKIE, old)
    assert c.get("/", follow_redirects=False).status_code == 303
    fresh = auth.session_cookie(app.state.session_secret, user)
    c.cookies.set(auth.COOKIE, fresh)
    assert c.get("/", follow_redirects=False).status_code == 200
    body, sig = fresh.rsplit(".", 1)
    c.cookies.set(auth.COOKIE, body + "." + ("0" if sig[0] != "0" else "1") + sig[1:])
    assert c.get("/", follow_redirects=False).status_code == 303
    other = auth.session_cookie(auth.new_secret(), user)          # signed by another server run
    c.cookies.set(auth.COOKIE, other)
    assert c.get("/", follow_redirects=False).status_code == 303


def test_a_new_password_or_a_removed_account_ends_its_sessions(root):
    from gongkai.catalog.users import remove_user, set_password

    c, d = client(root), client(root)
    login(c, "wang"), login(d, "li")
    set_password(root, "wang", "another-password-9")
    assert c.get("/", follow_redirects=False).status_code == 303
    remove_user(root, "li")
    assert d.get("/", follow_redirects=False).status_code == 303


def test_login_follows_only_a_path_of_this_server(root):
    c = client(root)
    token = csrf_of(c.get("/login").text)
    for target, expected in (("/domain/19", "/domain/19"), ("//evil.example/x", "/"), ("https://evil.example", "/")):
        c.cookies.clear()
        r = c.post("/login", data={"csrf": token, "name": "wang", "password": PASSWORD, "next": target},
                   follow_redirects=False)
        assert r.headers["location"] == expected


def test_a_broken_users_file_is_named_and_lets_nobody_in(root):
    (root / "users.toml").write_text('[[users]]\nname = "wang"\nrole = "chief"\npassword_hash = "$argon2id$x"\n', "utf-8")
    r = client(root).get("/")
    assert r.status_code == 400 and "users.toml" in r.text and "chief" in r.text


def test_without_accounts_the_local_mode_works_on_loopback_only(tmp_path, monkeypatch):
    root = roles_root(tmp_path, accounts=False)
    assert client(root).get("/").status_code == 200                 # issue 13's single-officer mode
    monkeypatch.setenv("GONGKAI_SERVE_HOSTS", "*")                   # as `serve --host 0.0.0.0` would set it
    r = client(root).get("/", headers={"host": "10.0.0.5:8750"})
    assert r.status_code == 403 and "gongkai user add" in r.text
