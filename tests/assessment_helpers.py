"""Helpers shared by the records, compliance, checklist and scoring tests.

The working-day arithmetic here is written from the State Council notices as transcribed in
shared/notes/calendar.md (appendix), independently of gongkai.catalog.workdays, so that expected due
dates do not come from the code under test.
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path


def _span(a: str, b: str | None = None) -> list[date]:
    start, end = date.fromisoformat(a), date.fromisoformat(b or a)
    return [start + timedelta(i) for i in range((end - start).days + 1)]


# calendar.md appendix, 2025 and 2026 (off ranges inclusive; W = weekend make-up working days)
OFF = {d for a, b in [
    ("2025-01-01", None), ("2025-01-28", "2025-02-04"), ("2025-04-04", "2025-04-06"), ("2025-05-01", "2025-05-05"),
    ("2025-05-31", "2025-06-02"), ("2025-10-01", "2025-10-08"),
    ("2026-01-01", "2026-01-03"), ("2026-02-15", "2026-02-23"), ("2026-04-04", "2026-04-06"),
    ("2026-05-01", "2026-05-05"), ("2026-06-19", "2026-06-21"), ("2026-09-25", "2026-09-27"),
    ("2026-10-01", "2026-10-07"),
] for d in _span(a, b)}
WORK = {date.fromisoformat(x) for x in ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11",
                                        "2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20",
                                        "2026-10-10"]}


def is_workday(d: date) -> bool:
    assert date(2025, 1, 1) <= d <= date(2026, 12, 31), "the test calendar holds 2025–2026 only"
    return d in WORK or (d.weekday() < 5 and d not in OFF)


def nth_workday_after(d: date, n: int) -> date:
    """The n-th working day strictly after d (民法典 第二百零一条: the start day is not counted)."""
    while n:
        d += timedelta(1)
        n -= is_workday(d)
    return d


def workdays_between(a: date, b: date) -> int:
    """Working days in (a, b]."""
    return sum(is_workday(a + timedelta(i)) for i in range(1, (b - a).days + 1))


def workday_count(deadline: str | None) -> int | None:
    """N of a plain "N个工作日" deadline, read with a regex (not gongkai.catalog.deadline); None for anything
    less plain — two counts, or a display period (公示/公告 N个工作日) beside the deadline."""
    counts = set(re.findall(r"(\d+)个工作日", deadline or ""))
    if len(counts) != 1 or re.search(r"公示|公告|期限为", deadline):
        return None
    return int(counts.pop())


# Two real rows of 上海市崇明区教育局's standard list (shared/data/catalogues/25-compulsory-education.md,
# https://shcm.gov.cn/bmpd/019002/019002014/20240628/f70a4e00-046a-430b-bcf1-f847601e16db.html).
CHONGMING_SOURCE = {"locality": "上海市崇明区教育局",
                    "url": "https://shcm.gov.cn/bmpd/019002/019002014/20240628/f70a4e00-046a-430b-bcf1-f847601e16db.html"}
CHONGMING_ROWS = [
    {"category": "政府信息公开", "name": "政府信息公开年报", "elements": ["本单位政府信息公开工作年度报告"],
     "basis": [{"title": "《中华人民共和国政府信息公开条例》"}, {"title": "《上海市政府信息公开规定》"}],
     "body": "区教育局", "deadline": "每年1月31日前",
     "method": {"mode": ["主动"], "audience": ["全社会"], "channels": ["政府网站"]}, "levels": ["县级"],
     "source": CHONGMING_SOURCE},
    {"category": "政府信息公开", "name": "依申请公开", "elements": ["依申请公开表格和途径"],
     "basis": [{"title": "《中华人民共和国政府信息公开条例》"}, {"title": "《上海市政府信息公开规定》"}],
     "body": "区教育局", "deadline": "20个工作日(自该政府信息形成或者变更之日起)",
     "method": {"mode": ["主动"], "audience": ["全社会"], "channels": ["政府网站"]}, "levels": ["县级"],
     "source": CHONGMING_SOURCE},
]


def add_chongming_rows(root: Path) -> list[str]:
    """The two real 崇明 rows in domain 25 of the workspace — the bundled ones when the standard
    catalogue has them, else added; returns their codes (annual report first)."""
    from gongkai import domains as registry
    from gongkai.catalog.workspace import Workspace

    with Workspace.transaction(root) as ws:
        d25 = ws.ensure_domain(registry.BY_CODE["25"])
        codes = []
        for row in CHONGMING_ROWS:
            found = next((i for i in d25.model.items if i.name == row["name"] and i.body == row["body"]
                          and i.deadline == row["deadline"]), None)
            codes.append(found.code if found else ws.add_item(d25, dict(row)).code)
        return codes


def write_csv(path: Path, header: list[str], rows: list[list], encoding: str = "utf-8") -> Path:
    import csv

    with open(path, "w", newline="", encoding=encoding) as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


# -- the README's assessment walkthrough ("Departments and assessors" … "Writing a scoring scheme") --
README_DEPARTMENTS = [
    {"name": "上街区民政局", "aliases": ["县民政局", "县级人民政府民政部门", "县级政府民政部门"]},
    {"name": "上街区教育局", "aliases": ["区教育局"]},
]
# The answers behind the README's score outputs, by the row of the drawn sheet (民政局: a sample of 4
# with seed 2026; 教育局: all 8 items). 民政局: the 扶贫 policy item not found; the 低保 policy file
# found, but late and without 各地配套政策法规文件. 教育局: 教育法律 not applicable to a district
# bureau; the 公开指南 not on 两微一端. Every other line is left blank under an item found 符合.
README_ANSWERS = {
    "民政局": {"rows": {3: "不符合", 7: "符合", 10: "不符合", 11: "不符合", 13: "符合", 23: "符合"},
               "items": ["410106-17-01-003", "410106-19-02-006", "410106-19-04-001", "410106-20-01-003"]},
    "教育局": {"rows": {3: "符合", 8: "不适用", 13: "符合", 17: "符合", 21: "符合", 25: "符合", 29: "符合",
                       34: "不符合", 35: "符合"},
               "items": ["410106-25-01-002", "410106-25-04-001", "410106-25-05-001", "410106-25-05-002",
                         "410106-25-06-001", "410106-25-06-002", "410106-25-06-003", "410106-25-06-004"]},
}


def readme_workspace(root: Path) -> Path:
    """`gongkai init shangjie --region 410106 --name 上街区` with the README's two departments."""
    from gongkai.catalog.toml_store import atomic_write
    from gongkai.catalog.workspace import init_workspace, load_config, render_config

    init_workspace(root, "410106", "上街区")
    cfg = load_config(root)
    data = cfg.model_dump(mode="python", exclude_none=True)
    data["departments"] = README_DEPARTMENTS
    atomic_write(root / "gongkai.toml", render_config(type(cfg).model_validate(data)))
    return root


