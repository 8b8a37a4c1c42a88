"""三级 from the command line: init --parent, item show, sync, decline, diff --upstream, rollup."""
from __future__ import annotations

import json
import shutil

from gongkai.catalog.workspace import Workspace
from gongkai.rules.engine.runner import run_checks, select_rules
from tiers_setup import add_items, district, publish_all


def _tree(tmp_path, gk, monkeypatch):
    monkeypatch.setenv("GONGKAI_NOW", "2026-12-01")
    root, codes = district(tmp_path)
    for folder, region, name in (("xiawo", "410106100", "峡窝镇"), ("jishi", "410106101", "济世街道")):
        code, out, err = gk("init", str(tmp_path / folder), "--region", region, "--name", name,
                            "--level", "township", "--parent", str(root))
        assert code == 0 and "3 items claimed" in out, err
    return root, codes


def test_init_show_sync_and_decline(tmp_path, gk, monkeypatch):
    root, codes = _tree(tmp_path, gk, monkeypatch)
    xiawo = str(tmp_path / "xiawo")
    a = codes["A"].split("-", 1)[1]
    assert gk("item", "edit", a, "-w", xiawo, "--set", "body=峡窝镇人民政府")[0] == 0
    code, out, _ = gk("item", "show", a, "-w", xiawo)
    assert "裁剪 tailored here: 公开主体 body" in out and codes["A"] in out
    data = json.loads(gk("item", "show", a, "-w", xiawo, "--format", "json")[1])
    assert data["provenance"]["body"] == "tailored" and data["provenance"]["deadline"] == "inherited"
    rows = json.loads(gk("items", "-w", xiawo, "--format", "json")[1])
    assert {r["parent"] for r in rows} == {codes["A"], codes["B"], codes["D"]}
    assert [r["tailored"] for r in rows if r["parent"] == codes["A"]] == ["body"]
    code, out, _ = gk("inherit", a, "body", "-w", xiawo)
    assert code == 0 and "tailored: none" in out
    assert json.loads(gk("item", "show", a, "-w", xiawo, "--format", "json")[1])["provenance"]["body"] == "inherited"
    assert gk("inherit", a, "body", "-w", xiawo)[0] == 2          # no longer tailored

    new = add_items(root, {"E": {"levels": ["乡级"]}})
    code, out, _ = gk("check", xiawo, "--select", "COV006", "--no-cache")
    assert code == 0 and "COV006" in out and new["E"] in out      # a warning: exit 0 under fail_on error
    code, out, _ = gk("sync", "-w", xiawo)
    assert code == 0 and "would claim 1" in out and "preview only" in out
    assert gk("sync", "-w", xiawo, "--apply")[0] == 0
    assert "in step" in gk("sync", "-w", xiawo)[1]

    code, _, err = gk("decline", codes["D"], "-w", xiawo)
    assert code == 2 and "reason" in err
    code, out, _ = gk("decline", codes["D"], "-w", xiawo, "--reason", "本镇不受理")
    assert code == 0 and "removed" in out
    assert "本镇不受理" in (tmp_path / "xiawo" / "gongkai.toml").read_text("utf-8")


def test_diff_upstream_and_a_missing_parent(tmp_path, gk, monkeypatch):
    root, codes = _tree(tmp_path, gk, monkeypatch)
    xiawo = str(tmp_path / "xiawo")
    assert "nothing changed upstream" in gk("diff", "--upstream", "-w", xiawo)[1]
    gk("amend", codes["A"], "-w", str(root))
    gk("item", "edit", codes["A"], "-w", str(root), "--set", "deadline=信息形成之日起5个工作日内")
    gk("submit", codes["A"], "-w", str(root))
    monkeypatch.setenv("GONGKAI_NOW", "2026-12-10")
    from gongkai.catalog import lifecycle
    with Workspace.transaction(root) as ws:
        lifecycle.fire(ws.find(codes["A"])[1], "approve", findings=lambda i: [])
    data = json.loads(gk("diff", "--upstream", "-w", xiawo, "--format", "json")[1])
    [change] = data["changes"]
    assert change["to_version"] == 2 and change["changed_on"] == "2026-12-10"
    assert [c["field"] for c in change["changes"]] == ["deadline"]
    shutil.move(root, tmp_path / "elsewhere")
    for args in (("sync",), ("diff", "--upstream"), ("claim", "--all")):
        code, _, err = gk(*args, "-w", xiawo)
        assert code == 2 and "does not exist" in err and "gongkai.toml" in err
    code, out, _ = gk("check", xiawo, "--select", "COV008", "--no-cache")
    assert code == 1 and "COV008" in out


