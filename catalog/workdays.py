"""Working days (工作日) for statutory deadlines.

The calendar follows the State Council's yearly holiday notices, make-up working weekends (调休)
included. Data: the chinesecalendar package for 2019 through its last year (it matched the official
notices 2019–2026 exactly, notes/calendar.md), plus any year a workspace adds in the ``[calendar]``
table of gongkai.toml (a workspace year wins).

A year with no notice yet (the notice usually appears in November or December) is *provisional*:
its days off are the statutory holidays of 《全国年节及纪念日放假办法》 with their 补假
(``gongkai.catalog.statutory_holidays``) and the weekends, without 调休. Every answer that goes
through a provisional year can say so: ``provisional_between`` names the years and the holidays
counted. Provisional years reach to LAST_YEAR; only a date before the first notice (2019) or after
LAST_YEAR is refused.

Counting leaves out the start day (民法典 第二百零一条: 开始的当日不计入): ``add(d, 20)`` is the 20th
working day strictly after ``d``. Lookups are a ``bisect`` over a sorted list of working-day
ordinals, extended a year at a time as provisional years are reached; chinesecalendar's own
``find_workday`` is not used (slow, and a day late from a non-working start).
"""
from __future__ import annotations

import bisect
import re
import threading
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from gongkai.catalog.errors import GongkaiError, InputError, Problem
from gongkai.catalog.statutory_holidays import LAW, decree_of, statutory_days_off

FIRST_YEAR = 2019  # the revised 条例 took effect in 2019; the notices were verified from 2019 on
LAST_YEAR = 2099   # provisional years are made up to here

_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_EXPECTED_DAY = '"YYYY-MM-DD" or a range "YYYY-MM-DD..YYYY-MM-DD"'
_PACKAGE_NAMES = {"New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节",
                  "Labour Day": "劳动节", "Dragon Boat Festival": "端午节", "National Day": "国庆节",
                  "Mid-autumn Festival": "中秋节", "Anti-Fascist 70th Day": "抗战胜利70周年纪念日"}
NOTICE_DAY = "放假通知"       # the name of a day a workspace notice lists
MAKE_UP_DAY = "调休上班"      # a weekend worked under a notice
NAMES_SHOWN = 8              # holidays a provisional note names before "… N more"


def how_to_add(year: int) -> str:
    """The one-line example of a gongkai.toml year entry, shown wherever a year is missing."""
    return (f'{year} = {{ notice = "国办发明电〔{year - 1}〕N号", off = ["{year}-01-01", '
            f'"{year}-02-05..{year}-02-11"], work = ["{year}-02-14"] }}')


class CalendarCoverageError(GongkaiError):
    """A date, or the n-th working day from it, lies outside every year the calendar can count."""

    def __init__(self, what: str, cal: "WorkdayCalendar", missing_year: int) -> None:
        self.first_day, self.last_day, self.missing_year = cal.first_day, cal.last_day, missing_year
        how = (f"To add a year's notice, put it in the [calendar] table of gongkai.toml, e.g.  {how_to_add(missing_year)}"
               if missing_year < cal.first_year else "No deadline is counted past that day.")
        super().__init__(
            f"no working-day calendar for {what}: working days are counted from {cal.first_day} (State Council "
            f"holiday notices {cal.first_year}–{cal.last_year}, provisional years after them) to "
            f"{date(LAST_YEAR, 12, 31)}. {how}"
        )


@dataclass(frozen=True)
class ProvisionalSpan:
    """A count that went through years without a notice: which years, and the statutory days off counted."""

    years: tuple[int, ...]
    days: tuple[tuple[date, str], ...]

    @property
    def note(self) -> str:
        years = "、".join(map(str, self.years))
        shown = "、".join(f"{d} {name}" for d, name in self.days[:NAMES_SHOWN])
        more = f" … {len(self.days) - NAMES_SHOWN} more" if len(self.days) > NAMES_SHOWN else ""
        counted = f"; days off counted: {shown}{more}" if self.days else "; no statutory holiday in the span"
        return (f"暂定 provisional: {years}年放假通知未发布 (no State Council holiday notice for {years} yet), "
                f"counted with the statutory holidays of {LAW} and weekends, no 调休{counted}")

    def to_dict(self) -> dict:
        return {"years": list(self.years), "days": [{"date": d.isoformat(), "name": n} for d, n in self.days],
                "note": self.note}


