"""Table export: the ministries' layout, formula guards, approved content, and the round trip
of the real standard catalogues through every importable format."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from gongkai import domains
from gongkai.catalog.model import Item
from gongkai.catalog.tables.export import export, in_force
from gongkai.catalog.tables.importer import read_file


def _bundled():
    return [(d.model.domain, list(d.model.items)) for d in (domains.load_bundled(x.code) for x in domains.REGISTRY)]


def _comparable(content: dict) -> dict:
    # where a row was read from (file, line) changes with every file; locality and URL must not
    source = content.get("source", {})
    content["source"] = {k: v for k, v in source.items() if k in ("locality", "url", "note")}
    return content


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "md", "json"])
def test_round_trip_of_the_real_catalogues(tmp_path, fmt):
    data = _bundled()
    path = tmp_path / f"all.{fmt}"
    assert export(data, fmt, path, internal=True) == sum(len(items) for _, items in data)
    result = read_file(path)
    assert result.problems == []
    expected = [_comparable(i.content()) for _, items in data for i in sorted(items, key=lambda i: i.code)]
    got = [_comparable(Item.model_validate({**p.fields, "code": "00-00-000"}).content()) for p in result.items]
    assert len(got) == len(expected)
    for before, after in zip(expected, got):
        assert after == before


def _item(**change) -> Item:
    base = {"code": "410106-19-01-001", "category": "综合业务", "name": "政策法规文件",
            "elements": ["《社会救助暂行办法》", {"name": "各地配套政策法规文件", "required": False}],
            "basis": [{"title": "《信息公开条例》及相关规定"}], "deadline": "制定或获取信息之日起10个工作日内",
            "body": "县民政局", "method": {"mode": ["主动"], "audience": ["全社会"], "channels": ["政府网站"]},
            "levels": ["县级", "乡级"]}
    base.update(change)
    return Item.model_validate(base)


def _header():
    return domains.load_bundled("19").model.domain


def test_formula_cells_are_neutralised(tmp_path):
    item = _item(body="=HYPERLINK(\"http://x\",\"y\")", deadline="+20个工作日", note="@note")
    export([(_header(), [item])], "csv", tmp_path / "x.csv")
    rows = list(csv.reader(io.StringIO((tmp_path / "x.csv").read_text("utf-8-sig"))))
    cells = [c for row in rows[2:] for c in row]
    assert "'=HYPERLINK(\"http://x\",\"y\")" in cells and "'+20个工作日" in cells and "'@note" in cells
    export([(_header(), [item])], "xlsx", tmp_path / "x.xlsx")
    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "x.xlsx").active
    values = [c.value for row in sheet.iter_rows(min_row=4) for c in row]
    assert "'=HYPERLINK(\"http://x\",\"y\")" in values
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    back = read_file(tmp_path / "x.xlsx").items[0].fields      # the guard is undone on import
    assert back["body"] == "=HYPERLINK(\"http://x\",\"y\")" and back["deadline"] == "+20个工作日"


def test_xlsx_layout_is_the_ministries(tmp_path):
    items = [_item(), _item(code="410106-19-01-002", name="监督检查"),
             _item(code="410106-19-02-001", category="最低生活保障", name="办事指南")]
    export([(_header(), items)], "xlsx", tmp_path / "x.xlsx")
    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "x.xlsx").active
    assert sheet.cell(1, 1).value == "19 社会救助领域基层政务公开标准目录"
    merged = {str(r) for r in sheet.merged_cells.ranges}
    row2 = [c.value for c in sheet[2]]
    row3 = [c.value for c in sheet[3]]
    assert row2[:4] == ["序号", "事项编码", "公开事项", None] and row3[2:4] == ["一级事项", "二级事项"]
    group = {row2[i]: i for i in range(len(row2)) if row2[i]}
    assert row3[group["公开对象"]:group["公开对象"] + 2] == ["全社会", "特定群体"]
    assert row3[group["公开层级"]:group["公开层级"] + 4] == ["市级", "县级", "乡级", "村级"]
    assert "A2:A3" in merged and "C2:D2" in merged and "C4:C5" in merged     # 一级事项 merged down
    elements = sheet.cell(4, 5).value
    assert elements == "●《社会救助暂行办法》\n〇各地配套政策法规文件"
    assert sheet.cell(4, group["公开层级"] + 2).value == "√" and sheet.cell(4, group["公开层级"] + 1).value is None


def test_html_has_the_two_line_header():
    from gongkai.catalog.tables.export import to_html

    page = to_html([(_header(), [_item()])])
    assert '<th colspan="2">公开事项</th>' in page and '<th colspan="4">公开层级</th>' in page
    assert '<th rowspan="2">公开依据</th>' in page and "<td>√</td>" in page


def test_revising_item_is_exported_as_approved(tmp_path):
    approved = _item().content()
    current = _item(deadline="信息形成之日起5个工作日内", status="revising", approved=approved)
    assert in_force(current).deadline == "制定或获取信息之日起10个工作日内"
    export([(_header(), [current])], "json", tmp_path / "x.json")
    exported = json.loads((tmp_path / "x.json").read_text("utf-8"))["domains"][0]["items"][0]
    assert exported["deadline"] == "制定或获取信息之日起10个工作日内"
    assert exported["status"] == "revising" and exported["code"] == "410106-19-01-001"


def test_export_command_writes_each_format(tmp_path, make_workspace):
    import typer
    from typer.testing import CliRunner

    from gongkai.cli.table_cmds import register

    app = typer.Typer()
    register(app)
    root = make_workspace(adopt=True)
    for fmt in ("xlsx", "csv", "json", "md", "html"):
        out = tmp_path / f"d19.{fmt}"
        result = CliRunner().invoke(app, ["export", "--domain", "19", "--format", fmt, "-o", str(out), "-w", str(root)])
        assert result.exit_code == 0, result.output
        count = len(domains.load_bundled("19").model.items)
        assert f"wrote {out}: {count} items in 1 domain ({fmt})" in result.output
        assert out.stat().st_size > 0
    bad = CliRunner().invoke(app, ["export", "--format", "pdf", "-o", str(tmp_path / "x.pdf"), "-w", str(root)])
    assert bad.exit_code == 2
    assert Path(tmp_path / "d19.json").read_text("utf-8").startswith("{")


@pytest.mark.parametrize("text", ["=SUM(1)", "'=SUM(1)", "''=x", "@a", "-1", "+1", "plain", "'quoted"])
def test_formula_guard_round_trips_every_text(text):
    from gongkai.catalog.tables.text import neutralise, unneutralise

    guarded = neutralise(text)
    assert guarded[:1] not in ("=", "+", "-", "@")
    assert unneutralise(guarded) == text


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "md", "html"])
def test_a_published_table_holds_no_tool_notes_and_no_provenance(tmp_path, fmt):
    """The tables a unit publishes carry what the catalogue says, not how gongkai read it (issue 15)."""
    from openpyxl import load_workbook

    data = _bundled()
    assert any(i.source and i.source.note for _, items in data for i in items)      # there are some to leave out
    path = tmp_path / f"all.{fmt}"
    export(data, fmt, path)
    if fmt == "xlsx":
        text = "\n".join(str(c.value) for ws in load_workbook(path) for row in ws.iter_rows() for c in row if c.value)
    else:
        text = path.read_text("utf-8-sig")
    for tool_words in ("mirror copy", "other collected catalogue", "ticks as stored", "cut off in the source after",
                       "出处地区", "出处链接", "导入说明", "http://mdx.gov.cn"):
        assert tool_words not in text, tool_words
    internal = tmp_path / f"internal.{fmt}"
    export(data, fmt, internal, internal=True)
    inside = internal.read_bytes()
    assert "导入说明".encode() in inside or fmt == "xlsx"
