"""The REC rules: a failing and a passing case for each, on real catalogue items with synthetic records.

Due dates are computed here from the holiday notices (assessment_helpers, from calendar.md), not
by gongkai.catalog.workdays; where a date is written out, it was also counted by hand in the comment.
"""
from __future__ import annotations

from datetime import date

import pytest

from assessment_helpers import add_chongming_rows, nth_workday_after, workday_count, workdays_between, write_csv
from gongkai.catalog.records.store import import_records, load_records
from gongkai.catalog.workspace import Workspace, load_config, render_config
from gongkai.catalog.toml_store import atomic_write
from gongkai.rules.records.check import run_record_checks, select_record_rules
from gongkai.rules.engine.registry import get_rule

HEADER = ["code", "title", "formed_on", "published_on", "channel", "url", "elements"]
FORMED = date(2026, 2, 10)   # a Tuesday before the 2026 Spring Festival (02-15..23 off, 02-14 and 02-28 worked)


@pytest.fixture
def shop(make_workspace):
    """A 上街区 workspace with the bundled items and two real 崇明 rows; returns (root, item, annual code)."""
    root = make_workspace(adopt=True)
    annual, _ = add_chongming_rows(root)
    ws = Workspace.load(root)
    # a proactive item with an N个工作日 deadline, channels and at least two required elements
    item = next(i for _, i in ws.items() if workday_count(i.deadline) and i.method.channels
                and sum(e.required for e in i.elements) >= 2)
    return root, item, annual


def run(root, rows, as_of, rules=None, since=None):
    path = write_csv(root.parent / "records.csv", HEADER, rows)
    for old in (root / "records").glob("*.toml") if (root / "records").exists() else []:
        old.unlink()
    import_records(root, path)
    ws = Workspace.load(root)
    chosen = [get_rule(r) for r in rules] if rules else select_record_rules(ws)
    return run_record_checks(ws, load_records(root), as_of, since, rules=chosen)


def of(result, code):
    return [f for f in result.findings if f.rule == code]


def test_the_hand_counted_due_date():
    # 10 working days after 2026-02-10: 02-11, 02-12, 02-13, 02-14 (Sat, worked), [02-15..23 off],
    # 02-24, 02-25, 02-26, 02-27, 02-28 (Sat, worked), 03-02 → the 10th is 2026-03-02.
    assert nth_workday_after(FORMED, 10) == date(2026, 3, 2)


def test_rec001_late_and_on_time(shop):
    root, item, _ = shop
    n = workday_count(item.deadline)
    due = nth_workday_after(FORMED, n)
    late = nth_workday_after(due, 3)
    result = run(root, [[item.code, "t", FORMED, late, "政府网站", "", ""]], date(2026, 6, 30), ["REC001"])
    [f] = of(result, "REC001")
    assert f.item == item.code and f.data["due"] == due.isoformat() and f.data["days_late"] == 3
    assert f.file.endswith("records.toml")
    assert open(f.file, encoding="utf-8").read().splitlines()[f.line - 1] == "[[records]]"
    result = run(root, [[item.code, "t", FORMED, due, "政府网站", "", ""]], date(2026, 6, 30), ["REC001"])
    assert of(result, "REC001") == []


def test_rec002_overdue_only_once_the_due_date_has_passed(shop):
    root, item, _ = shop
    due = nth_workday_after(FORMED, workday_count(item.deadline))
    as_of = date(2026, 3, 20)
    result = run(root, [[item.code, "t", FORMED, "", "政府网站", "", ""]], as_of, ["REC002"])
    [f] = of(result, "REC002")
    assert f.data["days_overdue"] == workdays_between(due, as_of)
    assert of(run(root, [[item.code, "t", FORMED, "", "政府网站", "", ""]], due, ["REC002"]), "REC002") == []
    # published after the as-of date: not yet published as of then
    result = run(root, [[item.code, "t", FORMED, date(2026, 4, 1), "政府网站", "", ""]], as_of, ["REC002", "REC001"])
    assert [f.rule for f in result.findings] == ["REC002"]


