"""Reading annual-report tables: the source case as published, Markdown, HTML, JSON/TOML, cells.

Data: tests/data/reports/ — copies of shared/data/reports/*.txt, and Markdown/HTML forms derived
from them (each file's header says how). No table value here is invented.
"""
from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest
import tomli_w

from gongkai.catalog.errors import InputError
from gongkai.rules.reports.parse_markup import parse_html, parse_markdown
from gongkai.rules.reports.parse_text import parse_text
from gongkai.rules.reports.render import to_markdown
from gongkai.rules.reports.structured import from_dict, to_dict
from gongkai.rules.reports.tables import T2, T3, T3_COLS, T4, T4_BLOCKS, T4_COLS, detect_format, parse_cell
from gongkai.rules.reports.reading import load_report

DATA = Path(__file__).resolve().parents[1] / "data" / "reports"
SHANGJIE = DATA / "shangjie-2020.txt"


def cells_of(report):
    return {(t, r, c): (cell.state, cell.value) for t, r, c, cell in report.cells()}


def pipe_rows(path: Path) -> dict[str, list[str]]:
    """The "label | n | n …" rows of a shared/data/reports note file, as written there."""
    rows = {}
    for line in path.read_text("utf-8").splitlines():
        m = re.match(r"^(一、本年新收|二、上年结转|（[一二三四五六七]）[^|]*|四、结转下年度继续办理) \| (.*)$", line)
        if m:
            rows[m[1].strip()] = [c.strip() for c in m[2].split("|")]
    return rows


# ---------------------------------------------------------------- cells

@pytest.mark.parametrize("raw, state, value, note", [
    ("383", "value", 383, None),
    ("+15", "value", 15, None),               # 上街区 2020 行政许可 本年增/减
    ("-1", "value", -1, None),                # 上街区 2020 行政事业性收费 本年增/减
    ("\u00a00", "value", 0, None),            # cells of the source case carry no-break spaces
    ("1,234", "value", 1234, None),
    ("1，234", "value", 1234, None),
    ("251000元", "value", 251000, "元"),
    ("4068.208", "value", 4068.208, None),
    ("22（其中修订 16 件）", "value", 22, "（其中修订 16 件）"),   # 上海 2025 规章 本年制发
    ("", "blank", None, None),
    ("/", "blank", None, None),               # 西安某统计局 2023 规章 row
    ("—", "blank", None, None),
    ("?", "missing", None, None),
    ("[lost in extraction]", "missing", None, None),
    ("12?", "uncertain", 12, None),
    ('""', "blank", None, None),              # an empty cell written out (shuyang-fgj-2023-partial.txt)
    ("[not read; must be 0]", "missing", None, None),
    ("...", "missing", None, None),           # cells not copied out; assemble works out how many
    ("…", "missing", None, None),
])
def test_parse_cell(raw, state, value, note):
    cell = parse_cell(raw)
    assert (cell.state, cell.value, cell.note) == (state, value, note)


@pytest.mark.parametrize("label", ["1.属于国家秘密", "2020年", "规章", "本年增/减", "采购总金额(单位:万元,保留4位小数)"])
def test_labels_are_not_cells(label):
    assert parse_cell(label) is None


# ---------------------------------------------------------------- the source case, as published

def test_source_case_parses_every_cell_that_is_present():
    report = load_report(SHANGJIE)
    lines = SHANGJIE.read_text("utf-8").splitlines()
    assert (report.source, report.format, report.year) == ("text", "2019", 2020)
    assert report.unit == "郑州市上街区人民政府"
    assert report.title == "郑州市上街区人民政府2020年政府信息公开工作年度报告"
    t2 = [(r, c, x) for t, r, c, x in report.cells() if t == T2]
    t3 = [(r, c, x) for t, r, c, x in report.cells() if t == T3]
    # 2019 layout: 表二 8 rows, 3+3+3+3+3+3+2+2 = 22 cells; 表三 23 rows × 7 columns = 161 cells — all present
    assert len(t2) == 22 and all(x.state == "value" for _, _, x in t2)
    assert len(t3) == 161 and all(x.state == "value" for _, _, x in t3)
    # each cell points at the line it was read from, and that line holds exactly it
    for _, _, x in t2 + t3:
        assert lines[x.line - 1].replace("\u00a0", " ").strip() == x.raw.replace("\u00a0", " ").strip()
    cell = report.cell
    assert (cell(T2, "行政许可", "本年增/减").value, cell(T2, "行政许可", "本年增/减").raw) == (15, "+15")
    assert cell(T2, "行政事业性收费", "本年增/减").value == -1
    assert cell(T2, "政府集中采购", "采购总金额").value == 48923
    assert [cell(T3, "一、本年新收", c).value for c in T3_COLS] == [61, 2, 0, 0, 6, 0, 69]
    assert [cell(T3, "（七）总计", c).value for c in T3_COLS] == [63, 2, 0, 0, 6, 0, 71]
    assert cell(T3, "（六）其他处理", "总计").line == 558


