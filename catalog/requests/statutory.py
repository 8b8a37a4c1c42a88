"""The statutory clock of an application (条例 第三十至三十三条), on the working-day calendar.

- The clock starts on the day the application is received (第三十一条) and counts working days
  strictly after it (民法典 第二百零一条: the start day is not counted), 调休 included.
- 补正 (第三十条): the agency must ask within 7 working days of receipt; the reply period then
  runs from the day the corrected application is received. Until then there is no deadline.
- Consultation of a third party or another agency (第三十二条, 第三十三条第二款): the time it takes
  is not counted. Sent on day s and answered on day a, the working days in (s, a] are left out;
  the third party has 15 working days, so at most those 15 are left out, and an unanswered
  consultation pauses the clock up to the day checked (or the day of the reply).
- Reply within 20 working days (第三十三条); an extension, approved by the head of the
  disclosure office, adds at most 20 more.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Optional

from gongkai.catalog.requests.model import Application

REPLY_DAYS = 20          # 第三十三条第二款
MAX_EXTENSION = 20       # 第三十三条第二款
SUPPLEMENT_DAYS = 7      # 第三十条
THIRD_PARTY_DAYS = 15    # 第三十二条

STATES = {"awaiting_supplement": "待补正", "consulting": "征求意见中", "open": "办理中", "closed": "已办结"}


@dataclass
class Clock:
    state: str                       # awaiting_supplement | consulting | open | closed
    start: date                      # the day the reply period runs from
    supplement_by: date              # the last day to ask for 补正
    extension: int                   # working days added by extensions
    paused: int                      # working days of consultation not counted
    deadline: Optional[date]         # None while waiting for the corrected application
    replied_on: Optional[date]
    remaining: Optional[int]         # working days left after the day checked (negative: overdue)

    @property
    def late(self) -> bool:
        return self.replied_on is not None and self.deadline is not None and self.replied_on > self.deadline

    @property
    def overdue(self) -> bool:
        return self.state != "closed" and self.remaining is not None and self.remaining < 0

    @property
    def label(self) -> str:
        return STATES[self.state]


def clock(app: Application, cal, as_of: date) -> Clock:
    """The clock of ``app`` as it stands on ``as_of`` (for a closed application: at its reply)."""
    replied = app.closed_on
    until = replied if replied is not None else as_of
    supplement_by = cal.add(app.received_on, SUPPLEMENT_DAYS)
    start = app.received_on
    supplements = sorted(app.of_kind("supplement"), key=lambda e: e.on)
    waiting = False
    if supplements:
        last = supplements[-1]
        if last.received_on is not None and last.received_on <= until:
            start = last.received_on
        elif last.on <= until:
            waiting = True
    extension = sum(e.days or 0 for e in app.of_kind("extension") if e.on <= until)
    if waiting:
        state = "closed" if replied is not None else "awaiting_supplement"
        return Clock(state, start, supplement_by, extension, 0, None, replied, None)
    deadline = cal.add(start, REPLY_DAYS + extension)
    paused, consulting = 0, False
    last_end = start
    for e in sorted(app.of_kind("consultation"), key=lambda e: e.on):
        if e.on < start or e.on > until or e.on >= deadline:
            continue                     # before the period, not yet sent, or too late to stop the clock
        limit = cal.add(e.on, THIRD_PARTY_DAYS)
        answered = e.answered_on if e.answered_on is not None and e.answered_on <= until else None
        if answered is None and replied is None:
            consulting = True
        end = min(answered or until, limit)
        begin = max(e.on, last_end)
        if end > begin:
            n = cal.count_between(begin, end)
            paused += n
            deadline = cal.add(deadline, n)
            last_end = end
    state = "closed" if replied is not None else ("consulting" if consulting else "open")
    remaining = None if replied is not None else cal.count_between(as_of, deadline)   # (as_of, deadline]
    return Clock(state, start, supplement_by, extension, paused, deadline, replied, remaining)
