"""`gongkai import FILE --update`: an exported workbook edited in Excel goes back as updates (issue 15)."""
from __future__ import annotations

import json

from openpyxl import load_workbook

from gongkai.catalog.workspace import Workspace


def _export(gk, ws, tmp_path):
    path = tmp_path / "目录.xlsx"
    assert gk("export", "--format", "xlsx", "-o", path, "-w", ws)[0] == 0
    return path


FIRST_ROW = 4          # the export: a title row, the two header lines, then the items


def _column(sheet, label):
    return next(c.column for c in sheet[2] if c.value == label)


def _update(gk, ws, path, *extra):
    code, out, err = gk("import", path, "--update", "--format", "json", "-w", ws, *extra)
    return code, json.loads(out), err


def test_an_unchanged_export_changes_nothing_and_adds_nothing(gk, ws, tmp_path):
    path = _export(gk, ws, tmp_path)
    before = {p: p.read_bytes() for p in (ws / "domains").glob("*.toml")}
    code, data, _ = _update(gk, ws, path)
    assert code == 0 and data["changed"] == [] and data["added"] == [] and data["to_amend"] == []
    assert len(data["unchanged"]) == sum(1 for _ in Workspace.load(ws).items())
    assert {p: p.read_bytes() for p in before} == before


def test_edited_cells_update_their_items_and_empty_cells_keep_the_value(gk, ws, tmp_path):
    path = _export(gk, ws, tmp_path)
    book = load_workbook(path)
    sheet = book["19 社会救助"]
    code_col, deadline_col = _column(sheet, "事项编码"), _column(sheet, "公开时限")
    first, second = sheet.cell(FIRST_ROW, code_col).value, sheet.cell(FIRST_ROW + 1, code_col).value
    was, kept = (Workspace.load(ws).find(c)[1].deadline for c in (first, second))
    sheet.cell(FIRST_ROW, deadline_col).value = "信息形成或者变更之日起10个工作日内"
    sheet.cell(FIRST_ROW + 1, deadline_col).value = None
    book.save(path)
    code, data, _ = _update(gk, ws, path)
    assert code == 0 and [c["code"] for c in data["changed"]] == [first]
    assert data["changed"][0]["changes"] == [{"field": "deadline", "from": was,
                                              "to": "信息形成或者变更之日起10个工作日内"}]
    loaded = Workspace.load(ws)
    assert loaded.find(first)[1].deadline == "信息形成或者变更之日起10个工作日内"
    assert loaded.find(second)[1].deadline == kept                      # an emptied cell clears nothing


def test_rows_without_a_match_are_added_and_items_in_force_are_listed(gk, ws, tmp_path):
    path = _export(gk, ws, tmp_path)
    book = load_workbook(path)
    sheet = book["19 社会救助"]
    code_col, deadline_col = _column(sheet, "事项编码"), _column(sheet, "公开时限")
    first = sheet.cell(FIRST_ROW, code_col).value
    sheet.cell(FIRST_ROW, deadline_col).value = "信息形成或者变更之日起10个工作日内"
    row = sheet.max_row + 1
    sheet.cell(row, code_col + 1).value = "新增一级事项"
    sheet.cell(row, code_col + 2).value = "新增二级事项"
    sheet.cell(row, deadline_col).value = "信息形成之日起20个工作日内"
    book.save(path)
    assert gk("submit", first, "-w", ws)[0] == 0                         # in review: not editable
    code, data, _ = _update(gk, ws, path)
    assert code == 1
    assert [(a["code"], a["status"]) for a in data["to_amend"]] == [(first, "in_review")]
    assert [a["label"] for a in data["added"]] == ["新增一级事项 / 新增二级事项"]
    assert Workspace.load(ws).find(first)[1].deadline != "信息形成或者变更之日起10个工作日内"
    _, out, _ = gk("import", path, "--update", "--dry-run", "-w", ws)
    assert f"gongkai reject {first}" in out


def test_rows_are_matched_by_their_labels_when_the_code_is_gone(gk, ws, tmp_path):
    from collections import Counter

    items = [i for d, i in Workspace.load(ws).items() if d.code == "19"]
    labels = Counter((i.category, i.name) for i in items)
    item = next(i for i in items if labels[(i.category, i.name)] == 1 and not i.subitem)
    path = tmp_path / "template.csv"
    path.write_text("序号,一级事项,二级事项,公开主体\n"
                    f"1,{item.category},{item.name},区民政局(更新)\n", encoding="utf-8")
    code, data, _ = _update(gk, ws, path, "--domain", "19")
    assert code == 0 and [c["code"] for c in data["changed"]] == [item.code]
    assert Workspace.load(ws).find(item.code)[1].body == "区民政局(更新)"
