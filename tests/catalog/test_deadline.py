"""公开时限 parsing: every phrase of notes/domain.md §4.3, and the due dates they give."""
from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from gongkai.catalog.deadline import Deadline, due_date, parse_deadline
from gongkai.catalog.workdays import CalendarCoverageError, build_calendar

FC = ("形成", "变更")

# text -> kind, days, anchors, window_days  (notes/domain.md §4.3, verbatim)
SECTION_4_3 = [
    ("信息形成或者变更之日起20个工作日内", "workdays", 20, FC, None),
    ("信息形成或变更之日起20个工作日内", "workdays", 20, FC, None),
    ("自信息形成或者变更之日起20个工作日内予以公开", "workdays", 20, FC, None),
    ("形成或者变更之日起20个工作日内予以公开", "workdays", 20, FC, None),
    ("信息形成之日起20个工作日内", "workdays", 20, ("形成",), None),
    ("信息形成20个工作日内公开", "workdays", 20, ("形成",), None),
    ("自制作或获取该信息之日起20个工作日内公开", "workdays", 20, ("制作", "获取"), None),
    ("20工作日", "workdays", 20, (), None),
    ("制定或获取信息之日起10个工作日内", "workdays", 10, ("制定", "获取"), None),
    ("制定或获取信息之日起10个工作日内,公示7个工作日", "workdays", 10, ("制定", "获取"), 7),
    ("信息形成或变更之日起3个工作日内", "workdays", 3, FC, None),
    ("本级人民代表大会或其常务委员会批准后20日内", "calendar_days", 20, ("批准",), None),
    ("部门预算经本级财政部门批复后20日内公开", "calendar_days", 20, ("批复",), None),
    ("实时公开", "immediate", None, (), None),
    ("及时公开", "vague", None, (), None),
    ("同上", "inherit", None, (), None),
    ("每年1月31日前", "annual_date", None, (), None),
    ("按年公开", "periodic", None, (), None),
    ("条目化展示、信息形成(变更)20个工作日内。…", "workdays", 20, FC, None),
    # 宁德's list of allowed categories
    ("按日公开", "periodic", None, (), None),
    ("20个工作日内公开", "workdays", 20, (), None),
    ("按月公开", "periodic", None, (), None),
    ("按季度公开", "periodic", None, (), None),
    ("按年度公开", "periodic", None, (), None),
    # DESIGN.md and the brief
    ("公示7个工作日", "window", None, (), 7),
    ("及时", "vague", None, (), None),
    ("(same as above)", "inherit", None, (), None),
]


@pytest.mark.parametrize("text, kind, days, anchors, window", SECTION_4_3)
def test_section_4_3_phrases(text, kind, days, anchors, window):
    d = parse_deadline(text)
    assert (d.kind, d.days, d.anchors, d.window_days) == (kind, days, anchors, window)
    assert d.raw == text
    assert d.reason is None


@pytest.mark.parametrize("text, days", [
    ("信息形成或变更之日起２０个工作日内", 20),             # full-width digits
    ("二十个工作日", 20),                                 # Chinese numerals
    ("十个工作日内", 10),
    ("十五个工作日内公开", 15),
    ("两个工作日", 2),
    ("一百二十个工作日", 120),
    ("10 个 工作日", 10),                                 # spaces inside
    ("信息形成或变更之日起 20 个工作日内予以公开。", 20),     # suffixes
    ("20个工作日内公开。", 20),
    ("自收到申请之日起20个工作日内予以答复;延长的期限最长不得超过20个工作日", 20),
])
def test_working_day_counts_in_any_spelling(text, days):
    d = parse_deadline(text)
    assert (d.kind, d.days) == ("workdays", days)


@pytest.mark.parametrize("text, period, day", [
    ("按月公开", "month", None), ("每月更新", "month", None), ("按季度", "quarter", None), ("按季公开", "quarter", None),
    ("季度更新", "quarter", None), ("按年公开", "year", None), ("按年度公开", "year", None), ("按日公开", "day", None),
    ("每周公开", "week", None), ("每月10日前公开", "month", 10),
])
def test_periodic(text, period, day):
    d = parse_deadline(text)
    assert (d.kind, d.period, d.day) == ("periodic", period, day)


@pytest.mark.parametrize("text, month, day", [
    ("每年1月31日前", 1, 31), ("每年3月31日前公开", 3, 31), ("次年1月31日前", 1, 31), ("每年一月三十一日前", 1, 31),
    ("每年2月底前", 2, None),
])
def test_annual_date(text, month, day):
    d = parse_deadline(text)
    assert (d.kind, d.month, d.day, d.period) == ("annual_date", month, day, "year")


@pytest.mark.parametrize("text, kind", [
    (None, "missing"), ("", "missing"), ("   ", "missing"), ("/", "missing"), ("—", "missing"),
    ("（同上）", "inherit"), ("同上。", "inherit"), ("Same as above", "inherit"),
    ("即时公开", "immediate"), ("适时公开", "vague"), ("信息形成后及时公开", "vague"), ("定期公开", "vague"),
])
def test_other_kinds(text, kind):
    assert parse_deadline(text).kind == kind


