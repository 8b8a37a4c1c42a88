"""Issue 16: a scoring scheme with a non-finite or negative number is refused at its line, and a
filled checklist's result column has one documented vocabulary — the three words and their common
synonyms — with anything else refused naming the cell; a renamed sheet is named as renamed."""
from __future__ import annotations

import pytest
from openpyxl import load_workbook

from gongkai import domains as registry
from gongkai.catalog.errors import InputError
from gongkai.catalog.workspace import Workspace
from gongkai.rules.assessment.checklist import build_checklist
from gongkai.rules.assessment.checklist_xlsx import COL_RESULT, FIRST_ROW, read_filled_checklist, write_checklist_xlsx
from conftest import TESTS
from gongkai.rules.assessment.scoring import load_scheme

SCHEME = (TESTS / "data" / "schemes" / "two-indicators.toml").read_text("utf-8")   # a small valid scheme


@pytest.mark.parametrize("old, new, field, line", [
    ("total = 20", "total = inf", "scheme.total", 3),
    ("points = 10\ndomains", "points = inf\ndomains", "indicators.0.points", 11),
    ("item = 5", "item = nan", "line_points.item", 6),
    ("cap = 4", "cap = inf", "indicators.0.cap", 14),
    ('weights = { "19" = 2 }', 'weights = { "19" = inf }', "indicators.1.weights", 20),
    ("total = 20", "total = -20", "scheme.total", 3),
    ("points = 10\ndomains", "points = -10\ndomains", "indicators.0.points", 11),
    ("element = 1", "element = -1", "line_points.element", 7),
    ("cap = 4", "cap = -4", "indicators.0.cap", 14),
])
def test_a_non_finite_or_negative_number_is_refused_at_its_line(tmp_path, old, new, field, line):
    path = tmp_path / "s.toml"
    assert old in SCHEME
    path.write_text(SCHEME.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_scheme(str(path))
    fields = {(p.field, p.line) for p in err.value.problems}
    assert any(f.startswith(field) and ln == line for f, ln in fields), fields
    rendered = err.value.render()
    if "inf" in new or "nan" in new:
        assert "a finite number" in rendered


def test_the_scheme_itself_still_loads(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text(SCHEME, encoding="utf-8")
    scheme, _ = load_scheme(str(path))
    assert scheme.scheme.total == 20


# -- the result column ------------------------------------------------------------------------
@pytest.fixture
def drawn(make_workspace, base_item, tmp_path):
    root = make_workspace()
    with Workspace.transaction(root) as ws:
        ws.add_item(ws.ensure_domain(registry.BY_CODE["19"]), base_item)
    path = tmp_path / "cl.xlsx"
    write_checklist_xlsx(build_checklist(Workspace.load(root)), path)
    return path


def _answer(path, item_result, line_result=None, rename=None):
    """The item line (first row) and the line below it (an element) answered as given."""
    book = load_workbook(path)
    sheet = book["检查表"]
    sheet.cell(FIRST_ROW, COL_RESULT).value = item_result
    sheet.cell(FIRST_ROW + 1, COL_RESULT).value = line_result
    if rename:
        sheet.title = rename
    book.save(path)
    return path


@pytest.mark.parametrize("typed, read", [
    ("合格", "符合"), ("不合格", "不符合"), ("不涉及", "不适用"), ("已公开", "符合"), ("未公开", "不符合"),
    ("ＹＥＳ", "符合"), (" 符 合 ", "符合"), ("是", "符合"), ("否", "不符合"), ("Pass", "符合"), ("N/A", "不适用"),
])
def test_the_documented_synonyms_are_read(drawn, typed, read):
    cl = read_filled_checklist(_answer(drawn, typed, typed))
    assert [fl.result for fl in cl.lines[:2]] == [read, read]


@pytest.mark.parametrize("typed", ["部分符合", "基本符合", "良好", "0", "1"])
def test_any_other_word_is_refused_naming_the_cell_and_the_vocabulary(drawn, typed):
    with pytest.raises(InputError) as err:
        read_filled_checklist(_answer(drawn, "符合", typed))
    text = err.value.render()
    assert f"cell K{FIRST_ROW + 1}" in text and repr(typed) in text
    assert "合格" in text and "不涉及" in text      # the vocabulary is shown, synonyms included


def test_a_renamed_sheet_is_named_as_renamed(drawn):
    with pytest.raises(InputError) as err:
        read_filled_checklist(_answer(drawn, "符合", rename="民政局"))
    text = err.value.render()
    assert "'检查表'" in text and "renamed" in text and "'民政局'" in text
