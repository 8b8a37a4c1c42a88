"""The figures a report's text quotes (rules/reports/text.py) and how AR301 compares them with the
tables: the result breakdown with its percentages, 现行有效, 均获维持 / 无…复议, the wordings of the
totals. Sentences are real report wordings (上海 2025, 上街区 2020, 沭阳 2023, the 审计局 pages) or
those wordings with one figure changed."""
from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.rules.reports import text as tx
from gongkai.rules.reports.checks import ReportContext, check_report
from gongkai.rules.reports.reading import load_report
from gongkai.rules.reports.text_targets import percent_fits

DATA = Path(__file__).resolve().parents[1] / "data" / "reports"
SH_TEXT = ("市政府共受理政府信息公开申请 1295 件，办结 1191 件（含上年结转 189 件），均在法定期限内答复。其中，予以公开及部分公开 "
           "208 件（17.46%），不予公开 20 件（1.68%），因本机关不掌握等原因无法提供 564 件（47.36%），属信访、重复申请等不予处理 "
           "80 件（6.72%），其他处理 319 件（26.78%，含申请人主动撤回 157 件）。")


def quotes(text: str) -> list[tuple[str, int, str | None]]:
    return [(q.kind, q.value, q.percent) for q in tx.quoted_figures([(1, text)])]


def test_the_result_breakdown_and_its_percentages_are_read():
    assert quotes(SH_TEXT) == [
        (tx.RECEIVED, 1295, None), (tx.CARRIED_IN, 189, None), (tx.CLOSED, 1191, None),
        (tx.GRANTED_ALL, 208, "17.46"), (tx.REFUSED, 20, "1.68"), (tx.UNABLE, 564, "47.36"),
        (tx.NOT_HANDLED, 80, "6.72"), (tx.OTHER, 319, "26.78")]


@pytest.mark.parametrize("text, expected", [
    ("全年接收政府信息公开申请共计 66 件。", [(tx.RECEIVED, 66, None)]),
    ("全年办理政府信息公开申请 68 件，其中予以公开 3 件。", [(tx.RECEIVED, 68, None), (tx.GRANTED, 3, None)]),
    ("本年度共收到政府信息公开申请 68 件（其中上年结转 2 件）。", [(tx.RECEIVED, 68, None), (tx.CARRIED_IN, 2, None)]),
    ("全区累计处理政府信息依申请公开92件，其中，本年度新接收91件，2020年结转办理1件。",
     [(tx.RECEIVED, 92, None), (tx.RECEIVED, 91, None), (tx.CARRIED_IN, 1, None)]),
    ("因政府信息公开工作被提起诉讼 2 件。", [(tx.LITIGATION, 2, None)]),
    ("予以公开 3 件，占 4.5%；部分公开 17 件。", [(tx.GRANTED, 3, "4.5"), (tx.PARTIAL, 17, None)]),
    ("截至年底，现行有效规章 235 件、行政规范性文件现行有效 189 件。",
     [(tx.IN_FORCE_NORMS, 189, None), (tx.IN_FORCE_RULES, 235, None)]),
    ("行政诉讼案件结果纠正 0 件。", []),
    ("未出现申请行政复议、提起行政诉讼的情况。", [(tx.REVIEW, 0, None), (tx.LITIGATION, 0, None)]),
    ("本年度未发生因政府信息公开工作被申请行政复议的情况。", [(tx.REVIEW, 0, None)]),
    # not application figures: a channel breakdown, 网络问政, a number too long to be a count
    ("其中接收互联网申请5件。", []),
    ("全年受理网络问政 182 件。", []),
    ("受理政府信息公开申请 1234567890123456789 件。", []),
])
def test_wordings(text, expected):
    assert quotes(text) == expected


def test_all_upheld_names_the_blocks_its_sentence_speaks_of():
    got = tx.quoted_figures([(1, "被申请行政复议1件，被提起行政诉讼2件，均获维持。"), (2, "行政复议案件均被维持。")])
    assert [(q.kind, q.blocks) for q in got if q.kind == tx.UPHELD] == [
        (tx.UPHELD, (tx.REVIEW, tx.LITIGATION)), (tx.UPHELD, (tx.REVIEW,))]


@pytest.mark.parametrize("count, base, written, fits", [
    (208, 1191, "17.46", True), (208, 1191, "17.5", True), (208, 1191, "17", True), (208, 1191, "18.46", False),
    (2, 3, "66.6", True), (2, 3, "66.7", True), (2, 3, "66.8", False), (1, 0, "0", False)])
def test_a_percentage_is_checked_to_the_precision_written(count, base, written, fits):
    assert percent_fits(count, base, written) is fits       # rounded or cut off, both are published


def _variant(tmp_path, name, old, new):
    text = (DATA / name).read_text("utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / Path(name).name
    path.write_text(text.replace(old, new), "utf-8")
    return load_report(path)


def ar301(report):
    return [(f.severity if f.assessable else "n/a", f.item) for f in check_report(report, ReportContext())
            if f.rule == "AR301"]


def test_percentage_of_another_base_is_accepted_and_a_wrong_one_named(tmp_path):
    # 20 of 新收 1295 is 1.54%: a real base too, so accepted
    assert ar301(_variant(tmp_path, "shanghai-office-2025.md", "（1.68%）", "（1.54%）")) == []
    f = [f for f in check_report(_variant(tmp_path, "shanghai-office-2025.md", "（1.68%）", "（1.86%）"))
         if f.rule == "AR301"]
    assert [(x.item, x.line) for x in f] == [("正文 不予公开 占比", 11)]
    assert "（七）总计 1191 → 1.68%" in f[0].message and f[0].data["percent"] == "1.86"


def test_in_force_in_the_2019_format_is_not_assessable(tmp_path):
    report = _variant(tmp_path, "shangjie-2020.txt", "上年结转2件,均已办结", "上年结转2件,均已办结。现行有效规范性文件230件")
    assert ("n/a", "正文 现行有效规范性文件") in ar301(report)


def test_upheld_with_pending_cases_is_an_error_and_without_them_passes(tmp_path):
    wrong = _variant(tmp_path, "shuyang-fgj-2023.html", "发送给申请人</span>", "发送给申请人。被申请行政复议1件，均获维持</span>")
    assert ar301(wrong) == [("error", "正文 均获维持")]      # 表四 行政复议 尚未审结 1
    (tmp_path / "b").mkdir()
    right = _variant(tmp_path / "b", "pages/shenji-2020-page9.txt", "未出现申请行政复议、提起行政诉讼的情况。",
                     "行政复议和行政诉讼案件均获维持。")
    assert ar301(right) == []                                # 表四 all 0: nothing corrected or pending


def test_the_sum_usage_is_accepted_and_said(tmp_path):
    report = _variant(tmp_path, "shanghai-office-2025.md", "市政府共受理政府信息公开申请 1295 件",
                      "市政府共收到政府信息公开申请 1484 件（其中上年结转 189 件）")
    f = [f for f in check_report(report) if f.rule == "AR301"]
    assert [(x.severity, x.assessable) for x in f] == [("info", True)]
    assert "= 新收 + 上年结转 1295 + 189" in f[0].message and "a known usage; accepted" in f[0].message
