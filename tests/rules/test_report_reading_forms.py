"""Forms of real report pages that the readers must take as published (issue 18): whole row
labels, tables written as notes, numbers set apart by spaces, titles below header lines, and the
conservative level of a unit's name."""
from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.rules.reports.checks import admin_level, check_report
from gongkai.rules.reports.parse_notes import drop_remarks, split_numbers, t4_header
from gongkai.rules.reports.reading import load_report
from gongkai.rules.reports.tables import OTHER_2019, OTHER_2021, T4_BLOCKS, detect_format, find_title, match_t3

DATA = Path(__file__).resolve().parents[1] / "data" / "reports"


def cells(report):
    return [(t, r, c, x.state, x.value) for t, r, c, x in report.cells()]


@pytest.mark.parametrize("label, key", [
    ("（六）其他处理 3.其他", OTHER_2021[2]), ("（六）其他处理：1.申请人无正当理由逾期不补正", OTHER_2021[0]),
    ("（六）其他处理", OTHER_2019), ("（三）不予公开 8.属于行政查询事项", "（三）8.属于行政查询事项"),
])
def test_row_labels_are_matched_whole(label, key):
    assert match_t3(label, None, True) == key


def test_the_format_is_decided_from_all_rows_together():
    rows_2021 = [*OTHER_2021, OTHER_2019]                          # one stray row among three
    fmt, why = detect_format(["本年制发件数", "现行有效件数"], rows_2021, 2025)
    assert fmt == "2021" and why[0].startswith("conflicting evidence, the rows decide")
    assert detect_format([], [OTHER_2021[0], OTHER_2019], 2025)[0] is None     # one to one: cannot tell


@pytest.mark.parametrize("planted", ["sh2025-t4-label-lines.txt", "sh2025-t4-one-header.txt", "sh2025-t4-named-pairs.txt",
                                     "sh2025-t4-pipe-headers.txt",
                                     "sh2025-row-remarks.txt", "sh2025-two-cell-rows.txt", "sh2025-six-whole-labels.txt"])
def test_tables_written_as_notes_read_as_the_published_cells(planted):
    """Each planted copy writes the same 上海 2025 cells another way: every cell must come out the same."""
    original = load_report(DATA / "shanghai-office-2025.txt")
    report = load_report(DATA / "planted" / planted)
    assert report.format == "2021" and cells(report) == cells(original)
    assert report.notes == []


def test_a_pdf_page_with_numbers_set_apart_by_spaces():
    """审计局 2020 page 9: 表四's labels are split letter by letter over lines, its 15 numbers on one line."""
    report = load_report(DATA / "pages" / "shenji-2020-page9.txt")
    assert [report.cell("表四", b, "总计").show() for b in T4_BLOCKS] == ["0", "0", "0"]
    assert report.year == 2020
    assert split_numbers("四、结转下年度继续办理 0 0 0 0 0 0 0") == ["四、结转下年度继续办理", *"0000000"]
    assert split_numbers("22（其中修订 16 件）") is None and split_numbers("规章 12") is None


def test_notes_helpers():
    assert drop_remarks(["行政复议", "40", "55 注：含上年度结转"]) == ["行政复议", "40", "55"]
    assert drop_remarks(["一、本年新收", "26", "（含网上申请20件）"]) == ["一、本年新收", "26"]
    assert t4_header("行政复议: 结果维持 结果纠正 其他结果 尚未审结 总计", None) == [T4_BLOCKS[0]]
    assert t4_header("结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计", T4_BLOCKS[2]) == [T4_BLOCKS[2]]
    assert t4_header("结果维持 结果纠正 其他结果 尚未审结 总计", None) is None      # which block: not told


@pytest.mark.parametrize("unit, level", [
    ("郑州航空港经济综合实验区管理委员会", None), ("贵安新区管理委员会", None), ("上海市浦东新区人民政府", None),
    ("测试经济开发区管理委员会", None), ("苏州工业园区管理委员会", None), ("某某高新区管委会", None),
    ("郑州市上街区人民政府", "county"), ("威海市文登区信访局", "county"), ("攀枝花市西区审计局", "county"),
])
def test_level_inference_is_conservative(unit, level):
    assert admin_level(unit) == level


@pytest.mark.parametrize("lines, found", [
    (["宿州市人民政府2016年", "政府信息公开工作年度报告"], ("宿州市人民政府", 2016)),
    (["铜川市耀州区审计局", "2020年政府信息公开工作年度报告"], ("铜川市耀州区审计局", 2020)),
    (["• 索引号:", "• 001008003013022/2021-184383", "乐清市审计局2020年度政府信息公开工作年度报告"], ("乐清市审计局", 2020)),
    (["Page 8 - 威海市文登区信访局2022年政府信息公开工作年度报告"], ("威海市文登区信访局", 2022)),
    (["2023年政府信息公开工作年度报告", "发布机构：沭阳县发展和改革局"], ("沭阳县发展和改革局", 2023)),
    (["根据《条例》要求，现向社会公布沭阳县发展和改革局2023年度政府信息公开年度报告。"], ("沭阳县发展和改革局", 2023)),
    (["一、总体情况", "本报告所列数据的统计期限为2024年1月1日至2024年12月31日。"], (None, 2024)),
    (["如对本报告有任何疑问,请联系桃江县审计局办公室。", "截止2020年12月31日历年累计公开26条。"], ("桃江县审计局", 2020)),
])
def test_unit_and_year_below_header_lines_or_in_the_body(lines, found):
    _, unit, year = find_title(list(enumerate(lines, start=1)))
    assert (unit, year) == found


def test_every_finding_names_a_line():
    """On every report of the corpus read from text, Markdown or HTML: the cell's, the sentence's, the
    table's or (for the report as a whole) the title's line."""
    for path in sorted(DATA.rglob("*")):
        if path.suffix not in (".txt", ".md", ".html") or path.name in ("annual_report_templates.txt", "SOURCES.md"):
            continue
        lines = [(f.rule, f.item, f.line) for f in check_report(load_report(path))]
        assert all(line for _, _, line in lines), (path.name, [x for x in lines if not x[2]])
