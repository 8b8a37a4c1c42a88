"""What an item's 公开时限 asks of its records: disclosures due, and whether each was on time.

An obligation is one thing that had to be published by a date:

  record       a record with a formation date, under a deadline that gives a date
               (N个工作日 / N日 / 每年M月D日前 / 每月D日前): on time, late, missing (not published
               and past due) or pending (not yet due)
  period       a period of a periodic item (按月 / 按季度 / 按年 / 每年M月D日前 / 每月D日前) that
               ended inside the window [since, as_of) with no record for it: missing; with one: on time
               (按季度 without a day only asks for a record per period, so it cannot be late, DDL005)
  undisclosed  a proactive item with an event-driven deadline and no record at all: missing

A record under a deadline that gives no date (及时公开, 实时公开, unparseable) is ``unmeasured``:
published, but its timeliness cannot be judged. A record published after ``as_of`` is treated as
not yet published on ``as_of``. Counting leaves out the start day (民法典 第二百零一条).
A working-day judgment that counted through a year with no holiday notice yet keeps its status and
carries the calendar's ``ProvisionalSpan`` (``provisional``), which names the holidays counted.
"""
from __future__ import annotations

import calendar as _months
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Optional

from gongkai.catalog.deadline import Deadline, due_date, parse_deadline
from gongkai.catalog.records.model import Record, RecordFile
from gongkai.catalog.workdays import CalendarCoverageError, ProvisionalSpan

STATUSES = ("on_time", "late", "missing", "pending", "unmeasured")
DUE_STATUSES = ("on_time", "late", "missing")     # counted as due; the on-time rate is on_time / due
COVERED_PERIODS = ("month", "quarter", "year")


@dataclass
class RecordRef:
    """A record with the file it is in and its position there (for findings)."""

    file: RecordFile
    index: int
    record: Record

    @property
    def line(self) -> Optional[int]:
        return self.file.line_of(self.index)


@dataclass
class Obligation:
    code: str
    domain: str
    kind: str                       # record | period | undisclosed
    status: str                     # on_time | late | missing | pending | unmeasured
    due: Optional[date] = None
    ref: Optional[RecordRef] = None
    period: Optional[str] = None    # label of the period, e.g. 2026年第1季度
    days: Optional[int] = None      # late by / overdue by (working days for 工作日 deadlines, else days)
    unit: str = "days"              # workdays | days
    reason: Optional[str] = None    # why it is unmeasured
    provisional: Optional[ProvisionalSpan] = None   # counted through a year with no holiday notice

    def to_dict(self) -> dict:
        r = self.ref.record if self.ref else None
        return {
            "code": self.code, "domain": self.domain, "kind": self.kind, "status": self.status,
            "due": self.due.isoformat() if self.due else None, "period": self.period,
            "days": self.days, "unit": self.unit if self.days is not None else None,
            "title": r.title if r else None, "formed_on": r.formed_on.isoformat() if r and r.formed_on else None,
            "published_on": r.published_on.isoformat() if r and r.published_on else None,
            "url": r.url if r else None, "dept": r.dept if r else None,
            "file": self.ref.file.name if self.ref else None, "line": self.ref.line if self.ref else None,
            "reason": self.reason, "provisional": self.provisional.note if self.provisional else None,
        }


def is_proactive(item) -> bool:
    """主动 items must be disclosed unasked; an item with no mode is taken as proactive (most are)."""
    return not item.method.mode or "主动" in item.method.mode


def has_periods(d: Deadline) -> bool:
    return d.kind == "annual_date" or (d.kind == "periodic" and d.period in COVERED_PERIODS)


def item_obligations(item, domain: str, refs: list[RecordRef], as_of: date, since: date, calendar) -> list[Obligation]:
    """Every obligation of one item (in force) given its records, as of a date."""
    d = parse_deadline(item.deadline)
    out: list[Obligation] = []
    dated = d.kind in ("workdays", "calendar_days", "annual_date") or (d.kind == "periodic" and d.period == "month" and d.day)
    if dated:
        out.extend(_record_obligation(item.code, domain, d, ref, as_of, calendar) for ref in refs)
    elif d.kind != "periodic" or d.period not in COVERED_PERIODS:
        out.extend(_unmeasured(item.code, domain, d, ref, as_of) for ref in refs)
    if has_periods(d) and is_proactive(item):
        out.extend(_periods(item.code, domain, d, refs, as_of, since))
    elif not refs and is_proactive(item) and d.kind != "periodic":
        out.append(Obligation(item.code, domain, "undisclosed", "missing", reason="no record of this item"))
    return out


def _due(d: Deadline, formed_on: date, calendar) -> Optional[date]:
    if d.kind == "periodic":   # 每月D日前: the next such day on or after formation
        return _monthly_due(formed_on, d.day)
    return due_date(d, formed_on, calendar)


