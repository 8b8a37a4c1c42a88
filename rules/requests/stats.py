"""Monthly statistics of the register per department, as the source case's monthly 备案 report.

For each month of a year and each department: received (收到), closed (办结), closed on time
(按时办结) and late (超期办结), open at the month's end (在办) and of those past their deadline
(逾期未办结), and the closed ones by outcome group (予以公开 … 其他处理). Each application is
counted in the month its receipt or reply falls in; "open" and "overdue" are as of the month's
last day (or the day checked, for the current month).
"""
from __future__ import annotations

import calendar as _months
from dataclasses import dataclass, field
from datetime import date
from typing import Optional

from gongkai.catalog.requests.statutory import clock
from gongkai.catalog.requests.vocab import GROUPS, outcome_group

COLUMNS = ("received", "closed", "on_time", "late", "open", "overdue")
LABELS = {"received": "收到", "closed": "办结", "on_time": "按时办结", "late": "超期办结", "open": "月末在办",
          "overdue": "逾期未办结"}
NO_DEPT = "（未分配部门）"


@dataclass
class MonthRow:
    month: str                      # "2026-03"
    dept: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COLUMNS, 0))
    outcomes: dict[str, int] = field(default_factory=lambda: dict.fromkeys(GROUPS.values(), 0))

    def to_dict(self) -> dict:
        return {"month": self.month, "dept": self.dept, **self.counts, "outcomes": dict(self.outcomes)}


def monthly(apps, cal, year: int, as_of: date, dept: Optional[str] = None) -> list[MonthRow]:
    """Rows per (month, department) of ``year`` up to ``as_of``, months in order, departments by name."""
    rows: dict[tuple[str, str], MonthRow] = {}
    last_month = 12 if as_of.year > year else as_of.month if as_of.year == year else 0

    def row(month: int, d: Optional[str]) -> MonthRow:
        key = (f"{year}-{month:02d}", d or NO_DEPT)
        if key not in rows:
            rows[key] = MonthRow(*key)
        return rows[key]

    for a in apps:
        if dept is not None and a.dept != dept:
            continue
        if a.received_on.year == year and a.received_on.month <= last_month:
            row(a.received_on.month, a.dept).counts["received"] += 1
        closed = a.closed_on
        if closed is not None and closed.year == year and closed.month <= last_month and closed <= as_of:
            r = row(closed.month, a.dept)
            r.counts["closed"] += 1
            r.counts["late" if clock(a, cal, closed).late else "on_time"] += 1
            if a.outcome:
                r.outcomes[outcome_group(a.outcome)] += 1
        for m in range(1, last_month + 1):
            end = min(date(year, m, _months.monthrange(year, m)[1]), as_of)
            if a.received_on > end or (closed is not None and closed <= end):
                continue
            r = row(m, a.dept)
            r.counts["open"] += 1
            c = clock(a, cal, end)
            r.counts["overdue"] += c.overdue
    return [rows[k] for k in sorted(rows)]


def year_totals(rows: list[MonthRow]) -> list[MonthRow]:
    """One row per department over the months (open and overdue: as of the last month given)."""
    out: dict[str, MonthRow] = {}
    last = max((r.month for r in rows), default=None)
    for r in rows:
        t = out.setdefault(r.dept, MonthRow("全年", r.dept))
        for k in ("received", "closed", "on_time", "late"):
            t.counts[k] += r.counts[k]
        if r.month == last:
            t.counts["open"] += r.counts["open"]
            t.counts["overdue"] += r.counts["overdue"]
        for k, v in r.outcomes.items():
            t.outcomes[k] += v
    return [out[k] for k in sorted(out)]


def table(rows: list[MonthRow]) -> tuple[list[str], list[list]]:
    headers = ["月份", "部门", *(LABELS[c] for c in COLUMNS), *GROUPS.values()]
    return headers, [[r.month, r.dept, *(r.counts[c] for c in COLUMNS), *r.outcomes.values()] for r in rows]


def write_xlsx(rows: list[MonthRow], totals: list[MonthRow], path, title: str) -> None:
    from gongkai.rules.formats.xlsx_sheets import new_book, save_book, table_sheet

    book = new_book()
    headers, body = table(rows)
    table_sheet(book, "月报 monthly", headers, body)
    headers, body = table(totals)
    table_sheet(book, "全年 year", headers, body)
    book.properties.title = title
    save_book(book, path)
