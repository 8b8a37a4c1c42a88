"""Every page of the workbench in-process: status, content, and what is (not) written."""
from __future__ import annotations

import re

from gongkai.catalog.workspace import Workspace
from web_support import client, csrf_of, form_fields, web_root  # noqa: F401 (fixtures)


def items(root):
    return {i.name: i for _, i in Workspace.load(root).items()}


def test_overview_counts_the_domains_items_and_findings(client, web_root):
    r = client.get("/")
    assert r.status_code == 200
    assert "上街区" in r.text and "社会救助" in r.text
    row = r.text[r.text.index("社会救助"):]
    assert f'<td class="num">{len(items(web_root))}</td>' in row[:400]


def test_domain_page_lists_items_and_filters_them(client, web_root):
    r = client.get("/domain/19")
    assert r.status_code == 200
    for item in items(web_root).values():
        assert item.code in r.text
    only = client.get("/domain/19", params={"q": "救助结果"})
    codes = {i.name: i.code for i in items(web_root).values()}
    assert codes["救助结果"] in only.text and codes["办事指南"] not in only.text
    assert client.get("/domain/social-assistance").status_code == 200
    assert client.get("/domain/02").status_code == 404          # not adopted here
    assert client.get("/domain/19", params={"page": "x", "sort": "nonsense", "status": "bogus"}).status_code == 200


def test_item_page_shows_attributes_findings_and_the_events_allowed(client, web_root):
    incomplete = items(web_root)["救助结果"]
    r = client.get(f"/item/{incomplete.code}")
    assert r.status_code == 200
    assert "公开时限" in r.text and "/rules/" in r.text         # a finding on the missing deadline, linked to its rule
    assert "提交审核" in r.text and "审核通过并发布" not in r.text  # draft: submit only
    other = items(web_root)["办事指南"]                          # cites the same law: listed beside it
    graph = r.text[r.text.index('id="graph"'):]
    assert f'<a href="/item/{other.code}">' in graph[:graph.index("</section>")]
    assert client.get("/item/410106-99-99-999").status_code == 404


def test_posts_without_the_csrf_token_are_refused_and_write_nothing(client, web_root):
    item = items(web_root)["办事指南"]
    before = (web_root / "domains" / "19-social-assistance.toml").read_bytes()
    r = client.post(f"/item/{item.code}/event/submit", data={"reason": "x"})
    assert r.status_code == 403
    assert (web_root / "domains" / "19-social-assistance.toml").read_bytes() == before


def test_a_foreign_host_header_is_refused(client):
    assert client.get("/", headers={"host": "attacker.example:8750"}).status_code == 400
    assert client.get("/", headers={"host": "localhost:8750"}).status_code == 200


def test_a_file_changed_by_hand_is_seen_by_the_next_request(client, web_root):
    item = items(web_root)["办事指南"]
    assert "办事指南" in client.get(f"/item/{item.code}").text
    path = web_root / "domains" / "19-social-assistance.toml"
    path.write_text(path.read_text("utf-8").replace('name = "办事指南"', 'name = "办事指南（手工修改）"'), "utf-8")
    assert "办事指南（手工修改）" in client.get(f"/item/{item.code}").text
    path.write_text(path.read_text("utf-8").replace("[domain]", "[domian]"), "utf-8")
    broken = client.get("/")
    assert broken.status_code == 400 and "19-social-assistance.toml" in broken.text    # named, never a 500


def test_a_one_item_save_rewrites_only_that_items_domain_file(client, web_root):
    from gongkai import domains as registry

    with Workspace.transaction(web_root) as ws:
        d = ws.ensure_domain(registry.lookup("22"))
        ws.add_item(d, {"category": "就业服务", "name": "测试事项"})
    other = web_root / "domains" / "22-employment.toml"
    other.write_text(other.read_text("utf-8") + "\n\n", "utf-8")       # not canonical: a save elsewhere leaves it be
    text = other.read_bytes()
    code = items(web_root)["办事指南"].code
    page = client.get(f"/item/{code}/edit").text
    from web_support import as_data

    fields = as_data([(k, v) for k, v in form_fields(page, "edit-form") if k != "body"] + [("body", "区民政局")])
    assert client.post(f"/item/{code}/edit", data=fields, follow_redirects=False).status_code == 303
    assert other.read_bytes() == text
    assert items(web_root)["办事指南"].body == "区民政局"
    assert "区民政局" in client.get(f"/item/{code}").text