def _record_obligation(code, domain, d: Deadline, ref: RecordRef, as_of: date, calendar) -> Obligation:
    r = ref.record
    unit = "workdays" if d.kind == "workdays" else "days"
    if r.formed_on is None:
        return _unmeasured(code, domain, d, ref, as_of, "the record has no formation date (形成日期)")
    try:
        due = _due(d, r.formed_on, calendar)
        published = r.published_by(as_of)
        # the working days counted: to the due date, and on to the publication (or as_of) when past it
        span = (calendar.provisional_between(r.formed_on, max(due, r.published_on if published else as_of))
                if unit == "workdays" else None)
        if published and r.published_on <= due:
            return Obligation(code, domain, "record", "on_time", due, ref, unit=unit, provisional=span)
        if published:
            return Obligation(code, domain, "record", "late", due, ref, days=_between(due, r.published_on, unit, calendar),
                              unit=unit, provisional=span)
        if as_of > due:
            return Obligation(code, domain, "record", "missing", due, ref, days=_between(due, as_of, unit, calendar),
                              unit=unit, provisional=span)
        return Obligation(code, domain, "record", "pending", due, ref, unit=unit, provisional=span)
    except CalendarCoverageError as exc:
        return Obligation(code, domain, "record", "unmeasured" if r.published_by(as_of) else "pending", None, ref,
                          reason=str(exc))


def _unmeasured(code, domain, d: Deadline, ref: RecordRef, as_of: date, reason: Optional[str] = None) -> Obligation:
    status = "unmeasured" if ref.record.published_by(as_of) else "pending"
    return Obligation(code, domain, "record", status, None, ref,
                      reason=reason or f"the deadline gives no date ({d.describe()})")


def _between(start: date, end: date, unit: str, calendar) -> int:
    return calendar.count_between(start, end) if unit == "workdays" else (end - start).days


# -- periods --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Period:
    start: date     # first day the period's information may belong to
    due: date       # the day its record is due (the period's last day for 按月/按季度/按年)
    label: str


def _periods(code, domain, d: Deadline, refs: list[RecordRef], as_of: date, since: date) -> list[Obligation]:
    periods = [p for p in periods_between(d, since, as_of) if since <= p.due < as_of]
    out = []
    for p in periods:
        covering = [ref for ref in refs if _covers(d, ref.record, p, as_of)]
        status = "on_time" if covering else "missing"
        if d.kind != "periodic" or d.day:
            # Dated periods: a record assigned to the period is judged as a record obligation already.
            if covering:
                continue
        out.append(Obligation(code, domain, "period", status, p.due, covering[0] if covering else None, period=p.label,
                              days=(as_of - p.due).days if status == "missing" else None))
    return out


def _covers(d: Deadline, r: Record, p: Period, as_of: date) -> bool:
    ref_day = r.formed_on or r.published_on
    if ref_day is None or not p.start <= ref_day <= p.due:
        return False
    if d.kind == "periodic" and not d.day:
        return r.published_by(as_of)   # 按季度: only a published record shows the period was disclosed
    return True                          # dated: an unpublished one is reported as overdue by itself


def periods_between(d: Deadline, since: date, as_of: date) -> list[Period]:
    """The periods of a periodic deadline whose due dates fall between ``since`` and ``as_of`` (inclusive)."""
    out: list[Period] = []
    if d.kind == "annual_date":
        for year in range(since.year, as_of.year + 1):
            due = _annual(year, d.month, d.day)
            out.append(Period(_annual(year - 1, d.month, d.day) + timedelta(1), due, f"{year}年{_md(due)}前"))
    elif d.period == "month" and d.day:
        for y, m in _months_between(since, as_of):
            due = _clamp(y, m, d.day)
            py, pm = (y, m - 1) if m > 1 else (y - 1, 12)
            out.append(Period(_clamp(py, pm, d.day) + timedelta(1), due, f"{y}年{m}月({m}月{due.day}日前)"))
    elif d.period == "month":
        for y, m in _months_between(since, as_of):
            out.append(Period(date(y, m, 1), _clamp(y, m, 31), f"{y}年{m}月"))
    elif d.period == "quarter":
        for y, m in _months_between(since, as_of):
            if m % 3 == 0:
                out.append(Period(date(y, m - 2, 1), _clamp(y, m, 31), f"{y}年第{m // 3}季度"))
    elif d.period == "year":
        for year in range(since.year, as_of.year + 1):
            out.append(Period(date(year, 1, 1), date(year, 12, 31), f"{year}年"))
    return [p for p in out if since <= p.due <= as_of]


def _months_between(since: date, as_of: date):
    y, m = since.year, since.month
    while (y, m) <= (as_of.year, as_of.month):
        yield y, m
        y, m = (y, m + 1) if m < 12 else (y + 1, 1)


def _clamp(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, _months.monthrange(year, month)[1]))


def _annual(year: int, month: int, day: Optional[int]) -> date:
    return _clamp(year, month, day or 31)


def _md(d: date) -> str:
    return f"{d.month}月{d.day}日"


def _monthly_due(formed_on: date, day: int) -> date:
    due = _clamp(formed_on.year, formed_on.month, day)
    if formed_on <= due:
        return due
    y, m = (formed_on.year, formed_on.month + 1) if formed_on.month < 12 else (formed_on.year + 1, 1)
    return _clamp(y, m, day)


def default_since(as_of: date) -> date:
    """The default window for periods: the twelve months before ``as_of``."""
    try:
        return as_of.replace(year=as_of.year - 1) + timedelta(1)
    except ValueError:   # 29 February
        return date(as_of.year - 1, 3, 1)
