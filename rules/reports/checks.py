"""Consistency rules (勾稽关系) for 政府信息公开工作年度报告, family AR.

Report-scope rule functions have the signature ``check(report: Report, ctx: ReportContext) ->
Iterable[Finding]``. They yield a finding for each identity that fails (at the rule's severity)
and for each one a missing or uncertain cell makes impossible to decide (severity "info",
``assessable=False``); an identity that holds adds to ``ctx.passed``. ``check_report`` runs them.

Every finding names the table, row and column (``item``), carries the values and the expected
sum in ``data``, and the source line of the cell concerned when the source had lines.
Sums use the fact that every count is ≥ 0: when only the parts of a sum are partly missing and
the known parts already exceed the total, the identity fails whatever the missing cells hold.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from gongkai.rules.engine.finding import Finding
from gongkai.rules.engine.registry import Rule, all_rules, family, rule
from gongkai.rules.reports.tables import (
    CARRIED, CARRY_ON, LEGAL_PERSON_COLS, NEW, T2, T3, T3_COLS, T3_RESULT_ROWS, T4, T4_BLOCKS, T4_COLS, TOTAL,
    Cell, Report,
)
from gongkai.rules.reports import text_targets as tt
from gongkai.rules.reports.text import UPHELD, quoted_figures

family("AR", "年度报告 annual reports")

LEVELS = ("township", "county", "city", "province")
COUNTY_OR_BELOW = ("township", "county")


@dataclass
class ReportContext:
    previous: Report | None = None     # last year's report, for AR201/AR202
    level: str | None = None           # township | county | city | province; None: read from the unit name
    passed: Counter = field(default_factory=Counter)


_SEVERITY: dict[str, str] = {}


def _ar(code: str, name: str, severity: str):
    _SEVERITY[code] = severity
    return rule(code, name, severity=severity, scope="report")


def _finding(code: str, report: Report, message: str, *, item: str, field: str | None = None,
             line: int | None = None, data: dict | None = None, hint: str | None = None,
             assessable: bool = True, severity: str | None = None) -> Finding:
    sev = severity or (_SEVERITY[code] if assessable else "info")
    return Finding(rule=code, severity=sev, message=message,
                   file=report.file, line=line, item=item, field=field, hint=hint, assessable=assessable,
                   data=data or {})


def _fmt(v) -> str:
    if v is None:
        return "?"
    return f"{v:g}" if isinstance(v, float) else str(v)


def _terms(terms: list[tuple[str, Cell]]) -> str:
    return " + ".join(f"{label} {_fmt(c.number)}" for label, c in terms)


def _side(terms: list[tuple[str, Cell]], total) -> str:
    """One side of an identity: "总计 is 1192", or "自然人 1139 + 商业企业 52 add up to 1191"."""
    if len(terms) == 1:
        return f"{terms[0][0]} is {_fmt(terms[0][1].number)}"
    # counts are ≥ 0, so the known parts of a side with missing cells are a lower bound
    bound = "at least " if any(c.number is None for _, c in terms) else ""
    return f"{_terms(terms)} add up to {bound}{_fmt(total)}"


def _unknown(terms: list[tuple[str, Cell]]) -> list[str]:
    return [f"{label} ({c.state})" for label, c in terms if c.number is None]


def balance(code: str, report: Report, ctx: ReportContext, lhs: list[tuple[str, Cell]],
            rhs: list[tuple[str, Cell]], *, item: str, field: str, line: int | None) -> Iterable[Finding]:
    """Check Σlhs = Σrhs over non-negative counts; yields at most one finding."""
    lsum = sum(c.number for _, c in lhs if c.number is not None)
    rsum = sum(c.number for _, c in rhs if c.number is not None)
    lu, ru = _unknown(lhs), _unknown(rhs)
    data = {"lhs": {k: c.number for k, c in lhs}, "rhs": {k: c.number for k, c in rhs},
            "lhs_sum": lsum, "rhs_sum": rsum}
    text = f"{_side(lhs, lsum)}, {_side(rhs, rsum)}"
    if not lu and not ru:
        if lsum == rsum:
            ctx.passed[code] += 1
            return
        data["expected"] = lsum
        data["difference"] = rsum - lsum
        yield _finding(code, report, f"{text}: they differ by {_fmt(abs(rsum - lsum))}", item=item, field=field,
                       line=line, data=data)
        return
    # one side partly unknown: its known part is a lower bound
    if (lu and not ru and lsum > rsum) or (ru and not lu and rsum > lsum):
        data["missing"] = lu + ru
        yield _finding(code, report, f"{text}: the known cells already exceed the other side, whatever "
                       f"the missing ones ({'、'.join(lu + ru)}) hold", item=item, field=field, line=line, data=data)
        return
    data["missing"] = lu + ru
    gone = lu + ru
    shown = "、".join(gone) if len(gone) <= 4 else "、".join(gone[:3]) + f" … ({len(gone)} cells)"
    yield _finding(code, report, f"not assessable: {shown} — {_terms(lhs)} vs {_terms(rhs)}",
                   item=item, field=field, line=line, data=data, assessable=False,
                   hint="a cell lost in extraction is never taken as 0; fill it in from the published report")


def _absent(code: str, report: Report, table: str) -> Finding | None:
    """One not-assessable finding instead of one per cell when a whole table is not in the source."""
    if report.tables.get(table):
        return None
    return _finding(code, report, f"not assessable: {table} not found in the source", item=table,
                    line=report.where(table), assessable=False)


def _line(*cells: Cell) -> int | None:
    return next((c.line for c in cells if c.line is not None), None)


# ---------------------------------------------------------------- parsing and format

@_ar("AR001", "report-cells-missing", "info")
def cells_missing(report: Report, ctx: ReportContext) -> Iterable[Finding]:
    """Cells of the layout that the source does not give, or gives in an uncertain position.

    Why: a rule can only be decided on cells that are really there; the assessor should see what
    the extraction lost before reading the other findings (条例 第五十条 requires the tables in full).
    A row with fewer cells than its columns (表四 published as 13 numbers for 15 cells) keeps its
    numbers in reading order, marked uncertain, because the lost ones could have been anywhere.

    Fails: 表四 "0 0 0 0 0 0 0 2 0 2 0 0 0" (13 cells) → "13 cells found for 15".
    Passes: all 15 cells of 表四 present.
    """
    for note in report.notes:
        yield _finding("AR001", report, note.message, item=note.table, line=note.line,
                       data={"cells": note.cells} if note.cells else {})


@_ar("AR002", "report-format-matches-year", "warning")
def format_matches_year(report: Report, ctx: ReportContext) -> Iterable[Finding]:
    """The table layout matches the report's year: the 2019 trial format for 2019 and 2020, the 2021 format after.

    Why: 国办公开办函〔2019〕60号 set the trial format for the 2019 and 2020 reports; 国办公开办函〔2021〕30号
    replaced it from the 2021 reports on (it drops 其他对外管理服务事项 and 政府集中采购 from 表二 and
    splits 表三 （六）其他处理 into three rows). A 2022 report in the 2019 layout is out of date.

    Fails: a 2022 report whose 表三 has one row （六）其他处理.
    Passes: the 上街区 2020 report in the 2019 format.
    """
    if report.format is None:
        yield _finding("AR002", report, "not assessable: the format (2019 or 2021) could not be told — "
                       + "; ".join(report.format_evidence), item="格式", line=report.where(T3), assessable=False,
                       data={"evidence": report.format_evidence})
        return
    if report.year is None:
        yield _finding("AR002", report, "not assessable: the report year was not found in its title or text",
                       item="格式", line=report.where(T3), assessable=False, data={"format": report.format})
        return
    expected = "2019" if report.year <= 2020 else "2021"
    if report.format == expected:
        ctx.passed["AR002"] += 1
        return
    yield _finding("AR002", report, f"the {report.year} report uses the {report.format} format; "
                   f"expected the {expected} format", item="格式", line=report.title_line,
                   data={"year": report.year, "format": report.format, "expected": expected,
                         "evidence": report.format_evidence})


# ---------------------------------------------------------------- 表三

@_ar("AR101", "report-column-balance", "error")
def column_balance(report: Report, ctx: ReportContext) -> Iterable[Finding]:
    """Each column of 表三: 本年新收 + 上年结转 = （七）总计 + 结转下年度继续办理.

    Why: the identity is printed in 表三's corner cell of both national formats
    (“本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和”, 国办公开办函〔2019〕60号 and
    〔2021〕30号): every application received or carried in is either handled this year or carried on.

    Fails: 自然人 1259 + 170 = 1429 but （七）总计 1139 + 结转 280 = 1419.
    Passes: 自然人 1259 + 170 = 1429 = 1139 + 290 (上海市政府办公厅 2025).
    """
    if (skip := _absent("AR101", report, T3)):
        yield skip
        return
    for col in T3_COLS:
        cells = [report.cell(T3, r, col) for r in (NEW, CARRIED, TOTAL, CARRY_ON)]
        yield from balance("AR101", report, ctx, [("新收", cells[0]), ("上年结转", cells[1])],
                           [("（七）总计", cells[2]), ("结转下年度", cells[3])],
                           item=f"表三 {col} 列", field=col, line=_line(cells[2], *cells))


@_ar("AR102", "report-row-sum", "error")
def row_sum(report: Report, ctx: ReportContext) -> Iterable[Finding]:
    """Each row of 表三: 自然人 + the five 法人或其他组织 columns = 总计.

    Why: 总计 is the total over the applicant columns of the national format (条例 第五十条; both
    formats list 自然人, then 商业企业 科研机构 社会公益组织 法律服务机构 其他 under 法人或其他组织, then
    总计). Blank cells count as 0 (small units leave the five legal-person columns blank).

    Fails: 一、本年新收 58 + 7 + 0 + 0 + 1 + 0 = 66 but 总计 65.
    Passes: 一、本年新收 61 + 2 + 0 + 0 + 6 + 0 = 69 = 总计 69 (上街区 2020).
    """
    if (skip := _absent("AR102", report, T3)):
        yield skip
        return
    absent = [row for row in report.layout()[T3] if row not in report.tables[T3]]
    if absent:                      # one finding for the rows the source does not give at all, not one a row
        yield _finding("AR102", report, f"not assessable: {len(absent)} rows not in the source "
                       f"({'、'.join(absent[:3])}{' …' if len(absent) > 3 else ''})", item="表三 " + "、".join(absent),
                       field="总计", line=report.where(T3), assessable=False, data={"rows": absent})
    for row in report.layout()[T3]:
        if row in absent:
            continue
        parts = [(c, report.cell(T3, row, c)) for c in ("自然人", *LEGAL_PERSON_COLS)]
        total = report.cell(T3, row, "总计")
        yield from balance("AR102", report, ctx, parts, [("总计", total)], item=f"表三 {row} / 总计",
                           field="总计", line=_line(total, *(c for _, c in parts)))


@_ar("AR103", "report-result-sum", "error")
def result_sum(report: Report, ctx: ReportContext) -> Iterable[Finding]:
    """Each column of 表三: the result rows （一）…（六） add up to （七）总计.

    Why: （七）总计 is the total of 三、本年度办理结果 in both formats; （二）部分公开 says “区分处理的，只计
    这一情形，不计其他情形”, so each application is counted in exactly one result row. The 2019
    format has one row （六）其他处理, the 2021 format three.

    Fails: 总计 column 206 + 2 + 20 + 564 + 80 + 319 = 1191 but （七）总计 1190.
    Passes: the same rows with （七）总计 1191 (上海市政府办公厅 2025).
    """
    if (skip := _absent("AR103", report, T3)):
        yield skip
        return
    rows = T3_RESULT_ROWS[report.format or "2021"]
    for col in T3_COLS:
        parts = [(re.match(r"（.）\d?", r)[0], report.cell(T3, r, col)) for r in rows]
        total = report.cell(T3, TOTAL, col)
        yield from balance("AR103", report, ctx, parts, [("（七）总计", total)], item=f"表三 （七）总计 / {col}",
                           field=col, line=_line(total))


@_ar("AR104", "report-review-litigation-sum", "error")
def review_litigation_sum(report: Report, ctx: ReportContext) -> Iterable[Finding]:
    """Each block of 表四: 结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 总计.

    Why: 表四 of both formats splits 行政复议, 行政诉讼 未经复议直接起诉 and 复议后起诉 into the four
    outcomes and their 总计 (条例 第五十条 第（四）项 requires these counts).

    Fails: 行政复议 40 + 0 + 10 + 5 = 55 but 总计 54.
    Passes: 行政复议 40 + 0 + 10 + 5 = 55 = 总计 55 (上海市政府办公厅 2025).
    """
    if (skip := _absent("AR104", report, T4)):
        yield skip
        return
    for block in T4_BLOCKS:
        parts = [(c, report.cell(T4, block, c)) for c in T4_COLS[:4]]
        total = report.cell(T4, block, "总计")
        yield from balance("AR104", report, ctx, parts, [("总计", total)], item=f"表四 {block} / 总计",
                           field="总计", line=_line(total, *(c for _, c in parts)))


@_ar("AR105", "report-whole-counts", "error")
def whole_counts(report: Report, ctx: ReportContext) -> Iterable[Finding]:
    """Every number in 表三 and 表四 is a whole count ≥ 0.

    Why: the cells count applications and cases (条例 第五十条); a negative or fractional number is a
    typing or extraction error, and the sums of AR101–AR104 would hide it.

    Fails: 表三 （一）予以公开 / 自然人 = -3, or 2.5.
    Passes: 表三 （一）予以公开 / 自然人 = 32.
    """
    for table, row, col, cell in report.cells():
        if table in (T3, T4) and cell.state == "value":
            if cell.value < 0 or cell.value != int(cell.value):
                yield _finding("AR105", report, f"{cell.show()} is not a whole count ≥ 0", item=f"{table} {row} / {col}",
                               field=col, line=cell.line, data={"value": cell.value, "raw": cell.raw})
            else:
                ctx.passed["AR105"] += 1


# ---------------------------------------------------------------- across years

def _years_follow(code: str, report: Report, prev: Report) -> Finding | None:
    if report.year and prev.year and prev.year != report.year - 1:
        return _finding(code, report, f"not assessable: the previous report is for {prev.year}, "
                        f"not {report.year - 1}", item="上一年度报告", line=report.title_line, assessable=False,
                        data={"year": report.year, "previous_year": prev.year, "previous_file": prev.file})
    return None


@_ar("AR201", "report-carry-over-matches-previous", "error")
def carry_over(report: Report, ctx: ReportContext) -> Iterable[Finding]:
    """This year's 上年结转 equals last year's 结转下年度继续办理, column by column (with --previous).

    Why: what one report carries to the next year is what the next report takes over (表三 二、 and 四、
    of both formats); a mismatch means one of the two reports is wrong.

    Fails: 2021 report 二、上年结转 / 总计 = 3, 2020 report 四、结转下年度 / 总计 = 0.
    Passes: 2025 二、上年结转 / 总计 189 = 2024 四、结转下年度 / 总计 189.
    """
    prev = ctx.previous
    if prev is None:
        return
    skip = _years_follow("AR201", report, prev)
    if skip:
        yield skip
        return
    for col in T3_COLS:
        now, before = report.cell(T3, CARRIED, col), prev.cell(T3, CARRY_ON, col)
        yield from balance("AR201", report, ctx, [(f"上年结转 ({report.year or '本年'})", now)],
                           [(f"结转下年度 ({prev.year or '上年'})", before)],
                           item=f"表三 二、上年结转 / {col}", field=col, line=now.line)


@_ar("AR202", "report-in-force-follows", "warning")
def in_force_follows(report: Report, ctx: ReportContext) -> Iterable[Finding]:
    """现行有效件数 = last year's 现行有效件数 + 本年制发件数 − 本年废止件数 (2021 format, with --previous).

    Why: 表二 第二十条第（一）项 of the 2021 format counts 规章 and 行政规范性文件 made, repealed and in
    force. A warning only: real reports count revisions inside 制发 and 自然失效 inside 废止
    (上海 2025: “22（其中修订16件）”, “55（含自然失效29件）”), so the identity is approximate.

    Fails: 2024 现行有效 18, 2025 制发 8, 废止 0, 现行有效 20 (expected 26).
    Passes: 2024 现行有效 18, 2025 制发 8, 废止 0, 现行有效 26.
    """
    prev = ctx.previous
    if prev is None:
        return
    skip = _years_follow("AR202", report, prev)
    if skip:
        yield skip
        return
    for row in ("规章", "规范性文件"):
        item = f"表二 {row} / 现行有效件数"
        if report.format != "2021" or prev.format != "2021":
            yield _finding("AR202", report, "not assessable: needs both reports in the 2021 format "
                           f"(this: {report.format}, previous: {prev.format}); the 2019 format has no 废止/现行有效 columns",
                           item=item, line=report.cell(T2, row, "本年制发件数").line or report.where(T2),
                           assessable=False)
            continue
        now = report.cell(T2, row, "现行有效件数")
        yield from balance("AR202", report, ctx,
                           [(f"现行有效 ({prev.year or '上年'})", prev.cell(T2, row, "现行有效件数")),
                            ("本年制发", report.cell(T2, row, "本年制发件数"))],
                           [("本年废止", report.cell(T2, row, "本年废止件数")), (f"现行有效 ({report.year or '本年'})", now)],
                           item=item, field="现行有效件数", line=now.line)


# ---------------------------------------------------------------- text against tables

@_ar("AR301", "report-text-matches-tables", "error")
def text_matches_tables(report: Report, ctx: ReportContext) -> Iterable[Finding]:
    """Figures quoted in the text match 表二, 表三 and 表四.

    Compared: 受理/收到/接收/办理 (新收, or 新收 + 上年结转), 上年结转, 办结 (（七）总计), 结转下年度;
    the results 予以公开（及部分公开）, 部分公开, 不予公开, 无法提供, 不予处理, 其他处理 (the sums of
    （一）…（六）) and the percentage written after them (of 办结, 新收 or 新收 + 上年结转, to the precision
    written); 现行有效 规章 / 规范性文件 (表二, 2021 format); 行政复议 and 行政诉讼 counts ("无…行政复议" is
    0) and "均获维持" (表四 shows no case corrected, otherwise ended or pending).

    Why: 条例 第五十条 asks for one account of the year; the 总体情况 section restates the table
    totals. Real reports use two meanings of 受理: 新收 only (上海 2025 “受理1295件” = 新收 1295) or
    新收 plus 上年结转 (沭阳 2025 “受理749件” = 713 + 36), so both are accepted, and the second is said
    (info). Figures of one kind in one paragraph may be parts (区政府本级 28 件 and 各部门 41 件): their sum
    is accepted too.

    Fails: text “共受理政府信息公开申请30件”, 表三 新收 29 and 上年结转 2 (neither 29 nor 31); “不予公开
    21件（1.68%）” with （三） adding up to 20.
    Passes: text “共受理…1295件，办结1191件（含上年结转189件）”, 表三 新收 1295, （七）总计 1191, 上年结转 189.
    """
    quotes = quoted_figures(report.narrative)
    groups: dict[tuple, list] = {}
    for q in quotes:
        groups.setdefault((q.kind, q.line), []).append(q)
    for (kind, line), qs in groups.items():
        if kind == UPHELD:
            for q in qs:
                yield from _upheld(report, ctx, q, tt.not_upheld(report, q.blocks))
            continue
        readings = tt.targets(report, kind)
        if not readings:
            for q in qs:
                yield _finding("AR301", report, f"not assessable: the text says {kind} {q.value}件 ({q.where()}) but "
                               f"the {report.format} format has no such cell", item=f"正文 {kind}", field=kind,
                               line=q.line, assessable=False, data={"quoted": q.value, "kind": kind, "text": q.text})
            continue
        values = {r.value for r in readings if r.value is not None}
        part_sum = sum(q.value for q in qs)
        for q in qs:
            shown = "；".join(f"{r.name} = {_fmt(r.value)}" for r in readings)
            data = {"quoted": q.value, "kind": kind, "text": q.text, "tables": {r.name: r.value for r in readings}}
            matched = next((r for r in readings if r.value == q.value), None)
            if matched is None and len(qs) > 1 and part_sum in values:
                matched = next(r for r in readings if r.value == part_sum)
            if matched is not None:
                if matched.usage and not any(r.value == matched.value for r in readings if not r.usage):
                    yield _finding("AR301", report, f"the text's {kind} {q.value}件 ({q.where()}) = {matched.name} "
                                   f"{' + '.join(_fmt(c.number) for c in matched.cells)}: it {matched.usage}; accepted",
                                   item=f"正文 {kind}", field=kind, line=q.line, data=data, severity="info")
                else:
                    ctx.passed["AR301"] += 1
                if q.percent is not None:
                    yield from _percent(report, ctx, q)
                continue
            if any(r.value is None for r in readings):
                yield _finding("AR301", report, f"not assessable: the text says {kind} {q.value}件 ({q.where()}) "
                               f"but {shown}", item=f"正文 {kind}", field=kind, line=q.line, data=data,
                               assessable=False)
                continue
            if len(qs) > 1:
                data["sum_of_parts"] = part_sum
            yield _finding("AR301", report, f"the text says {kind} {q.value}件 ({q.where()}: “{q.text}”) but {shown}",
                           item=f"正文 {kind}", field=kind, line=q.line, data=data,
                           hint="correct the text or the table; 受理 may mean 新收 or 新收 + 上年结转")


def _percent(report: Report, ctx: ReportContext, q) -> Iterable[Finding]:
    """A result's percentage: q.value of one of the bases, to the precision written."""
    bases = tt.percent_bases(report)
    known = [b for b in bases if b.value is not None]
    item = f"正文 {q.kind} 占比"
    data = {"quoted": q.value, "percent": q.percent, "bases": {b.name: b.value for b in bases}}
    if any(tt.percent_fits(q.value, b.value, q.percent) for b in known):
        ctx.passed["AR301"] += 1
    elif len(known) < len(bases):
        yield _finding("AR301", report, f"not assessable: the text says {q.kind} {q.value}件 ({q.percent}%) but "
                       "the totals it may be a share of are not all known", item=item, field=q.kind, line=q.line,
                       data=data, assessable=False)
    else:
        shares = "、".join(f"{b.name} {_fmt(b.value)} → {100 * q.value / b.value:.{max(2, len(q.percent.partition('.')[2]))}f}%"
                          for b in known if b.value)
        yield _finding("AR301", report, f"the text says {q.kind} {q.value}件 is {q.percent}% ({q.where()}) but "
                       f"{q.value} is {shares or 'no share of an empty total'}", item=item, field=q.kind,
                       line=q.line, data=data, hint="correct the percentage or the figure")


