"""`gongkai comply`: disclosures due, on time, late and missing per department and domain.

Records are synthetic (dates chosen around the 2026 holidays) against the real bundled items; the
expected counts are worked out here from the records the test writes and from the calendar facts
of calendar.md (assessment_helpers), not from the code under test.
"""
from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from datetime import date, timedelta

import pytest
from typer.testing import CliRunner

from assessment_helpers import add_chongming_rows, nth_workday_after, workday_count, write_csv
from gongkai.catalog.records.store import import_records, load_records
from gongkai.catalog.toml_store import atomic_write
from gongkai.catalog.workspace import Workspace, load_config, render_config
from gongkai.cli.app import app
from gongkai.rules.assessment.compliance import compliance

runner = CliRunner()
HEADER = ["事项编码", "信息标题", "形成日期", "发布日期", "发布渠道", "链接", "公开要素", "发布机构"]
AS_OF = date(2026, 6, 30)
FORMED = [date(2026, 2, 10), date(2026, 3, 31), date(2026, 4, 30), date(2026, 5, 6)]   # around 清明 and 劳动节
PERIODIC = re.compile(r"每年|每月|按月|按季|按年|季度|年度")


def domain_of(code: str) -> str:
    return code.split("-")[1]


def proactive(item) -> bool:
    return not item.method.mode or "主动" in item.method.mode


def make_records(items, dept=None):
    """Records for items with an N个工作日 deadline, in turn: on time, late, overdue (unpublished), not yet due.

    Returns the CSV rows and the expected outcome per item.
    """
    rows, expected = [], {}
    for n, item in enumerate(items):
        days = workday_count(item.deadline)
        case = n % 4
        formed = FORMED[n % len(FORMED)]
        due = nth_workday_after(formed, days)
        if case == 0:
            published, outcome = due, "on_time"
        elif case == 1:
            published, outcome = nth_workday_after(due, 2), "late"
        elif case == 2:
            published, outcome = "", "missing"
        else:   # formed two days before the as-of date: due after it
            formed, published, outcome = AS_OF - timedelta(2), "", "pending"
            assert nth_workday_after(formed, days) > AS_OF
        assert outcome != "missing" or due < AS_OF
        rows.append([item.code, f"{item.name} 公开信息", formed, published, "政府网站", "", "", dept or ""])
        expected[item.code] = outcome
    return rows, expected


@pytest.fixture
def unit(make_workspace, tmp_path):
    """Bundled items; records for up to 24 items with N个工作日 deadlines; the 2025 annual report of 25 on time."""
    root = make_workspace(adopt=True)
    annual, _ = add_chongming_rows(root)
    ws = Workspace.load(root)
    items = [i for _, i in ws.items() if workday_count(i.deadline)][:24]
    assert len(items) >= 8, "the bundled catalogue should hold items with N个工作日 deadlines"
    rows, expected = make_records(items)
    rows.append([annual, "2025年政府信息公开工作年度报告", "2026-01-15", "2026-01-20", "政府网站", "", "", ""])
    expected[annual] = "on_time"
    import_records(root, write_csv(tmp_path / "cms.csv", HEADER, rows))
    return root, expected


def test_counts_per_domain_for_the_whole_unit(unit):
    root, expected = unit
    ws = Workspace.load(root)
    report = compliance(ws, load_records(root), AS_OF)
    [whole] = report.departments
    assert whole.kind == "unit" and whole.name == "上街区"

    want = defaultdict(Counter)
    for _, item in ws.items():
        c = want[domain_of(item.code)]
        c["items"] += 1
        if item.code in expected:
            c[expected[item.code]] += 1
        elif PERIODIC.search(item.deadline or ""):
            # 每年1月31日前 with no record: the period due 2026-01-31 lies in the window (2025-07-01, 2026-06-30)
            assert item.deadline == "每年1月31日前"
            c["missing"] += 1
        elif proactive(item):
            c["missing"] += 1            # never disclosed
    got = {code: t.to_dict() for code, t in whole.domains.items()}
    assert set(got) == set(want)
    for code, c in want.items():
        due = c["on_time"] + c["late"] + c["missing"]
        assert got[code]["items"] == c["items"], code
        assert (got[code]["on_time"], got[code]["late"], got[code]["missing"], got[code]["pending"]) == \
               (c["on_time"], c["late"], c["missing"], c["pending"]), code
        assert got[code]["due"] == due and got[code]["unmeasured"] == 0
        assert got[code]["on_time_rate"] == (round(c["on_time"] / due, 4) if due else None)
    total = whole.total
    assert total.items == sum(c["items"] for c in want.values())
    assert total.on_time == sum(1 for v in expected.values() if v == "on_time")


