"""The working-day calendar against the State Council notices (notes/calendar.md)."""
from __future__ import annotations

import tomllib
from datetime import date, timedelta

import pytest

from gongkai.catalog.errors import InputError
from gongkai.catalog.workdays import CalendarCoverageError, build_calendar

# The appendix of notes/calendar.md, typed in independently of chinese_calendar:
# year -> (off days and inclusive ranges, make-up working weekend days). "MM-DD" is in that year.
APPENDIX = {
    2019: ("2018-12-30..01-01 02-04..10 04-05..07 05-01..04 06-07..09 09-13..15 10-01..07",
           "2018-12-29 02-02 02-03 04-28 05-05 09-29 10-12"),
    2020: ("01-01 01-24..02-02 04-04..06 05-01..05 06-25..27 10-01..08",
           "01-19 04-26 05-09 06-28 09-27 10-10"),
    2021: ("01-01..03 02-11..17 04-03..05 05-01..05 06-12..14 09-19..21 10-01..07",
           "02-07 02-20 04-25 05-08 09-18 09-26 10-09"),
    2022: ("01-01..03 01-31..02-06 04-03..05 04-30..05-04 06-03..05 09-10..12 10-01..07",
           "01-29 01-30 04-02 04-24 05-07 10-08 10-09"),
    2023: ("2022-12-31..01-02 01-21..27 04-05 04-29..05-03 06-22..24 09-29..10-06",
           "01-28 01-29 04-23 05-06 06-25 10-07 10-08"),
    2024: ("01-01 02-10..17 04-04..06 05-01..05 06-10 09-15..17 10-01..07",
           "02-04 02-18 04-07 04-28 05-11 09-14 09-29 10-12"),
    2025: ("01-01 01-28..02-04 04-04..06 05-01..05 05-31..06-02 10-01..08",
           "01-26 02-08 04-27 09-28 10-11"),
    2026: ("01-01..03 02-15..23 04-04..06 05-01..05 06-19..21 09-25..27 10-01..07",
           "01-04 02-14 02-28 05-09 09-20 10-10"),
}


def _day(text: str, year: int, month: int | None = None) -> date:
    """"YYYY-MM-DD", "MM-DD" in the notice's year, or "DD" in the month of the range's start."""
    if len(text) == 10:
        return date.fromisoformat(text)
    month, day = map(int, text.split("-")) if "-" in text else (month, int(text))
    return date(year, month, day)


def _days(spec: str, year: int) -> set[date]:
    out = set()
    for token in spec.split():
        a, _, b = token.partition("..")
        start = _day(a, year)
        end = _day(b, year, start.month) if b else start
        assert end >= start, token
        out |= {start + timedelta(i) for i in range((end - start).days + 1)}
    return out


def _reference() -> dict[date, bool]:
    """Every day 2019–2026: working or not, from the appendix alone."""
    off = set().union(*(_days(o, y) for y, (o, _) in APPENDIX.items()))
    work = set().union(*(_days(w, y) for y, (_, w) in APPENDIX.items()))
    day, ref = date(2019, 1, 1), {}
    while day <= date(2026, 12, 31):
        ref[day] = day in work or (day.weekday() < 5 and day not in off)
        day += timedelta(1)
    return ref


REFERENCE = _reference()
CAL = build_calendar()

WORKSPACE_2027 = {"2027": {"notice": "国办发明电〔2026〕99号", "off": ["2027-01-01", "2027-02-05..2027-02-11"],
                           "work": ["2027-02-14"]}}


def test_appendix_parsing_is_sane():
    # guards the helper above: the ranges that cross a month or a year came out whole
    assert len(_days("01-24..02-02", 2020)) == 10
    assert _days("2018-12-30..01-01", 2019) == {date(2018, 12, 30), date(2018, 12, 31), date(2019, 1, 1)}


def test_every_day_2019_2026_matches_the_notices():
    wrong = [d for d, working in REFERENCE.items() if CAL.is_workday(d) != working]
    assert wrong == []
    assert (CAL.first_year, CAL.last_year) >= (2019, 2026)


@pytest.mark.parametrize("day", ["2020-01-19", "2020-09-27", "2024-02-04", "2025-01-26", "2026-02-14", "2026-02-28",
                                 "2026-01-04", "2026-05-09", "2026-09-20", "2026-10-10"])