def readme_checklists(root: Path, folder: Path) -> tuple[Path, Path]:
    """民政局-检查表.xlsx and 教育局-检查表.xlsx drawn as the README draws them and filled in as above."""
    from openpyxl import load_workbook

    from gongkai.catalog.workspace import Workspace
    from gongkai.rules.assessment.checklist import build_checklist
    from gongkai.rules.assessment.checklist_xlsx import COL_CODE, COL_RESULT, write_checklist_xlsx

    ws = Workspace.load(root)
    paths = []
    for short, kw in (("民政局", {"dept": "区民政局", "sample": 4, "seed": "2026"}), ("教育局", {"dept": "区教育局"})):
        path = folder / f"{short}-检查表.xlsx"
        cl = build_checklist(ws, **kw)
        assert [line.code for line in cl.lines if line.kind == "item"] == README_ANSWERS[short]["items"], \
            "the catalogue or the sampling changed: the README's checklists are no longer these"
        write_checklist_xlsx(cl, path)
        book = load_workbook(path)
        sheet = book["检查表"]
        for row, result in README_ANSWERS[short]["rows"].items():
            assert sheet.cell(row, COL_CODE).value, row
            sheet.cell(row, COL_RESULT).value = result
        book.save(path)
        paths.append(path)
    return paths[0], paths[1]
