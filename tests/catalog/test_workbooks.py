"""Why a workbook cannot be opened, in words an officer can act on."""
import pytest

from gongkai.catalog.errors import InputError
from gongkai.catalog.tables.workbooks import OLE2, open_workbook


@pytest.mark.parametrize("content, words", [
    (OLE2 + b"\0" * 504, "old-format .xls workbook, or one protected by a password"),   # both are OLE2 files
    ("序号,公开事项\n".encode("gb18030"), "not the zip archive an .xlsx file is"),
    (b"PK\x03\x04" + b"\0" * 40, "a damaged .xlsx workbook"),
])
def test_unreadable_workbooks_say_why(tmp_path, content, words):
    path = tmp_path / "目录.xlsx"
    path.write_bytes(content)
    for source in (path, content):
        with pytest.raises(InputError) as exc:
            open_workbook(source, "目录.xlsx", "an .xlsx file")
        [problem] = exc.value.problems
        assert problem.file == "目录.xlsx" and words in problem.message


def test_formulas_without_saved_values_are_refused_with_their_cells(tmp_path):
    """openpyxl (like any program but Excel/WPS) saves formulas without their values: read back they
    would be empty fields."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "社会救助"
    sheet["A1"], sheet["B1"] = 1, "=A1*2"
    sheet["C1"] = "=写在单元格里的文字"
    sheet["C1"].data_type = "s"                       # text that starts with "=" is no formula
    path = tmp_path / "目录.xlsx"
    book.save(path)
    with pytest.raises(InputError) as exc:
        open_workbook(path, "目录.xlsx", "an .xlsx file", data_only=True)
    [problem] = exc.value.problems
    assert "社会救助!B1 (=A1*2)" in problem.message and "C1" not in problem.message
    assert "save it" in problem.message
    assert open_workbook(path, "目录.xlsx", "an .xlsx file")["社会救助"]["B1"].value == "=A1*2"   # formulas asked for