def test_the_counts_agree_with_the_findings(unit):
    root, expected = unit
    ws = Workspace.load(root)
    [whole] = compliance(ws, load_records(root), AS_OF).departments
    rules = Counter(f.rule for f in whole.result.findings)
    assert rules["REC001"] == whole.total.late
    assert rules["REC002"] + rules["REC003"] + rules["REC007"] == whole.total.missing


def test_fix_first_puts_missing_before_late_and_the_most_overdue_first(unit):
    root, _ = unit
    ws = Workspace.load(root)
    [whole] = compliance(ws, load_records(root), AS_OF).departments
    fixes = whole.fixes()
    order = {"REC002": 0, "REC003": 1, "REC007": 2, "REC001": 3}
    ranks = [order.get(f.rule, 9) for f in fixes]
    assert ranks == sorted(ranks)
    overdue = [f.data["days_overdue"] for f in fixes if f.rule == "REC002"]
    assert overdue == sorted(overdue, reverse=True) and len(overdue) >= 2


def set_departments(root, departments):
    cfg = load_config(root)
    data = cfg.model_dump(mode="python", exclude_none=True)
    data["departments"] = departments
    atomic_write(root / "gongkai.toml", render_config(type(cfg).model_validate(data)))


CIVIL = {"name": "上街区民政局", "aliases": ["县民政局", "县级人民政府民政部门", "县级政府民政部门"]}
EDU = {"name": "上街区教育局", "aliases": ["区教育局"]}


def test_a_department_naming_itself_sees_only_its_own_items(make_workspace, tmp_path):
    root = make_workspace(adopt=True)
    add_chongming_rows(root)
    set_departments(root, [CIVIL, EDU])
    ws = Workspace.load(root)
    names = [CIVIL["name"], *CIVIL["aliases"]]
    mine = [i for _, i in ws.items() if i.body and any(n in i.body for n in names)]
    others = [i for _, i in ws.items() if i.body and "区教育局" in i.body]
    assert mine and others
    own_rows, expected = make_records([i for i in mine if workday_count(i.deadline)], dept="区民政局")
    # the education bureau's record of a shared item must not count for the civil-affairs bureau
    foreign = [[own_rows[0][0], "教育局的记录", "2026-03-02", "2026-03-03", "政府网站", "", "", "上街区教育局"]]
    import_records(root, write_csv(tmp_path / "cms.csv", HEADER, own_rows + foreign))

    report = compliance(ws, load_records(root), AS_OF, dept="区民政局")   # an alias names the department
    [dept] = report.departments
    assert dept.name == "上街区民政局"
    seen = {g.code for g in dept.result.groups}
    assert {i.code for i in mine} <= seen
    assert not seen & {i.code for i in others}
    assert all(re.search("民政局|民政部门", g.item.body) for g in dept.result.groups)
    assert dept.total.items == len(seen)
    counted = Counter(expected.values())
    assert dept.total.on_time == counted["on_time"] and dept.total.late == counted["late"]
    assert dept.total.pending == counted["pending"]

    everyone = compliance(ws, load_records(root), AS_OF)
    assert [d.name for d in everyone.departments][:2] == ["上街区民政局", "上街区教育局"]
    edu = everyone.departments[1]
    assert {g.code for g in edu.result.groups} == {i.code for _, i in ws.items() if i.body and "区教育局" in i.body}


def test_cli_formats(unit, tmp_path):
    root, _ = unit
    human = runner.invoke(app, ["comply", "-w", str(root), "--as-of", "2026-06-30"])
    assert human.exit_code == 0, human.output
    assert "按时率" in human.output and "先改这些 fix first" in human.output and "上街区" in human.output
    data = json.loads(runner.invoke(app, ["comply", "-w", str(root), "--as-of", "2026年6月30日",
                                          "--format", "json"]).output)
    assert data["as_of"] == "2026-06-30" and data["since"] == "2025-07-01"
    [d] = data["departments"]
    assert d["total"]["due"] == d["total"]["on_time"] + d["total"]["late"] + d["total"]["missing"]
    out = tmp_path / "comply.xlsx"
    result = runner.invoke(app, ["comply", "-w", str(root), "--as-of", "2026-06-30", "--format", "xlsx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    from openpyxl import load_workbook

    book = load_workbook(out)
    assert book.sheetnames == ["按时率 compliance", "先改 fix first", "明细 obligations"]
    sheet = book["按时率 compliance"]
    assert sheet.freeze_panes == "A2"
    totals = [r for r in sheet.iter_rows(values_only=True) if r[1] == "合计"]
    assert totals[0][4] == d["total"]["due"]
    bad = runner.invoke(app, ["comply", "-w", str(root), "--as-of", "30/6/2026"])
    assert bad.exit_code == 2 and "not a date" in bad.output
