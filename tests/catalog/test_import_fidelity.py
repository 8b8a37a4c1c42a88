"""Import fidelity (issue 17): every cell lands in the attribute it belongs to, tested on real rows
of the shared transcriptions (copies in tests/data/catalogues)."""
from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.catalog.tables.importer import read_file
from gongkai.catalog.vocab import infer_tier

DATA = Path(__file__).resolve().parents[1] / "data" / "catalogues"
ALL_TEXT = "\n".join(p.read_text("utf-8") for p in sorted(DATA.glob("*.md")))


def _file(code: str) -> Path:
    (path,) = DATA.glob(f"{code}-*.md")
    return path


def _line(code: str, text: str) -> int:
    """The line of the first table row of domain file ``code`` that holds ``text``."""
    lines = _file(code).read_text("utf-8").split("\n")
    return next(n for n, line in enumerate(lines, 1) if line.startswith("|") and text in line)


def _item(code: str, text: str, simplify: bool = False):
    result = read_file(_file(code), simplify=simplify)
    line = _line(code, text)
    found = [p for p in result.items if p.line == line]
    assert found, f"no item at line {line}: {[p.reason for p in result.problems if p.line == line]}"
    return found[0].fields


# -- 依据分级 ------------------------------------------------------------------------------
@pytest.mark.parametrize("title,tier", [
    ("《城市绿化条例》", "行政法规"),                      # 市 inside 城市 is no place
    ("《城市道路管理条例》", "行政法规"),
    ("《城市市容和环境卫生管理条例》", "行政法规"),
    ("《城市供水条例》", "行政法规"),
    ("《人力资源市场暂行条例》", "行政法规"),
    ("《社会救助暂行办法》", "行政法规"),                  # 国务院令第649号, though it reads like a 规章
    ("《四川省国有土地上房屋征收与补偿条例》", "地方性法规"),   # a place at the start of the title
    ("《重庆市天然气管理条例》", "地方性法规"),
    ("《上海市政府信息公开规定》", "地方政府规章"),
    ("《市场监督管理行政处罚程序暂行规定》", "部门规章"),
    ("《已购公有住房和经济适用住房上市出售管理暂行办法》", "部门规章"),
    ("《全国人民代表大会常务委员会关于司法鉴定管理问题的决定》", "法律"),
    ("中华人民共和国政府信息公开条例", "行政法规"),        # no 《》, but it names the regulation
    ("信息公开规定", "其他"),                             # names no document
    ("《国家税务总局关于纳税人权利与义务的公告》", "规范性文件"),
])
def test_basis_tiers_of_real_titles(title, tier):
    assert title.strip("《》") in ALL_TEXT            # every title is one the real rows cite
    assert infer_tier(title) == tier


def test_the_bundle_tiers_the_state_council_regulations_right():
    from gongkai import domains

    tiers = {b.title: b.tier for d in domains.REGISTRY for i in domains.load_bundled(d.code).model.items
             for b in i.basis}
    assert tiers["《城市绿化条例》"] == tiers["《城市道路管理条例》"] == "行政法规"
    assert [t for title, t in tiers.items() if title.startswith("《城市") and t == "地方性法规"] == []


# -- elements -------------------------------------------------------------------------------
def test_shared_qualifier_keeps_the_element_whole():
    fields = _item("07", "| 1 | 政策文件 | 政策规范文件 | 法律法规 | 与救灾有关的法律、法规 |")
    assert [e["name"] for e in fields["elements"]] == ["与救灾有关的法律、法规"]
    fields = _item("06", "办理行政强制的依据、程序 | 《政府信息公开条例》")
    assert "办理行政强制的依据、程序" in [e["name"] for e in fields["elements"]]
    assert not {"程序", "法规", "条件"} & {e["name"] for e in fields["elements"]}


def test_a_list_of_short_names_is_still_split():
    fields = _item("13", "| 1 | 城镇燃气管理 | 燃气经营许可证核发 |")
    assert [e["name"] for e in fields["elements"]] == ["申请条件", "申请材料", "申请流程", "法定依"]


