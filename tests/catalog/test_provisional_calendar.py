"""Provisional years: the statutory holidays of 《全国年节及纪念日放假办法》 for a year with no notice.

Expected dates are worked out by hand in the comments (lunar dates of 2027 from the published
almanac: 春节 2027-02-06, 端午 06-09, 中秋 09-15, 清明 04-05), never read back from the code.
"""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from gongkai.catalog.errors import InputError
from gongkai.catalog.statutory_holidays import statutory_days_off
from gongkai.catalog.workdays import CalendarCoverageError, build_calendar, merge
from gongkai.catalog.workspace import load_config

CAL = build_calendar()


def _official_off(d: date) -> bool:
    from chinese_calendar import is_holiday   # the notices' data, not our calendar

    return is_holiday(d)


@pytest.mark.parametrize("year", range(2019, 2027))
def test_every_statutory_day_of_a_notice_year_is_off_in_the_notice(year):
    days = statutory_days_off(year)
    assert [d for d in days if not _official_off(d)] == []
    assert all(d.year == year for d in days)


def test_the_2014_and_2025_versions_differ_as_the_decrees_say():
    # 2014 version: 春节 from 初一 (2024-02-10), so 除夕 2024-02-09 is not statutory (it was worked)
    d2024 = statutory_days_off(2024)
    assert [d for d, n in d2024.items() if n == "春节"] == [date(2024, 2, 10), date(2024, 2, 11), date(2024, 2, 12)]
    assert date(2024, 2, 9) not in d2024
    assert [d for d, n in d2024.items() if n == "劳动节"] == [date(2024, 5, 1)]
    # 2025 version: 春节 four days from 除夕 (2025-01-28), 劳动节 05-01 and 05-02
    d2025 = statutory_days_off(2025)
    assert [d for d, n in d2025.items() if n == "春节"] == [date(2025, 1, 28) + timedelta(i) for i in range(4)]
    assert [d for d, n in d2025.items() if n == "劳动节"] == [date(2025, 5, 1), date(2025, 5, 2)]


def test_a_holiday_on_a_weekend_is_made_up_on_the_next_free_weekday():
    # 2022-01-01 元旦 was a Saturday: 补假 Monday 01-03 (the notice gave 01-01..03 off)
    assert statutory_days_off(2022)[date(2022, 1, 3)] == "元旦补假"
    # 2020-10-01 国庆 and 中秋 on one day: counted once; 10-03 Saturday made up on Monday 10-05
    d2020 = statutory_days_off(2020)
    assert d2020[date(2020, 10, 1)] == "中秋节、国庆节" and d2020[date(2020, 10, 5)] == "国庆节补假"


def test_2027_is_provisional_with_its_statutory_days():
    assert CAL.is_provisional(2027) and not CAL.is_provisional(2026)
    expected = {
        date(2027, 1, 1): "元旦",                                             # Friday
        **{date(2027, 2, d): "春节" for d in (5, 6, 7, 8)},                  # 除夕 Fri 02-05 .. 初三 Mon 02-08
        date(2027, 2, 9): "春节补假", date(2027, 2, 10): "春节补假",           # for Sat 02-06 and Sun 02-07
        date(2027, 4, 5): "清明节",
        date(2027, 5, 1): "劳动节", date(2027, 5, 2): "劳动节",               # Sat, Sun
        date(2027, 5, 3): "劳动节补假", date(2027, 5, 4): "劳动节补假",
        date(2027, 6, 9): "端午节", date(2027, 9, 15): "中秋节",
        **{date(2027, 10, d): "国庆节" for d in (1, 2, 3)},                  # Fri, Sat, Sun
        date(2027, 10, 4): "国庆节补假", date(2027, 10, 5): "国庆节补假",
    }
    assert statutory_days_off(2027) == expected
    assert [d for d in expected if CAL.is_workday(d)] == []
    assert CAL.is_workday(date(2027, 2, 11)) and not CAL.is_workday(date(2027, 2, 13))   # Thu worked, Sat off
    assert CAL.year_days(2027).work == ()                                            # no 调休 without a notice


def test_counts_across_the_boundary_are_provisional_and_name_the_holidays():
    # 20 working days after 2026-12-10 (Thu): Dec 11 (1), 14–18 (6), 21–25 (11), 28–31 (15), 2027-01-01 元旦 off,
    # Jan 4–8 (20)
    assert CAL.add(date(2026, 12, 10), 20) == date(2027, 1, 8)
    assert CAL.add(date(2026, 12, 31), 1) == date(2027, 1, 4)      # Fri 元旦, then the weekend
    span = CAL.provisional_between(date(2026, 12, 10), date(2027, 1, 8))
    assert span.years == (2027,) and span.days == ((date(2027, 1, 1), "元旦"),)
    assert "2027" in span.note and "2027-01-01 元旦" in span.note and "调休" in span.note
    assert CAL.provisional_between(date(2026, 12, 1), date(2026, 12, 31)) is None
    assert CAL.before(date(2027, 1, 4), 1) == date(2026, 12, 31)


