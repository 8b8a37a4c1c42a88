"""The annual report drafted from the 依申请公开 register: 表三 and 表四 counted from the
applications, 表二 from a small TOML of figures kept in other registers, in the 2021 format.

How the register is counted for year Y (so that 表三's identities hold by construction):

- 一、本年新收: received in Y; 二、上年结转: received before Y and not replied before Y;
- the result rows: applications replied in Y, by outcome; （七）总计 is their sum;
- 四、结转下年度继续办理: received by the end of Y and not replied by then;
- each row by applicant type (the six 表三 columns), 总计 their sum.

Every application counted in Y is either replied in Y or carried on, so 新收 + 上年结转 =
（七）总计 + 结转下年度 per column. An application replied without an outcome cannot be placed
in a result row: the draft refuses it, naming its file and line (REQ005).

表四 counts each 行政复议 and 行政诉讼 filed by the end of Y and not decided before Y (the
national note: 数量含上年度结转数量), by its result at the end of Y (尚未审结 if undecided).
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Optional

from gongkai.catalog.errors import InputError, Problem, display_path
from gongkai.catalog.requests.vocab import APPLICANT_TYPES, GROUPS, outcome_group
from gongkai.rules.reports.tables import (
    CARRIED, CARRY_ON, NEW, T2, T2_LAYOUT, T3, T3_COLS, T3_RESULT_ROWS, T4, T4_BLOCKS, T4_COLS, TOTAL, Cell, Report,
)

FORMAT = "2021"
_RESULT_COL = {"维持": "结果维持", "纠正": "结果纠正", "其他": "其他结果", "尚未审结": "尚未审结"}
T2_ALIASES = {"行政规范性文件": "规范性文件"}


@dataclass
class Figures:
    """What the text quotes, computed with the tables."""

    new: int
    carried: int
    closed: int
    carry_on: int
    groups: dict[str, int]       # 予以公开 … 其他处理
    on_time: int
    review: int
    litigation: int
    fees: float = 0.0            # 信息处理费 charged on replies in the year (元)


def count_t3(reg, year: int) -> dict[str, dict[str, int]]:
    """表三's rows (2021 format) by applicant type, counted from the register; refuses closed
    applications without an outcome."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    rows = {r: dict.fromkeys(APPLICANT_TYPES, 0) for r in (NEW, CARRIED, *T3_RESULT_ROWS[FORMAT], CARRY_ON)}
    problems: list[Problem] = []
    for f, i, a in reg.entries():
        closed = a.closed_on
        if a.received_on > end or (closed is not None and closed < start):
            continue
        col = a.applicant_type
        rows[NEW if a.received_on >= start else CARRIED][col] += 1
        if closed is not None and closed <= end:
            if a.outcome is None:
                problems.append(Problem(f"replied {closed} without an outcome, so 表三 cannot count it", file=f.name,
                                        line=f.lines[i], item=a.number, field="events.outcome",
                                        expected="the reply's 表三 result, e.g. outcome = \"（一）予以公开\" (REQ005)"))
                continue
            rows[a.outcome][col] += 1
        else:
            rows[CARRY_ON][col] += 1
    if problems:
        raise InputError(problems)
    return rows


def count_t4(reg, year: int) -> dict[str, dict[str, int]]:
    start, end = date(year, 1, 1), date(year, 12, 31)
    out = {b: dict.fromkeys(T4_COLS, 0) for b in T4_BLOCKS}
    for a in reg.applications():
        for e in a.events:
            if e.kind not in ("review", "litigation") or e.on > end:
                continue
            decided = e.decided_on if e.decided_on is not None else (e.on if e.result not in (None, "尚未审结") else None)
            if decided is not None and decided < start:
                continue
            block = T4_BLOCKS[0] if e.kind == "review" else T4_BLOCKS[2] if e.after_review else T4_BLOCKS[1]
            result = e.result if decided is not None and decided <= end and e.result else "尚未审结"
            out[block][_RESULT_COL[result]] += 1
            out[block]["总计"] += 1
    return out


