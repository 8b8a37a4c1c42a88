"""热点追踪: what applications ask about, and who applies often, with monthly trends.

Applications are grouped by the catalogue items they concern, by their topics (a subject an
officer tags, e.g. 房屋征收), and by applicant — the pseudonymous key only, never a name:
many applications from one applicant is what 条例 第三十五条 (大量、频繁 … 申请) lets an agency
ask the reason for, and what 表三 （五）4 counts when it refuses them.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Optional

BY = ("item", "topic", "applicant", "dept")
BY_LABELS = {"item": "事项 item", "topic": "主题 topic", "applicant": "申请人 applicant (pseudonymous)",
             "dept": "部门 dept"}


@dataclass
class Hot:
    key: str
    count: int
    months: Counter = field(default_factory=Counter)       # "2026-03" → applications
    numbers: list[str] = field(default_factory=list)

    def trend(self, months: list[str]) -> list[int]:
        return [self.months.get(m, 0) for m in months]


def _keys(app, by: str) -> list[str]:
    if by == "item":
        return list(app.items)
    if by == "topic":
        return list(app.topics)
    if by == "applicant":
        return [app.applicant] if app.applicant else []
    return [app.dept] if app.dept else []


def hot(apps, by: str, start: date, end: date, minimum: int = 2) -> list[Hot]:
    """Groups of at least ``minimum`` applications received in [start, end], largest first."""
    groups: dict[str, Hot] = {}
    for a in apps:
        if not start <= a.received_on <= end:
            continue
        for k in _keys(a, by):
            g = groups.setdefault(k, Hot(k, 0))
            g.count += 1
            g.months[f"{a.received_on:%Y-%m}"] += 1
            g.numbers.append(a.number)
    return sorted((g for g in groups.values() if g.count >= minimum), key=lambda g: (-g.count, g.key))


def months_between(start: date, end: date) -> list[str]:
    out, y, m = [], start.year, start.month
    while (y, m) <= (end.year, end.month):
        out.append(f"{y}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def write_xlsx(groups: list[Hot], months: list[str], by: str, path, titles: Optional[dict] = None) -> None:
    from gongkai.rules.formats.xlsx_sheets import new_book, save_book, table_sheet

    book = new_book()
    headers = [BY_LABELS[by], "申请数 count", *months, "申请编号 numbers"]
    rows = [[(titles or {}).get(g.key, g.key), g.count, *g.trend(months), "、".join(g.numbers)] for g in groups]
    table_sheet(book, "热点 hot", headers, rows, wrap=(len(headers),))
    save_book(book, path)
