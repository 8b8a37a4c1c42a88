"""Spreadsheets (XLSX) and CSV files as catalogue tables.

Officers keep the ministries' layout: a title row or two above the header ("XX县社会救助领域
基层政务公开标准目录"), a two-line header whose group labels (公开事项, 公开对象 …) are merged
over their columns and whose single labels (序号, 公开内容 …) are merged down over both lines,
and a 一级事项 cell merged down over the rows it covers. Merged cells are filled from their
top-left cell; a cell continuing a vertical merge in the data is marked so that the row reader
treats it as "same as above".
"""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from gongkai.catalog.errors import InputError, display_path
from gongkai.catalog.tables.header import flatten, header_row_score, is_second_header
from gongkai.catalog.tables.rows import RawRow, RawTable, TableSource
from gongkai.catalog.tables.text import csv_rows, read_csv_text

HEADER_SEARCH = 20        # rows searched for the header (titles and notes may stand above it)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime, date)):
        return value.isoformat()[:10]
    return str(value)


def read_xlsx(path: Path) -> list[RawTable]:
    """Every sheet of a workbook that holds a catalogue table."""
    from gongkai.catalog.tables.workbooks import open_workbook

    book = open_workbook(path, display_path(path), "an .xlsx file saved by Excel, WPS or LibreOffice", data_only=True)
    shown = display_path(path)
    tables: list[RawTable] = []
    for sheet in book.worksheets:
        # Up to the last row holding a value: a cell formatted at row 1048576 would otherwise make
        # a million empty rows to read (openpyxl keeps the sheet's cells in ``_cells``).
        cells = getattr(sheet, "_cells", None)
        last = max((r for (r, _), c in cells.items() if _text(c.value).strip()), default=0) if cells is not None \
            else sheet.max_row
        grid = [[_text(v) for v in row] for row in sheet.iter_rows(max_row=last, values_only=True)] if last else []
        vmerged: set[tuple[int, int]] = set()
        for rng in sheet.merged_cells.ranges:
            top = grid[rng.min_row - 1][rng.min_col - 1] if rng.min_row - 1 < len(grid) else ""
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    if r - 1 < len(grid) and c - 1 < len(grid[r - 1]):
                        grid[r - 1][c - 1] = top
                        if r > rng.min_row:
                            vmerged.add((r - 1, c - 1))
        table = grid_table(grid, vmerged, TableSource(f"{shown}[{sheet.title}]" if len(book.worksheets) > 1
                                                      else shown), sheet.title)
        if table is not None:
            table.hidden = sheet.sheet_state != "visible"
            tables.append(table)
    if not tables:
        raise InputError.single("no sheet with a catalogue header (序号, 公开事项, 公开内容 …)", file=shown,
                                expected=f"a header row within the first {HEADER_SEARCH} rows of a sheet")
    return tables


def read_csv(path: Path) -> list[RawTable]:
    """A CSV file (UTF-8 with or without BOM, or GB18030 as Chinese Excel saves it)."""
    text = read_csv_text(path)
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    grid = [row for _, row in csv_rows(text, path, delimiter=delimiter)]
    table = grid_table(grid, set(), TableSource(display_path(path)), None)
    if table is None:
        raise InputError.single("no catalogue header (序号, 公开事项, 公开内容 …)", file=display_path(path),
                                expected=f"a header row within the first {HEADER_SEARCH} rows")
    return [table]


def grid_table(grid: list[list[str]], vmerged: set[tuple[int, int]], source: TableSource,
               sheet: str | None) -> RawTable | None:
    """Find the header under any title rows, join a second header line, and keep the rest as rows."""
    best = None
    for r, row in enumerate(grid[:HEADER_SEARCH]):
        if header_row_score(row) >= 3:
            best = r
            break
    if best is None:
        return None
    header = list(grid[best])
    start = best + 1
    if start < len(grid) and is_second_header(grid[start], header):
        header = flatten(header, grid[start])
        start += 1
    end = len(grid)
    while end > start and not any(c.strip() for c in grid[end - 1]):
        end -= 1                  # blank rows after the last one with content are no rows of the table
    rows = [RawRow(r + 1, list(grid[r]), frozenset(c for c in range(len(grid[r])) if (r, c) in vmerged))
            for r in range(start, end)]
    return RawTable(header, rows, source, sheet)
