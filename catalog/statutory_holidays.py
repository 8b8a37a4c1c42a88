"""The statutory public holidays (法定节假日) of 《全国年节及纪念日放假办法》, computed for any year.

Used for a year the State Council has not yet published its holiday notice for (a *provisional*
year, see ``gongkai.catalog.workdays``): the days the 放假办法 itself fixes, without the notice's
调休 (make-up working weekends and bridged days), which nobody knows before the notice.

Versions (the one in force on 1 January of the year applies):
  2014 (国务院令第644号, from 2014-01-01): 元旦 1, 春节 3 (正月初一–初三), 清明 1, 劳动节 1,
       端午 1, 中秋 1, 国庆 3 days.
  2025 (国务院令第795号, from 2025-01-01): 春节 4 days from 除夕, 劳动节 2 days (5月1日、2日);
       the others unchanged.
Both say: a holiday of all citizens that falls on a Saturday or Sunday is made up on a working day
(应当在工作日补假) — here the first weekday after it that is not itself a holiday.

Lunar dates (春节, 端午, 中秋) and the solar term 清明 come from lunar-python (astronomical
computation, no data table, so no last year).
"""
from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

FIRST_VERSION_YEAR = 2014
DECREE = {2014: "国务院令第644号", 2025: "国务院令第795号"}
LAW = "《全国年节及纪念日放假办法》"


def decree_of(year: int) -> str:
    """The revision of the 放假办法 in force in ``year``."""
    return DECREE[2025 if year >= 2025 else 2014]


@lru_cache(maxsize=256)
def statutory_days_off(year: int) -> dict[date, str]:
    """Every day off the 放假办法 fixes in ``year``: the holidays and their 补假, day -> Chinese name."""
    if year < FIRST_VERSION_YEAR:
        raise ValueError(f"the holiday rules before {FIRST_VERSION_YEAR} are not encoded")
    from lunar_python import Lunar

    new_year = Lunar.fromYmd(year, 1, 1).getSolar()
    spring = _solar(new_year)
    if year >= 2025:
        spring_days, labour = [spring - timedelta(1) + timedelta(i) for i in range(4)], 2   # from 除夕
    else:
        spring_days, labour = [spring + timedelta(i) for i in range(3)], 1                  # from 初一
    qingming = _solar(Lunar.fromYmd(year, 1, 1).getJieQiTable()["清明"])
    holidays: list[tuple[date, str]] = [
        (date(year, 1, 1), "元旦"),
        *((d, "春节") for d in spring_days),
        (qingming, "清明节"),
        *((date(year, 5, 1 + i), "劳动节") for i in range(labour)),
        (_solar(Lunar.fromYmd(year, 5, 5).getSolar()), "端午节"),
        (_solar(Lunar.fromYmd(year, 8, 15).getSolar()), "中秋节"),
        *((date(year, 10, 1 + i), "国庆节") for i in range(3)),
    ]
    off: dict[date, str] = {}
    for d, name in holidays:   # 中秋 on 10月1日 (2020) is one day off, not two
        off[d] = f"{off[d]}、{name}" if d in off else name
    for d, name in sorted(holidays):
        if d.weekday() >= 5:
            make_up = d + timedelta(1)
            while make_up.weekday() >= 5 or make_up in off:
                make_up += timedelta(1)
            off[make_up] = f"{name}补假"
    return dict(sorted(off.items()))


def _solar(s) -> date:
    return date(s.getYear(), s.getMonth(), s.getDay())
