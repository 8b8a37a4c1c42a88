"""Deadlines across the last holiday notice (2026 → 2027): every command counts through the one
provisional calendar, gives the same dates, keeps the findings' severity and marks them 暂定.

The workspace is synthetic (labelled 测试): five items under 信息形成或者变更之日起20个工作日内 and
records formed on 2026-12-10. Expected dates are counted by hand in the comments.
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from assessment_helpers import write_csv
from conftest import BASE_ITEM, merged
from gongkai import domains as registry
from gongkai.catalog.model import Item
from gongkai.catalog.records.store import import_records
from gongkai.catalog.workspace import Workspace, init_workspace

DEADLINE = "信息形成或者变更之日起20个工作日内"
CODES = [f"410106-19-01-00{i}" for i in range(1, 6)]
HEADER = ["事项编码", "信息标题", "形成日期", "发布日期", "发布渠道", "链接", "公开要素", "发布机构"]
# formed 2026-12-10 (Thu): 20 working days → Dec 11 (1), 14–18 (6), 21–25 (11), 28–31 (15), 2027-01-01 元旦 off
# (provisional), Jan 4–8 (20): due 2027-01-08
DUE = "2027-01-08"
PUBLISHED = ["", "", "", "2027-01-11", "2027-01-08"]   # three overdue, one late by 1 working day, one on time
# review due on Saturday 2027-02-06 (春节): 02-07 Sun, 02-08 春节, 02-09/10 春节补假 → next working day 2027-02-11
REVIEW_DUE = date(2027, 2, 6)
REVIEW_ROLLED = "2027-02-11"
NOTICE_2027 = ('\n[calendar]\n2027 = { notice = "测试用 invented test notice", '
               'off = ["2027-01-01", "2027-01-04..2027-01-08"], work = [] }\n')


def _workspace(root: Path, notice: str = "") -> Path:
    init_workspace(root, "410106", "上街区", adopt=False)
    if notice:
        with open(root / "gongkai.toml", "a", encoding="utf-8") as fh:
            fh.write(notice)
    with Workspace.transaction(root) as ws:
        d = ws.ensure_domain(registry.lookup("19"))
        for code in CODES:
            d.model.items.append(Item.model_validate(merged(BASE_ITEM, {
                "code": code, "deadline": DEADLINE, "status": "published", "review_due": REVIEW_DUE})))
    rows = [[code, f"测试记录 synthetic {code}", "2026-12-10", pub, "政府网站", "", "", ""]
            for code, pub in zip(CODES, PUBLISHED)]
    import_records(root, write_csv(root.parent / f"{root.name}-cms.csv", HEADER, rows))
    return root


@pytest.fixture
def ws(tmp_path):
    return _workspace(tmp_path / "ws")


def _json(gk, *args):
    code, out, err = gk(*args)
    assert code in (0, 1), err
    return code, json.loads(out)


def test_records_check_reports_the_late_ones_as_provisional_errors(gk, ws):
    code, data = _json(gk, "records", "check", "-w", ws, "--as-of", "2027-01-20", "--format", "json")
    assert code == 1
    by_rule = {}
    for f in data["findings"]:
        by_rule.setdefault(f["rule"], []).append(f)
    overdue = by_rule["REC002"]
    assert sorted(f["item"] for f in overdue) == CODES[:3]
    # overdue by (01-08, 01-20]: Jan 11–15 (5), 18–20 (3) = 8 working days
    assert {(f["severity"], f["data"]["due"], f["data"]["days_overdue"]) for f in overdue} == {("error", DUE, 8)}
    assert [(f["item"], f["data"]["days_late"]) for f in by_rule["REC001"]] == [(CODES[3], 1)]
    for f in overdue + by_rule["REC001"]:
        assert f["provisional"] is True and "2027-01-01 元旦" in f["provisional_note"]
    assert data["provisional"] == 4
    _, out, _ = gk("records", "check", "-w", ws, "--as-of", "2027-01-20")
    marked = [line for line in out.splitlines() if line.endswith(" [暂定]")]
    assert len(marked) == 4 and "4 finding(s) marked [暂定]" in out and "2027年放假通知未发布" in out


def test_comply_keeps_them_missing_not_pending(gk, ws):
    _, data = _json(gk, "comply", "-w", ws, "--as-of", "2027-01-20", "--format", "json")
    total = data["departments"][0]["total"]
    assert (total["missing"], total["late"], total["on_time"], total["pending"]) == (3, 1, 1, 0)
    assert data["provisional"]["obligations"] == 5 and data["provisional"]["years"] == [2027]
    assert {o["due"] for o in data["departments"][0]["obligations"]} == {DUE}
    # before the due date the same records are pending, and nothing is missing yet
    _, early = _json(gk, "comply", "-w", ws, "--as-of", "2027-01-05", "--format", "json")
    assert (early["departments"][0]["total"]["pending"], early["departments"][0]["total"]["missing"]) == (5, 0)
    _, out, _ = gk("comply", "-w", ws, "--as-of", "2027-01-20")
    assert "5 judgment(s) marked [暂定]" in out and "[暂定]" in out.split("先改这些")[1]


def test_comply_xlsx_has_the_provisional_column(gk, ws, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "comply.xlsx"
    assert gk("comply", "-w", ws, "--as-of", "2027-01-20", "--format", "xlsx", "-o", out)[0] == 0
    sheet = load_workbook(out)["明细 obligations"]
    header = [c.value for c in sheet[1]]
    col = header.index("暂定 provisional")
    notes = [row[col] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(notes) == 5 and all("2027-01-01 元旦" in n for n in notes)


def test_lif001_moves_a_saturday_review_date_to_the_next_working_day(gk, ws):
    _, on_day = _json(gk, "check", "-w", ws, "--as-of", REVIEW_ROLLED, "--select", "LIF001", "--format", "json")
    assert on_day["findings"] == []                      # due that day: not overdue yet
    code, data = _json(gk, "check", "-w", ws, "--as-of", "2027-02-12", "--select", "LIF001", "--format", "json")
    assert code == 0                                     # LIF001 is a warning; fail_on is error
    found = data["findings"]
    assert [f["item"] for f in found] == CODES
    f = found[0]
    assert f["severity"] == "warning" and f["message"] == f"review was due on {REVIEW_ROLLED} (2027-02-06 is a day off)"
    assert f["provisional"] is True
    for named in ("2027-02-08 春节", "2027-02-09 春节补假", "2027-02-10 春节补假"):
        assert named in f["provisional_note"]
    _, text, _ = gk("check", "-w", ws, "--as-of", "2027-02-12", "--select", "LIF001", "-v")
    assert "暂定 provisional" in text


def test_check_sarif_and_xlsx_carry_the_flag(gk, ws, tmp_path):
    from openpyxl import load_workbook

    args = ("check", "-w", ws, "--as-of", "2027-02-12", "--select", "LIF001")
    sarif = json.loads(gk(*args, "--format", "sarif")[1])
    props = [r["properties"] for r in sarif["runs"][0]["results"]]
    assert len(props) == 5 and all(p["provisional"] is True and "春节补假" in p["provisional_note"] for p in props)
    out = tmp_path / "findings.xlsx"
    assert gk(*args, "--format", "xlsx", "-o", out)[0] == 0
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    col = rows[0].index("暂定 provisional")
    assert all("春节补假" in r[col] for r in rows[1:]) and len(rows) == 6
    junit = gk(*args, "--format", "junit", "--fail-on", "warning")[1]
    assert junit.count("2027年放假通知未发布") == 5


def test_due_and_workdays_give_the_same_dates(gk, ws):
    _, data = _json(gk, "due", "-w", ws, "--as-of", "2027-02-12", "--format", "json")
    rows = data["items"]
    assert {(r["due"], r["state"], r["days_left"]) for r in rows} == {(REVIEW_ROLLED, "overdue", -1)}
    assert all("2027-02-09 春节补假" in r["provisional"] for r in rows)
    _, text, _ = gk("due", "-w", ws, "--as-of", "2027-02-12")
    assert f"{REVIEW_ROLLED} 暂定" in text and "2027年放假通知未发布" in text
    _, wd = _json(gk, "workdays", "2027-02-06", "1", "--format", "json")
    assert wd["result"] == REVIEW_ROLLED and wd["provisional"]["years"] == [2027]
    _, wd = _json(gk, "workdays", "2026-12-10", "20", "--format", "json")
    assert wd["result"] == DUE and wd["provisional"]["days"] == [{"date": "2027-01-01", "name": "元旦"}]


def test_due_within_30_reaches_into_2027(gk, ws):
    # 30 working days after 2026-12-03 (Thu): Dec 4 (1), 7–11 (6), 14–18 (11), 21–25 (16), 28–31 (20), 01-01 off,
    # Jan 4–8 (25), 11–15 (30) → 2027-01-15
    code, data = _json(gk, "due", "-w", ws, "--as-of", "2026-12-03", "--within", "30", "--format", "json")
    assert code == 0 and data["until"] == "2027-01-15" and "2027-01-01 元旦" in data["provisional"]
    _, text, _ = gk("due", "-w", ws, "--as-of", "2026-12-03", "--within", "30")
    assert "until 2027-01-15" in text and "暂定 provisional" in text


def test_adjust_changed_on_2026_12_15_is_provisional(gk, ws):
    # 20 working days after 2026-12-15 (Tue): Dec 16–18 (3), 21–25 (8), 28–31 (12), 01-01 off, Jan 4–8 (17),
    # Jan 11–13 (20) → 2027-01-13
    law = "《国务院关于进一步加强和改进最低生活保障工作的意见》"
    _, data = _json(gk, "adjust", "law", law, "--changed-on", "2026-12-15", "-w", ws, "--dry-run", "--format", "json")
    assert data["due"] == "2027-01-13" and "2027-01-01 元旦" in data["provisional"]
    code, text, _ = gk("adjust", "law", law, "--changed-on", "2026-12-15", "-w", ws, "--dry-run")
    assert code == 0 and "review due 2027-01-13" in text and "暂定 provisional" in text
    assert gk("adjust", "law", law, "--changed-on", "2026-12-15", "-w", ws)[0] == 0
    item = Workspace.load(ws).find(CODES[0])[1]
    assert item.review_due == date(2027, 1, 13) and item.history[-1].reason.endswith("[期限 2027-01-13 暂定 provisional]")


def test_within_2026_nothing_is_marked(gk, ws):
    _, data = _json(gk, "workdays", "2026-11-10", "20", "--format", "json")
    assert data["provisional"] is None
    _, out, _ = gk("workdays", "2026-11-10", "20")
    assert "暂定" not in out


def test_a_workspace_notice_for_2027_wins_and_nothing_is_provisional(gk, tmp_path):
    root = _workspace(tmp_path / "noticed", NOTICE_2027)
    # with 2027-01-04..08 off (invented notice): Dec 31 (15), Jan 11–15 (20) → due 2027-01-15; overdue by
    # Jan 18–20 = 3 working days
    _, data = _json(gk, "records", "check", "-w", root, "--as-of", "2027-01-20", "--format", "json")
    overdue = [f for f in data["findings"] if f["rule"] == "REC002"]
    assert {(f["data"]["due"], f["data"]["days_overdue"]) for f in overdue} == {("2027-01-15", 3)}
    assert not any(f.get("provisional") for f in data["findings"]) and data["provisional"] == 0
    _, cal = _json(gk, "calendar", "2027", "2028", "-w", root, "--format", "json")
    assert [(y["year"], y["kind"]) for y in cal["years"]] == [(2027, "workspace"), (2028, "provisional")]


def test_calendar_command_shows_sources_and_days(gk, ws):
    code, out, _ = gk("calendar", "2026", "2027")
    assert code == 0
    assert "2026年  国务院放假通知 notice (package data)" in out and "2026-02-15..2026-02-23 春节" in out
    assert "2027年  暂定 provisional" in out and "2027-02-09..2027-02-10 春节补假" in out
    assert "unknown until the notice" in out
    _, data = _json(gk, "calendar", "2019", "--format", "json")
    assert data["years"][0]["kind"] == "package" and "2018-12-29" in data["years"][0]["work"]
    for year in ("2018", "2100", "99999"):
        code, _, err = gk("calendar", year)
        assert code == 2 and f"no working-day calendar for the year {year}" in err and "Traceback" not in err


def test_a_bad_workspace_notice_stops_every_command_with_file_line_and_field(gk, tmp_path):
    root = tmp_path / "bad"
    init_workspace(root, "410106", "上街区", adopt=False)
    text = (root / "gongkai.toml").read_text(encoding="utf-8")
    line = text.count("\n") + 3   # the year's line below the appended [calendar] header
    with open(root / "gongkai.toml", "a", encoding="utf-8") as fh:
        fh.write('\n[calendar]\n2027 = { notice = "n", off = ["2027-02-11..2027-02-05"] }\n')
    for args in (("calendar", "-w", root), ("workdays", "2026-12-10", "20", "-w", root),
                 ("due", "-w", root), ("records", "check", "-w", root)):
        code, _, err = gk(*args)
        assert code == 2 and f"gongkai.toml:{line}" in err and "field calendar.2027.off[0]" in err, (args, err)