def merge(*spans: "ProvisionalSpan | None") -> "ProvisionalSpan | None":
    """One span for several counts behind one answer (a due date and the days late after it)."""
    real = [s for s in spans if s]
    if not real:
        return None
    days = dict(d for s in real for d in s.days)
    return ProvisionalSpan(tuple(sorted({y for s in real for y in s.years})), tuple(sorted(days.items())))


@dataclass(frozen=True)
class YearDays:
    """One year as ``gongkai calendar`` shows it: where its days come from, its days off and make-up days."""

    year: int
    kind: str               # package | workspace | package+workspace | provisional
    source: str
    off: tuple[tuple[date, str], ...]    # days off besides plain weekends' (weekend days inside a holiday too)
    work: tuple[date, ...]               # weekend days worked (调休)

    def to_dict(self) -> dict:
        return {"year": self.year, "kind": self.kind, "source": self.source, "provisional": self.kind == "provisional",
                "off": [{"date": d.isoformat(), "name": n} for d, n in self.off],
                "work": [d.isoformat() for d in self.work]}


class WorkdayCalendar:
    """Working days from ``first_year`` on: notice years as published, later years provisional."""

    def __init__(self, special: dict[date, bool], names: dict[date, str], sources: dict[int, str],
                 kinds: dict[int, str]):
        self._special = special      # notice days that differ from Mon–Fri (True = working)
        self._names = names          # their names (元旦, 调休上班 …)
        self.sources = sources       # notice year -> where its notice came from
        self.kinds = kinds           # notice year -> package | workspace | package+workspace
        self.first_year, self.last_year = min(sources), max(sources)   # last_year: the last notice
        self._lo = date(self.first_year, 1, 1).toordinal()
        self._hi = date(LAST_YEAR, 12, 31).toordinal()
        self._ords: list[int] = []   # sorted ordinals of the working days, built up to _built
        self._built = self.first_year - 1
        self._lock = threading.Lock()
        self._extend_to(self.last_year)

    @property
    def first_day(self) -> date:
        return date(self.first_year, 1, 1)

    @property
    def last_day(self) -> date:
        """The last day that can be counted (provisional years included)."""
        return date(LAST_YEAR, 12, 31)

    def covers(self, d: date) -> bool:
        return self._lo <= d.toordinal() <= self._hi

    def is_provisional(self, year: int) -> bool:
        return self.first_year <= year <= LAST_YEAR and year not in self.sources

    def _extend_to(self, year: int) -> None:
        """Add the working days of every year up to ``year`` (a provisional year is made when first reached)."""
        if year <= self._built:
            return
        with self._lock:
            for y in range(self._built + 1, min(year, LAST_YEAR) + 1):
                off = statutory_days_off(y) if self.is_provisional(y) else {}
                start = date(y, 1, 1).toordinal()
                for o in range(start, date(y, 12, 31).toordinal() + 1):
                    d = date.fromordinal(o)
                    working = self._special.get(d)
                    if working is None:
                        working = d.weekday() < 5 and d not in off
                    if working:
                        self._ords.append(o)
                self._built = y

    def _check(self, d: date) -> int:
        o = d.toordinal()
        if not self._lo <= o <= self._hi:
            raise CalendarCoverageError(str(d), self, d.year)
        self._extend_to(d.year)
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
        while i >= len(self._ords) and self._built < LAST_YEAR:
            self._extend_to(self._built + 1)
        if i >= len(self._ords):
            raise CalendarCoverageError(f"the date {n} working days after {d}, which falls after {self.last_day}",
                                        self, LAST_YEAR + 1)
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

    def provisional_between(self, a: date, b: date) -> ProvisionalSpan | None:
        """Whether an answer that counted the days from a to b (either order) went through a provisional
        year; if so, the years and the statutory days off counted in the span."""
        lo, hi = min(a, b), max(a, b)
        years = tuple(y for y in range(lo.year, hi.year + 1) if self.is_provisional(y))
        if not years:
            return None
        days = tuple((d, name) for y in years for d, name in statutory_days_off(y).items()
                     if lo <= d <= hi and self._special.get(d) is None)
        return ProvisionalSpan(years, days)

    def year_days(self, year: int) -> YearDays:
        """Where a year's days come from, and its days off and make-up working days.

        A notice's days in the last week of December (元旦 of the next year, and its make-up weekend)
        are listed with the next year, whose notice set them.
        """
        self._check(date(year, 1, 1))
        if self.is_provisional(year):
            return YearDays(year, "provisional", f"{LAW} ({decree_of(year)}): statutory holidays and 补假, weekends, no 调休",
                            tuple(statutory_days_off(year).items()), ())
        lo, hi = date(year - 1, 12, 25), date(year, 12, 24)
        days = sorted(d for d in self._special if lo <= d <= hi)
        off = tuple((d, self._names.get(d, NOTICE_DAY)) for d in days if not self._special[d])
        work = tuple(d for d in days if self._special[d])
        return YearDays(year, self.kinds[year], self.sources[year], off, work)


