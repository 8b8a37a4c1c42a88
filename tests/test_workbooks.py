"""Why a workbook cannot be opened, in words an officer can act on."""
import pytest

from catalog.errors import InputError
from catalog.workbooks import OLE2, open_workbook


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