def test_numbers_glued_to_the_entry_before_them_split_the_list():
    fields = _item("25", "1.政府信息的分类、编排体系2.政府信息获取方式")
    names = [e["name"] for e in fields["elements"]]
    assert names[:2] == ["政府信息的分类、编排体系", "政府信息获取方式"]
    assert names[2].startswith("政府信息公开机构信息(包括名称")


def test_a_heading_is_no_element_beside_its_list():
    fields = _item("05", "一般公共预算:①一般公共预算收支预算表。")
    names = [e["name"] for e in fields["elements"]]
    assert "一般公共预算" not in names
    assert names[0] == "一般公共预算收支预算表"


# -- articles, stated tiers, audience --------------------------------------------------------
def test_article_and_tier_columns_go_to_the_basis():
    fields = _item("07", "国家自然灾害救助应急预案 内蒙古自治区自然灾害救助应急预案")
    (basis,) = fields["basis"]
    assert basis["title"] == "《中华人民共和国政府信息公开条例》"
    assert basis["article"] == "第二十条(十二)突发公共事件的应急预案、预警信息及应对情况"
    assert basis["tier"] == "行政法规"                         # 依据效力 "法规"
    assert "条款内容" not in (fields.get("_note") or "")


def test_article_quoted_in_the_basis_cell():
    fields = _item("24", "《户口登记条例》、第七条弃婴")
    first = fields["basis"][0]
    assert first["title"] == "《户口登记条例》" and first["article"].startswith("第七条弃婴")


def test_audience_written_as_text_ticks_the_specific_group():
    result = read_file(_file("16"))
    line = _line("16", "法律援助申请人、受指派的法律")
    (parsed,) = [p for p in result.items if p.line == line]
    assert parsed.fields["method"]["audience"] == ["特定群体"]
    assert "法律援助申请人、受指派的法律" in parsed.fields["note"]


# -- marks and numbers -------------------------------------------------------------------
@pytest.mark.parametrize("path", sorted(DATA.glob("*.md")), ids=lambda p: p.name)
def test_transcription_marks_are_never_data(path):
    for parsed in read_file(path, simplify=True).items:
        assert "(merged)" not in (parsed.fields.get("note") or "")
        assert "(merged)" not in repr(parsed.fields)


def test_a_number_only_category_is_reported_not_named():
    result = read_file(_file("26"))
    line = _line("26", "| 0505 | 05 | 独生子女父母奖励 |")
    assert not [p for p in result.items if p.line == line]
    (problem,) = [p for p in result.problems if p.line == line]
    assert "only a number" in problem.reason
    assert not [p for p in result.items if p.fields["category"].isdigit()]


def test_a_number_glued_to_a_label_is_dropped():
    fields = _item("26", "| 0101 | 01行政许可类事项 |")
    assert fields["category"] == "行政许可类事项"


# -- rows with a label of their own --------------------------------------------------------
def test_a_one_level_item_with_its_lower_levels_not_stored_is_imported():
    fields = _item("26", "| 2 | 投诉举报电话以及网上投诉渠道 |")
    assert fields["category"] == fields["name"] == "投诉举报电话以及网上投诉渠道"
    assert fields["deadline"] == "实时"
    assert "read as a one-level item" in fields["source"]["note"]


def test_a_category_of_several_items_whose_names_were_lost_is_reported():
    result = read_file(_file("19"))
    lines = {_line("19", "| 7 | 特困人员救助供养 | (not stored) |"), _line("19", "| 8 | (merged) | (not stored) |")}
    assert lines <= {p.line for p in result.problems}
    assert not lines & {p.line for p in result.items}


def test_an_article_in_brackets_after_the_title_is_the_article():
    """Synthetic cell in the form the issue quotes (第二十条第(一)款 after the title)."""
    from gongkai.catalog.tables.cells import parse_basis

    (basis, other) = parse_basis("《中华人民共和国政府信息公开条例》(第二十条第(一)款)、《城市绿化条例》").values
    assert basis == {"title": "《中华人民共和国政府信息公开条例》", "article": "第二十条第(一)款"}
    assert other == {"title": "《城市绿化条例》"}
    (doc,) = parse_basis("《国务院关于进一步加强和改进最低生活保障工作的意见》(国发〔2012〕45号)").values
    assert "article" not in doc                        # a document number is no article
