"""The one clock: today's date and the current time, fixed by ``GONGKAI_NOW`` when it is set.

``GONGKAI_NOW`` takes an ISO date (``2026-12-31``, read as 09:00 Beijing time that day) or an
ISO date-time with an offset (``2026-12-31T08:00:00+08:00``). Tests and reproductions set it so
that nothing depends on the day they run; every command reads dates through here.
"""

from __future__ import annotations

import os
from datetime import date, datetime, time, timedelta, timezone

from gongkai.catalog.errors import UsageError

ENV = "GONGKAI_NOW"
BEIJING = timezone(timedelta(hours=8))


class ClockError(UsageError):
    """GONGKAI_NOW holds something that is not a date or a date-time."""


def _fixed() -> datetime | None:
    raw = os.environ.get(ENV, "").strip()
    if not raw:
        return None
    try:
        if "T" not in raw and " " not in raw:
            return datetime.combine(date.fromisoformat(raw), time(9), BEIJING).astimezone(timezone.utc)
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise ClockError(f"{ENV}={raw!r} is not a date (2026-12-31) or a date-time with offset "
                         "(2026-12-31T08:00:00+08:00)") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=BEIJING)     # a date-time without offset is Beijing time
    return moment.astimezone(timezone.utc)


def now() -> datetime:
    """The current time in UTC (history entries are kept in UTC)."""
    return _fixed() or datetime.now(timezone.utc)


def today() -> date:
    """Today's date in Beijing time, the date an officer reads on the office calendar."""
    return now().astimezone(BEIJING).date()
