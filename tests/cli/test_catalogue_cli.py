"""The catalogue commands end to end: init, domains, items, item show/add/edit/rm, fmt."""
from __future__ import annotations

import csv
import io
import json

from typer.testing import CliRunner

from gongkai import domains as registry
from gongkai.catalog.domain_file import load_domain
from gongkai.catalog.workspace import Workspace
from gongkai.cli.app import app

runner = CliRunner()


def run(*args, ok=(0,)):
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code in ok, (result.output, result.exception)
    return result


def bundled_count() -> int:
    return sum(len(registry.load_bundled(d.code).model.items) for d in registry.REGISTRY
               if registry.bundled_path(d.code).exists())


def test_init_adopts_bundled_catalogues_with_region(tmp_path):
    root = tmp_path / "shangjie"
    out = run("init", root, "--region", "410106", "--name", "上街区").output
    ws = Workspace.load(root)
    codes = [i.code for _, i in ws.items()]
    assert len(codes) == bundled_count() > 0
    assert all(c.startswith("410106-") for c in codes)
    assert f"{len(codes)} items" in out
    assert ws.config.unit.name == "上街区" and ws.config.unit.level == "county"
    again = runner.invoke(app, ["init", str(root), "--region", "410106", "--name", "上街区"])
    assert again.exit_code != 0


def test_init_rejects_bad_region(tmp_path):
    result = runner.invoke(app, ["init", str(tmp_path / "x"), "--region", "4101", "--name", "x"])
    assert result.exit_code != 0 and not (tmp_path / "x" / "gongkai.toml").exists()


def test_domains_lists_26_with_counts(make_workspace):
    root = make_workspace(adopt=True)
    rows = json.loads(run("domains", "-w", root, "--format", "json").output)
    assert len(rows) == 26 and sum(r["reported"] for r in rows) == 1475
    ws = Workspace.load(root)
    by_code = {r["code"]: r for r in rows}
    for d in ws.domains:
        assert by_code[d.code]["items"] == len(d.model.items)


def test_items_filters_and_formats(make_workspace):
    root = make_workspace(adopt=True)
    all_rows = json.loads(run("items", "-w", root, "--format", "json").output)
    d19 = json.loads(run("items", "-w", root, "--domain", "19", "--format", "json").output)
    assert d19 and all(r["domain"] == "19" for r in d19)
    assert len(d19) == sum(1 for r in all_rows if r["domain"] == "19")
    assert json.loads(run("items", "-w", root, "--status", "published", "--format", "json").output) == []
    rows = list(csv.DictReader(io.StringIO(run("items", "-w", root, "--format", "csv").output)))
    assert len(rows) == len(all_rows) and rows[0]["code"].startswith("410106-")
    assert "事项编码" in run("items", "-w", root).output


def test_workspace_found_upward_like_git(make_workspace, monkeypatch):
    root = make_workspace(adopt=True)
    sub = root / "domains"
    monkeypatch.chdir(sub)
    assert json.loads(run("items", "--format", "json").output)


def test_item_add_assigns_codes_and_never_reuses(make_workspace):
    root = make_workspace()
    run("item", "add", "-w", root, "--domain", "19", "--category", "临时救助", "--name", "审核审批信息",
        "--element", "支出型临时救助对象名单", "--element", "〇救助事由", "--channel", "政府网站",
        "--process", "采集→审核→发布")
    run("item", "add", "-w", root, "--domain", "社会救助", "--category", "临时救助", "--name", "办事指南")
    run("item", "add", "-w", root, "--domain", "19", "--category", "最低生活保障", "--name", "办事指南")
    ws = Workspace.load(root)
    codes = sorted(i.code for _, i in ws.items())
    assert codes == ["410106-19-01-001", "410106-19-01-002", "410106-19-02-001"]
    item = ws.find("19-01-001")[1]
    assert [(e.name, e.required) for e in item.elements] == [("支出型临时救助对象名单", True), ("救助事由", False)]
    assert item.process == ["采集", "审核", "发布"] and item.status == "draft"
    run("item", "rm", "-w", root, "19-01-002")
    run("item", "add", "-w", root, "--domain", "19", "--category", "临时救助", "--name", "again")
    codes = sorted(i.code for _, i in Workspace.load(root).items())
    assert "410106-19-01-002" not in codes and "410106-19-01-003" in codes