def _upheld(report: Report, ctx: ReportContext, q, cells: list[tuple[str, Cell]]) -> Iterable[Finding]:
    """ "均获维持": 表四 has no case corrected, otherwise ended or pending in the blocks the sentence names."""
    item = f"正文 {q.kind}"
    data = {"text": q.text, "blocks": list(q.blocks), "cells": {k: c.number for k, c in cells}}
    wrong = [(k, c) for k, c in cells if c.number]
    unknown = [k for k, c in cells if c.number is None]
    if wrong:
        yield _finding("AR301", report, f"the text says the cases were all upheld ({q.where()}: “{q.text}”) but 表四 "
                       f"has {'、'.join(f'{k} {_fmt(c.number)}' for k, c in wrong)}", item=item, field="结果维持",
                       line=q.line, data=data, hint="correct the text or 表四")
    elif unknown:
        yield _finding("AR301", report, f"not assessable: the text says the cases were all upheld ({q.where()}) but "
                       f"表四 {'、'.join(unknown[:3])}{' …' if len(unknown) > 3 else ''} are not known", item=item,
                       field="结果维持", line=q.line, data=data, assessable=False)
    else:
        ctx.passed["AR301"] += 1


# ---------------------------------------------------------------- plausibility

_PLACE = re.compile(r"(.{1,7}?)(特别行政区|自治区|自治州|自治县|自治旗|省|市|地区|盟|县|区|旗|镇|乡|街道|苏木)")
_NOT_PLACE = ("人民", "政府", "委员", "办公", "住房", "建设", "发展", "改革", "管理", "城乡", "城镇", "服务",
              "公安", "局", "厅", "部", "委", "会", "所", "院", "处")
