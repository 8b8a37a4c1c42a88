"""100,000 × "d + 20 working days" over 2019–2026 start dates (notes/calendar.md measured ~42 ms), and the
cost of making provisional years (statutory holidays through lunar-python) the first time they are reached.

Run by hand from the repository root: python bench/bench_workdays.py
"""
from __future__ import annotations

import random
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere

from gongkai.catalog.workdays import build_calendar  # noqa: E402

CALLS = 100_000


def main() -> None:
    t0 = time.perf_counter()
    cal = build_calendar()
    built = time.perf_counter() - t0

    # start dates whose 20th working day is still in a notice year
    lo, hi = date(2019, 1, 1).toordinal(), cal.before(date(cal.last_year, 12, 31), 20).toordinal()
    rng = random.Random(2019)
    starts = [date.fromordinal(rng.randint(lo, hi)) for _ in range(CALLS)]

    runs = []
    for _ in range(5):  # best of 5: the machine is shared
        t0 = time.perf_counter()
        for d in starts:
            cal.add(d, 20)
        runs.append(time.perf_counter() - t0)
    best = min(runs)
    print(f"build (incl. chinese_calendar import): {built * 1000:.1f} ms")
    print(f"{CALLS:,} × d + 20 working days: {best * 1000:.1f} ms best of 5 ({best / CALLS * 1e6:.2f} µs a call; "
          f"slowest {max(runs) * 1000:.1f} ms)")
    t0 = time.perf_counter()
    cal.add(date(cal.last_year, 12, 31), 1)            # makes the first provisional year
    first = time.perf_counter() - t0
    t0 = time.perf_counter()
    cal.is_workday(date(cal.last_year + 10, 12, 31))   # and the nine after it
    nine = time.perf_counter() - t0
    print(f"first provisional year: {first * 1000:.1f} ms (incl. lunar-python import); "
          f"nine more: {nine * 1000:.1f} ms")


if __name__ == "__main__":
    main()