def test_source_case_table4_lost_two_cells_and_guesses_nothing():
    """表四 is published as 13 numbers (lines 632–656) for 15 cells: they are kept in reading
    order, marked uncertain, and the last two positions are missing — none is taken as 0."""
    report = load_report(SHANGJIE)
    lines = SHANGJIE.read_text("utf-8").splitlines()
    published = [int(lines[i - 1].replace("\u00a0", " ").strip()) for i in range(632, 657, 2)]
    assert published == [0, 0, 0, 0, 0, 0, 0, 2, 0, 2, 0, 0, 0]
    cells = [report.cell(T4, b, c) for b in T4_BLOCKS for c in T4_COLS]
    assert [c.value for c in cells[:13]] == published
    assert all(c.state == "uncertain" for c in cells[:13])
    assert [c.state for c in cells[13:]] == ["missing", "missing"]
    assert [c.number for c in cells] == [None] * 15
    assert [n.table for n in report.notes] == [T4] and "13 cells found for 15" in report.notes[0].message


def test_text_without_blank_lines_reads_the_same():
    """One cell a line with no blank line between cells (wrapped headers become two labels)."""
    text = "\n".join(ln for ln in SHANGJIE.read_text("utf-8").splitlines() if ln.strip())
    assert cells_of(parse_text(text)) == cells_of(load_report(SHANGJIE))