def test_item_add_from_file(make_workspace, tmp_path):
    root = make_workspace()
    src = tmp_path / "new.toml"
    src.write_text('[[items]]\ncategory = "综合业务"\nname = "监督检查"\nelements = ["社会救助信访通讯地址"]\n'
                   '[[items]]\ncategory = "综合业务"\nname = "政策法规文件"\n', "utf-8")
    out = run("item", "add", "-w", root, "--domain", "19", "--from", src).output
    assert out.count("added") == 2
    bad = tmp_path / "bad.toml"
    bad.write_text('category = "综合业务"\nname = "x"\nchanels = ["政府网站"]\n', "utf-8")
    result = runner.invoke(app, ["item", "add", "-w", str(root), "--domain", "19", "--from", str(bad)])
    assert result.exit_code != 0


def test_item_edit_sets_typed_fields(make_workspace):
    root = make_workspace(adopt=True)
    run("item", "edit", "-w", root, "19-02-002", "--set", "method.channels=政府网站、两微一端",
        "--set", "levels=县级,乡级", "--set", "responsibility.unit=区民政局", "--set", "basis=《社会救助暂行办法》；《中华人民共和国政府信息公开条例》")
    item = Workspace.load(root).find("19-02-002")[1]
    assert item.method.channels == {"政府网站", "两微一端"}
    assert item.levels == {"县级", "乡级"} and item.responsibility.unit == "区民政局"
    assert [b.title for b in item.basis] == ["《社会救助暂行办法》", "《中华人民共和国政府信息公开条例》"]
    assert [b.tier for b in item.basis] == ["行政法规", "行政法规"]     # 社会救助暂行办法: 国务院令第649号


def test_item_edit_refuses_unknown_and_managed_fields(make_workspace):
    root = make_workspace(adopt=True)
    r = runner.invoke(app, ["item", "edit", "-w", str(root), "19-02-002", "--set", "deadine=x"])
    assert r.exit_code != 0 and "did you mean 'deadline'" in str(r.exception)
    r = runner.invoke(app, ["item", "edit", "-w", str(root), "19-02-002", "--set", "status=published"])
    assert r.exit_code != 0 and "managed" in str(r.exception)


def test_edits_refused_outside_draft_and_revising(make_workspace):
    root = make_workspace(adopt=True)
    with Workspace.transaction(root) as ws:
        ws.find("19-02-002")[1].status = "published"
    r = runner.invoke(app, ["item", "edit", "-w", str(root), "19-02-002", "--set", "deadline=x"])
    assert r.exit_code != 0 and "gongkai amend" in str(r.exception)
    r = runner.invoke(app, ["item", "rm", "-w", str(root), "19-02-002"])
    assert r.exit_code != 0 and "withdraw" in str(r.exception)


def test_item_show_text_and_json(make_workspace):
    root = make_workspace(adopt=True)
    text = run("item", "show", "-w", root, "19-02-002").output
    assert "公开时限 deadline" in text and "410106-19-02-002" in text
    data = json.loads(run("item", "show", "-w", root, "410106-19-02-002", "--format", "json").output)
    assert data["code"] == "410106-19-02-002" and data["domain"] == "19"


def test_item_show_of_another_region_says_so(make_workspace):
    root = make_workspace(adopt=True)
    r = run("item", "show", "-w", root, "410107-19-02-002", ok=(1, 2))
    assert "no item with code 410107-19-02-002" in str(r.exception)
    assert "the code's region is 410107, the workspace's 410106" in str(r.exception)


def test_fmt_check_and_rewrite(make_workspace):
    root = make_workspace(adopt=True)
    assert run("fmt", "-w", root, "--check").exit_code == 0
    path = root / "domains" / "19-social-assistance.toml"
    path.write_text(path.read_text("utf-8").replace("  ", "    "), "utf-8")
    r = runner.invoke(app, ["fmt", "-w", str(root), "--check"])
    assert r.exit_code == 1 and "19-social-assistance.toml" in r.output
    run("fmt", "-w", root)
    assert load_domain(path).render() == path.read_text("utf-8")
    assert run("fmt", "-w", root, "--check").exit_code == 0