def test_the_overview_counts_again_when_a_command_changes_the_files(client, web_root):
    from gongkai import domains as registry

    def row_19(html):
        row = html[html.index("社会救助"):]
        return row[:row.index("</tr>")]

    before = row_19(client.get("/").text)
    assert row_19(client.get("/").text) == before                      # the same files: the same numbers
    with Workspace.transaction(web_root) as ws:                        # what `gongkai item add` does
        ws.add_item(ws.ensure_domain(registry.lookup("19")), {"category": "临时救助", "name": "新增测试事项"})
    after = row_19(client.get("/").text)
    assert f'<td class="num">{len(items(web_root))}</td>' in after and after != before


def test_a_one_item_writers_copy_renders_exactly_as_the_store_does(tmp_path):
    """The writer's fast rendering (only the changed item re-rendered) must equal render_domain."""
    import sys

    from conftest import ROOT

    sys.path.insert(0, str(ROOT / "bench"))
    from generate import generate   # synthetic items sampled from the bundled catalogues

    from gongkai.catalog import lifecycle
    from gongkai.catalog.domain_file import render_domain
    from gongkai.catalog.workspace_cache import loader_for, remember

    root = generate(26 * 12, tmp_path / "gen")
    codes = [i.code for i in Workspace.load(root).domain("12").model.items]
    for n, code in enumerate([codes[0], codes[5], codes[0], codes[-1]]):
        ws = loader_for("12", code)(root)
        d = ws.domain("12")
        item = next(i for i in d.model.items if i.code == code)
        item.note = f"改{n}"
        if item.status in ("draft", "revising"):
            lifecycle.fire(item, "submit", actor="测试员")
        assert d.render() == render_domain(d.model)
        ws.save()
        remember(d)                                     # as the web does: the next copy shares these items
        assert (root / "domains" / "12-urban-enforcement.toml").read_text("utf-8") == render_domain(d.model)
    assert [i.note for i in Workspace.load(root).domain("12").model.items if i.code == codes[0]] == ["改2"]


def test_findings_are_shown_in_chinese_and_history_in_beijing_time(tmp_path, monkeypatch):
    """The officer reads the rules' Chinese messages, and the history on the office's clock."""
    from starlette.testclient import TestClient

    from gongkai.web.app import create_app
    from web_support import make_root

    monkeypatch.setenv("GONGKAI_NOW", "2026-12-03T23:30:00+00:00")      # 07:30 on 4 December in Beijing
    monkeypatch.setenv("GONGKAI_ACTOR", "测试员")
    root = make_root(tmp_path, [{"deadline": None}])
    code = next(i.code for _, i in Workspace.load(root).items())
    with TestClient(create_app(root), base_url="http://127.0.0.1") as c:
        html = c.get(f"/item/{code}").text
        assert "未填公开时限" in html and "no 公开时限 (deadline)" not in html
        fields = dict(form_fields(html, "event-submit")) if 'id="event-submit"' in html else \
            {"csrf": csrf_of(html), "revision": re.search(r'name="revision" value="([^"]+)"', html).group(1)}
        c.post(f"/item/{code}/event/submit", data=fields)
        html = c.get(f"/item/{code}").text
    assert "时间 (北京时间)" in html
    assert Workspace.load(root).find(code)[1].history[-1].event == "submit"
    assert "2026-12-04 07:30:00" in html                 # kept in the file as 2026-12-03 23:30 UTC