def test_rollup_figures_against_hand_counts(tmp_path, gk, monkeypatch):
    root, codes = _tree(tmp_path, gk, monkeypatch)
    xiawo, jishi = tmp_path / "xiawo", tmp_path / "jishi"
    gk("item", "edit", codes["A"].split("-", 1)[1], "-w", str(xiawo), "--set", "body=峡窝镇人民政府")
    code, out, _ = gk("item", "add", "-w", str(jishi), "--domain", "19", "--category", "临时救助",
                      "--name", "本街道救助", "--local", "街道工作要求")
    assert code == 0 and "-901 " in out     # own items from 901: the district's later items keep their numbers
    publish_all(xiawo)
    records = tmp_path / "峡窝镇-records.csv"       # synthetic records: one on time, one late (10 working days)
    child_a = "410106100-" + codes["A"].split("-", 1)[1]
    records.write_text("code,title,formed_on,published_on,channel,url,elements\n"
                       f"{child_a},办事指南,2026-11-03,2026-11-05,政府网站,http://example.invalid/1,\n"
                       f"{child_a},办事指南(更新),2026-11-10,2026-12-30,政府网站,http://example.invalid/2,\n", "utf-8")
    from gongkai.catalog.records.store import import_records, load_records
    import_records(xiawo, records)
    # hand counts: district 4 items (none claimed); xiawo 3 claimed, 1 tailored; jishi 3 claimed + 1 local
    as_of = "2028-01-31"      # every item published on 2026-11-02 is past its annual review (2027-11-02)
    code, out, _ = gk("rollup", str(root), str(xiawo), str(jishi), "--as-of", as_of, "--format", "json")
    assert code == 0, out
    units = {u["name"]: u for u in json.loads(out)["units"]}
    assert [(units[n]["items"], units[n]["claimed"], units[n]["tailored"], units[n]["local"])
            for n in ("上街区", "峡窝镇", "济世街道")] == [(4, 0, 0, 0), (3, 3, 1, 0), (4, 3, 0, 1)]
    assert [units[n]["review_overdue"] for n in ("上街区", "峡窝镇", "济世街道")] == [4, 3, 0]
    from datetime import date
    for folder, name in ((root, "上街区"), (xiawo, "峡窝镇")):
        ws = Workspace.load(folder)
        counts = run_checks(ws, select_rules(ws.config), date(2028, 1, 31)).counts()
        assert units[name]["findings"] == {s: counts[s] for s in ("error", "warning", "info")}
    assert sorted(u["rank"] for u in units.values()) == [1, 2, 3]
    from gongkai.rules.assessment.compliance import compliance
    report = compliance(Workspace.load(xiawo), load_records(xiawo), date(2028, 1, 31))
    due = sum(d.total.due for d in report.departments)
    on_time = sum(d.total.on_time for d in report.departments)
    assert on_time >= 1 and (units["峡窝镇"]["records_due"], units["峡窝镇"]["on_time"]) == (due, on_time)
    assert units["峡窝镇"]["on_time_rate"] == round(on_time / due, 4) and units["上街区"]["on_time_rate"] is None
    code, out, _ = gk("rollup", str(root), str(xiawo), "--as-of", as_of, "--jobs", "1")
    assert code == 0 and "峡窝镇" in out and "名次 rank" in out
    from gongkai.catalog.workspace import load_config, render_config
    cfg = load_config(root)
    cfg.children = ["../xiawo", "../jishi"]          # the district lists its townships
    (root / "gongkai.toml").write_text(render_config(cfg), "utf-8")
    code, out, _ = gk("rollup", "-w", str(root), "--as-of", as_of, "--format", "json")
    assert code == 0 and {u["name"] for u in json.loads(out)["units"]} == {"峡窝镇", "济世街道"}
    cfg = load_config(root)
    from gongkai.catalog.workspace import Department
    cfg.departments = [Department(name="区民政局", aliases=["县民政局"]), Department(name="区教育局")]
    (root / "gongkai.toml").write_text(render_config(cfg), "utf-8")
    code, out, _ = gk("rollup", str(root), "--as-of", as_of, "--departments", "--format", "json")
    [district_row] = json.loads(out)["units"]
    depts = {d["name"]: d for d in district_row["departments"]}
    # every district item names 县民政局 (the base item's body), none names 区教育局
    assert (depts["区民政局"]["items"], depts["区民政局"]["review_overdue"]) == (4, 4)
    assert (depts["区教育局"]["items"], depts["区教育局"]["findings"]) == (0, {"error": 0, "warning": 0, "info": 0})
    ws = Workspace.load(root)
    on_items = run_checks(ws, select_rules(ws.config), date(2028, 1, 31)).findings
    assert sum(depts["区民政局"]["findings"].values()) == sum(f.item in {i.code for _, i in ws.items()} for f in on_items)
    assert "└ 区民政局" in gk("rollup", str(root), "--as-of", as_of, "--departments")[1]
    html_file = tmp_path / "r.html"
    assert gk("rollup", str(root), str(xiawo), "--as-of", as_of, "--format", "html", "-o", str(html_file))[0] == 0
    assert "<table>" in html_file.read_text("utf-8")
    book = tmp_path / "r.xlsx"
    assert gk("rollup", str(root), str(tmp_path / "nowhere"), "--as-of", as_of, "--format", "xlsx", "-o", str(book))[0] == 2
    from openpyxl import load_workbook
    sheet = load_workbook(book).active
    assert sheet.cell(1, 2).value == "单位 unit" and "not read" in str(sheet.cell(3, 14).value)


def test_a_commented_config_is_kept_unless_the_config_changes(tmp_path, gk, monkeypatch):
    root, codes = _tree(tmp_path, gk, monkeypatch)
    config = tmp_path / "xiawo" / "gongkai.toml"
    config.write_text("# 峡窝镇政务公开办维护\n" + config.read_text("utf-8"), "utf-8")
    add_items(root, {"E": {"levels": ["乡级"]}})
    assert gk("sync", "-w", str(tmp_path / "xiawo"), "--apply")[0] == 0      # claims into domains only
    assert config.read_text("utf-8").startswith("# 峡窝镇")
    code, _, err = gk("decline", codes["D"], "-w", str(tmp_path / "xiawo"), "--reason", "本镇不受理")
    assert code == 2 and "comments" in err and "gongkai.toml" in err          # would lose the comment: refused
    assert config.read_text("utf-8").startswith("# 峡窝镇")
    assert gk("decline", codes["D"], "-w", str(tmp_path / "xiawo"), "--reason", "本镇不受理", "--force")[0] == 0
