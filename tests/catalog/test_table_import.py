"""Table import over the real catalogue transcriptions (copies of shared/data/catalogues) and
over spreadsheets laid out as officers keep them."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from gongkai.catalog.tables.importer import read_file
from gongkai.catalog.model import Item

DATA = Path(__file__).resolve().parents[1] / "data" / "catalogues"
FILES = sorted(p.name for p in DATA.glob("*.md"))

# (items, rows reported as not importable) per file, checked by reading each block's rows.
EXPECTED = {
    "01-urban-rural-planning.md": (25, 0),
    "02-land-expropriation.md": (6, 3),
    "03-major-projects.md": (16, 0),
    "04-public-resource-trading.md": (7, 2),
    "05-budgets.md": (9, 1),
    "06-work-safety.md": (22, 1),
    "07-disaster-relief.md": (11, 0),
    "08-taxation.md": (11, 0),
    "09-housing-expropriation.md": (16, 0),
    "10-affordable-housing.md": (12, 0),
    "11-rural-housing-renovation.md": (21, 2),
    "12-urban-enforcement.md": (22, 2),
    "13-municipal-services.md": (15, 0),
    "14-environmental-protection.md": (17, 1),
    "15-public-culture.md": (26, 2),
    "16-public-legal-services.md": (18, 0),
    "17-poverty-alleviation.md": (22, 1),
    "18-agricultural-subsidies.md": (14, 1),
    "19-social-assistance.md": (39, 5),
    "20-elderly-care.md": (12, 2),
    "21-food-drug-safety.md": (11, 0),
    "22-employment.md": (7, 0),
    "23-social-insurance.md": (32, 1),
    "24-household-registration.md": (34, 1),
    "25-compulsory-education.md": (21, 0),
    "26-health.md": (33, 3),
}


def _read(name: str):
    return read_file(DATA / name)


def _at(result, line: int):
    found = [i for i in result.items if i.line == line]
    assert found, f"no item starts at line {line}"
    return found[0].fields


def _table_rows(path: Path) -> set[int]:
    """Line numbers of every data row of every pipe table, found without the importer."""
    lines = path.read_text("utf-8").split("\n")
    rows, inside = set(), False
    for n, line in enumerate(lines, 1):
        if line.startswith("|"):
            if not inside and n < len(lines) and re.match(r"^\|(\s*-+\s*\|)+\s*$", lines[n]):
                inside = "header"
                continue
            if inside == "header":
                inside = "sep"
                continue
            if inside:
                rows.add(n)
        else:
            inside = False
    return rows


def test_every_shared_file_is_copied():
    assert set(FILES) == set(EXPECTED)


@pytest.mark.parametrize("name", FILES)
def test_file_imports_with_expected_counts(name):
    result = _read(name)
    assert (len(result.items), len(result.problems)) == EXPECTED[name]
    for parsed in result.items:
        Item.model_validate({**parsed.fields, "code": "00-00-000"})


@pytest.mark.parametrize("name", FILES)
def test_no_row_is_dropped_silently(name):
    """Every table row is an item, a continuation merged into one, a reported row, or blank."""
    result = _read(name)
    accounted = {i.line for i in result.items} | {n for i in result.items for n in i.more_lines}
    accounted |= {p.line for p in result.problems} | set(result.blank_lines)
    table_rows = _table_rows(DATA / name)
    # A second header row inside a table (一级事项 / 全社会 under 公开事项 / 公开对象) is header.
    headers = table_rows - accounted
    text = (DATA / name).read_text("utf-8").split("\n")
    assert all("一级" in text[n - 1] or "一級" in text[n - 1] for n in headers), sorted(headers)
    assert not accounted - table_rows


def test_deadline_text_kept_as_published():
    fields = _at(_read("19-social-assistance.md"), 25)       # mdx.gov.cn, row 5 审核信息
    assert fields["name"] == "审核信息"
    assert fields["deadline"] == "制定或获取信息之日起10个工作日内,公示7个工作日"


def test_tick_columns_become_sets():
    fields = _at(_read("19-social-assistance.md"), 61)       # 盖州市, ticks aligned
    assert set(fields["method"]["audience"]) == {"全社会"}
    assert set(fields["method"]["mode"]) == {"主动"}
    assert set(fields["levels"]) == {"县级", "乡级", "村级"}   # 乡、村级 ticks two levels


def test_level_named_in_its_cell():
    result = _read("11-rural-housing-renovation.md")        # header "州级县级", cells "县级" / "州级"
    assert set(_at(result, 17)["levels"]) == {"县级", "乡级", "村级"}
    assert set(_at(result, 20)["levels"]) == {"市级", "乡级", "村级"}


def test_required_elements_marked_with_dots():
    fields = _at(_read("10-affordable-housing.md"), 34)      # 江门 (“●”表示必选项)
    assert fields["elements"][:2] == [{"name": "文件名称", "required": True}, {"name": "文号", "required": True}]
    assert len(fields["elements"]) == 6


def test_same_as_above_is_resolved():
    result = _read("03-major-projects.md")                  # 坦洲镇: row 2 公开时限 "同上"
    assert _at(result, 57)["deadline"] == _at(result, 56)["deadline"]
    assert _at(result, 57)["deadline"].startswith("信息形成20个工作日内公开")
    legal = _read("16-public-legal-services.md")           # 梅县区: 公开依据 and 渠道 "同上"
    assert _at(legal, 37)["basis"] == _at(legal, 36)["basis"] != []
    assert _at(legal, 39)["method"]["channels"] == _at(legal, 36)["method"]["channels"]


def test_masked_body_is_missing_not_data():
    fields = _at(_read("01-urban-rural-planning.md"), 51)    # qianlima: 公开主体 "******局"
    assert "body" not in fields
    assert "masked in the source: '******局'" in fields["source"]["note"]


def test_unmappable_row_reported_with_its_line():
    result = _read("19-social-assistance.md")
    problem = next(p for p in result.problems if p.line == 23)
    assert problem.seq == "3" and problem.reason == "二级事项 not stored in the source"
    assert problem.file.endswith("19-social-assistance.md")
    # the row under it names its own 二级事项 and keeps the 一级事项 that row 3 carried
    assert (_at(result, 24)["category"], _at(result, 24)["name"]) == ("最低生活保障", "办事指南")


def test_first_row_without_category_is_reported():
    result = _read("04-public-resource-trading.md")         # 开化县: 一级事项 merged from above the excerpt
    reasons = {p.line: p.reason for p in result.problems}
    assert reasons == {46: "一级事项 is blank and no row above gives it",
                       47: "一级事项 is blank and no row above gives it"}


def test_continuation_rows_add_content():
    fields = _at(_read("05-budgets.md"), 18)                 # 三角镇 政府预算 with (cont.) lines
    names = [e["name"] for e in fields["elements"]]
    assert "没有数据的表格应当列出空表并说明" in names
    assert any(n.startswith("政府性基金预算") for n in names)


def test_merged_sub_row_joins_its_item():
    fields = _at(_read("26-health.md"), 21)                  # tchuan: "(1)" row = 结果信息, 7 working days
    assert "结果信息——母婴保健技术服务执业许可证信息" in [e["name"] for e in fields["elements"]]
    assert "20个工作日内" in fields["deadline"] and "7个工作日内" in fields["deadline"]


def test_tier_prefixes_set_the_tier():
    basis = _at(_read("26-health.md"), 49)["basis"]          # 通道县: 【法律】【行政法规】【部门规章及规范性文件】
    tiers = {b["title"].split("》")[0] + "》": b.get("tier") for b in basis}
    assert tiers["《中华人民共和国行政许可法》"] == "法律"
    assert tiers["《计划生育技术服务管理条例》"] == "行政法规"
    assert tiers["《国家卫生健康委关于修改<职业健康检查管理办法>等 4 部门规章的决定》"] == "部门规章"
    assert len(basis) == 6


def test_basis_split_into_laws_with_articles():
    basis = _at(_read("24-household-registration.md"), 58)["basis"]   # 互助县 quotes the article
    assert basis[0]["title"] == "《户口登记条例》"
    assert basis[0]["article"].startswith("第七条婴儿出生后一个月以内,由户主、亲属、抚养人或者邻居")
    assert basis[1]["title"] == "《政府信息公开条例》"


def test_three_levels_and_single_item_column():
    fields = _at(_read("24-household-registration.md"), 110)  # 鄱阳县 一级/二级/三级事项
    assert fields["subitem"] == "出生登记(补报往年出生,6岁以下的)"
    dean = _read("18-agricultural-subsidies.md")            # 德安县: one 公开事项 column
    first = next(i.fields for i in dean.items if (i.fields["source"].get("url") or "").startswith("http://www.dean"))
    assert first["category"] == first["name"] == "政策文件"


def test_labels_in_one_cell():
    result = _read("19-social-assistance.md")               # 石城县 "综合业务 / 综合业务 / 政策法规文件"
    assert (_at(result, 151)["category"], _at(result, 151)["name"]) == ("综合业务", "政策法规文件")
    assert (_at(result, 152)["category"], _at(result, 152)["name"]) == ("综合业务", "监督检查")


def test_channels_normalised_and_unknown_kept():
    social = _read("19-social-assistance.md")
    assert _at(social, 21)["method"]["channels"] == ["政府网站", "政务服务中心", "社区/企事业单位/村公示栏(电子屏)"]
    assert "办事窗口" in _at(_read("24-household-registration.md"), 40)["method"]["channels"]
    elderly = _at(_read("20-elderly-care.md"), 21)["method"]["channels"]   # "■政府服务中心"
    assert elderly == ["政府网站", "两微一端", "政务服务中心"]


def test_traditional_headers_and_debris():
    result = _read("02-land-expropriation.md")              # 寮步镇 mirror: 公開事項(xiàng), packed 2nd header
    fields = _at(result, 58)
    assert fields["category"] == "征地管理政策" and set(fields["levels"]) == {"市级"}
    assert "(bǔ)" not in fields["elements"][0]["name"]
    assert fields["source"]["note"].startswith("source is a corrupted mirror copy")


def test_text_in_tick_column_and_extra_columns():
    projects = _at(_read("03-major-projects.md"), 81)       # 赛罕区: 特定群众 cell "项目单位"
    assert projects["method"]["audience"] == ["特定群体"] and "特定群众: 项目单位" in projects["note"]
    budgets = _at(_read("05-budgets.md"), 66)               # tq.gov.cn 五公开 "□决策 … ?结果"
    assert budgets["stages"] == ["结果"]
    insurance = _at(_read("23-social-insurance.md"), 22)    # 平武县: 公开属性 words, phone columns
    assert insurance["method"]["mode"] == ["主动"] and insurance["method"]["audience"] == ["全社会"]
    assert "咨询电话: 0816-4773001" in insurance["note"]
    assert "body" not in _at(_read("19-social-assistance.md"), 184)    # 五间镇: no 公开主体 column


def test_run_together_ticks_kept_in_note():
    fields = _at(_read("12-urban-enforcement.md"), 19)
    assert fields["method"]["mode"] == [] and fields["levels"] == []
    assert "ticks as stored: √ √ √ √ over 全社会 / 特定群体 / 主动 / 依申请 / 市级 / 县级" in fields["source"]["note"]


def test_truncated_cell_keeps_only_complete_entries():
    fields = _at(_read("24-household-registration.md"), 44)  # 赣州 "1.受理部门 2.办理条件 3.办理流程 4 (truncated)"
    assert [e["name"] for e in fields["elements"]] == ["受理部门", "办理条件"]
    assert "cut off in the source" in fields["source"]["note"]


def test_mirror_flag_in_note():
    fields = _at(_read("19-social-assistance.md"), 120)
    assert fields["source"]["note"].startswith("source is a mirror copy on a non-government host")
    assert fields["source"]["url"] == "https://x-aodauto.com/rqxrmzf/c111317/Anarticle2.shtml"


# -- spreadsheets as officers keep them ---------------------------------------------------
def _officer_workbook(path: Path) -> None:
    """A title row, header groups merged over their columns, labels merged down over both header
    lines, and 一级事项 merged down; rows from the 大竹县 社会救助 page, one with 同上, one with a
    〇 optional element, one without any 事项."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    head1 = ["序号", "公开事项", None, "公开内容(要素)", "公开依据", "公开时限", "公开主体", "公开渠道和载体",
             "公开对象", None, "公开方式", None, "公开层级", None]
    head2 = [None, "一级事项", "二级事项", None, None, None, None, None, "全社会", "特定群众", "主动", "依申请公开",
             "县级", "乡、村级"]
    sheet.append(["四川大竹县社会救助领域基层政务公开标准目录"] + [None] * 13)
    sheet.append(head1)
    sheet.append(head2)
    body = "县民政局、各乡(镇)人民政府(街道办事处)"
    sheet.append([1, "综合业务", "政策法规文件", "●《社会救助暂行办法》 〇各地配套政策法规文件", "《信息公开条例》及相关规定",
                  "制定或获取信息之日起10个工作日内", body, "■政府网站 ■公开查阅点 ■政务服务中心", "√", None, "√", None,
                  "√", "√"])
    sheet.append([2, None, "监督检查", "社会救助信访通讯地址、社会救助投诉举报电话", "同上", "同上", body,
                  "■政府网站 □两微一端 ■社区/企事业单位/村公示栏(电子屏)", "√", None, "√", None, "√", "√"])
    sheet.append([3, "最低生活保障", "办事指南", "办理事项\n办理条件\n申请材料", "《国务院关于进一步加强和改进最低生活保障工作的意见》",
                  "制定或获取信息之日起10个工作日内", body, "政府网站", "√", None, "√", None, "√", None])
    sheet.append([4, None, None, None, None, None, None, None, None, None, None, None, None, None])
    sheet.append([5, "****", "审核信息", "初审对象名单", None, None, None, None, None, None, None, None, None, None])
    sheet.merge_cells("A1:N1")
    for col in "ADEFGH":
        sheet.merge_cells(f"{col}2:{col}3")
    for rng in ("B2:C2", "I2:J2", "K2:L2", "M2:N2", "B4:B5"):
        sheet.merge_cells(rng)
    book.save(path)


