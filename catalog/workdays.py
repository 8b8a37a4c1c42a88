"""Working days (工作日) for statutory deadlines.

The calendar follows the State Council's yearly holiday notices, make-up working weekends (调休)
included. Data: the chinesecalendar package for 2019 through its last year (it matched the official
notices 2019–2026 exactly, notes/calendar.md), plus any year a workspace adds in the ``[calendar]``
table of gongkai.toml. A date no notice covers is refused, never guessed.

Counting leaves out the start day (民法典 第二百零一条: 开始的当日不计入): ``add(d, 20)`` is the 20th
working day strictly after ``d``. Lookups are a ``bisect`` over a sorted list of working-day
ordinals; chinesecalendar's own ``find_workday`` is not used (slow, and a day late from a
non-working start).
"""
from __future__ import annotations

import bisect
import re
from datetime import date, timedelta
from functools import lru_cache

from gongkai.catalog.errors import GongkaiError, InputError, Problem

FIRST_YEAR = 2019  # the revised 条例 took effect in 2019; the notices were verified from 2019 on

_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_EXPECTED_DAY = '"YYYY-MM-DD" or a range "YYYY-MM-DD..YYYY-MM-DD"'


def how_to_add(year: int) -> str:
    """The one-line example of a gongkai.toml year entry, shown wherever a year is missing."""
    return (f'{year} = {{ notice = "国办发明电〔{year - 1}〕N号", off = ["{year}-01-01", '
            f'"{year}-02-05..{year}-02-11"], work = ["{year}-02-14"] }}')


class CalendarCoverageError(GongkaiError):
    """A date, or the n-th working day from it, lies outside every holiday notice the calendar has."""

    def __init__(self, what: str, cal: "WorkdayCalendar", missing_year: int) -> None:
        self.first_day, self.last_day, self.missing_year = cal.first_day, cal.last_day, missing_year
        super().__init__(
            f"no working-day calendar for {what}: the calendar covers {cal.first_day} to {cal.last_day} "
            f"(State Council holiday notices {cal.first_year}–{cal.last_year}). To add a year, put its "
            f"notice in the [calendar] table of gongkai.toml, e.g.  {how_to_add(missing_year)}"
        )


class WorkdayCalendar:
    """Working days of the years ``first_year``..``last_year`` (inclusive, no gaps)."""

    __slots__ = ("_ords", "_lo", "_hi", "first_year", "last_year", "sources")

    def __init__(self, workdays: list[int], first_year: int, last_year: int, sources: dict[int, str]):
        self._ords = workdays  # sorted ordinals of the working days
        self.first_year, self.last_year = first_year, last_year
        self._lo = date(first_year, 1, 1).toordinal()
        self._hi = date(last_year, 12, 31).toordinal()
        self.sources = sources  # year -> where its notice came from

    @property
    def first_day(self) -> date:
        return date(self.first_year, 1, 1)

    @property
    def last_day(self) -> date:
        return date(self.last_year, 12, 31)

    def covers(self, d: date) -> bool:
        return self._lo <= d.toordinal() <= self._hi

    def _check(self, d: date) -> int:
        o = d.toordinal()
        if not self._lo <= o <= self._hi:
            raise CalendarCoverageError(str(d), self, d.year)
        return o

    def is_workday(self, d: date) -> bool:
        o = self._check(d)
        i = bisect.bisect_left(self._ords, o)
        return i < len(self._ords) and self._ords[i] == o

    def add(self, d: date, n: int) -> date:
        """The n-th working day strictly after d (d itself is not counted); n = 0 gives d."""
        if n < 0:
            return self.before(d, -n)
        o = self._check(d)
        if n == 0:
            return d
        i = bisect.bisect_right(self._ords, o) + n - 1
        if i >= len(self._ords):
            raise CalendarCoverageError(f"the date {n} working days after {d}, which falls after {self.last_day}",
                                        self, self.last_year + 1)
        return date.fromordinal(self._ords[i])

    def before(self, d: date, n: int) -> date:
        """The n-th working day strictly before d; n = 0 gives d."""
        if n < 0:
            return self.add(d, -n)
        o = self._check(d)
        if n == 0:
            return d
        i = bisect.bisect_left(self._ords, o) - n
        if i < 0:
            raise CalendarCoverageError(f"the date {n} working days before {d}, which falls before {self.first_day}",
                                        self, self.first_year - 1)
        return date.fromordinal(self._ords[i])

    def count_between(self, start: date, end: date) -> int:
        """Working days in (start, end]; negative when end is before start."""
        lo, hi = self._check(start), self._check(end)
        return bisect.bisect_right(self._ords, hi) - bisect.bisect_right(self._ords, lo)


def build_calendar(extra: dict | None = None, source: str = "gongkai.toml") -> WorkdayCalendar:
    """The calendar from the package data, with a workspace's ``[calendar]`` table (raw) on top.

    For a year the package covers, a workspace year is laid over the package's data: its ``off``
    days become holidays and its ``work`` days working days, and every other day keeps the
    official notice's status — so a local correction never drops the rest of that year's 调休.
    """
    if not extra:
        return _package_calendar()
    return _build(_parse_extra(extra, source), source)


@lru_cache(maxsize=1)
def _package_calendar() -> WorkdayCalendar:
    return _build({}, "")


def _package_data() -> tuple[int, dict[date, bool]]:
    """chinesecalendar's last year and its exceptions to the Mon–Fri rule (True = working)."""
    from chinese_calendar.constants import holidays, workdays

    last = max(holidays).year  # the package's own notion of its last covered year
    special = {d: False for d in holidays}
    special.update({d: True for d in workdays})
    return last, special


