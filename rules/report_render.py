"""Writing a report's tables: Markdown (readable, and read back by ``parse_markdown``) and XLSX.

Cells are written as published; "?" marks a missing cell, "12?" a number whose position is
uncertain (see ``rules.report_tables``).
"""
from __future__ import annotations

from pathlib import Path

from rules.report_tables import T2, T2_SECTIONS, T3, T3_COLS, T4, T4_COLS, Report

_TITLES = {T2: "二、主动公开政府信息情况", T3: "三、收到和处理政府信息公开申请情况",
           T4: "四、政府信息公开行政复议、行政诉讼情况"}


def _t2_sections(report: Report) -> list[tuple[str, list[str]]]:
    out: dict[str, list[str]] = {}
    for row in report.layout()[T2]:
        out.setdefault(T2_SECTIONS[row], []).append(row)
    return list(out.items())


def to_markdown(report: Report) -> str:
    lay = report.layout()
    head = report.title or " ".join(str(x) for x in (report.unit, report.year) if x) or (report.file or "report")
    out = [f"# {head}", "",
           f"<!-- gongkai report tables: source {report.file} ({report.source}), "
           f"{report.format or 'unknown'} format; ? = missing, 12? = position uncertain -->", ""]
    out += [f"## {_TITLES[T2]}", ""]
    for section, rows in _t2_sections(report):
        cols = lay[T2][rows[0]]
        out += [f"### {section}", "", _md_row(["信息内容", *cols]), _md_row(["---"] * (len(cols) + 1))]
        out += [_md_row([row, *(report.cell(T2, row, c).show() for c in cols)]) for row in rows]
        out.append("")
    out += [f"## {_TITLES[T3]}", "", _md_row(["申请人情况", *T3_COLS]), _md_row(["---"] * (len(T3_COLS) + 1))]
    out += [_md_row([row, *(report.cell(T3, row, c).show() for c in T3_COLS)]) for row in lay[T3]]
    out += ["", f"## {_TITLES[T4]}", "", _md_row(["", *T4_COLS]), _md_row(["---"] * (len(T4_COLS) + 1))]
    out += [_md_row([b, *(report.cell(T4, b, c).show() for c in T4_COLS)]) for b in lay[T4]]
    if report.notes:
        out += ["", "## 说明 notes", ""] + [f"- {n.table}: {n.message}" + (f" (line {n.line})" if n.line else "")
                                            for n in report.notes]
    return "\n".join(out) + "\n"


def _md_row(cells: list[str]) -> str:
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"


def write_xlsx(report: Report, path: Path) -> None:
    """One sheet per table; missing cells yellow, uncertain ones orange, each with a comment."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill

    marks = {"missing": (PatternFill("solid", fgColor="FFF2CC"), "lost in extraction: not in the source"),
             "uncertain": (PatternFill("solid", fgColor="F8CBAD"), "position uncertain: its row lost cells")}
    lay = report.layout()
    wb = Workbook()
    info = wb.active
    info.title = "说明"
    for row in (("title", report.title), ("unit", report.unit), ("year", report.year), ("format", report.format),
                ("source", f"{report.file} ({report.source})"), ("format evidence", "；".join(report.format_evidence))):
        info.append([row[0], "" if row[1] is None else row[1]])
    for n in report.notes:
        info.append(["note", f"{n.table}: {n.message}" + (f" (line {n.line})" if n.line else "")])

    def put(ws, r: int, c: int, cell) -> None:
        target = ws.cell(row=r, column=c)
        if cell.state in ("value", "uncertain"):
            target.value = cell.value
        elif cell.state == "blank":
            target.value = (cell.raw or "").strip() or None
        if cell.state in marks:
            target.fill = marks[cell.state][0]
            target.comment = Comment(marks[cell.state][1] + (f" (line {cell.line})" if cell.line else ""), "gongkai")

    ws = wb.create_sheet(T2)
    r = 1
    for section, rows in _t2_sections(report):
        cols = lay[T2][rows[0]]
        ws.cell(row=r, column=1, value=section).font = Font(bold=True)
        for j, h in enumerate(["信息内容", *cols], start=1):
            ws.cell(row=r + 1, column=j, value=h).font = Font(bold=True)
        for i, row in enumerate(rows, start=r + 2):
            ws.cell(row=i, column=1, value=row)
            for j, c in enumerate(cols, start=2):
                put(ws, i, j, report.cell(T2, row, c))
        r += len(rows) + 3
    for table, cols in ((T3, T3_COLS), (T4, T4_COLS)):
        ws = wb.create_sheet(table)
        for j, h in enumerate(["", *cols], start=1):
            ws.cell(row=1, column=j, value=h).font = Font(bold=True)
        for i, row in enumerate(lay[table], start=2):
            ws.cell(row=i, column=1, value=row)
            for j, c in enumerate(cols, start=2):
                put(ws, i, j, report.cell(table, row, c))
        ws.column_dimensions["A"].width = 44
    wb.save(path)
