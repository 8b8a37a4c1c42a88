"""Building the site of a small workspace (synthetic items from the real 大竹县 row): a rebuild of
the same workspace is byte-identical and writes nothing; one changed item rewrites only its pages
and the indexes; a withdrawn item's pages go; the folder is guarded."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from conftest import BASE_ITEM, merged
from site_helpers import site_files, small_workspace

NOW = "2026-11-26T10:00:00+08:00"
BASE = "https://example.gov.cn/gk/"


@pytest.fixture
def ws(make_workspace, gk, monkeypatch):
    monkeypatch.setenv("GONGKAI_NOW", NOW)
    return small_workspace(make_workspace, gk, [
        BASE_ITEM, merged(BASE_ITEM, {"name": "政策法规文件"}),
        merged(BASE_ITEM, {"category": "临时救助", "name": "救助结果"})], [
        merged(BASE_ITEM, {"category": "社会保险", "name": "参保办事指南", "basis": [
            {"title": "《中华人民共和国社会保险法》", "article": "第八十六条"},
            {"title": "《社会保险法》", "article": "第五条"}]})])


def build(root, out, **kw):
    from gongkai.catalog.site.build import build_site
    from gongkai.catalog.workspace import Workspace

    return build_site(Workspace.load(root), out, **kw)


def codes(root):
    from gongkai.catalog.workspace import Workspace

    return sorted(i.code for _, i in Workspace.load(root).items())


def test_same_workspace_gives_a_byte_identical_site(ws, tmp_path):
    first = build(ws, tmp_path / "a", base_url=BASE)
    build(ws, tmp_path / "b", base_url=BASE)
    assert site_files(tmp_path / "a") == site_files(tmp_path / "b")
    again = build(ws, tmp_path / "a", base_url=BASE)
    assert again.stats.written == [] and again.stats.removed == []
    assert again.stats.unchanged == len(first.stats.written)


def test_one_changed_item_rewrites_only_its_pages_and_the_indexes(ws, tmp_path, gk, monkeypatch):
    out = tmp_path / "site"
    build(ws, out, base_url=BASE)
    before = site_files(out)
    code = codes(ws)[0]
    monkeypatch.setenv("GONGKAI_NOW", "2026-12-01T10:00:00+08:00")
    for args in (("amend", code, "--reason", "时限调整"), ("item", "edit", code, "--set", "deadline=信息形成或者变更之日起20个工作日内"),
                 ("submit", code), ("approve", code)):
        assert gk(*args, "-w", ws)[0] == 0
    result = build(ws, out, base_url=BASE)
    after = site_files(out)
    changed = {k for k in after if before.get(k) != after[k]} - {".gongkai-site.json"}
    assert set(result.stats.written) == changed
    assert f"items/{code}.html" in changed and "20个工作日内" in after[f"items/{code}.html"].decode()
    allowed = {f"items/{code}.html", "domains/19-social-assistance.html", "api/domains/19.json", "api/index.json",
               "api/laws.json", "static/search-index.js", "feed.xml", "index.html", "search.html",
               "laws/index.html", "api/index.html", "api/changes.json"} | {k for k in after if k.startswith("laws/L")}
    assert changed <= allowed, changed - allowed
    others = [c for c in codes(ws) if c != code]
    assert not any(f"items/{c}.html" in changed or f"qr/items/{c}.svg" in changed for c in others)


def test_a_withdrawn_item_leaves_the_site_and_enters_the_feed(ws, tmp_path, gk, monkeypatch):
    out = tmp_path / "site"
    build(ws, out, base_url=BASE)
    (out / "README.txt").write_text("the unit's own file", "utf-8")
    code = codes(ws)[1]
    monkeypatch.setenv("GONGKAI_NOW", "2026-12-02T10:00:00+08:00")
    assert gk("withdraw", code, "--reason", "事项合并", "-w", ws)[0] == 0
    result = build(ws, out, base_url=BASE)
    assert set(result.stats.removed) == {f"items/{code}.html", f"qr/items/{code}.svg"}
    assert not (out / "items" / f"{code}.html").exists() and (out / "README.txt").exists()
    feed = ET.fromstring((out / "feed.xml").read_bytes())
    ns = {"a": "http://www.w3.org/2005/Atom"}
    newest = feed.findall("a:entry", ns)[0]
    assert newest.find("a:category", ns).get("term") == "withdrawn" and code in newest.find("a:summary", ns).text
    assert newest.find("a:link", ns).get("href") == BASE + "domains/19-social-assistance.html"
    assert feed.find("a:updated", ns).text == "2026-12-02T02:00:00Z"
    changes = json.loads((out / "api" / "changes.json").read_text("utf-8"))["changes"]
    assert changes[0] == {"at": "2026-12-02T02:00:00Z", "kind": "withdrawn", "kind_zh": "撤销", "code": code,
                          "label": changes[0]["label"], "domain": "19", "version": 1, "page": None}
    assert len(changes) == len(codes(ws)) + 1 and all(c["kind"] == "published" for c in changes[1:])


def test_laws_merge_spellings_and_keep_the_articles(ws, tmp_path):
    out = tmp_path / "site"
    build(ws, out)
    laws = json.loads((out / "api" / "laws.json").read_text("utf-8"))["laws"]
    social = [law for law in laws if "社会保险法" in law["title"]]
    assert len(social) == 1 and social[0]["title"] == "《中华人民共和国社会保险法》"
    assert social[0]["tier"] == "法律" and social[0]["articles"] == ["第五条", "第八十六条"]
    assert [law["tier"] for law in laws] == sorted((law["tier"] for law in laws),
                                                   key=["法律", "行政法规", "地方性法规", "部门规章", "地方政府规章",
                                                        "规范性文件", "其他"].index)
    page = (out / social[0]["page"]).read_text("utf-8")
    assert "第八十六条" in page and "参保办事指南" in page


def test_without_a_base_url_there_are_no_qr_codes_and_links_stay_relative(ws, tmp_path):
    result = build(ws, tmp_path / "site")
    assert result.qr_codes == 0 and not (tmp_path / "site" / "qr").exists() and result.notes
    data = json.loads((tmp_path / "site" / "api" / "domains" / "19.json").read_text("utf-8"))
    assert all("url" not in item and item["page"].startswith("items/") for item in data["items"])


def test_the_site_folder_is_guarded(ws, tmp_path):
    from gongkai.catalog.errors import UsageError

    for bad in (ws, ws / "domains", ws / "domains" / "site", ws.parent):
        with pytest.raises(UsageError):
            build(ws, bad)
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "index.html").write_text("someone else's page", "utf-8")
    with pytest.raises(UsageError, match="no gongkai site build wrote"):
        build(ws, busy)
    assert (busy / "index.html").read_text("utf-8") == "someone else's page"
    build(ws, ws / "site")          # a folder of its own inside the workspace is fine
    assert (ws / "site" / "index.html").is_file()


def test_qr_codes_drawn_in_parallel_are_the_same_bytes(monkeypatch):
    from gongkai.catalog.site import qr

    jobs = [(f"{BASE}items/410106-19-02-00{n}.html", f"事项{n}") for n in range(1, 4)]
    serial = [qr.code_svg(url, title) for url, title in jobs]
    monkeypatch.setattr(qr, "PARALLEL_FROM", 2)
    assert qr.code_svgs(jobs) == serial


def test_a_published_code_that_is_no_file_name_is_an_input_error(ws, tmp_path):
    from gongkai.catalog.errors import InputError
    from gongkai.catalog.workspace import Workspace

    with Workspace.transaction(ws) as w:       # a hand edit: the lifecycle never makes such a code
        next(i for _, i in w.items() if i.status == "published").code = "../../outside"
    with pytest.raises(InputError) as caught:
        build(ws, tmp_path / "site")
    problem = caught.value.problems[0]
    assert problem.item == "../../outside" and problem.field == "code" and problem.file.endswith(".toml")
    assert not (tmp_path / "site").exists() and not (tmp_path.parent / "outside.html").exists()