_SUFFIX_LEVEL = {"镇": "township", "乡": "township", "街道": "township", "苏木": "township",
                 "县": "county", "区": "county", "旗": "county", "自治县": "county", "自治旗": "county",
                 "地区": "city", "盟": "city", "自治州": "city",
                 "省": "province", "自治区": "province", "特别行政区": "province"}
_MUNICIPALITIES = ("北京", "上海", "天津", "重庆")
# bodies whose level their name does not tell: a development zone's or new area's management committee
# may rank as a county, a prefecture or a province (雄安新区, 两江新区), so such names give no level
ZONE_WORDS = ("开发区", "新区", "实验区", "示范区", "高新区", "园区", "保税区", "自贸区", "自由贸易",
              "合作区", "管委会", "管理委员会", "管理区")


def admin_level(unit: str | None) -> str | None:
    """township | county | city | province from a unit's name, or None when the name does not tell.

    Reads the place names at the start (郑州市 上街区 → county; 沭阳县 发展和改革局 → county).
    A bare "XX市" may be a prefecture or a county-level city, so it gives None, except the four
    municipalities (province level). A name with 开发区, 新区, 实验区, 示范区, 园区, 管委会 … (ZONE_WORDS)
    gives None: such bodies rank as a county, a prefecture or higher, and the name does not say which.
    """
    if not unit:
        return None
    if any(w in unit for w in ZONE_WORDS):
        return None
    pos, levels = 0, []
    while True:
        m = _PLACE.match(unit, pos)
        if not m or any(w in m[1] for w in _NOT_PLACE):
            break
        if m[2] == "市":
            levels.append("province" if m[1] in _MUNICIPALITIES else None)
        else:
            levels.append(_SUFFIX_LEVEL[m[2]])
        pos = m.end()
    for level in ("township", "county"):
        if level in levels:
            return level
    return levels[-1] if levels else None


