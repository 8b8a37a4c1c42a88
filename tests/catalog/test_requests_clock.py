"""The statutory clock (条例 第三十至三十三条) against dates counted by hand on the 2025–2026 notices.

Calendar facts used (国务院办公厅 notices for 2026, as chinesecalendar has them):
  元旦 2026-01-01..01-03 off, Sunday 01-04 worked;
  春节 2026-02-15..02-23 off, Saturday 02-14 and Saturday 02-28 worked;
  清明 2026-04-04..04-06 off;
  国庆 2026-10-01..10-07 off, Saturday 10-10 worked.
"""
from __future__ import annotations

from datetime import date

import pytest

from gongkai.catalog.requests.model import Application
from gongkai.catalog.requests.statutory import clock
from gongkai.catalog.workdays import build_calendar

CAL = build_calendar()


def app(received: date, *events: dict) -> Application:
    return Application.model_validate({"number": "T-1", "received_on": received, "channel": "网络",
                                       "applicant_type": "自然人", "subject": "测试", "events": list(events)})


def test_across_guoqing():
    # received Mon 2026-09-28; not counted. 09-29 (1), 09-30 (2), [10-01..10-07 off], 10-08 (3), 10-09 (4),
    # Sat 10-10 worked (5), 10-12..10-16 (6-10), 10-19..10-23 (11-15), 10-26..10-30 (16-20) → 2026-10-30
    c = clock(app(date(2026, 9, 28)), CAL, date(2026, 10, 9))
    assert c.deadline == date(2026, 10, 30)
    # (10-09, 10-30]: 10-10, 10-12..16 (5), 10-19..23 (5), 10-26..30 (5) = 16 working days left
    assert c.remaining == 16 and not c.overdue
    # 补正 within 7 working days: 09-29, 09-30, 10-08, 10-09, 10-10, 10-12, 10-13
    assert c.supplement_by == date(2026, 10, 13)


def test_across_chunjie():
    # received Tue 2026-02-10: 02-11 (1), 02-12 (2), 02-13 (3), Sat 02-14 worked (4), [02-15..02-23 off],
    # 02-24 (5), 02-25 (6), 02-26 (7), 02-27 (8), Sat 02-28 worked (9), 03-02..03-06 (10-14),
    # 03-09..03-13 (15-19), 03-16 (20) → 2026-03-16
    assert clock(app(date(2026, 2, 10)), CAL, date(2026, 2, 10)).deadline == date(2026, 3, 16)


def test_across_the_year_boundary():
    # received Mon 2025-12-15: 12-16..12-19 (1-4), 12-22..12-26 (5-9), 12-29..12-31 (10-12),
    # [01-01..01-03 off], Sun 2026-01-04 worked (13), 01-05..01-09 (14-18), 01-12 (19), 01-13 (20)
    c = clock(app(date(2025, 12, 15)), CAL, date(2026, 1, 14))
    assert c.deadline == date(2026, 1, 13)
    assert c.overdue and c.remaining == -1


def test_extension_adds_twenty_more():
    # 20th working day 2026-10-30 (above); 11-02..11-06 (21-25), 11-09..13 (26-30), 11-16..20 (31-35),
    # 11-23..27 (36-40) → 2026-11-27
    c = clock(app(date(2026, 9, 28), {"kind": "extension", "on": date(2026, 10, 20), "days": 20,
                                      "approved_by": "主任"}), CAL, date(2026, 10, 20))
    assert (c.extension, c.deadline) == (20, date(2026, 11, 27))


def test_supplement_restarts_the_clock_from_the_corrected_application():
    a = app(date(2026, 9, 28), {"kind": "supplement", "on": date(2026, 9, 30)})
    waiting = clock(a, CAL, date(2026, 10, 8))
    assert waiting.state == "awaiting_supplement" and waiting.deadline is None and not waiting.overdue
    a.events[0].received_on = date(2026, 10, 9)
    # from Fri 10-09: Sat 10-10 worked (1), 10-12..16 (2-6), 10-19..23 (7-11), 10-26..30 (12-16),
    # 11-02 (17), 11-03 (18), 11-04 (19), 11-05 (20) → 2026-11-05
    assert clock(a, CAL, date(2026, 10, 9)).deadline == date(2026, 11, 5)


def test_consultation_time_is_not_counted():
    # received Mon 2026-03-02 → 20th working day 2026-03-30. Consultation sent Tue 03-10, answered Tue 03-17:
    # (03-10, 03-17] holds 03-11, 03-12, 03-13, 03-16, 03-17 = 5 days not counted.
    # From 03-30: 03-31 (1), 04-01 (2), 04-02 (3), 04-03 (4), [清明 04-04..04-06 off], 04-07 (5) → 2026-04-07
    a = app(date(2026, 3, 2), {"kind": "consultation", "on": date(2026, 3, 10), "answered_on": date(2026, 3, 17)})
    c = clock(a, CAL, date(2026, 3, 20))
    assert (c.paused, c.deadline, c.state) == (5, date(2026, 4, 7), "open")


def test_an_unanswered_consultation_pauses_at_most_fifteen_working_days():
    a = app(date(2026, 3, 2), {"kind": "consultation", "on": date(2026, 3, 10)})
    # as of 03-12: (03-10, 03-12] = 2 days paused so far, and the clock shows it consulting
    early = clock(a, CAL, date(2026, 3, 12))
    assert (early.state, early.paused, early.deadline) == ("consulting", 2, CAL.add(date(2026, 3, 30), 2))
    # much later the pause stops at the third party's 15 working days
    late = clock(a, CAL, date(2026, 6, 1))
    assert late.paused == 15 and late.deadline == CAL.add(date(2026, 3, 30), 15)


@pytest.mark.parametrize("reply, late", [(date(2026, 10, 30), False), (date(2026, 11, 2), True)])
def test_a_reply_is_late_only_after_the_deadline(reply, late):
    c = clock(app(date(2026, 9, 28), {"kind": "reply", "on": reply, "outcome": "予以公开"}), CAL, date(2026, 12, 31))
    assert c.state == "closed" and c.late is late and c.remaining is None
