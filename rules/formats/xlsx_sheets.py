"""Plain, readable Excel sheets for officers: bold frozen header, widths that fit Chinese text, A4 print.

openpyxl is imported inside the functions (it is slow to import and most commands never need it).
"""
from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any, Sequence

HEADER_FILL = "DDEBF7"
MAX_WIDTH = 60


def display_width(value: Any) -> int:
    """Columns a value needs: wide (CJK) characters count two."""
    text = "" if value is None else str(value)
    longest = max((sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)
                   for line in text.splitlines() or [""]), default=0)
    return longest


def text_cell(value: Any) -> Any:
    """A value for a cell: strings that would start a formula are neutralised, other values kept."""
    from gongkai.catalog.tables.text import neutralise

    return neutralise(value) if isinstance(value, str) else value


def style_header(ws, row: int, columns: int) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="999999")
    for col in range(1, columns + 1):
        cell = ws.cell(row=row, column=col)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(vertical="center", horizontal="center", wrap_text=True)
        cell.border = Border(bottom=thin)


def fit_widths(ws, header_row: int = 1, minimum: int = 6, maximum: int = MAX_WIDTH,
               fixed: dict[int, int] | None = None) -> None:
    """Column widths from the longest value (CJK counted double), within [minimum, maximum]."""
    from openpyxl.utils import get_column_letter

    widths: dict[int, int] = {}
    for row in ws.iter_rows(min_row=header_row):
        for cell in row:
            if cell.value is not None:
                widths[cell.column] = max(widths.get(cell.column, 0), display_width(cell.value))
    for col, width in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = min(maximum, max(minimum, width + 2))
    for col, width in (fixed or {}).items():
        ws.column_dimensions[get_column_letter(col)].width = width


def print_a4(ws, header_row: int, landscape: bool = True) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"


def table_sheet(book, title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]], wrap: Sequence[int] = ()):
    """A sheet holding one table: bold frozen header with a filter, fitted widths, A4 print.

    Text a spreadsheet would run as a formula (=, +, -, @) is written with a quote in front.
    """
    from openpyxl.styles import Alignment

    ws = book.create_sheet(title=title[:31])
    ws.append([text_cell(h) for h in headers])
    for row in rows:
        ws.append(["" if v is None else text_cell(v) for v in row])
    style_header(ws, 1, len(headers))
    ws.freeze_panes = "A2"
    if rows:
        ws.auto_filter.ref = ws.dimensions
    fit_widths(ws)
    for col in wrap:
        for (cell,) in ws.iter_rows(min_row=2, min_col=col, max_col=col):
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    print_a4(ws, 1)
    return ws


def new_book():
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    return book


def save_book(book, path: Path) -> None:
    """Save through a temporary file in the same folder, so a failed save leaves no half-written workbook."""
    import io

    from gongkai.catalog.toml_store import atomic_write_bytes

    buffer = io.BytesIO()
    book.save(buffer)
    atomic_write_bytes(Path(path), buffer.getvalue())
