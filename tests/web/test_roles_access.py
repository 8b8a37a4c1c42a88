"""Every role × page × action: officer, department (own / other's item), assessor, and nobody.

A refusal is a 403 (or, for a page opened while logged out, a redirect to the login page), and
a refused action writes nothing: every file of the workspace is compared before and after.
"""
from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from gongkai.web.app import create_app
from roles_support import PASSWORD, codes, csrf_of, login, roles_root, snapshot
from web_support import form_fields


@pytest.fixture
def root(tmp_path, monkeypatch):
    monkeypatch.setenv("GONGKAI_ACTOR", "终端用户")
    return roles_root(tmp_path)


def client_for(root, who):
    c = TestClient(create_app(root), base_url="http://127.0.0.1", raise_server_exceptions=False)
    if who:
        assert login(c, who).status_code == 303
    return c


def token(c) -> str:
    return csrf_of(c.get("/login").text if c.cookies.get("gongkai_session") is None else c.get("/").text)


PAGES = {   # path → roles that may open it
    "/": {"officer", "department", "assessor"},
    "/domain/19": {"officer", "department", "assessor"},
    "/item/{own}": {"officer", "department", "assessor"},
    "/checks": {"officer", "department", "assessor"},
    "/rules": {"officer", "department", "assessor"},
    "/export?format=csv": {"officer", "department", "assessor"},
    "/item/{own}/edit": {"officer", "department"},
    "/item/{other}/edit": {"officer"},
    "/bulk": {"officer"}, "/adjust": {"officer"}, "/transfer": {"officer"}, "/item-new": {"officer"},
    "/dept": {"officer", "department"}, "/dept/records": {"officer", "department"},
    "/dept/compliance": {"officer", "department"},
    "/assess": {"officer", "assessor"},
}
ROLES = {None: None, "wang": "officer", "li": "department", "sun": "assessor"}


@pytest.mark.parametrize("who", list(ROLES))
def test_each_page_is_opened_or_refused_by_role(root, who):
    c = client_for(root, who)
    names = codes(root)
    for path, allowed in PAGES.items():
        url = path.format(own=names["办事指南"], other=names["资金发放"])
        r = c.get(url, follow_redirects=False)
        if who is None:
            assert r.status_code == 303 and r.headers["location"].startswith("/login?next="), url
        elif ROLES[who] in allowed:
            assert r.status_code == 200, (who, url, r.text[:300])
        else:
            assert r.status_code == 403, (who, url)
            assert "无权" in r.text or "只能" in r.text


def actions(names):
    own, other = names["办事指南"], names["资金发放"]
    return {   # name → (path, data, roles allowed)
        "submit own": (f"/item/{own}/event/submit", {}, {"officer", "department"}),
        "submit other's": (f"/item/{other}/event/submit", {}, {"officer"}),
        "edit other's": (f"/item/{other}/edit", {"name": "改名"}, {"officer"}),
        "approve own": (f"/item/{own}/event/approve", {}, {"officer"}),
        "reject own": (f"/item/{own}/event/reject", {}, {"officer"}),
        "withdraw own": (f"/item/{own}/event/withdraw", {}, {"officer"}),
        "remove own": (f"/item/{own}/remove", {}, {"officer"}),
        "bulk": ("/bulk", {"event": "submit", "fingerprint": "x"}, {"officer"}),
        "new item": ("/item-new", {"domain": "19", "category": "x", "name": "y"}, {"officer"}),
        "adjust": ("/adjust", {"kind": "law"}, {"officer"}),
        "import": ("/import", {}, {"officer"}),
        "records upload": ("/dept/records", {}, {"officer", "department"}),
    }


@pytest.mark.parametrize("who", list(ROLES))
def test_each_refused_action_writes_nothing(root, who):
    c = client_for(root, who)
    csrf = token(c)
    for name, (path, data, allowed) in actions(codes(root)).items():
        if who is not None and ROLES[who] in allowed:
            continue
        before = snapshot(root)
        r = c.post(path, data={"csrf": csrf, **data}, follow_redirects=False)
        assert r.status_code == 403, (who, name, r.status_code, r.text[:300])
        assert snapshot(root) == before, (who, name)


def test_a_department_submits_its_own_item_and_the_history_names_the_account(root):
    from gongkai.catalog.workspace import Workspace

    c = client_for(root, "li")
    code = codes(root)["办事指南"]
    page = c.get(f"/item/{code}").text
    fields = dict(form_fields(page[page.index('/event/submit"') - 80:], None)[:3])
    r = c.post(f"/item/{code}/event/submit", data={"csrf": fields["csrf"], "revision": fields["revision"]},
               follow_redirects=False)
    assert r.status_code == 303
    item = next(i for _, i in Workspace.load(root).items() if i.code == code)
    assert item.status == "in_review" and item.history[-1].actor == "li"      # not $GONGKAI_ACTOR


def _event(c, code, event):
    page = c.get(f"/item/{code}").text
    fields = dict(form_fields(page[page.index(f'/event/{event}"') - 80:], None)[:3])
    return c.post(f"/item/{code}/event/{event}", data={"csrf": fields["csrf"], "revision": fields["revision"]},
                  follow_redirects=False)


def test_an_officer_approves_what_a_department_submitted_and_the_history_names_both(root):
    from gongkai.catalog.workspace import Workspace

    code = codes(root)["办事指南"]
    assert _event(client_for(root, "li"), code, "submit").status_code == 303
    r = _event(client_for(root, "wang"), code, "approve")
    assert r.status_code == 303, r.text[:500]
    item = next(i for _, i in Workspace.load(root).items() if i.code == code)
    assert item.status == "published" and [h.actor for h in item.history][-2:] == ["li", "wang"]


def test_a_post_with_another_sessions_token_is_refused(root):
    li, wang = client_for(root, "li"), client_for(root, "wang")
    code = codes(root)["办事指南"]
    before = snapshot(root)
    r = li.post(f"/item/{code}/event/submit", data={"csrf": token(wang), "revision": "x"})
    assert r.status_code == 403 and snapshot(root) == before


def test_the_item_page_offers_only_the_actions_the_account_may_do(root):
    names = codes(root)
    own, other = names["办事指南"], names["资金发放"]
    li = client_for(root, "li")
    assert 'value="submit"' in li.get(f"/item/{own}").text and 'id="edit"' in li.get(f"/item/{own}").text
    page = li.get(f"/item/{other}").text
    assert 'value="submit"' not in page and 'id="edit"' not in page and "删除草拟事项" not in page
    sun = client_for(root, "sun").get(f"/item/{own}").text
    assert 'value="submit"' not in sun and 'id="edit"' not in sun
    wang = client_for(root, "wang").get(f"/item/{other}").text
    assert 'value="submit"' in wang and "删除草拟事项" in wang