def read_t2(path: Optional[Path]) -> dict[str, dict[str, float]]:
    """表二's figures from a TOML file, one row a line (2021 format columns; keys quoted, as TOML wants
    Chinese keys):  "规章" = { "本年制发件数" = 0, "本年废止件数" = 0, "现行有效件数" = 0 }"""
    if path is None:
        return {}
    from gongkai.catalog.toml_store import LineMap, read_toml

    data, text = read_toml(path)
    lines = LineMap(text)
    shown = display_path(path)
    problems, out = [], {}
    for row, cols in data.items():
        key = T2_ALIASES.get(row, row)
        if key not in T2_LAYOUT[FORMAT] or not isinstance(cols, dict):
            problems.append(Problem(f"unknown 表二 row {row!r}", file=shown, line=lines.top_line(row), field=row,
                                    expected="tables 规章, 行政规范性文件, 行政许可, 行政处罚, 行政强制, 行政事业性收费"))
            continue
        out[key] = {}
        for col, value in cols.items():
            where = f"{row}.{col}"
            if col not in T2_LAYOUT[FORMAT][key]:
                problems.append(Problem(f"unknown column {col!r}", file=shown, line=lines.top_line(row), field=where,
                                        expected="one of " + "、".join(T2_LAYOUT[FORMAT][key])))
            elif isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                problems.append(Problem(f"{value!r} is not a count or amount", file=shown, line=lines.top_line(row),
                                        field=where, expected="a number ≥ 0"))
            else:
                out[key][col] = value
    if problems:
        raise InputError(problems)
    return out


def draft_report(reg, year: int, unit: str, t2: dict[str, dict[str, float]], calendar=None) -> tuple[Report, Figures]:
    """The report draft and the figures its paragraph quotes."""
    t3 = count_t3(reg, year)
    t4 = count_t4(reg, year)
    report = Report(file="requests/", source="register", title=f"{unit}{year}年政府信息公开工作年度报告（草稿）", unit=unit,
                    year=year, format=FORMAT, format_evidence=[f"drafted from the register in the {FORMAT} format"])
    for row, counts in t3.items():
        report.tables[T3][row] = _cells({**counts, "总计": sum(counts.values())})
    results = T3_RESULT_ROWS[FORMAT]
    total = {c: sum(t3[r][c] for r in results) for c in APPLICANT_TYPES}
    report.tables[T3][TOTAL] = _cells({**total, "总计": sum(total.values())})
    order = [NEW, CARRIED, *results, TOTAL, CARRY_ON]
    report.tables[T3] = {r: report.tables[T3][r] for r in order}
    for block, counts in t4.items():
        report.tables[T4][block] = _cells(counts)
    for row, cols in T2_LAYOUT[FORMAT].items():
        if row in t2:
            report.tables[T2][row] = {c: Cell("value", t2[row][c], _show(t2[row][c])) if c in t2[row] else Cell("missing")
                                      for c in cols}
    groups = dict.fromkeys(GROUPS.values(), 0)
    for r in results:
        groups[outcome_group(r)] += sum(t3[r].values())
    figures = Figures(new=sum(t3[NEW].values()), carried=sum(t3[CARRIED].values()), closed=sum(total.values()),
                      carry_on=sum(t3[CARRY_ON].values()), groups=groups,
                      on_time=_on_time(reg, year, calendar) if calendar is not None else 0,
                      review=t4[T4_BLOCKS[0]]["总计"], litigation=t4[T4_BLOCKS[1]]["总计"] + t4[T4_BLOCKS[2]]["总计"],
                      fees=_fees(reg, year))
    report.narrative = [(None, line) for line in paragraph(year, figures, calendar is not None)]
    if not t2:
        from gongkai.rules.reports.tables import Note

        report.notes.append(Note(T2, "表二 not given: its figures come from other registers (pass --t2 FIGURES.toml)"))
    return report, figures


def _fees(reg, year: int) -> float:
    return sum(e.fee or 0 for a in reg.applications() for e in a.of_kind("reply") if e.on.year == year)


