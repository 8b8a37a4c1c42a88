"""Checks, rule docs, import/export and 动态调整 pages in-process; the serve command's refusals."""
from __future__ import annotations

import io
import re
from pathlib import Path

from gongkai.catalog.workspace import Workspace
from web_support import as_data, client, csrf_of, form_fields, web_root  # noqa: F401 (fixtures)

from conftest import TESTS

REAL_TABLE = TESTS / "data" / "catalogues" / "19-social-assistance.md"   # a published 社会救助 catalogue


def count(html, name):
    return int(re.search(rf'id="{name}">(\d+)<', html).group(1))


def test_checks_group_by_rule_domain_and_department(client, web_root):
    from gongkai.rules.engine.workspace_check import active, workspace_findings

    result = workspace_findings(Workspace.load(web_root))
    rules = {f.rule for f in result.findings if active(f)}
    r = client.get("/checks")
    assert r.status_code == 200
    assert all(f'/rules/{code}"' in r.text for code in rules)
    some = sorted(rules)[0]
    listed = client.get("/checks", params={"by": "rule", "group": some})
    assert listed.text.count(f'<a href="/rules/{some}">{some}</a>') == sum(
        1 for f in result.findings if f.rule == some and active(f))
    assert "社会救助" in client.get("/checks", params={"by": "domain"}).text
    assert "县民政局" in client.get("/checks", params={"by": "department"}).text
    assert client.get("/checks", params={"by": "nonsense", "domain": "zz"}).status_code == 200


def test_waived_findings_are_shown_apart(client, web_root):
    from gongkai.catalog.workspace import load_config, render_config, Waiver
    from gongkai.catalog.toml_store import atomic_write
    from gongkai.rules.engine.workspace_check import active, workspace_findings
    from datetime import date

    result = workspace_findings(Workspace.load(web_root))
    rule = next(f.rule for f in result.findings if active(f))
    config = load_config(web_root)
    config.waivers.append(Waiver(rule=rule, reason="测试豁免", approved_by="测试员", expires=date(2099, 1, 1)))
    atomic_write(web_root / "gongkai.toml", render_config(config))
    page = client.get("/checks").text
    assert f'<a href="/rules/{rule}">' not in page[:page.index('id="apart"')]
    assert f'<a href="/rules/{rule}">' in page[page.index('id="apart"'):]


def test_rule_docs_pages(client):
    from gongkai.rules.engine.registry import all_rules

    r = all_rules()[0]
    page = client.get(f"/rules/{r.code}")
    assert page.status_code == 200 and r.name in page.text
    assert r.doc.splitlines()[0].replace("'", "&#39;").replace('"', "&#34;") in page.text
    assert client.get("/rules").text.count("/rules/") >= len(all_rules())
    assert client.get("/rules/ZZZ999").status_code == 404


def upload(client, name, data, domain="19"):
    page = client.get("/transfer").text
    return client.post("/import", data={"csrf": csrf_of(page), "domain": domain}, files={"file": (name, data)})


def test_import_shows_the_dry_run_then_applies_and_writes_once(client, web_root):
    before = len(list(Workspace.load(web_root).items()))
    r = upload(client, "大竹县 社会救助.md", REAL_TABLE.read_bytes())
    assert r.status_code == 200
    added = count(r.text, "added-count")
    assert added > 0 and len(list(Workspace.load(web_root).items())) == before     # dry run: nothing written
    fields = as_data(form_fields(r.text, "apply-import"))
    done = client.post("/import/apply", data=fields)
    assert done.status_code == 200 and count(done.text, "added-count") == added
    assert len(list(Workspace.load(web_root).items())) == before + added
    assert [p.name for p in (web_root / ".gongkai-uploads").iterdir()] == [".gitignore"]   # gone once applied
    again = client.post("/import/apply", data=fields)
    assert again.status_code == 400
    assert len(list(Workspace.load(web_root).items())) == before + added


def test_an_exported_workbook_uploads_back(client, web_root, tmp_path):
    xlsx = client.get("/export", params={"domain": "19", "format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    r = upload(client, "目录.xlsx", xlsx.content)
    assert r.status_code == 200 and count(r.text, "added-count") == len(list(Workspace.load(web_root).items()))


def test_bad_uploads_say_what_is_wrong(client, web_root):
    assert upload(client, "notes.docx", b"x").status_code == 400
    bad = upload(client, "broken.xlsx", b"not a workbook at all")
    assert bad.status_code == 400 and "broken.xlsx" not in str(list(web_root.glob("*")))
    assert client.post("/import/apply", data={"csrf": csrf_of(client.get("/transfer").text), "token": "../../etc",
                                              "suffix": ".md"}).status_code == 400
    limit = client.app.state.settings.upload_limit
    page = client.get("/transfer").text
    big = client.post("/import", data={"csrf": csrf_of(page)}, files={"file": ("big.csv", b"x" * (limit + 1))})
    assert big.status_code == 413


def test_every_export_format_downloads(client):
    from gongkai.catalog.tables.export import FORMATS

    for fmt in FORMATS:
        r = client.get("/export", params={"format": fmt, "domain": "19"})
        assert r.status_code == 200 and r.content and "attachment" in r.headers["content-disposition"]
    assert client.get("/export", params={"format": "pdf"}).status_code == 400
    assert client.get("/export", params={"format": "csv", "domain": "02"}).status_code == 400


def publish_all(root):
    from gongkai.catalog import lifecycle

    with Workspace.transaction(root) as ws:
        for _, item in ws.items():
            lifecycle.fire(item, "submit", actor="测试员")
            lifecycle.fire(item, "approve", actor="测试员", findings=lambda i: [])


def test_adjust_law_previews_the_affected_items_then_applies(client, web_root):
    publish_all(web_root)
    law = Workspace.load(web_root).domains[0].model.items[0].basis[0].title
    params = {"kind": "law", "title": law, "changed_on": "2026-03-02"}
    r = client.get("/adjust", params=params)
    assert r.status_code == 200
    codes = re.findall(r'<a href="/item/([^"]+)">', r.text[r.text.index('id="steps"'):])
    assert sorted(codes) == sorted(i.code for _, i in Workspace.load(web_root).items())
    assert all(i.status == "published" for _, i in Workspace.load(web_root).items())
    done = client.post("/adjust", data=as_data(form_fields(r.text, "apply-adjust")))
    assert done.status_code == 200 and "已调整" in done.text
    items = [i for _, i in Workspace.load(web_root).items()]
    assert all(i.status == "reviewing" and i.history[-1].trigger == "law_changed" for i in items)


def test_adjust_refuses_bad_dates_and_unknown_kinds(client):
    assert client.get("/adjust", params={"kind": "law", "title": "《x法》", "changed_on": "2026-13-45"}).status_code == 400
    assert client.get("/adjust", params={"kind": "weather", "changed_on": "2026-01-05"}).status_code == 400


def test_serve_refuses_an_address_other_than_loopback(gk, web_root):
    code, out, err = gk("serve", str(web_root), "--host", "0.0.0.0")
    assert code == 2 and "127.0.0.1" in err
    code, out, err = gk("serve", str(web_root / "nowhere"))
    assert code == 2
