"""`gongkai user add|passwd|rm|list`: argon2 hashes only, no default password, errors exit 2."""
from __future__ import annotations

import io
import sys

import pytest

DEPTS = '\n[[departments]]\nname = "上街区民政局"\naliases = ["区民政局"]\n'


@pytest.fixture
def root(make_workspace):
    root = make_workspace()
    with open(root / "gongkai.toml", "a", encoding="utf-8") as fh:
        fh.write(DEPTS)
    return root


def run_with_stdin(gk, monkeypatch, text, *args):
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    return gk(*args)


def test_add_stores_only_an_argon2_hash_and_binds_the_department_by_alias(gk, monkeypatch, root):
    from gongkai.catalog.users import load_users, verify

    code, out, err = run_with_stdin(gk, monkeypatch, "一个足够长的口令-2026\n", "user", "add", "li", "--role",
                                    "department", "--dept", "区民政局", "--password-stdin", "-w", root)
    assert code == 0, err
    text = (root / "users.toml").read_text("utf-8")
    assert "一个足够长的口令" not in text and "$argon2id$" in text
    users = load_users(root)
    assert users["li"].department == "上街区民政局"
    assert verify(users, "li", "一个足够长的口令-2026") == users["li"]
    assert verify(users, "li", "一个足够长的口令-2027") is None and verify(users, "nobody", "x") is None


@pytest.mark.parametrize("args, stdin, says", [
    (["--role", "officer"], "short\n", "至少"),
    (["--role", "boss"], "a-long-enough-pw\n", "boss"),
    (["--role", "department"], "a-long-enough-pw\n", "--dept"),
    (["--role", "department", "--dept", "财政局"], "a-long-enough-pw\n", "[[departments]]"),
    (["--role", "assessor", "--dept", "区民政局"], "a-long-enough-pw\n", "only for --role department"),
])
def test_add_refuses_bad_input_and_writes_nothing(gk, monkeypatch, root, args, stdin, says):
    code, out, err = run_with_stdin(gk, monkeypatch, stdin, "user", "add", "someone", *args, "--password-stdin", "-w", root)
    assert code == 2 and says in err
    assert not (root / "users.toml").exists()


def test_without_a_terminal_or_stdin_flag_no_password_is_invented(gk, monkeypatch, root):
    code, out, err = run_with_stdin(gk, monkeypatch, "", "user", "add", "wang", "--role", "officer", "-w", root)
    assert code == 2 and "--password-stdin" in err and not (root / "users.toml").exists()


def test_passwd_rm_and_list(gk, monkeypatch, root):
    from gongkai.catalog.users import load_users

    run_with_stdin(gk, monkeypatch, "first-password-1\n", "user", "add", "wang", "--role", "officer",
                   "--password-stdin", "-w", root)
    old = load_users(root)["wang"].stamp
    code, out, err = run_with_stdin(gk, monkeypatch, "second-password-2\n", "user", "passwd", "wang",
                                    "--password-stdin", "-w", root)
    assert code == 0 and load_users(root)["wang"].stamp != old
    code, out, _ = gk("user", "list", "--format", "json", "-w", root)
    assert code == 0 and '"role": "officer"' in out and "argon2" not in out
    assert gk("user", "rm", "nobody", "-w", root)[0] == 2
    assert gk("user", "rm", "wang", "-w", root)[0] == 0 and load_users(root) == {}


def test_a_broken_users_file_names_its_line(root):
    from gongkai.catalog.errors import InputError
    from gongkai.catalog.users import load_users

    (root / "users.toml").write_text('[[users]]\nname = "wang"\nrole = "officer"\npassword_hash = "plain"\n', "utf-8")
    with pytest.raises(InputError) as exc:
        load_users(root)
    assert "users.toml:1" in exc.value.render() and "argon2" in exc.value.render()


def test_serve_on_the_network_is_refused_without_accounts_and_says_what_to_do(gk, root):
    code, out, err = gk("serve", str(root), "--host", "0.0.0.0")
    assert code == 2 and "gongkai user add" in err and "HTTPS" in err