def _on_time(reg, year: int, calendar) -> int:
    from gongkai.catalog.requests.statutory import clock

    start, end = date(year, 1, 1), date(year, 12, 31)
    n = 0
    for a in reg.applications():
        if a.closed_on is not None and start <= a.closed_on <= end:
            c = clock(a, calendar, a.closed_on)
            n += not c.late
    return n


def paragraph(year: int, f: Figures, with_on_time: bool) -> list[str]:
    """The draft's 总体情况 paragraph on applications: every figure taken from the tables."""
    g = f.groups
    first = (f"{year}年，本机关共收到政府信息公开申请{f.new}件，上年结转{f.carried}件，办结{f.closed}件，"
             f"结转下年度{f.carry_on}件。")
    if with_on_time:
        first += f"办结的申请中，在法定期限内答复{f.on_time}件。"
    second = (f"予以公开{g['予以公开']}件，部分公开{g['部分公开']}件，不予公开{g['不予公开']}件，"
              f"无法提供{g['无法提供']}件，不予处理{g['不予处理']}件，其他处理{g['其他处理']}件。")
    third = f"全年因政府信息公开被申请行政复议{f.review}件，被提起行政诉讼{f.litigation}件。"
    fee = f"全年收取信息处理费{f.fees:g}元。" if f.fees else "全年未收取信息处理费。"
    return ["一、总体情况", first + second, third + fee]


def _cells(counts: dict) -> dict[str, Cell]:
    return {c: Cell("value", n, str(n)) for c, n in counts.items()}


def _show(v) -> str:
    return f"{v:g}" if isinstance(v, float) else str(v)


# -- writing ---------------------------------------------------------------------------------
def to_markdown(report: Report) -> str:
    """The report tables' Markdown with the draft paragraph after the title (read back by `report check`)."""
    from gongkai.rules.reports.render import to_markdown as tables_md

    lines = tables_md(report).split("\n")
    head, rest = lines[:3], lines[3:]
    text = [t for _, t in report.narrative]
    return "\n".join([*head, f"## {text[0]}", "", *(p for t in text[1:] for p in (t, "")), *rest])


def to_html(report: Report) -> str:
    """A printable page: the paragraph and the three tables (read back by `report check`)."""
    from gongkai.rules.reports.render import _TITLES, _t2_sections

    e = html.escape
    lay = report.layout()
    out = ["<!DOCTYPE html>", '<html lang="zh-CN"><head><meta charset="utf-8">', f"<title>{e(report.title)}</title>",
           "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}table{border-collapse:collapse;margin:1em 0}"
           "td,th{border:1px solid #999;padding:.2em .5em}td.n{text-align:right}</style></head><body>",
           f"<h1>{e(report.title)}</h1>"]
    text = [t for _, t in report.narrative]
    out += [f"<h2>{e(text[0])}</h2>", *(f"<p>{e(t)}</p>" for t in text[1:])]

    def table(header: list[str], rows: list[tuple[str, list[Cell]]]) -> None:
        out.append("<table><tr>" + "".join(f"<th>{e(h)}</th>" for h in header) + "</tr>")
        for label, cells in rows:
            out.append(f"<tr><td>{e(label)}</td>" + "".join(f'<td class="n">{e(c.show())}</td>' for c in cells) + "</tr>")
        out.append("</table>")

    out.append(f"<h2>{_TITLES[T2]}</h2>")
    for section, rows in _t2_sections(report):
        cols = lay[T2][rows[0]]
        out.append(f"<h3>{e(section)}</h3>")
        table(["信息内容", *cols], [(r, [report.cell(T2, r, c) for c in cols]) for r in rows])
    out.append(f"<h2>{_TITLES[T3]}</h2>")
    table(["申请人情况", *T3_COLS], [(r, [report.cell(T3, r, c) for c in T3_COLS]) for r in lay[T3]])
    out.append(f"<h2>{_TITLES[T4]}</h2>")
    table(["", *T4_COLS], [(b, [report.cell(T4, b, c) for c in T4_COLS]) for b in lay[T4]])
    out.append("</body></html>")
    return "\n".join(out) + "\n"