def test_a_stray_cell_far_below_the_table_reads_no_empty_rows(tmp_path):
    """A blank typed at row 65536 and a cell formatted at the sheet's last row (both seen in real
    workbooks) are not a million rows to read."""
    from openpyxl import load_workbook
    from openpyxl.styles import Font

    path = tmp_path / "大竹县.xlsx"
    _officer_workbook(path)
    book = load_workbook(path)
    book.active.cell(65536, 1).value = " "
    book.active.cell(1048576, 2).font = Font(bold=True)
    book.save(path)
    result = read_file(path)
    assert result.rows == 5 and len(result.items) == 3


def test_a_hidden_sheet_is_reported_not_imported(tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "大竹县.xlsx"
    _officer_workbook(path)
    book = load_workbook(path)
    old = book.copy_worksheet(book.active)
    old.title, old.sheet_state = "旧版(作废)", "hidden"
    book.save(path)
    result = read_file(path)
    assert len(result.items) == 3                        # the visible sheet only
    [hidden] = [p for p in result.problems if "hidden" in p.reason]
    assert hidden.file.endswith("[旧版(作废)]") and "unhide the sheet" in hidden.reason


def test_xlsx_as_officers_keep_it(tmp_path):
    path = tmp_path / "大竹县.xlsx"
    _officer_workbook(path)
    result = read_file(path)
    items = {(i.fields["category"], i.fields["name"]): i.fields for i in result.items}
    assert list(items) == [("综合业务", "政策法规文件"), ("综合业务", "监督检查"), ("最低生活保障", "办事指南")]
    first = items[("综合业务", "政策法规文件")]
    assert first["elements"] == [{"name": "《社会救助暂行办法》", "required": True},
                                 {"name": "各地配套政策法规文件", "required": False}]
    assert set(first["levels"]) == {"县级", "乡级", "村级"} and first["method"]["mode"] == ["主动"]
    second = items[("综合业务", "监督检查")]                       # 一级事项 merged down, 同上 resolved
    assert second["basis"] == first["basis"] and second["deadline"] == first["deadline"]
    assert second["method"]["channels"] == ["政府网站", "社区/企事业单位/村公示栏(电子屏)"]
    assert [e["name"] for e in items[("最低生活保障", "办事指南")]["elements"]] == ["办理事项", "办理条件", "申请材料"]
    assert {(p.line, p.reason) for p in result.problems} == {
        (7, "the row holds only its 序号 (empty on the page)"),
        (8, "一级事项 masked in the source ('****')"),
    }
    assert result.items[0].line == 4 and result.items[0].fields["source"]["row"] == 4


def test_csv_saved_by_chinese_excel(tmp_path):
    path = tmp_path / "catalogue.csv"
    rows = ["序号,一级事项,二级事项,公开内容,公开依据,公开时限,公开主体,公开渠道和载体,全社会,特定群体,主动,依申请,县级,乡级",
            "1,出生登记,出生登记,受理部门、办理条件、办理流程,《户口登记条例》,形成或者变更之日起20个工作日内予以公开,"
            "公安机关,政府网站 入户/现场,√,,√,,√,"]
    path.write_bytes("\r\n".join(rows).encode("gb18030"))
    result = read_file(path)
    (item,) = result.items
    assert item.fields["elements"] == [{"name": n, "required": True} for n in ("受理部门", "办理条件", "办理流程")]
    assert item.fields["method"]["channels"] == ["政府网站", "入户/现场"]
    assert set(item.fields["levels"]) == {"县级"}


def test_zero_width_characters_pasted_into_cells_are_dropped(tmp_path):
    path = tmp_path / "catalogue.csv"
    rows = ["序号,一级事项,二级事项,公开内容,公开时限,公开主体",
            "1,出生登记\ufeff,出生\u200b登记,受理部门,形成或者变更之日起20个工作日内,公安机关"]
    path.write_text("\n".join(rows), "utf-8")
    (item,) = read_file(path).items
    assert (item.fields["category"], item.fields["name"]) == ("出生登记", "出生登记")


def test_unknown_format_and_no_header_are_input_errors(tmp_path):
    from gongkai.catalog.errors import InputError

    odd = tmp_path / "x.docx"
    odd.write_text("x")
    with pytest.raises(InputError, match="unknown table format"):
        read_file(odd)
    empty = tmp_path / "x.csv"
    empty.write_text("a,b\n1,2\n")
    with pytest.raises(InputError, match="no catalogue header"):
        read_file(empty)


# -- the command ------------------------------------------------------------------------
def _cli():
    import typer

    from gongkai.cli.table_cmds import register

    app = typer.Typer()
    register(app)
    return app


def test_import_dry_run_writes_nothing_then_import_adds(make_workspace):
    from typer.testing import CliRunner

    root = make_workspace()
    runner = CliRunner()
    source = DATA / "19-social-assistance.md"
    before = sorted(p.name for p in (root / "domains").glob("*.toml"))
    dry = runner.invoke(_cli(), ["import", str(source), "--domain", "19", "-w", str(root), "--dry-run"])
    assert dry.exit_code == 1                               # rows were reported
    assert "would add 39 items to 19 社会救助 (dry run: nothing written)" in dry.output
    assert "410106-19-01-001  综合业务 / 政策法规文件  (line 21)" in dry.output
    assert sorted(p.name for p in (root / "domains").glob("*.toml")) == before
    real = runner.invoke(_cli(), ["import", str(source), "--domain", "social-assistance", "-w", str(root),
                                  "--format", "json"])
    data = json.loads(real.stdout)
    assert len(data["added"]) == 39 and len(data["not_imported"]) == 5
    assert {"line": 23, "seq": "3", "reason": "二级事项 not stored in the source"}.items() <= \
        next(p for p in data["not_imported"] if p["line"] == 23).items()
    from gongkai.catalog.workspace import Workspace

    ws = Workspace.load(root)
    items = ws.domain("19").model.items
    assert len(items) == 39 and all(i.status == "draft" for i in items)
    assert items[0].code == "410106-19-01-001"
    again = json.loads(runner.invoke(_cli(), ["import", str(source), "--domain", "19", "-w", str(root), "--dry-run",
                                              "--format", "json"]).stdout)
    pairs = {m["code"]: m["existing"] for m in again["matching_existing"]}
    first = next(a["code"] for a in again["added"] if a["line"] == 21)   # 综合业务 / 政策法规文件 again
    assert len(pairs) == 39 and pairs[first] == "410106-19-01-001" != first


def test_import_unknown_domain_is_usage_error(make_workspace):
    from gongkai.catalog.errors import UsageError
    from typer.testing import CliRunner

    root = make_workspace()
    result = CliRunner().invoke(_cli(), ["import", str(DATA / "19-social-assistance.md"), "--domain", "99",
                                         "-w", str(root)])
    assert isinstance(result.exception, UsageError)


def test_a_csv_with_a_broken_quote_is_refused_with_its_line(tmp_path):
    """A quote that never closes would swallow the rest of the file into one cell."""
    from gongkai.catalog.errors import InputError
    from gongkai.catalog.tables.importer import read_file

    bad = tmp_path / "bad.csv"
    bad.write_text('一级事项,二级事项,公开时限\n社会救助,"未闭合,x\n最低生活保障,办事指南,实时公开\n', "utf-8")
    with pytest.raises(InputError) as exc:
        read_file(bad)
    assert "bad.csv:" in exc.value.render() and "not valid CSV" in exc.value.render()