def test_make_up_weekends_are_working_days(day):
    assert CAL.is_workday(date.fromisoformat(day))


@pytest.mark.parametrize("day", [f"2020-10-0{i}" for i in range(1, 9)] + ["2020-01-31", "2020-02-01", "2026-02-16"])
def test_holidays_are_not_working_days(day):
    assert not CAL.is_workday(date.fromisoformat(day))


def test_start_day_is_not_counted_from_a_holiday():
    # chinese_calendar.find_workday gives 2024-03-15 here, one day late (notes/calendar.md)
    assert CAL.add(date(2024, 2, 10), 20) == date(2024, 3, 14)
    assert CAL.add(date(2024, 2, 9), 1) == date(2024, 2, 18)   # Friday before Spring Festival → make-up Sunday
    assert CAL.add(date(2024, 2, 10), 0) == date(2024, 2, 10)


def _walk(d: date, n: int, step: int) -> date:
    """The n-th working day strictly after (step 1) or before (step -1) d, one day at a time."""
    while n:
        d += timedelta(step)
        n -= REFERENCE[d]
    return d


@pytest.mark.parametrize("n", [1, 3, 20])
def test_add_and_before_match_a_day_by_day_walk(n):
    starts = [d for d in REFERENCE if date(2019, 3, 1) <= d <= date(2026, 10, 31)]
    assert [CAL.add(d, n) for d in starts] == [_walk(d, n, 1) for d in starts]
    assert [CAL.before(d, n) for d in starts] == [_walk(d, n, -1) for d in starts]


def test_before_mirrors_add():
    for d in (d for d, working in REFERENCE.items() if working and date(2019, 2, 1) <= d <= date(2026, 11, 1)):
        for n in (1, 20):
            assert CAL.before(CAL.add(d, n), n) == d
            assert CAL.add(CAL.before(d, n), n) == d
    assert CAL.add(date(2024, 3, 14), -20) == CAL.before(date(2024, 3, 14), 20)


def test_count_between_counts_the_end_not_the_start():
    assert CAL.count_between(date(2024, 2, 10), date(2024, 3, 14)) == 20
    assert CAL.count_between(date(2024, 2, 9), date(2024, 2, 18)) == 1
    assert CAL.count_between(date(2024, 3, 14), date(2024, 2, 10)) == -20
    assert CAL.count_between(date(2020, 10, 1), date(2020, 10, 8)) == 0


def test_a_date_outside_coverage_is_refused_with_the_how_to():
    with pytest.raises(CalendarCoverageError) as err:
        CAL.is_workday(date(2018, 3, 1))
    message = str(err.value)
    for part in ("2018-03-01", "2019-01-01", "2099-12-31", "[calendar]", "gongkai.toml", '2018 = { notice = "'):
        assert part in message
    with pytest.raises(CalendarCoverageError, match="2018-06-01"):
        CAL.add(date(2018, 6, 1), 1)
    with pytest.raises(CalendarCoverageError, match="2100-01-04"):
        CAL.is_workday(date(2100, 1, 4))


def test_a_deadline_past_coverage_is_refused():
    with pytest.raises(CalendarCoverageError, match=r"20 working days after 2099-12-20.*No deadline is counted past"):
        CAL.add(date(2099, 12, 20), 20)
    with pytest.raises(CalendarCoverageError, match="before 2019-01-01"):
        CAL.before(date(2019, 1, 3), 5)


def test_a_workspace_adds_2027():
    cal = build_calendar(WORKSPACE_2027)
    assert cal.last_year == 2027
    assert not cal.is_workday(date(2027, 1, 1))              # a Friday, off
    assert cal.is_workday(date(2027, 2, 14))                 # a Sunday, worked
    assert not any(cal.is_workday(date(2027, 2, d)) for d in range(5, 12))
    assert cal.is_workday(date(2027, 3, 1)) and not cal.is_workday(date(2027, 3, 6))
    assert cal.add(date(2026, 12, 31), 1) == date(2027, 1, 4)
    assert cal.add(date(2027, 2, 4), 2) == date(2027, 2, 14)
    assert "99号" in cal.sources[2027]
    assert cal.add(date(2024, 2, 10), 20) == date(2024, 3, 14)   # the package years are untouched


