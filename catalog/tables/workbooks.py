"""Opening the Excel workbooks officers send: one place that says why a file cannot be opened."""
from __future__ import annotations

from io import BytesIO
from pathlib import Path

from gongkai.catalog.errors import InputError

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"     # the container of .xls files and of password-protected .xlsx


def open_workbook(source: Path | bytes, shown: str, expected: str, **options):
    """openpyxl's workbook, or an input error that tells an old .xls, a password and a damaged file apart."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(BytesIO(source) if isinstance(source, bytes) else source, **options)
        if options.get("data_only"):
            _refuse_unsaved_formulas(load_workbook(BytesIO(source) if isinstance(source, bytes) else source),
                                     book, shown, expected)
        return book
    except InputError:
        raise
    except Exception as exc:  # openpyxl raises zip, XML and key errors on a file it cannot read
        head = source[:8] if isinstance(source, bytes) else _head(source)
        if head.startswith(OLE2):
            why = ("an old-format .xls workbook, or one protected by a password: open it in Excel or WPS and save "
                   "it as .xlsx, without a password")
        elif not head.startswith(b"PK"):
            why = "not an .xlsx workbook (the file is not the zip archive an .xlsx file is)"
        else:
            why = f"a damaged .xlsx workbook ({type(exc).__name__}: {exc})"
        raise InputError.single(f"cannot open: {why}", file=shown, expected=expected) from None


def _head(path: Path) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read(8)
    except OSError:
        return b""


def _refuse_unsaved_formulas(formulas, values, shown: str, expected: str) -> None:
    """Formula cells whose value was never saved (a file written by a program, not Excel) read as
    empty: refuse the file, naming the cells, rather than import empty fields."""
    from openpyxl.utils import get_column_letter

    unsaved: list[str] = []
    for ws_f in formulas.worksheets:
        ws_v = values[ws_f.title]
        # only the cells the sheet holds (openpyxl keeps them in ``_cells``), not every row down to
        # a stray cell at row 1,048,576
        for (r, c), cell in sorted(getattr(ws_f, "_cells", {}).items()):
            if cell.data_type == "f" and ws_v.cell(r, c).value is None:
                unsaved.append(f"{ws_f.title}!{get_column_letter(c)}{r} ({cell.value})")
    if unsaved:
        more = f" and {len(unsaved) - 5} more" if len(unsaved) > 5 else ""
        raise InputError.single(f"formulas without a saved value in {', '.join(unsaved[:5])}{more}: open the file "
                                "in Excel or WPS and save it, so that their values are stored", file=shown,
                                expected=expected)
