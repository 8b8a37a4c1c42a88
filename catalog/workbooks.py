"""Opening the Excel workbooks officers send: one place that says why a file cannot be opened."""
from __future__ import annotations

from io import BytesIO
from pathlib import Path

from catalog.errors import InputError

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"     # the container of .xls files and of password-protected .xlsx


def open_workbook(source: Path | bytes, shown: str, expected: str, **options):
    """openpyxl's workbook, or an input error that tells an old .xls, a password and a damaged file apart."""
    from openpyxl import load_workbook

    try:
        return load_workbook(BytesIO(source) if isinstance(source, bytes) else source, **options)
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
