"""Bad input never gives a 500 or a traceback: every route with malformed or hostile values."""
from __future__ import annotations

from gongkai.catalog.workspace import Workspace
from web_support import client, csrf_of, web_root  # noqa: F401 (fixtures)

HOSTILE = ["", " ", "<script>alert(1)</script>", "../../etc/passwd", "\x00", "９９", "a" * 5000, "%", "'; --", "🙂"]


def code_of(root):
    return next(i.code for _, i in Workspace.load(root).items())


def test_get_routes_with_hostile_parameters(client, web_root):
    code = code_of(web_root)
    for value in HOSTILE:
        path = value.replace("\x00", "").replace("%", "%25") or "x"      # what a URL can carry
        for url, params in [("/domain/19", {"status": value, "category": value, "body": value, "rule": value, "q": value,
                                            "sort": value, "page": value}),
                            ("/checks", {"by": value, "domain": value, "group": value}),
                            ("/bulk", {"event": "submit", "domain": "19", "status": value, "q": value}),
                            ("/bulk", {"event": value}), ("/export", {"format": value, "domain": value}),
                            ("/adjust", {"kind": "law", "title": value, "changed_on": value}),
                            ("/adjust", {"kind": "body", "old": value, "new": value, "changed_on": "2026-01-05"}),
                            ("/item-new", {"domain": value}), (f"/item/{code}", {"done": value, "saved": value}),
                            (f"/domain/{path}", {}), (f"/item/{path}", {}), (f"/rules/{path}", {})]:
            r = client.get(url, params=params)
            assert r.status_code < 500, (url, params, r.status_code)
            assert "Traceback" not in r.text
            assert "<script>alert(1)</script>" not in r.text


def test_post_routes_with_hostile_forms(client, web_root):
    code = code_of(web_root)
    before = (web_root / "domains" / "19-social-assistance.toml").read_bytes()
    token = csrf_of(client.get("/transfer").text)
    for value in HOSTILE:
        form = {"csrf": token, "revision": value, "reason": value, "event": value, "domain": value, "status": value,
                "fingerprint": value, "token": value, "suffix": value, "kind": value, "changed_on": value,
                "category": value, "name": value, "el_name": value, "b_tier": value, "channels": value}
        for url in [f"/item/{code}/edit", f"/item/{code}/event/submit", f"/item/{code}/event/{value.replace(chr(0), '').replace('%', '%25') or 'x'}",
                    f"/item/{code}/remove", "/bulk", "/adjust", "/import/apply", "/import", "/item-new"]:
            r = client.post(url, data=form)
            assert r.status_code < 500, (url, value, r.status_code)
            assert "Traceback" not in r.text
    assert client.post(f"/item/{code}/edit", content=b"\xff\xfe garbage",
                       headers={"content-type": "multipart/form-data; boundary=x"}).status_code < 500
    # a stale revision refuses everything above: the catalogue file is as it was
    assert (web_root / "domains" / "19-social-assistance.toml").read_bytes() == before