@pytest.mark.parametrize("text, reason", [
    ("按规定公开", "no count"),
    ("1个月内", "months"),
    ("按半年公开", "months"),
    ("5个工作日内审核,20个工作日内公开", "5, 20"),
    ("每年2月30日前", "no such day"),
])
def test_unknown_keeps_a_reason_and_guesses_nothing(text, reason):
    d = parse_deadline(text)
    assert d.kind == "unknown" and reason in d.reason
    assert (d.days, d.month, d.day) == (None, None, None)
    assert not d.computable and d.raw == text


def test_the_action_after_the_count_is_not_an_anchor():
    assert parse_deadline("自信息形成之日起20个工作日内发布").anchors == ("形成",)
    assert parse_deadline("20个工作日内发布").anchors == ()


def test_statutory_wording_with_及时_is_a_count_and_names_the_statute():
    d = parse_deadline("依据《中华人民共和国政府信息公开条例》第二十六条,信息形成或者变更之日起20个工作日内及时公开")
    assert (d.kind, d.days, d.anchors) == ("workdays", 20, FC)
    assert d.statute == "《中华人民共和国政府信息公开条例》第二十六条"
    assert parse_deadline("20个工作日").statute is None


def test_window_units_and_wording():
    d = parse_deadline("公示期不少于5个工作日")
    assert (d.kind, d.window_days, d.window_unit) == ("window", 5, "workdays")
    d = parse_deadline("批准后20日内公开,公示7天")
    assert (d.kind, d.days, d.window_days, d.window_unit) == ("calendar_days", 20, 7, "days")


def test_deadline_is_frozen_and_hashable():
    d = parse_deadline("信息形成之日起20个工作日内")
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.days = 3
    assert {d: 1}[parse_deadline("信息形成之日起20个工作日内")] == 1


@pytest.mark.parametrize("text, description", [
    ("信息形成或者变更之日起20个工作日内", "形成或变更后20个工作日"),
    ("20工作日", "20个工作日"),
    ("制定或获取信息之日起10个工作日内,公示7个工作日", "制定或获取后10个工作日,公示7个工作日"),
    ("本级人民代表大会或其常务委员会批准后20日内", "批准后20日"),
    ("公示7个工作日", "公示7个工作日"),
    ("每季度结束后10个工作日内", "按季度,结束后10个工作日"),
    ("每年1月31日前", "每年1月31日前"),
    ("每年2月底前", "每年2月底前"),
    ("按季度公开", "按季度公开"),
    ("每月10日前", "每月10日前"),
    ("实时公开", "实时公开"),
    ("及时公开", "及时公开(无确定时限)"),
    ("同上", "同上(沿用上一行)"),
    (None, "未填写"),
    ("按规定公开", "无法识别: 按规定公开"),
])
def test_describe(text, description):
    assert parse_deadline(text).describe() == description


CAL = build_calendar()


def test_due_date_in_working_days_skips_the_start_day_and_holidays():
    d = parse_deadline("信息形成或者变更之日起20个工作日内")
    assert due_date(d, date(2024, 2, 10), CAL) == date(2024, 3, 14)
    assert due_date(parse_deadline("信息形成或变更之日起3个工作日内"), date(2020, 9, 30), CAL) == date(2020, 10, 12)
    # (10-01..08 off; 10-09 Fri, 10-10 make-up Sat, 10-12 Mon)
    # 2027 has no notice: provisional. 20 working days after 2026-12-20 (Sun): Dec 21–25 (5), 28–31 (9),
    # 2027-01-01 元旦 off, Jan 4–8 (14), 11–15 (19), Jan 18 (20)
    assert due_date(d, date(2026, 12, 20), CAL) == date(2027, 1, 18)
    with pytest.raises(CalendarCoverageError):
        due_date(d, date(2018, 12, 20), CAL)    # before the first notice: refused


def test_due_date_in_calendar_days():
    d = parse_deadline("本级人民代表大会或其常务委员会批准后20日内")
    assert due_date(d, date(2024, 2, 10), CAL) == date(2024, 3, 1)
    assert due_date(d, date(2030, 1, 1), CAL) == date(2030, 1, 21)   # needs no working-day calendar


@pytest.mark.parametrize("formed, due", [
    (date(2025, 12, 31), date(2026, 1, 31)),   # last year's information: due this coming 31 January
    (date(2026, 1, 10), date(2026, 1, 31)),
    (date(2026, 1, 31), date(2026, 1, 31)),    # on the day itself: still that day
    (date(2026, 2, 1), date(2027, 1, 31)),     # past it: the next year's date
])
def test_due_date_of_an_annual_date(formed, due):
    assert due_date(parse_deadline("每年1月31日前"), formed, CAL) == due


def test_due_date_of_an_end_of_month_annual_date():
    d = parse_deadline("每年2月底前")
    assert due_date(d, date(2027, 1, 5), CAL) == date(2027, 2, 28)
    assert due_date(d, date(2028, 1, 5), CAL) == date(2028, 2, 29)


@pytest.mark.parametrize("text", ["按季度公开", "实时公开", "及时公开", "按规定公开", "同上", None, "公示7个工作日"])
def test_no_due_date_where_none_can_be_computed(text):
    assert due_date(parse_deadline(text), date(2024, 5, 6), CAL) is None