def test_workspace_dates_may_be_toml_date_literals():
    data = tomllib.loads('[calendar]\n2027 = { notice = "国办发明电〔2026〕99号", off = [2027-01-01], work = [] }\n')
    assert not build_calendar(data["calendar"]).is_workday(date(2027, 1, 1))


def test_a_workspace_year_is_laid_over_the_package_year():
    """A local correction changes the days it lists and keeps the rest of the official notice."""
    cal = build_calendar({"2024": {"notice": "a local correction", "off": ["2024-03-01"], "work": ["2024-03-02"]}})
    assert not cal.is_workday(date(2024, 3, 1))       # listed off (a Friday)
    assert cal.is_workday(date(2024, 3, 2))           # listed work (a Saturday)
    assert not cal.is_workday(date(2024, 2, 15))      # the Spring Festival stays off
    assert cal.is_workday(date(2024, 2, 18))          # and its make-up Sunday stays worked
    # 20 working days after 2024-02-10: officially 2024-03-14; 03-01 lost and 03-02 gained
    assert cal.add(date(2024, 2, 10), 20) == date(2024, 3, 14)
    assert cal.add(date(2024, 2, 10), 11) == date(2024, 3, 2)   # officially 2024-03-01
    assert "a local correction" in cal.sources[2024] and "chinesecalendar" in cal.sources[2024]


def test_the_package_calendar_is_built_once():
    assert build_calendar() is build_calendar() is build_calendar({})
    assert build_calendar(WORKSPACE_2027) is not build_calendar()


@pytest.mark.parametrize("table, field, expected", [
    ({"2027": {"notice": "n", "off": ["2027-02-30"]}}, "calendar.2027.off[0]", "YYYY-MM-DD"),
    ({"2027": {"notice": "n", "off": ["2027-01-01", "2027/02/05"]}}, "calendar.2027.off[1]", "YYYY-MM-DD"),
    ({"2027": {"notice": "n", "off": ["2027-02-11..2027-02-05"]}}, "calendar.2027.off[0]", "range"),
    ({"2027": {"notice": "n", "off": [20270101]}}, "calendar.2027.off[0]", "YYYY-MM-DD"),
    ({"2027": {"notice": "n", "off": "2027-01-01"}}, "calendar.2027.off", "a list"),
    ({"2027": {"notice": "n", "work": ["2027-02-15"]}}, "calendar.2027.work[0]", "Saturday or Sunday"),
    ({"2027": {"notice": "n", "off": ["2028-01-03"]}}, "calendar.2027.off[0]", "a day in 2027"),
    ({"2027": {"notice": "n", "off": ["2027-02-14"], "work": ["2027-02-14"]}}, "calendar.2027.work[0]", "not both"),
    ({"2027": {"off": []}}, "calendar.2027.notice", "State Council notice"),
    ({"2027": {"notice": "n", "holidays": []}}, "calendar.2027.holidays", "only notice, off and work"),
    ({"2027": ["2027-01-01"]}, "calendar.2027", "a table"),
    ({"27": {"notice": "n"}}, "calendar.27", "four-digit year"),
    ({"2100": {"notice": "n"}}, "calendar.2100", "up to 2099"),
    ({"2017": {"notice": "n"}}, "calendar.2017", "add 2018"),
    (["2027"], "calendar", "a table of years"),
])
def test_a_bad_calendar_table_names_file_field_and_expectation(table, field, expected):
    with pytest.raises(InputError) as err:
        build_calendar(table, source="ws/gongkai.toml")
    message = err.value.render()
    assert f"ws/gongkai.toml field {field}:" in message
    assert expected in message


def test_every_problem_is_reported_at_once():
    with pytest.raises(InputError) as err:
        build_calendar({"2027": {"notice": "n", "off": ["x", "y"], "work": ["2027-02-15"]}})
    assert [p.field for p in err.value.problems] == ["calendar.2027.off[0]", "calendar.2027.off[1]",
                                                    "calendar.2027.work[0]"]


def test_the_package_notices_reach_2026_at_least():
    # Years after the last notice are provisional (test_provisional_calendar.py) and say so wherever
    # they are shown, so this no longer fails on 1 January: update chinesecalendar, or add the year to
    # the [calendar] table of gongkai.toml, when the notice appears.
    assert build_calendar().last_year >= 2026