TOC = ["目录", "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
       "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]


@pytest.mark.parametrize("toc", [TOC, [x for heading in TOC for x in (heading, str(len(heading) % 9 + 1))]],
                         ids=["headings", "with page numbers"])
def test_text_with_a_table_of_contents_reads_the_same(toc, tmp_path):
    """A 目录 listing the section headings (with or without page numbers, one a line) before the body
    is passed over, not taken for the tables or for a second report."""
    lines = SHANGJIE.read_text("utf-8").splitlines()
    path = tmp_path / "with-toc.txt"
    path.write_text("\n".join(lines[:3] + toc + lines[3:]), "utf-8")
    report = load_report(path)
    assert report.format == "2019" and not report.repeated
    assert cells_of(report) == cells_of(load_report(SHANGJIE))


def test_text_narrative_excludes_the_tables():
    report = load_report(SHANGJIE)
    lines = {ln for ln, _ in report.narrative}
    assert 54 in lines and 58 in lines and 682 in lines      # 依申请公开, 复议诉讼, 六、其他事项
    assert not lines & set(range(84, 658))                    # 二、… up to 五、 are tables


# ---------------------------------------------------------------- Markdown

def test_markdown_shanghai_matches_the_shared_text():
    """shanghai-office-2025.md carries the values of the shared re-assembled report, cell for cell."""
    report = load_report(DATA / "shanghai-office-2025.md")
    assert (report.source, report.format, report.year) == ("markdown", "2021", 2025)
    assert report.unit == "上海市人民政府办公厅"
    shared = pipe_rows(DATA / "shanghai-office-2025.txt")
    assert len(shared) == 25 == len(report.tables[T3])
    for (label, values), row in zip(shared.items(), report.layout()[T3]):
        assert [report.cell(T3, row, c).value for c in T3_COLS] == [int(v) for v in values], label
    assert [report.cell(T4, "行政复议", c).value for c in T4_COLS] == [40, 0, 10, 5, 55]
    rule = report.cell(T2, "规章", "本年制发件数")
    assert (rule.value, rule.note) == (22, "（其中修订 16 件）")
    assert report.cell(T2, "规章", "本年废止件数").value == 55
    assert report.cell(T2, "规范性文件", "本年废止件数").state == "missing"   # lost in extraction
    assert report.cell(T2, "规范性文件", "现行有效件数").value == 189


def test_markdown_short_labels_of_the_fixture():
    """The fixture's rows are labelled "（三）1", "（六）3" …; they land on the right rows."""
    report = load_report(DATA / "fixture-large-city-2025.md")
    shared = pipe_rows(DATA / "fixture-large-city-2025.txt")
    assert len(report.tables[T3]) == 25
    for (label, values), row in zip(shared.items(), report.layout()[T3]):
        assert [report.cell(T3, row, c).value for c in T3_COLS] == [int(v) for v in values], label
    assert report.cell(T3, "（六）3.其他", "总计").value == 965
    assert report.cell(T4, T4_BLOCKS[2], "总计").value == 156
    assert report.cell(T2, "行政许可", "本年处理决定数量").value == 11398889


def test_markdown_blank_cells_and_absent_rows():
    """沭阳发改局 2023 as far as the shared file read it: legal-person cells blank, 9 rows absent."""
    report = load_report(DATA / "shuyang-fgj-2023-partial.md")
    assert report.cell(T3, "一、本年新收", "自然人").value == 26
    assert [report.cell(T3, "一、本年新收", c).state for c in T3_COLS[1:6]] == ["blank"] * 5
    assert report.cell(T3, "（三）5.属于三类内部事务信息", "自然人").state == "missing"
    assert not report.tables[T4]
    assert {n.table for n in report.notes} == {T3, T4}


def test_markdown_short_row_from_a_real_pdf_extraction_is_not_aligned():
    """Rows of the PDF-to-Markdown extraction of 上海 2025 (KIROGOVCOMPARE shanghai-office-sample-source.md):
    规章 published 22 | 55 | 235 lost its 废止 cell. Reading "22 | 235" in order would put 235 into
    本年废止件数; the cells are kept as uncertain instead."""
    md = ("## 二、主动公开政府信息情况\n"
          "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n|---|---|---|---|\n"
          "| 规章 | 22 | 235 |\n|---|---|---|\n")
    report = parse_markdown(md)
    cells = [report.cell(T2, "规章", c) for c in ("本年制发件数", "本年废止件数", "现行有效件数")]
    assert [c.state for c in cells] == ["uncertain", "uncertain", "missing"]
    assert [c.number for c in cells] == [None, None, None]
    assert "2 cells found for 3 columns" in report.notes[0].message


def test_markdown_round_trip_of_the_source_case():
    report = load_report(SHANGJIE)
    again = parse_markdown(to_markdown(report))
    assert cells_of(again) == cells_of(report)
    assert (again.format, again.unit, again.year) == ("2019", report.unit, 2020)


# ---------------------------------------------------------------- HTML

def test_html_word_layout_with_spans_and_blank_cells():
    """The 沭阳发改局 2023 page: merged label cells (rowspan 22, 8, 3, 5, 3), labels split over
    <span>s and <p>s, blank cells written <o:p>&nbsp;</o:p>, 表四 as header rows plus 15 numbers."""
    report = load_report(DATA / "shuyang-fgj-2023.html")
    assert (report.source, report.format, report.year) == ("html", "2021", 2023)
    assert report.unit == "沭阳县发展和改革局"
    rows = report.layout()[T3]
    assert list(report.tables[T3]) == list(rows)                        # all 25 rows found, in order
    assert [report.cell(T3, "（七）总计", c).show() for c in T3_COLS] == ["26", "", "", "", "", "", "26"]
    assert report.cell(T3, "（六）3.其他", "自然人").value == 0
    assert report.cell(T3, "（三）3.危及“三安全一稳定”", "总计").value == 0
    assert [report.cell(T4, "行政复议", c).value for c in T4_COLS] == [0, 0, 0, 1, 1]
    assert report.cell(T2, "规范性文件", "现行有效件数").value == 18
    assert report.cell(T2, "行政许可", "本年处理决定数量").value == 0     # a value cell with colspan 3
    assert not report.notes
    # the metadata table (名称/索引号) is narrative, and so are the paragraphs
    text = " ".join(t for _, t in report.narrative)
    assert "014314799/2024-00002" in text and "受理网络问政182件" in text


def test_html_agrees_with_the_shared_partial_text():
    html = load_report(DATA / "shuyang-fgj-2023.html")
    md = load_report(DATA / "shuyang-fgj-2023-partial.md")
    # the shared file's rows it did read (others say "[not read…]"), in table order: 自然人 first, 总计 last
    shared = [v for v in pipe_rows(DATA / "shuyang-fgj-2023-partial.txt").values() if not v[0].startswith("[")]
    assert len(shared) == len(md.tables[T3]) == 16
    for values, row in zip(shared, md.tables[T3]):
        assert [md.cell(T3, row, "自然人").value, md.cell(T3, row, "总计").value] == [int(values[0]), int(values[-1])]
        for c in T3_COLS:
            assert html.cell(T3, row, c).show() == md.cell(T3, row, c).show(), (row, c)


def test_html_table_found_by_content_without_headings():
    html = ("<table><tr><td>一、本年新收政府信息公开申请数量</td><td>3</td><td></td><td></td><td></td>"
            "<td></td><td></td><td>3</td></tr></table>")
    report = parse_html(html)
    assert report.cell(T3, "一、本年新收", "总计").value == 3
    assert report.cell(T3, "一、本年新收", "商业企业").state == "blank"


# ---------------------------------------------------------------- structured form

@pytest.mark.parametrize("name", ["shangjie-2020.txt", "shanghai-office-2025.md", "shuyang-fgj-2023.html",
                                  "shuyang-fgj-2023-partial.md"])
def test_json_round_trip(tmp_path, name):
    report = load_report(DATA / name)
    path = tmp_path / "tables.json"
    path.write_text(json.dumps(to_dict(report), ensure_ascii=False), "utf-8")
    again = load_report(path)
    assert cells_of(again) == cells_of(report)
    assert [(c.line, c.raw and c.raw.strip()) for *_, c in again.cells()] == \
           [(c.line, c.raw and c.raw.strip()) for *_, c in report.cells()]
    assert (again.format, again.year, again.unit, again.narrative) == (report.format, report.year, report.unit,
                                                                        report.narrative)


@pytest.mark.parametrize("name", ["shangjie-2020.txt", "shanghai-office-2025.md", "shuyang-fgj-2023-partial.md"])
def test_toml_round_trip(tmp_path, name):
    report = load_report(DATA / name)
    path = tmp_path / "tables.toml"
    path.write_text(tomli_w.dumps(to_dict(report, compact=True)), "utf-8")
    assert cells_of(load_report(path)) == cells_of(report)
    raw = tomllib.loads(path.read_text("utf-8"))
    assert raw["tables"][T3]["一、本年新收"]["总计"] == {"shangjie-2020.txt": 69, "shanghai-office-2025.md": 1295,
                                                   "shuyang-fgj-2023-partial.md": 26}[name]


def test_hand_written_toml_shorthand(tmp_path):
    """Officers may type a report: numbers, "" / "/" for blank, absent cells are missing."""
    path = tmp_path / "r.toml"
    path.write_text('year = 2023\nformat = "2021"\n[tables."表三"."一、本年新收"]\n"自然人" = 26\n"商业企业" = "/"\n"总计" = 26\n',
                    "utf-8")
    report = load_report(path)
    assert report.cell(T3, "一、本年新收", "自然人").value == 26
    assert report.cell(T3, "一、本年新收", "商业企业").state == "blank"
    assert report.cell(T3, "一、本年新收", "科研机构").state == "missing"


@pytest.mark.parametrize("data, field", [
    ({"format": "2021", "tables": {"表三": {"（六）其他处理": {"自然人": 1}}}}, "tables.表三.（六）其他处理"),
    ({"format": "2019", "tables": {"表三": {"一、本年新收": {"法人": 1}}}}, "tables.表三.一、本年新收.法人"),
    ({"tables": {"表五": {}}}, "tables.表五"),
    ({"format": "2021", "tables": {"表三": {"一、本年新收": {"自然人": "很多"}}}}, "tables.表三.一、本年新收.自然人"),
    ({"format": "2022", "tables": {}}, "format"),
    ({"rows": []}, "tables"),
])
def test_structured_input_errors_name_the_field(data, field):
    with pytest.raises(InputError) as exc:
        from_dict(data, "r.json")
    assert exc.value.problems[0].field == field and exc.value.problems[0].file == "r.json"


def test_unreadable_inputs(tmp_path):
    (tmp_path / "bad.json").write_text("{", "utf-8")
    (tmp_path / "notes.txt").write_text("一、总体情况\n全年无申请。\n", "utf-8")
    for name, words in (("bad.json", "invalid JSON"), ("notes.txt", "no table"), ("absent.txt", "cannot read")):
        with pytest.raises(InputError, match=words):
            load_report(tmp_path / name)


# ---------------------------------------------------------------- format detection

def test_format_from_rows_then_year():
    assert detect_format([], ["（六）其他处理"], 2022)[0] == "2019"           # the rows win over the year
    assert detect_format(["本年制发件数"], [], None)[0] == "2021"
    assert detect_format([], [], 2020) == ("2019", ["no format-specific rows found; taken from the year 2020"])
    fmt, why = detect_format(["本年新制作数量"], ["（六）1.申请人逾期不补正"], None)
    assert fmt == "2021" and why[0] == "conflicting evidence, 表三 decides"
    assert detect_format([], [], None)[0] is None


def test_pipe_rows_without_outer_pipes_are_read():
    """The shared note file itself ("一、本年新收 | 13612 | …", then "行政复议 | 376 | …" with no line
    between 表三 and 表四) gives the same 表三 and 表四 as its Markdown form."""
    notes = load_report(DATA / "fixture-large-city-2025.txt")
    md = load_report(DATA / "fixture-large-city-2025.md")
    assert notes.source == "markdown"
    for table in (T3, T4):
        assert {k: v for k, v in cells_of(notes).items() if k[0] == table} == \
               {k: v for k, v in cells_of(md).items() if k[0] == table}
    assert [notes.cell(T4, "行政复议", c).value for c in T4_COLS] == [376, 97, 196, 121, 790]