def _level(report: Report, ctx: ReportContext) -> tuple[str | None, str]:
    if ctx.level:
        return ctx.level, "given with --level"
    if not report.unit:
        return None, "no unit name found in the title"
    level = admin_level(report.unit)
    return level, f"{'read from' if level else 'not told by'} the unit name {report.unit!r}"


def _county_rule(code: str, report: Report, ctx: ReportContext, cols: dict[str, tuple[str, ...]]) -> Iterable[Finding]:
    level, why = _level(report, ctx)
    names = cols.get(report.format or "", ())
    if names and level is None:
        yield _finding(code, report, f"not assessable: the level of the body is unknown ({why}); "
                       "give it with --level", item=f"表二 规章 / {'、'.join(names)}", assessable=False,
                       line=report.cell(T2, "规章", names[0]).line or report.where(T2))
        return
    for col in names:
        yield from _county_cell(code, report, ctx, col, level, why)


def _county_cell(code: str, report: Report, ctx: ReportContext, col: str, level: str, why: str) -> Iterable[Finding]:
    item = f"表二 规章 / {col}"
    if level not in COUNTY_OR_BELOW:
        ctx.passed[code] += 1
        return
    cell = report.cell(T2, "规章", col)
    if cell.number is None:
        yield _finding(code, report, f"not assessable: {item} is {cell.state}", item=item, field=col,
                       line=cell.line, assessable=False)
    elif cell.number == 0:
        ctx.passed[code] += 1
    else:
        yield _finding(code, report, f"a {level}-level body reports {col} {cell.show()} for 规章 ({why}); "
                       "规章 are made only by State Council departments and provincial or 设区的市 governments",
                       item=item, field=col, line=cell.line, data={"value": cell.number, "expected": 0, "level": level})