def test_hand_count_of_early_2027():
    # (2026-12-31, 2027-02-11]: Jan weekdays 21 − 元旦 = 20, Feb 1–4 = 4, 02-05..10 off, 02-11 = 1 → 25
    assert CAL.count_between(date(2026, 12, 31), date(2027, 2, 11)) == 25


def test_later_provisional_years_are_made_when_first_reached():
    # 2031: 2031-01-01 is a Wednesday; 2030-12-31 + 1 working day skips it
    assert CAL.add(date(2030, 12, 31), 1) == date(2031, 1, 2)
    for year in (2028, 2035, 2099):
        weekdays_off = [d for d in statutory_days_off(year) if d.weekday() < 5]
        first, last = date(year - 1, 12, 31), date(year, 12, 31)
        weekdays = sum((first + timedelta(i)).weekday() < 5 for i in range(1, 366 + (year % 4 == 0)))
        assert CAL.count_between(first, last) == weekdays - len(weekdays_off)


def test_only_before_the_first_notice_or_past_2099_is_refused():
    with pytest.raises(CalendarCoverageError, match="2018-12-31"):
        CAL.is_workday(date(2018, 12, 31))
    with pytest.raises(CalendarCoverageError):
        CAL.add(date(2099, 12, 30), 5)


def test_a_workspace_notice_wins_over_the_provisional_year():
    # an invented notice for the test (labelled): 2027-01-02 (Sat) worked, 02-05..11 off
    cal = build_calendar({"2027": {"notice": "测试用 test notice", "off": ["2027-01-01", "2027-02-05..2027-02-11"],
                                   "work": ["2027-01-02"]}})
    assert not cal.is_provisional(2027) and cal.is_provisional(2028)
    assert cal.add(date(2026, 12, 31), 1) == date(2027, 1, 2)
    assert cal.provisional_between(date(2026, 12, 10), date(2027, 12, 31)) is None
    assert cal.year_days(2027).kind == "workspace" and cal.year_days(2027).work == (date(2027, 1, 2),)
    assert not cal.is_workday(date(2027, 2, 11))      # the notice's day, not 2027's provisional Thursday


def test_a_year_between_notices_stays_provisional():
    cal = build_calendar({"2028": {"notice": "测试用 test notice", "off": ["2028-01-03"]}})
    assert cal.is_provisional(2027) and not cal.is_provisional(2028)
    assert cal.last_year == 2028 and not cal.is_workday(date(2028, 1, 3))
    assert not cal.is_workday(date(2027, 2, 9))        # 2027 春节补假, provisional


def test_year_days_lists_a_notice_year_with_its_late_december():
    y2026 = CAL.year_days(2026)
    assert y2026.kind == "package"
    assert y2026.work == (date(2026, 1, 4), date(2026, 2, 14), date(2026, 2, 28), date(2026, 5, 9),
                          date(2026, 9, 20), date(2026, 10, 10))
    assert {d for d, n in y2026.off if n == "春节"} == {date(2026, 2, 15) + timedelta(i) for i in range(9)}
    y2019 = CAL.year_days(2019)   # the 2019 notice: 2018-12-29 worked, 2018-12-30..2019-01-01 off
    assert date(2018, 12, 29) in y2019.work and (date(2018, 12, 30), "元旦") in y2019.off


def test_merge_joins_years_and_days():
    a = CAL.provisional_between(date(2026, 12, 30), date(2027, 1, 5))
    b = CAL.provisional_between(date(2027, 12, 30), date(2028, 1, 5))
    m = merge(a, None, b)
    assert m.years == (2027, 2028) and [d for d, _ in m.days] == [date(2027, 1, 1), date(2028, 1, 1),
                                                                   date(2028, 1, 3)]
    assert merge(None, None) is None


@pytest.mark.parametrize("entry, field, expected", [
    ('off = ["2027-02-30"]', "calendar.2027.off[0]", "YYYY-MM-DD"),                       # not a date
    ('off = ["2027-02-11..2027-02-05"]', "calendar.2027.off[0]", "ends before it starts"),  # wrong way round
    ('off = ["2027-02-14"], work = ["2027-02-14"]', "calendar.2027.work[0]", "both off and work"),
])
def test_a_bad_workspace_notice_is_an_input_error_with_file_line_and_field(tmp_path, entry, field, expected):
    (tmp_path / "gongkai.toml").write_text(
        f'[unit]\nregion = "410106"\nname = "上街区"\n\n[calendar]\n2027 = {{ notice = "n", {entry} }}\n',
        encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_config(tmp_path)
    problem = err.value.problems[0]
    assert (problem.field, problem.line) == (field, 6)
    assert problem.file.endswith("gongkai.toml") and expected in err.value.render()
