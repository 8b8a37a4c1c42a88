"""The files of shared/data/reports as shipped: notes taken from report pages, not hand-converted.

Their tables are written as "label | n | n …" rows, several rows a line ("规章 | 0 | 0 | 0 ; 规范性文件 |
8 | 0 | 18"), "label n" pairs ("行政许可 0 ; （六）行政处罚 0, 行政强制 0"), cells named by their column
("本年制发 3"), '""' for an empty cell and "..." for cells not copied out. tests/data/reports holds
byte-for-byte copies (checked against shared/ when it is there). annual_report_templates.txt is not
one report (format templates and excerpts of six reports) and is refused.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from gongkai.catalog.errors import InputError
from gongkai.cli import report_cmds
from gongkai.rules.reports.checks import ReportContext, check_report
from gongkai.rules.reports.parse_markup import parse_html, parse_markdown
from gongkai.rules.reports.parse_text import parse_text
from gongkai.rules.reports.tables import T2, T3, T3_COLS, T4
from gongkai.rules.reports.reading import load_report

DATA = Path(__file__).resolve().parents[1] / "data" / "reports"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "reports"
NOTE_FILES = ("annual_report_templates.txt", "fixture-large-city-2025.txt", "shanghai-office-2025.txt",
              "shangjie-2020.txt", "shuyang-fgj-2023-partial.txt")
SY = DATA / "shuyang-fgj-2023-partial.txt"
LEGAL = T3_COLS[1:6]

app = typer.Typer()


@app.callback()
def _root() -> None:
    """The report commands as `gongkai` mounts them."""


report_cmds.register(app)


def invoke(*args):
    return CliRunner().invoke(app, ["report", *[str(a) for a in args]])


def run(report, **ctx):
    context = ReportContext(**ctx)
    return check_report(report, context), context.passed


def cells_of(report, table=None):
    return {(t, r, c): (x.state, x.value) for t, r, c, x in report.cells() if table in (None, t)}


# ---------------------------------------------------------------- every shipped file

@pytest.mark.skipif(not SHARED.is_dir(), reason="shared/data/reports is not next to the repository")
def test_the_copies_are_the_shared_files():
    assert sorted(p.name for p in SHARED.iterdir()) == sorted(NOTE_FILES)
    for name in NOTE_FILES:
        assert (DATA / name).read_bytes() == (SHARED / name).read_bytes(), name


@pytest.mark.parametrize("name", [n for n in NOTE_FILES if n != "annual_report_templates.txt"])
def test_report_tables_reads_every_shipped_report(name):
    r = invoke("tables", DATA / name)
    assert r.exit_code == 0, r.output
    assert "## 三、收到和处理政府信息公开申请情况" in r.output


def test_the_templates_file_is_not_one_report():
    """Two format templates (二、主动公开… heads a table at lines 8 and 41) and excerpts [A]–[F] of six
    reports: read as one, [A]'s 表三 (新收 66) would be checked against [C]'s text (收到 2件)."""
    path = DATA / "annual_report_templates.txt"
    with pytest.raises(InputError, match="not one annual report") as exc:
        load_report(path)
    assert "表二's at lines 8, 41" in exc.value.problems[0].message
    assert exc.value.problems[0].expected.startswith("one 政府信息公开工作年度报告 per file: ")
    for command in ("tables", "check"):
        r = invoke(command, path)
        assert r.exit_code == 2 and "not one annual report" in r.output and "Traceback" not in r.output


# ---------------------------------------------------------------- 沭阳发改局 2023 (partial)

def test_shuyang_partial_notes_are_read_as_written():
    report = load_report(SY)
    lines = SY.read_text("utf-8").splitlines()
    assert (report.format, report.year, report.unit) == ("2021", 2023, "沭阳县发展和改革局")
    assert report.title == "沭阳县发展和改革局2023年政府信息公开年度报告"
    cell = report.cell
    # 表二 from "第二十条第（一）项: 规章 | 0 | 0 | 0 ; 规范性文件 | 8 | 0 | 18" and
    # "第二十条第（五）项: 行政许可 0 ; （六）行政处罚 0, 行政强制 0 ; （八）行政事业性收费 0"
    assert [cell(T2, "规范性文件", c).value for c in ("本年制发件数", "本年废止件数", "现行有效件数")] == [8, 0, 18]
    assert [cell(T2, "规章", c).value for c in ("本年制发件数", "本年废止件数", "现行有效件数")] == [0, 0, 0]
    assert [cell(T2, r, c).value for r, c in (("行政许可", "本年处理决定数量"), ("行政处罚", "本年处理决定数量"),
                                               ("行政强制", "本年处理决定数量"), ("行政事业性收费", "本年收费金额"))] == [0] * 4
    # 表三: the 5 rows written in full keep their '""' cells blank
    for row, n in (("一、本年新收", 26), ("二、上年结转", 0), ("（一）予以公开", 26), ("（七）总计", 26),
                   ("四、结转下年度继续办理", 0)):
        assert [cell(T3, row, c).state for c in T3_COLS] == ["value"] + ["blank"] * 5 + ["value"], row
        assert (cell(T3, row, "自然人").value, cell(T3, row, "总计").value) == (n, n)
    # "（二）部分公开 | 0 | "" ... | 0": one blank written, four left out
    assert [cell(T3, "（二）部分公开", c).state for c in T3_COLS] == ["value", "blank", *["missing"] * 4, "value"]
    # "（三）1.属于国家秘密 | 0 | ... | 0": 自然人 and 总计 read, the five between missing (never 0)
    for row in ("（三）1.属于国家秘密", "（五）4.无正当理由大量反复申请", "（六）1.申请人逾期不补正", "（六）3.其他"):
        assert [cell(T3, row, c).state for c in T3_COLS] == ["value", *["missing"] * 5, "value"], row
        assert [cell(T3, row, c).number for c in LEGAL] == [None] * 5
    # "（三）5–8 | [not read …]", "（四）1–3 | [not read; must be 0]", "（五）1–2 | …": absent, so missing
    for row in ("（三）5.属于三类内部事务信息", "（四）3.补正后申请内容仍不明确", "（五）2.重复申请"):
        assert row not in report.tables[T3] and cell(T3, row, "总计").state == "missing"
    assert len(report.tables[T3]) == 16 and not report.tables[T4]
    # every cell read points at a line that holds it
    for t, r, c, x in report.cells():
        if x.line is not None and x.state != "missing":
            assert x.raw.strip() in lines[x.line - 1], (t, r, c)
    msgs = [(n.table, n.message) for n in report.notes]
    assert msgs[0][0] == T3 and msgs[0][1].startswith("11 rows write “...” for cells not copied out")
    assert "those 54 cells are missing, never 0" in msgs[0][1]
    assert msgs[1] == (T3, "9 rows not found: " + "、".join(r for r in report.layout()[T3] if r not in report.tables[T3]))
    assert msgs[2] == (T4, "表四 not found in the source")


def test_shuyang_partial_notes_agree_with_the_hand_copies():
    """Every cell the notes give is the cell of the .md hand copy and of the published page (.html);
    where they differ, the notes left the cell out ("..." or a row not read)."""
    notes, md = load_report(SY), load_report(DATA / "shuyang-fgj-2023-partial.md")
    html = load_report(DATA / "shuyang-fgj-2023.html")
    for t, r, c, x in notes.cells():
        if x.state == "missing":
            continue
        assert (x.state, x.value) == (md.cell(t, r, c).state, md.cell(t, r, c).value) == \
               (html.cell(t, r, c).state, html.cell(t, r, c).value), (t, r, c)
    left_out = {(r, c) for t, r, c, x in notes.cells() if t == T3 and x.state == "missing"}
    elided = {(r, c) for r in notes.tables[T3] for c in T3_COLS if notes.cell(T3, r, c).state == "missing"}
    assert len(elided) == 54 and all(md.cell(T3, r, c).state == "blank" for r, c in elided)
    assert len(left_out - elided) == 9 * 7


def test_shuyang_partial_check_assesses_what_the_notes_hold():
    """Assessable and passing: AR101 all 7 columns (26+0 = 26+0; the legal-person columns blank in all four
    rows); AR102 for the 5 rows written in full (26 + 0×5 = 26 …); AR301 “共收到依申请信息公开26件” = 新收 26;
    AR401/AR402 沭阳县 is county level, 规章 0 | 0 | 0; AR002 2023 in the 2021 format.
    Not assessable: AR102 for the 11 rows with "..." and, in one finding, the 9 rows not read; AR103 in
    every column (the known rows add to 26 = （七）总计, but nine rows are not read); AR104 (表四 not read)."""
    findings, passed = run(load_report(SY))
    assert [f for f in findings if f.assessable and f.rule != "AR001"] == []
    na = [(f.rule, f.item) for f in findings if not f.assessable]
    assert sum(r == "AR102" for r, _ in na) == 11 + 1
    assert next(f for f in findings if f.rule == "AR102" and f.data.get("rows")).data["rows"][0] == "（三）5.属于三类内部事务信息"
    assert [i for r, i in na if r == "AR103"] == [f"表三 （七）总计 / {c}" for c in T3_COLS]
    assert ("AR104", "表四") in na and len(na) == 12 + 7 + 1
    assert (passed["AR101"], passed["AR102"], passed["AR301"], passed["AR002"]) == (7, 5, 1, 1)
    assert (passed["AR401"], passed["AR402"]) == (2, 1)
    r = invoke("check", SY)
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[-1] == ("1 report, 12 rules: 0 errors, 0 warnings, 3 info, 20 not assessable; "
                                         "49 checks passed")


# ---------------------------------------------------------------- the other note files

@pytest.mark.parametrize("notes, md, untitled", [("fixture-large-city-2025.txt", "fixture-large-city-2025.md", True),
                                                 ("shanghai-office-2025.txt", "shanghai-office-2025.md", False)])
def test_note_files_read_like_their_markdown_copies(notes, md, untitled):
    """表二 included: "规章 | 本年制发 3 | 本年废止 5 | 现行有效 74", "（八）行政事业性收费（万元）316441",
    "本年制发 22（其中修订 16 件）", "本年废止 [lost in extraction]". The fixture's notes have no title
    (the .md gives 测试市 2025), so the year, and with it AR002, is unknown there."""
    a, b = load_report(DATA / notes), load_report(DATA / md)
    assert cells_of(a) == cells_of(b)
    assert a.notes == [] and a.format == "2021"
    strip = lambda fs: sorted((f.rule, f.item, f.severity, f.assessable) for f in fs)  # noqa: E731
    extra = [("AR002", "格式", "info", False)] if untitled else []
    assert strip(run(a)[0]) == sorted(strip(run(b)[0]) + extra)


def test_note_file_keeps_remarks_and_lost_cells():
    report = load_report(DATA / "shanghai-office-2025.txt")
    made = report.cell(T2, "规章", "本年制发件数")
    assert (made.value, made.note, made.line) == (22, "（其中修订 16 件）", 11)
    assert report.cell(T2, "规范性文件", "本年废止件数").state == "missing"
    assert report.cell(T2, "行政事业性收费", "本年收费金额").value == 0
    assert load_report(DATA / "fixture-large-city-2025.txt").cell(T2, "行政事业性收费", "本年收费金额").value == 316441


# ---------------------------------------------------------------- the note syntax, one thing at a time

def test_rows_written_several_a_line():
    md = ("某县2023年政府信息公开工作年度报告\n"
          "第二十条第（一）项: 规章 | 0 | 0 | 0 ; 行政规范性文件 | 5 | 1 | 25\n"
          "第二十条第（五）项: 行政许可 1,234 ; （六）行政处罚 7, 行政强制 0 ; （八）行政事业性收费 /\n")
    report = parse_markdown(md)
    assert (report.format, report.year) == ("2021", 2023)
    assert [report.cell(T2, "规范性文件", c).value for c in ("本年制发件数", "本年废止件数", "现行有效件数")] == [5, 1, 25]
    assert report.cell(T2, "行政许可", "本年处理决定数量").value == 1234
    assert report.cell(T2, "行政处罚", "本年处理决定数量").value == 7
    assert report.cell(T2, "行政事业性收费", "本年收费金额").state == "blank"


def test_text_that_ends_in_a_row_name_is_not_a_row():
    md = "全年主动公开市政府规章 22 件\n一、本年新收 | 3 | | | | | | 3\n依申请公开：行政许可 2 ; 其他\n"
    report = parse_markdown(md)
    assert not report.tables[T2]
    assert [t for _, t in report.narrative] == ["全年主动公开市政府规章 22 件", "依申请公开：行政许可 2 ; 其他"]


def test_cells_that_name_another_column_are_not_used():
    """"本年制发 3" under 本年新制作数量 (a 2019-format report, told by its （六）其他处理 row): kept, not used."""
    md = ("规章 | 本年制发 3 | 本年废止 0 | 现行有效 9\n"
          "（六）其他处理 | 0 | 0 | 0 | 0 | 0 | 0 | 0\n")
    report = parse_markdown(md)
    assert report.format == "2019"
    cells = [report.cell(T2, "规章", c) for c in ("本年新制作数量", "本年新公开数量", "对外公开总数量")]
    assert [(c.state, c.value) for c in cells] == [("uncertain", 3), ("uncertain", 0), ("uncertain", 9)]
    assert "“本年制发” under 本年新制作数量" in report.notes[0].message


def test_elision_needs_one_place_to_be_placed():
    """One "..." stands for as many cells as the row lacks; two cannot be placed, so the row is short."""
    one = parse_markdown("（一）予以公开 | 4 | ... | 1 | 5\n")
    assert [one.cell(T3, "（一）予以公开", c).state for c in T3_COLS] == ["value", *["missing"] * 4, "value", "value"]
    assert one.cell(T3, "（一）予以公开", "其他").value == 1
    two = parse_markdown("（一）予以公开 | 4 | ... | 1 | ... | 5\n")
    assert {two.cell(T3, "（一）予以公开", c).state for c in T3_COLS} <= {"uncertain", "missing"}


@pytest.mark.parametrize("parse, name, joiner", [
    (parse_text, "shangjie-2020.txt", "\n"),
    (parse_markdown, "shanghai-office-2025.md", "\n"),
    (parse_html, "shuyang-fgj-2023.html", ""),
])
def test_two_reports_in_one_file_are_refused(tmp_path, parse, name, joiner):
    text = (DATA / name).read_text("utf-8")
    assert not parse(text).repeated
    both = tmp_path / name
    both.write_text(text + joiner + text, "utf-8")
    with pytest.raises(InputError, match="not one annual report"):
        load_report(both)


def test_a_table_of_contents_is_not_a_second_report():
    toc = "一、总体情况\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n四、政府信息公开行政复议、行政诉讼情况\n\n"
    report = parse_markdown(toc + (DATA / "shanghai-office-2025.md").read_text("utf-8"))
    assert not report.repeated and report.cell(T3, "一、本年新收", "总计").value == 1295
