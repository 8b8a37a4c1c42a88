"""Writing a report's tables: Markdown (readable, and read back by ``parse_markdown``) and XLSX
(read back by ``read_xlsx``).

Cells are written as published; "?" marks a missing cell, "12?" a number whose position is
uncertain (see ``gongkai.rules.reports.tables``).
"""
from __future__ import annotations

import re
from pathlib import Path

from gongkai.rules.reports.structured import from_dict
from gongkai.rules.reports.tables import T2, T2_SECTIONS, T3, T3_COLS, T4, T4_COLS, TABLES, Report

_TITLES = {T2: "二、主动公开政府信息情况", T3: "三、收到和处理政府信息公开申请情况",
           T4: "四、政府信息公开行政复议、行政诉讼情况"}
# The workbook marks a cell's state by its fill (and a comment): the reader goes by the fill, the
# only mark openpyxl's read-only mode sees.
_FILLS = {"missing": "FFF2CC", "uncertain": "F8CBAD"}
NARRATIVE = "正文"


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

    marks = {"missing": (PatternFill("solid", fgColor=_FILLS["missing"]), "lost in extraction: not in the source"),
             "uncertain": (PatternFill("solid", fgColor=_FILLS["uncertain"]), "position uncertain: its row lost cells")}
    lay = report.layout()
    wb = Workbook()
    info = wb.active
    info.title = "说明"
    for row in (("title", report.title), ("unit", report.unit), ("year", report.year), ("format", report.format),
                ("source", f"{report.file} ({report.source})"), ("format evidence", "；".join(report.format_evidence))):
        info.append([row[0], "" if row[1] is None else row[1]])
    for n in report.notes:
        info.append(["note", f"{n.table}: {n.message}" + (f" (line {n.line})" if n.line else ""), "\n".join(n.cells)])

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
    # the text around the tables, for the rule comparing it with them (AR301) when the workbook is checked
    ws = wb.create_sheet(NARRATIVE)
    ws.append(["line", "text"])
    for line, text in report.narrative:
        ws.append([line, text])
        ws.cell(row=ws.max_row, column=2).data_type = "s"     # published text, never an Excel formula
    from gongkai.rules.formats.xlsx_sheets import save_book

    save_book(wb, path)


def read_xlsx(data: bytes, file: str) -> Report:
    """A report from the workbook ``write_xlsx`` writes, as edited in a spreadsheet.

    A cell with a number or text is read as published; an empty cell is blank, or missing when its
    fill is the missing one; a number with the uncertain fill stays uncertain. Cell source lines
    are not in the workbook, so findings on them carry none.
    """
    from gongkai.catalog.errors import InputError
    from gongkai.catalog.tables.workbooks import open_workbook

    expected = f"a workbook written by `gongkai report tables --format xlsx`, with sheets 说明, {'、'.join(TABLES)}"
    wb = open_workbook(data, file, expected, read_only=True, data_only=True)   # a =SUM total: its saved value
    try:
        absent = [s for s in ("说明", *TABLES) if s not in wb.sheetnames]
        if absent:
            raise InputError.single(f"no sheet {'、'.join(absent)}", file=file, expected=expected)
        meta: dict = {}
        notes, narrative = [], []
        for key, value, cells in _rows(wb["说明"], 3):
            if key == "note" and value:
                m = re.fullmatch(r"(.*?): (.*?)(?: \(line (\d+)\))?", str(value), re.S)
                table, message, line = m.groups() if m else ("", str(value), None)
                notes.append({"table": table, "message": message, "line": int(line) if line else None,
                              "cells": str(cells).split("\n") if cells else []})
            elif key in ("title", "unit", "year", "format") and value not in (None, ""):
                meta[key] = value
            elif key == "format evidence" and value:
                meta["format_evidence"] = str(value).split("；")
        try:
            meta["year"] = int(meta["year"]) if "year" in meta else None
        except (TypeError, ValueError):
            raise InputError.single(f"year {meta['year']!r} is not a year", file=file, item="说明", field="year",
                                    expected="a year such as 2020") from None
        tables = {t: _read_table(wb[t]) for t in TABLES}
        if NARRATIVE in wb.sheetnames:
            narrative = [{"line": ln, "text": str(tx)} if isinstance(ln, int) else {"text": str(tx)}
                         for ln, tx in list(_rows(wb[NARRATIVE], 2))[1:] if tx]
    finally:
        wb.close()
    return from_dict({**meta, "tables": tables, "notes": notes, "narrative": narrative}, file, "xlsx")


def _rows(ws, width: int):
    """Each row's values, padded to ``width``."""
    for row in ws.iter_rows(values_only=True):
        yield (*row, *[None] * width)[:width]


def _read_table(ws) -> dict:
    """row → column → cell in the structured form ``from_dict`` reads; header rows name the columns."""
    out: dict = {}
    cols: tuple = ()
    for row in ws.iter_rows():
        label, cells = (row[0].value, row[1:]) if row else (None, ())
        if label in (None, "", "信息内容"):            # a header row (表三, 表四 have no corner label) or a gap
            cols = tuple(c.value for c in cells) if any(c.value for c in cells) else cols
        elif label in T2_SECTIONS.values():           # 表二's section heading: its header row follows
            cols = ()
        else:                                         # a cell left out of the row's end is an empty one
            out[str(label)] = {col: _cell_value(cells[j] if j < len(cells) else None)
                               for j, col in enumerate(cols) if col}
    return out


def _cell_value(cell):
    """A cell in the structured form: as published, or its state when the fill marks one."""
    rgb = getattr(getattr(getattr(cell, "fill", None), "fgColor", None), "rgb", None)
    state = next((s for s, mark in _FILLS.items() if isinstance(rgb, str) and rgb.upper().endswith(mark)), None)
    value = getattr(cell, "value", None)
    if value is None:
        return {"missing": True} if state == "missing" else {"blank": True}
    if state == "uncertain" and isinstance(value, (int, float)):
        return {"value": value, "uncertain": True}
    return value
