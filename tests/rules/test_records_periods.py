"""Periods of periodic deadlines (按月 / 按季度 / 按年 / 每年M月D日前) and which records cover them.

The phrases are those of notes/domain.md §4.3 (宁德's allowed 时限 categories, the 年报 row); the
records are plain in-memory fixtures, so no catalogue item is needed or invented.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from gongkai.catalog.deadline import parse_deadline
from gongkai.catalog.records.model import Record, RecordFile, RecordSource
from gongkai.rules.records.obligations import RecordRef, _periods, default_since, periods_between


def refs(*records: Record) -> list[RecordRef]:
    f = RecordFile(Path("records/x.toml"), RecordSource(), list(records), [None] * len(records))
    return [RecordRef(f, i, r) for i, r in enumerate(records)]


def test_quarters_months_and_years_in_a_window():
    since, as_of = date(2025, 7, 1), date(2026, 6, 30)
    q = periods_between(parse_deadline("按季度公开"), since, as_of)
    assert [(p.label, p.start, p.due) for p in q] == [
        ("2025年第3季度", date(2025, 7, 1), date(2025, 9, 30)), ("2025年第4季度", date(2025, 10, 1), date(2025, 12, 31)),
        ("2026年第1季度", date(2026, 1, 1), date(2026, 3, 31)), ("2026年第2季度", date(2026, 4, 1), date(2026, 6, 30))]
    assert len(periods_between(parse_deadline("按月公开"), since, as_of)) == 12
    assert [p.label for p in periods_between(parse_deadline("按年度公开"), since, as_of)] == ["2025年"]
    annual = periods_between(parse_deadline("每年1月31日前"), since, as_of)
    assert [(p.start, p.due) for p in annual] == [(date(2025, 2, 1), date(2026, 1, 31))]


def test_default_window_is_the_twelve_months_before():
    assert default_since(date(2026, 6, 30)) == date(2025, 7, 1)
    assert default_since(date(2028, 2, 29)) == date(2027, 3, 1)


def test_a_quarter_without_a_published_record_is_missing():
    d = parse_deadline("按季度公开")
    as_of, since = date(2026, 6, 30), date(2025, 7, 1)
    records = refs(
        Record(code="x", formed_on=date(2025, 9, 30), published_on=date(2025, 10, 9)),   # Q3 data, published in Q4
        Record(code="x", published_on=date(2026, 2, 2)),                                 # Q1, no formation date
        Record(code="x", formed_on=date(2025, 12, 1)),                                   # Q4, never published
    )
    obs = _periods("x", "19", d, records, as_of, since)
    # Q2 2026 ends on the as-of date itself: not yet due
    assert [(o.period, o.status) for o in obs] == [
        ("2025年第3季度", "on_time"), ("2025年第4季度", "missing"), ("2026年第1季度", "on_time")]
    assert obs[1].days == (as_of - date(2025, 12, 31)).days


def test_an_annual_date_period_is_covered_by_a_record_formed_in_it():
    d = parse_deadline("每年1月31日前")
    as_of = date(2026, 3, 5)
    late = refs(Record(code="x", formed_on=date(2026, 1, 15), published_on=date(2026, 2, 10)))
    assert _periods("x", "25", d, late, as_of, default_since(as_of)) == []       # late (REC001), not missing
    assert [o.due for o in _periods("x", "25", d, [], as_of, default_since(as_of))] == [date(2026, 1, 31)]
