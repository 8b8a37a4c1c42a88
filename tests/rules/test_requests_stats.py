"""Monthly statistics per department and 热点追踪, counted by hand on the small 2025 register."""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from gongkai.catalog.requests.store import load_register
from gongkai.catalog.workdays import build_calendar
from gongkai.rules.requests.hot import hot, months_between
from gongkai.rules.requests.stats import monthly, year_totals

sys.path.insert(0, str(Path(__file__).resolve().parent))
import requests_register  # noqa: E402

CAL = build_calendar()


def _apps(make_workspace):
    root = make_workspace()
    requests_register.store(root)
    return load_register(root).applications()


def test_monthly_rows_of_one_department(make_workspace):
    # 区民政局 has A06 (received 04-01, replied 04-18) and A14 (received 09-01, replied 09-15): both on time
    rows = monthly(_apps(make_workspace), CAL, 2025, date(2025, 12, 31), dept="区民政局")
    got = {r.month: (r.counts["received"], r.counts["closed"], r.counts["on_time"], r.counts["late"],
                     r.counts["open"], r.counts["overdue"]) for r in rows}
    assert got == {"2025-04": (1, 1, 1, 0, 0, 0), "2025-09": (1, 1, 1, 0, 0, 0)}
    assert [r.outcomes["无法提供"] for r in rows] == [1, 1]


def test_monthly_open_overdue_and_late(make_workspace):
    rows = {r.month: r for r in monthly(_apps(make_workspace), CAL, 2025, date(2025, 12, 31), dept="区住建局")}
    # January: A01 replied 01-08 on its 20th working day; A02 (received 2024-12-20, due 2025-01-20) open and overdue
    jan = rows["2025-01"].counts
    assert (jan["received"], jan["closed"], jan["on_time"], jan["open"], jan["overdue"]) == (0, 1, 1, 1, 1)
    # April: A05 replied 04-03, after its deadline 03-31
    assert rows["2025-04"].counts["late"] == 1 and rows["2025-04"].outcomes["不予公开"] == 1
    # December: A10 and A11 received; open at 12-31: A02, A10, A11, of which only A02 overdue
    dec = rows["2025-12"].counts
    assert (dec["received"], dec["closed"], dec["open"], dec["overdue"]) == (2, 0, 3, 1)
    (total,) = year_totals(list(rows.values()))
    # received in 2025 by 区住建局: A04 A05 A07 A08 A09 A10 A11 A13 = 8; closed: A01 A04 A05 A07 A08 A09 A13 = 7
    assert (total.counts["received"], total.counts["closed"], total.counts["late"], total.counts["open"]) == (8, 7, 1, 3)


def test_as_of_stops_the_months(make_workspace):
    rows = monthly(_apps(make_workspace), CAL, 2025, date(2025, 3, 15), dept="区住建局")
    assert max(r.month for r in rows) == "2025-03"
    march = next(r for r in rows if r.month == "2025-03")
    assert march.counts["received"] == 1 and march.counts["open"] == 2      # A02 and A05 (received 03-03)


def test_hot_topics_and_applicants(make_workspace):
    apps = _apps(make_workspace)
    groups = hot(apps, "topic", date(2025, 1, 1), date(2025, 12, 31))
    # 房屋征收: A04 (02), A05 (03), A07 (05), A10 (12); A01 was received in 2024. 规划许可: A13, A14
    assert [(g.key, g.count) for g in groups] == [("房屋征收", 4), ("规划许可", 2)]
    months = months_between(date(2025, 1, 1), date(2025, 12, 31))
    assert groups[0].trend(months) == [0, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1]
    (one,) = hot(apps, "applicant", date(2025, 1, 1), date(2025, 12, 31))
    assert (one.key, one.count, one.numbers) == ("P2025-0001", 3, ["A04", "A05", "A07"])
    assert hot(apps, "topic", date(2025, 1, 1), date(2025, 12, 31), minimum=5) == []