def test_rec003_annual_report_period(shop):
    root, _, annual = shop
    as_of = date(2026, 3, 5)
    result = run(root, [], as_of, ["REC003"])
    [f] = [f for f in of(result, "REC003") if f.item == annual]
    assert f.data["due"] == "2026-01-31" and "25-compulsory-education" in f.file and f.line
    # the 2025 report, formed 2026-01-15 and published 2026-01-20, covers the period
    ok = run(root, [[annual, "2025年报", "2026-01-15", "2026-01-20", "政府网站", "", ""]], as_of, ["REC003", "REC001"])
    assert [f for f in ok.findings if f.item == annual] == []
    # published on 2026-02-10 it is late (10 days after 31 January), but the period is not missing
    late = run(root, [[annual, "2025年报", "2026-01-15", "2026-02-10", "政府网站", "", ""]], as_of, ["REC003", "REC001"])
    assert [(f.rule, f.data.get("days_late")) for f in late.findings if f.item == annual] == [("REC001", 10)]
    # with the window opened to 2025, the 2025-01-31 period is missing too
    wider = run(root, [], as_of, ["REC003"], since=date(2025, 1, 1))
    assert sorted(f.data["due"] for f in of(wider, "REC003") if f.item == annual) == ["2025-01-31", "2026-01-31"]


def test_rec004_channel(shop):
    root, item, _ = shop
    due = nth_workday_after(FORMED, workday_count(item.deadline))
    bad = run(root, [[item.code, "t", FORMED, due, "广播电视", "", ""]], date(2026, 6, 30), ["REC004"])
    assert [f.data["channel"] for f in of(bad, "REC004")] == ["广播电视"]
    good = run(root, [[item.code, "t", FORMED, due, "门户网站", "", ""]], date(2026, 6, 30), ["REC004"])
    assert "政府网站" in item.method.channels and of(good, "REC004") == []


def test_rec005_required_elements(shop):
    root, item, _ = shop
    required = [e.name for e in item.elements if e.required]
    due = nth_workday_after(FORMED, workday_count(item.deadline))
    bad = run(root, [[item.code, "t", FORMED, due, "政府网站", "", "；".join(required[:-1])]], date(2026, 6, 30), ["REC005"])
    assert [f.data["missing"] for f in of(bad, "REC005")] == [[required[-1]]]
    good = run(root, [[item.code, "t", FORMED, due, "政府网站", "", "；".join(required)]], date(2026, 6, 30), ["REC005"])
    assert of(good, "REC005") == []
    unlisted = run(root, [[item.code, "t", FORMED, due, "政府网站", "", ""]], date(2026, 6, 30), ["REC005"])
    assert of(unlisted, "REC005") == []     # a record that does not list its elements is not judged


def test_rec006_unknown_code(shop):
    root, item, _ = shop
    local = item.code.split("-", 1)[1]          # the region may be left out
    result = run(root, [["19-99-999", "t", FORMED, FORMED, "政府网站", "", ""],
                        [local, "t", FORMED, FORMED, "政府网站", "", ""]], date(2026, 6, 30), ["REC006"])
    assert [f.item for f in of(result, "REC006")] == ["19-99-999"]


def test_rec007_undisclosed(shop):
    root, item, annual = shop
    result = run(root, [], date(2026, 6, 30), ["REC007"])
    flagged = {f.item for f in of(result, "REC007")}
    assert item.code in flagged and annual not in flagged    # periodic items are checked per period (REC003)
    result = run(root, [[item.code, "t", FORMED, FORMED, "政府网站", "", ""]], date(2026, 6, 30), ["REC007"])
    assert item.code not in {f.item for f in of(result, "REC007")}


def test_waivers_and_selection(shop):
    root, item, _ = shop
    cfg = load_config(root)
    data = cfg.model_dump(mode="python", exclude_none=True)
    data["waivers"] = [{"rule": "REC007", "items": ["19-*"], "reason": "records of domain 19 come in April",
                        "approved_by": "区政务公开办", "expires": date(2026, 12, 31)}]
    data["rules"] = {"ignore": ["REC004"]}
    atomic_write(root / "gongkai.toml", render_config(type(cfg).model_validate(data)))
    result = run(root, [[item.code, "t", FORMED, FORMED, "广播电视", "", ""]], date(2026, 6, 30))
    assert "REC004" not in {r.code for r in result.rules}
    waived = [f for f in result.findings if f.waived]
    assert waived and all(f.rule == "REC007" and "-19-" in f.item for f in waived)
    assert result.counts()["waived"] == len(waived)


def test_every_rec_rule_is_documented():
    from gongkai.rules.engine.registry import all_rules

    recs = [r for r in all_rules() if r.family == "REC"]
    assert [r.code for r in recs] == [f"REC00{i}" for i in range(1, 8)]
    for r in recs:
        assert r.scope == "record" and "Why:" in r.doc and "Fails:" in r.doc and "Passes:" in r.doc
