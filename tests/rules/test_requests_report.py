"""The annual report drafted from the register: hand-counted 表三 and 表四, and the real checker passes."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from gongkai.catalog.errors import InputError
from gongkai.catalog.requests import vocab
from gongkai.catalog.requests.store import load_register, register_transaction
from gongkai.catalog.workdays import build_calendar
from gongkai.rules.reports import tables
from gongkai.rules.reports.checks import ReportContext, check_report
from gongkai.rules.reports.draft import draft_report, read_t2, to_html, to_markdown
from gongkai.rules.reports.reading import load_report
from gongkai.rules.reports.render import write_xlsx
from gongkai.rules.reports.structured import to_dict
from gongkai.rules.reports.text import quoted_figures

sys.path.insert(0, str(Path(__file__).resolve().parent))
import requests_register  # noqa: E402

COLS = tables.T3_COLS   # 自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计
# Counted by hand from requests_register.APPLICATIONS (see the comments there):
#   新收 (received in 2025): A04 A05 A07 A10 A13 自然人, A14 商业企业, A08 科研, A09 公益, A06 法律, A11 其他
#   上年结转: A01 自然人, A02 商业企业 (A03, A16 were answered in 2024)
#   results (replied in 2025): 予以公开 A01 A13; 部分公开 A04; （三）1 A05; （四）1 A06 A14; （五）2 A07;
#   （六）1 A08; （六）3 A09.  结转下年度: A02, A10, A11 (replied 2026-01-09)
EXPECTED_T3 = {
    tables.NEW: (5, 1, 1, 1, 1, 1, 10),
    tables.CARRIED: (1, 1, 0, 0, 0, 0, 2),
    "（一）予以公开": (2, 0, 0, 0, 0, 0, 2),
    "（二）部分公开": (1, 0, 0, 0, 0, 0, 1),
    "（三）1.属于国家秘密": (1, 0, 0, 0, 0, 0, 1),
    "（四）1.本机关不掌握相关政府信息": (0, 1, 0, 0, 1, 0, 2),
    "（五）2.重复申请": (1, 0, 0, 0, 0, 0, 1),
    "（六）1.申请人逾期不补正": (0, 0, 1, 0, 0, 0, 1),
    "（六）3.其他": (0, 0, 0, 1, 0, 0, 1),
    tables.TOTAL: (5, 1, 1, 1, 1, 0, 9),
    tables.CARRY_ON: (1, 1, 0, 0, 0, 1, 3),
}
# 行政复议: A13 (维持, decided in 2025), A03 (filed 2024, decided 2025-01-15: 其他); A16 ended in 2024.
# 直接起诉: A14 纠正; 复议后起诉: A13, undecided at the end of 2025.
EXPECTED_T4 = {
    tables.T4_BLOCKS[0]: (1, 0, 1, 0, 2),
    tables.T4_BLOCKS[1]: (0, 1, 0, 0, 1),
    tables.T4_BLOCKS[2]: (0, 0, 0, 1, 1),
}
CAL = build_calendar()


@pytest.fixture
def register(make_workspace):
    root = make_workspace()
    requests_register.store(root)
    return load_register(root)


def _rows(report, table, cols):
    return {row: tuple(report.cell(table, row, c).number for c in cols) for row in report.tables[table]}


def test_outcomes_are_the_2021_result_rows():
    assert vocab.OUTCOMES == tables.T3_RESULT_ROWS["2021"]
    assert vocab.APPLICANT_TYPES == tables.T3_COLS[:-1]


def test_tables_three_and_four_counted_by_hand(register):
    report, figures = draft_report(register, 2025, "上街区", {}, CAL)
    t3 = _rows(report, tables.T3, COLS)
    zero = (0,) * 7
    assert {r: v for r, v in t3.items() if v != zero or r in EXPECTED_T3} == EXPECTED_T3
    assert list(report.tables[tables.T3]) == list(tables.T3_ROWS["2021"])      # every row, in the layout's order
    assert _rows(report, tables.T4, tables.T4_COLS) == EXPECTED_T4
    assert (figures.new, figures.carried, figures.closed, figures.carry_on) == (10, 2, 9, 3)
    assert figures.groups == {"予以公开": 2, "部分公开": 1, "不予公开": 1, "无法提供": 2, "不予处理": 1, "其他处理": 2}
    assert figures.on_time == 8                # A05: received 2025-03-03, due 2025-03-31, replied 2025-04-03
    assert (figures.review, figures.litigation) == (2, 2)


def test_the_paragraph_quotes_what_the_tables_hold(register):
    report, _ = draft_report(register, 2025, "上街区", {}, CAL)
    quoted = {(q.kind, q.value) for q in quoted_figures(report.narrative)}
    assert {("受理", 10), ("上年结转", 2), ("办结", 9), ("结转下年度", 3), ("行政复议", 2), ("行政诉讼", 2)} <= quoted


@pytest.mark.parametrize("fmt", ["md", "html", "json", "xlsx"])
def test_the_draft_passes_the_real_checker_in_every_format(register, tmp_path, fmt):
    t2 = tmp_path / "t2.toml"
    t2.write_text('"规章" = { "本年制发件数" = 0, "本年废止件数" = 0, "现行有效件数" = 0 }\n'
                  '"行政规范性文件" = { "本年制发件数" = 3, "本年废止件数" = 1, "现行有效件数" = 25 }\n'
                  '"行政许可" = { "本年处理决定数量" = 120 }\n', "utf-8")
    report, _ = draft_report(register, 2025, "上街区", read_t2(t2), CAL)
    path = tmp_path / f"draft.{fmt}"
    if fmt == "xlsx":
        write_xlsx(report, path)
    else:
        text = {"md": to_markdown, "html": to_html}.get(fmt, lambda r: json.dumps(to_dict(r), ensure_ascii=False))(report)
        path.write_text(text, "utf-8")
    back = load_report(path)
    assert back.format == "2021" and back.year == 2025
    assert _rows(back, tables.T3, COLS) == _rows(report, tables.T3, COLS)
    assert back.cell(tables.T2, "规范性文件", "现行有效件数").number == 25
    ctx = ReportContext(level="county")
    findings = check_report(back, ctx)
    assert [f for f in findings if f.severity in ("error", "warning") and f.assessable] == []
    for code in ("AR101", "AR102", "AR103", "AR104", "AR301"):
        assert ctx.passed[code] > 0, code            # the identities were really checked, not skipped


def test_the_carry_over_follows_last_years_draft(register, tmp_path):
    prev, _ = draft_report(register, 2024, "上街区", {}, CAL)
    path = tmp_path / "2024.json"
    path.write_text(json.dumps(to_dict(prev), ensure_ascii=False), "utf-8")
    this, _ = draft_report(register, 2025, "上街区", {}, CAL)
    ctx = ReportContext(previous=load_report(path))
    assert not [f for f in check_report(this, ctx) if f.rule == "AR201" and f.assessable]
    assert ctx.passed["AR201"] == 7
    # last year's report published one more carried-over application than the register knows
    data = json.loads(path.read_text("utf-8"))
    data["tables"][tables.T3][tables.CARRY_ON]["自然人"] = {"value": 2}
    data["tables"][tables.T3][tables.CARRY_ON]["总计"] = {"value": 3}
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    bad = [f for f in check_report(this, ReportContext(previous=load_report(path))) if f.rule == "AR201" and f.assessable]
    assert {f.item.split(" / ")[-1] for f in bad} == {"自然人", "总计"}


def test_a_reply_without_outcome_is_refused_with_its_place(make_workspace):
    root = make_workspace()
    requests_register.store(root)
    with register_transaction(root) as (reg, _):
        a = reg.find("A09")
        a.events[0].outcome = None
    with pytest.raises(InputError) as exc:
        draft_report(load_register(root), 2025, "上街区", {}, CAL)
    (p,) = exc.value.problems
    assert p.item == "A09" and p.file.endswith("2025-07.toml") and p.line == 1 and p.field == "events.outcome"


def test_bad_t2_figures_name_line_and_field(tmp_path):
    t2 = tmp_path / "t2.toml"
    t2.write_text('# 表二 figures\n"规章" = { "本年制发件数" = 0 }\n"行政许可" = { "本年处理决定" = 3 }\n', "utf-8")
    with pytest.raises(InputError) as exc:
        read_t2(t2)
    (p,) = exc.value.problems
    assert p.field == "行政许可.本年处理决定" and p.line == 3 and "本年处理决定数量" in p.expected


def test_a_generated_register_drafts_a_consistent_report(make_workspace):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    from generate_requests import generate_register

    root = make_workspace()
    generate_register(root, 400, 2025, seed=7)
    report, figures = draft_report(load_register(root), 2025, "上街区（合成）", {}, CAL)
    assert figures.new + figures.carried == figures.closed + figures.carry_on
    assert not [f for f in check_report(report, ReportContext()) if f.severity == "error" and f.assessable]
