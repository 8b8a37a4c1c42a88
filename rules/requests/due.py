"""What is due: open applications with their reply deadline and working days left, overdue first."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Optional

from gongkai.catalog.requests.statutory import clock


@dataclass
class Due:
    number: str
    dept: Optional[str]
    received_on: date
    state: str
    label: str
    deadline: Optional[date]
    remaining: Optional[int]
    note: str = ""
    provisional: object = None      # the calendar's ProvisionalSpan when the count runs through a year with no notice

    @property
    def overdue(self) -> bool:
        return self.remaining is not None and self.remaining < 0

    def to_dict(self) -> dict:
        return {"number": self.number, "dept": self.dept, "received_on": self.received_on, "state": self.state,
                "deadline": self.deadline, "remaining": self.remaining, "overdue": self.overdue, "note": self.note,
                "provisional": self.provisional.note if self.provisional else None}


def due_list(apps, cal, as_of: date, within: Optional[int] = None, dept: Optional[str] = None) -> list[Due]:
    """Open applications received by ``as_of``; with ``within``, only those overdue or due within N working days."""
    out = []
    for a in apps:
        if a.received_on > as_of or a.closed_by(as_of) or (dept is not None and a.dept != dept):
            continue
        c = clock(a, cal, as_of)
        if within is not None and c.remaining is not None and c.remaining > within:
            continue
        if within is not None and c.remaining is None:
            continue
        notes = []
        if c.extension:
            notes.append(f"延期 +{c.extension}")
        if c.paused:
            notes.append(f"征求意见不计 {c.paused}")
        if c.state == "awaiting_supplement":
            notes.append("待申请人补正")
        span = cal.provisional_between(as_of, c.deadline) if c.deadline else None
        if span is not None:
            notes.append("暂定")
        out.append(Due(a.number, a.dept, a.received_on, c.state, c.label, c.deadline, c.remaining, "；".join(notes), span))
    out.sort(key=lambda d: (d.remaining is None, d.remaining if d.remaining is not None else 0, d.number))
    return out
