"""LineMap: the line of every item and key that messages point at, in any TOML layout."""
import pytest

from gongkai.catalog.toml_store import LineMap

TEXT = """\
title = "first line is a key"
[domain]
code = "19"
  "quoted" = 1

[[items]]
code = "410106-19-01-001"
elements = [
  "办理条件",
  { name = "联系方式", required = false },
]
method.channels = ["政府网站"]

[items.method]
mode = ["主动"]

[[items]]
  code = "410106-19-01-002"   # indented keys are keys too
deadline = \"\"\"
公示7个工作日
\"\"\"

[items.origin]
reason = "x"

[[other]]
code = "not an item"
"""


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_lines_of_items_keys_and_tables(newline):
    lines = LineMap(TEXT.replace("\n", newline))
    assert lines.top_line("title") == 1
    assert lines.top_line("domain.code") == 3
    assert lines.top_line("domain.quoted") == 4
    assert lines.items == [6, 17]
    assert lines.field_line(0, "code") == 7
    assert lines.field_line(0, "elements") == 8
    assert lines.field_line(0, "method.channels") == 12   # dotted key
    assert lines.field_line(0, "method") == 14            # the [items.method] table
    assert lines.field_line(0, "method.mode") == 15
    assert lines.field_line(0, "method.audience") == 14   # missing key: its table
    assert lines.field_line(1, "code") == 18
    assert lines.field_line(1, "deadline") == 19
    assert lines.field_line(1, "subitem") == 17           # missing key: the item
    assert lines.field_line(1, "origin.reason") == 24
    assert lines.field_line(1, None) == 17
    assert lines.field_line(2, "code") is None            # [[other]] is not an item
    assert lines.top_line("other.code") == 27


def test_another_array_name():
    lines = LineMap("[[records]]\nid = 1\n\n[[records]]\nid = 2\n", array="records")
    assert lines.items == [1, 4]
    assert [lines.field_line(i, "id") for i in range(2)] == [2, 5]