def _package_source() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"chinesecalendar {version('chinesecalendar')}"
    except PackageNotFoundError:
        return "chinesecalendar"


def _build(notices: dict[int, tuple[str, dict[date, bool]]], source: str) -> WorkdayCalendar:
    pkg_last, pkg_special = _package_data()
    pkg_source = _package_source()
    sources = {y: pkg_source for y in range(FIRST_YEAR, pkg_last + 1)}
    special = dict(pkg_special)
    for year in sorted(notices):
        notice, days = notices[year]
        sources[year] = f"{pkg_source} + {source}: {notice}" if year in sources else f"{source}: {notice}"
        special.update(days)  # a newer notice may also settle late December of the year before

    years = sorted(sources)
    gap = next((y for y in range(years[0], years[-1] + 1) if y not in sources), None)
    if gap is not None:  # a gap would be skipped silently by the ordinal list
        culprit = min(y for y in notices if y > gap) if max(notices) > gap else max(notices)
        raise InputError.single(
            f"year {gap} is missing, so the covered years would have a gap", file=source, field=f"calendar.{culprit}",
            expected=f"years next to the covered range without a gap: add {gap} too, e.g. {how_to_add(gap)}")

    first, last = years[0], years[-1]
    ords = []
    for o in range(date(first, 1, 1).toordinal(), date(last, 12, 31).toordinal() + 1):
        d = date.fromordinal(o)
        if special.get(d, d.weekday() < 5):
            ords.append(o)
    return WorkdayCalendar(ords, first, last, sources)


def _parse_extra(extra: object, source: str) -> dict[int, tuple[str, dict[date, bool]]]:
    """Validate the raw ``[calendar]`` table: year -> (notice, {day: is_working}). Reports every problem."""
    problems: list[Problem] = []

    def bad(message: str, field: str, expected: str) -> None:
        problems.append(Problem(message, file=source, field=field, expected=expected))

    if not isinstance(extra, dict):
        bad(f"[calendar] is a {type(extra).__name__}", "calendar", f"a table of years, e.g. {how_to_add(2027)}")
        raise InputError(problems)

    notices: dict[int, tuple[str, dict[date, bool]]] = {}
    for key, entry in extra.items():
        field = f"calendar.{key}"
        if not (isinstance(key, str) and re.fullmatch(r"(19|20|21)\d\d", key)):
            bad(f"{key!r} is not a year", field, 'a four-digit year such as "2027"')
            continue
        year = int(key)
        if not isinstance(entry, dict):
            bad(f"the entry is a {type(entry).__name__}", field, f"a table with notice, off and work, e.g. {how_to_add(year)}")
            continue
        for k in sorted(entry.keys() - {"notice", "off", "work"}):
            bad(f"unknown key {k!r}", f"{field}.{k}", "only notice, off and work")
        notice = entry.get("notice")
        if not (isinstance(notice, str) and notice.strip()):
            bad("the notice is missing" if notice is None else f"the notice is {notice!r}",
                f"{field}.notice", 'the State Council notice, e.g. "国办发明电〔2026〕N号"')
        days: dict[date, bool] = {}
        for name, working in (("off", False), ("work", True)):
            values = entry.get(name, [])
            if not isinstance(values, list):
                bad(f"{name} is a {type(values).__name__}", f"{field}.{name}", f"a list of {_EXPECTED_DAY}")
                continue
            for i, value in enumerate(values):
                where = f"{field}.{name}[{i}]"
                span, error = _parse_span(value)
                if error:
                    problem = (error, _EXPECTED_DAY)
                else:
                    problem = next(filter(None, (_day_problem(d, year, working, days) for d in span)), None)
                if problem:
                    bad(problem[0], where, problem[1])
                else:
                    days.update(dict.fromkeys(span, working))
        notices[year] = (str(notice).strip(), days)
    if problems:
        raise InputError(problems)
    return notices


def _day_problem(d: date, year: int, working: bool, seen: dict[date, bool]) -> tuple[str, str] | None:
    """Why day d cannot go in the year's off (working=False) or work list, as (message, expected)."""
    if not (d.year == year or (d.year == year - 1 and d.month == 12)):
        return f"{d} is not in {year}", f"a day in {year} (or late December {year - 1}, for a New Year holiday)"
    if working and d.weekday() < 5:
        return f"{d} is a weekday, a working day already", "a Saturday or Sunday that is worked (调休)"
    if seen.get(d, working) != working:
        return f"{d} is listed in both off and work", "each day in off or in work, not both"
    return None


def _parse_span(value: object) -> tuple[list[date], str | None]:
    """A day or an inclusive range "a..b" as a list of days, or an error message."""
    if type(value) is date:  # a TOML date literal
        return [value], None
    if not isinstance(value, str):
        return [], f"{value!r} is not a date (it is a {type(value).__name__})"
    parts = [p.strip() for p in value.split("..")]
    if len(parts) > 2:
        return [], f"{value!r} is not a day or a range"
    ends = []
    for p in parts:
        if not _DATE_RE.fullmatch(p):
            return [], f"{p!r} is not a date"
        try:
            ends.append(date.fromisoformat(p))
        except ValueError:
            return [], f"{p!r} is not a date"
    a, b = ends[0], ends[-1]
    if b < a:
        return [], f"the range {value!r} ends before it starts"
    return [a + timedelta(i) for i in range((b - a).days + 1)], None
