"""`gongkai checklist`: the lines drawn per item, the XLSX an assessor fills in, samples, HTML/MD/CSV."""
from __future__ import annotations

import csv
import io
import math
import re
from collections import Counter

import pytest
from typer.testing import CliRunner

from gongkai.catalog.errors import UsageError
from gongkai.catalog.workspace import Workspace
from gongkai.cli.app import app
from gongkai.rules.assessment.checklist import build_checklist
from gongkai.rules.assessment.checklist_render import render_csv, render_html, render_markdown
from gongkai.rules.assessment.checklist_xlsx import COL_RESULT, COL_SEEN, FIRST_ROW, HEADER_ROW, HEADERS, write_checklist_xlsx

runner = CliRunner()
BLANK = {"", "/", "-", "—", "——", "无"}


@pytest.fixture(scope="module")
def adopted(tmp_path_factory):
    from gongkai.catalog.workspace import init_workspace

    root = tmp_path_factory.mktemp("cl") / "ws"
    init_workspace(root, "410106", "上街区")
    return Workspace.load(root)


def expected_lines(item) -> list[tuple[str, str]]:
    """The lines of one item, worked out from the item as stored."""
    out = [("item", item.code)]
    out += [("element", e.name) for e in item.elements]
    if (item.deadline or "").strip() not in BLANK:
        out.append(("deadline", item.deadline))
    if item.method.channels:
        out.append(("channel", "channels"))
    return out


def test_one_block_per_item_of_a_domain(adopted):
    cl = build_checklist(adopted, domain="19")
    items = [i for d, i in adopted.items() if d.code == "19"]
    want = [kind for i in sorted(items, key=lambda i: i.code) for kind, _ in expected_lines(i)]
    assert [line.kind for line in cl.lines] == want
    assert cl.items == len(items) and cl.population == len(items)
    heads = [line for line in cl.lines if line.kind == "item"]
    assert [h.number for h in heads] == list(range(1, len(items) + 1))
    first = heads[0]
    item = min(items, key=lambda i: i.code)
    assert first.code == item.code and first.body == (item.body or "") and first.domain_name == "社会救助"
    if "政府网站" in item.method.channels:
        assert first.where.startswith("政府网站 基层政务公开专栏 › 社会救助 ›")
    marks = [line.mark for line in cl.lines if line.kind == "element" and line.code == item.code]
    assert marks == ["●" if e.required else "〇" for e in item.elements]


def test_filters_by_level_and_department(adopted):
    township = build_checklist(adopted, level="township")
    assert township.level == "乡级"
    codes = {line.code for line in township.lines}
    assert codes == {i.code for _, i in adopted.items() if "乡级" in i.levels}
    with pytest.raises(UsageError):
        build_checklist(adopted, level="省级")
    dept = build_checklist(adopted, dept="区教育局")
    assert dept.dept == "区教育局"
    assert {line.code for line in dept.lines if line.kind == "item"} == \
           {i.code for _, i in adopted.items() if i.body and "区教育局" in i.body}


def test_sample_is_reproducible_and_stratified_by_domain(adopted):
    sizes = Counter(d.code for d, _ in adopted.items())
    n = len(sizes) + 10
    a = build_checklist(adopted, sample=n, seed="2026")
    b = build_checklist(adopted, sample=n, seed="2026")
    c = build_checklist(adopted, sample=n, seed="2027")
    codes = lambda cl: [line.code for line in cl.lines if line.kind == "item"]
    assert codes(a) == codes(b) and len(codes(a)) == n
    assert codes(a) != codes(c)
    per_domain = Counter(code.split("-")[1] for code in codes(a))
    total, k = sum(sizes.values()), len(sizes)
    for dom, size in sizes.items():
        # one each, the other n − k shared in proportion to the rest of each domain (largest remainder)
        exact = 1 + (n - k) * (size - 1) / (total - k)
        assert math.floor(exact) <= per_domain[dom] <= math.ceil(exact), dom
    assert a.population == total and "抽样" in a.title() and "种子 2026" in a.title()
    with pytest.raises(UsageError):
        build_checklist(adopted, sample=5)          # a sample needs its seed


def test_xlsx_is_ready_to_fill_in(adopted, tmp_path):
    from openpyxl import load_workbook

    cl = build_checklist(adopted, domain="19")
    path = tmp_path / "cl.xlsx"
    write_checklist_xlsx(cl, path)
    book = load_workbook(path)
    assert book.sheetnames == ["检查表", "_gongkai"] and book["_gongkai"].sheet_state == "veryHidden"
    sheet = book["检查表"]
    assert [c.value for c in sheet[HEADER_ROW]] == list(HEADERS)
    assert sheet.freeze_panes == "E3"
    last = FIRST_ROW + len(cl.lines) - 1
    assert sheet.max_row == last
    rules = {str(dv.sqref): dv for dv in sheet.data_validations.dataValidation}
    result = rules[f"K{FIRST_ROW}:K{last}"]
    assert result.type == "list" and result.formula1 == '"符合,不符合,不适用"'
    assert rules[f"M{FIRST_ROW}:M{last}"].type == "date"
    assert sheet.column_dimensions["E"].width >= 40 and sheet.column_dimensions["K"].width >= 8
    assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
    assert sheet.print_title_rows.replace("$", "") == "2:2"
    assert sheet.protection.sheet
    assert not sheet.cell(FIRST_ROW, COL_RESULT).protection.locked and not sheet.cell(FIRST_ROW, COL_SEEN).protection.locked
    assert sheet.cell(FIRST_ROW, 3).protection.locked
    assert [sheet.cell(r, 3).value for r in range(FIRST_ROW, last + 1)] == [line.code for line in cl.lines]


def test_html_markdown_csv(adopted):
    cl = build_checklist(adopted, domain="25")
    html = render_html(cl)
    assert "size: A4" in html and "<thead>" in html and html.count('<tbody class="item">') == cl.items
    assert all(line.code in html for line in cl.lines) and "☐符合 ☐不符合 ☐不适用" in html
    md = render_markdown(cl)
    assert md.count("| 事项 |") == cl.items and md.startswith("# 上街区 基层政务公开检查表")
    csv_text = render_csv(cl)
    assert csv_text.startswith("\ufeff序号,类型,事项编码")
    rows = list(csv.reader(io.StringIO(csv_text.lstrip("\ufeff"))))
    assert len(rows) == len(cl.lines) + 1 and [r[2] for r in rows[1:]] == [line.code for line in cl.lines]


def test_cli(tmp_path, adopted):
    out = tmp_path / "c.xlsx"
    result = runner.invoke(app, ["checklist", "-w", str(adopted.root), "--domain", "社会救助", "--sample", "3",
                                 "--seed", "7", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert re.search(r"wrote .*c\.xlsx: 3 of \d+ items \(seed 7\)", result.output)
    md = runner.invoke(app, ["checklist", "-w", str(adopted.root), "--domain", "19", "--format", "md"])
    assert md.exit_code == 0 and md.output.startswith("# 上街区")
    assert isinstance(runner.invoke(app, ["checklist", "-w", str(adopted.root)]).exception, UsageError)   # xlsx needs -o
    assert isinstance(runner.invoke(app, ["checklist", "-w", str(adopted.root), "--domain", "99", "--format", "md"])
                      .exception, UsageError)