def build_calendar(extra: dict | None = None, source: str = "gongkai.toml") -> WorkdayCalendar:
    """The calendar from the package data, with a workspace's ``[calendar]`` table (raw) on top.

    For a year the package covers, a workspace year is laid over the package's data: its ``off``
    days become holidays and its ``work`` days working days, and every other day keeps the
    official notice's status — so a local correction never drops the rest of that year's 调休.
    A workspace year after the package's last replaces the provisional year entirely (it is the
    notice); a year with no notice between them stays provisional.
    """
    if not extra:
        return _package_calendar()
    return _build(_parse_extra(extra, source), source)


@lru_cache(maxsize=1)
def _package_calendar() -> WorkdayCalendar:
    return _build({}, "")


def _package_data() -> tuple[int, dict[date, bool], dict[date, str]]:
    """chinesecalendar's last year, its exceptions to the Mon–Fri rule (True = working) and their names."""
    from chinese_calendar.constants import holidays, workdays

    last = max(holidays).year  # the package's own notion of its last covered year
    special = {d: False for d in holidays}
    special.update({d: True for d in workdays})
    names = {d: _PACKAGE_NAMES.get(str(h), str(h)) for d, h in holidays.items()}
    names.update({d: MAKE_UP_DAY for d in workdays})
    return last, special, names


def _package_source() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"chinesecalendar {version('chinesecalendar')}"
    except PackageNotFoundError:
        return "chinesecalendar"


def _build(notices: dict[int, tuple[str, dict[date, bool]]], source: str) -> WorkdayCalendar:
    pkg_last, special, names = _package_data()
    pkg_source = _package_source()
    sources = {y: pkg_source for y in range(FIRST_YEAR, pkg_last + 1)}
    kinds = dict.fromkeys(sources, "package")
    special = dict(special)
    names = dict(names)
    for year in sorted(notices):
        notice, days = notices[year]
        if year in sources:
            sources[year], kinds[year] = f"{pkg_source} + {source}: {notice}", "package+workspace"
        else:
            sources[year], kinds[year] = f"{source}: {notice}", "workspace"
        special.update(days)  # a newer notice may also settle late December of the year before
        names.update({d: MAKE_UP_DAY if working else NOTICE_DAY for d, working in days.items()})
    gap = next((y for y in range(min(sources), FIRST_YEAR) if y not in sources), None)
    if gap is not None:  # provisional years start in 2019: an earlier year needs its notice
        culprit = min(sources)
        raise InputError.single(
            f"year {gap} is missing, so the covered years would have a gap", file=source, field=f"calendar.{culprit}",
            expected=f"years before {FIRST_YEAR} without a gap: add {gap} too, e.g. {how_to_add(gap)}")
    return WorkdayCalendar(special, names, sources, kinds)


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
        if not (isinstance(key, str) and re.fullmatch(r"(19|20)\d\d", key)):
            bad(f"{key!r} is not a year", field, f'a four-digit year up to {LAST_YEAR}, such as "2027"')
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