@_ar("AR401", "report-county-makes-no-regulations", "warning")
def county_makes_no_regulations(report: Report, ctx: ReportContext) -> Iterable[Finding]:
    """A county-level body or a township reports no 规章 made or repealed (表二 第二十条第（一）项).

    Why: under 立法法 第九十一、九十三条 only State Council departments and the governments of
    provinces and 设区的市 make 规章; a county, its departments and townships cannot make or repeal one.
    The level comes from --level or the unit name in the title (郑州市上街区 → county).

    Fails: 沭阳县某局 2023 with 规章 本年制发件数 2.
    Passes: 沭阳县发展和改革局 2023 with 规章 0 | 0 | 0.
    """
    yield from _county_rule("AR401", report, ctx, {"2021": ("本年制发件数", "本年废止件数"), "2019": ("本年新制作数量",)})


@_ar("AR402", "report-county-regulations-in-force", "warning")
def county_regulations_in_force(report: Report, ctx: ReportContext) -> Iterable[Finding]:
    """A county-level body or a township reports no 规章 of its own in force (现行有效件数 / 对外公开总数量).

    Why: such bodies cannot make 规章 (立法法), so their own 规章 in force are 0; units misreport by
    listing 规章 they merely implement (domain notes §5.5, a Xinjiang township reported 6).

    Fails: a township's 规章 现行有效件数 6.
    Passes: a township's 规章 现行有效件数 0.
    """
    yield from _county_rule("AR402", report, ctx, {"2021": ("现行有效件数",), "2019": ("对外公开总数量",)})


# ---------------------------------------------------------------- running

def report_rules() -> list[Rule]:
    return [r for r in all_rules() if r.scope == "report" and r.code.startswith("AR")]


def check_report(report: Report, ctx: ReportContext | None = None, rules: Iterable[Rule] | None = None) -> list[Finding]:
    """Every AR rule (or those given) on one report, in rule order."""
    ctx = ctx or ReportContext()
    findings: list[Finding] = []
    for r in rules if rules is not None else report_rules():
        findings.extend(r.check(report, ctx))
    for f in findings:              # a finding with no cell of its own names its table's line, or the title's
        if f.line is None:
            table = (f.item or "")[:2]
            f.line = report.where(table if table in (T2, T3, T4) else None)
    return findings
