"""公开时限: the official deadline text of an item, parsed into a rule (notes/domain.md §4.3).

The text stays as written; ``parse_deadline`` reads what can be read from it and says why when it
cannot (kind ``unknown`` with a ``reason``) instead of guessing. "工作日" counts working days,
a bare "日" or "天" calendar days (预算法's "批准后20日内").
"""
from __future__ import annotations

import calendar as _months
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

KINDS = ("workdays", "calendar_days", "window", "immediate", "vague", "periodic", "annual_date",
         "inherit", "unknown", "missing")
PERIODS = ("day", "week", "month", "quarter", "year")
# kinds for which due_date gives a date
COMPUTABLE = ("workdays", "calendar_days", "annual_date")

# Events a deadline runs from, as the catalogues write them; matched before the count only, so the
# action after it (…20个工作日内发布) is not taken for the anchor.
ANCHORS = ("形成", "变更", "变化", "修订", "制定", "制作", "获取", "产生", "作出", "审核", "审批", "批准", "批复",
           "收到", "受理", "办结", "签订", "生效", "确定", "完成", "结束", "发布", "公布")

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_NUM = "零〇一二两三四五六七八九十百"
_DAY_UNIT = r"个?(?:工作日|自然日|日历日|日|天)"
_CN_COUNT_RE = re.compile(rf"([{_CN_NUM}]+)(?={_DAY_UNIT}|个?月)")  # not 第二十六条, which names an article

_WINDOW_RE = re.compile(r"公示(?:期|期限|时间)?(?:为|不少于|不得少于|不低于)?(\d+)个?(工作日|自然日|日|天)")
_WORKDAYS_RE = re.compile(r"(\d+)个?工作日")
_CALDAYS_RE = re.compile(r"(?<![月\d])(\d+)个?(?:自然日|日历日|日|天)(?!前)")
_ANNUAL_RE = re.compile(r"(?:每年|次年|每年度)(\d{1,2})月(?:(\d{1,2})日|(底|末))(?:之前|以前|前)?")
_MONTHLY_RE = re.compile(r"(?:每|次)月(\d{1,2})日(?:之前|以前|前)?")
_PERIOD_RE = re.compile(r"(?:按|每)(日|天|周|月度|月|季度|季|年度|年)(?!\d)|(月度|季度|年度)(?:公开|更新)")
_PERIOD_NAMES = {"日": "day", "天": "day", "周": "week", "月": "month", "月度": "month", "季": "quarter",
                 "季度": "quarter", "年": "year", "年度": "year"}
_PERIOD_LABELS = {"day": "按日", "week": "按周", "month": "按月", "quarter": "按季度", "year": "按年"}
_IMMEDIATE_RE = re.compile(r"实时|即时")
_SAME_DAY_RE = re.compile(r"当日|当天")
_VAGUE_RE = re.compile(r"及时|适时|随时|尽快|第一时间|定期|长期|常年|动态|常态")
_STATUTE_RE = re.compile(rf"《[^》]+》(?:第[{_CN_NUM}\d]+条)?|第[{_CN_NUM}\d]+条")
_INHERIT = {"同上", "同上一行", "同上一项", "sameasabove"}
_BLANK = {"", "/", "-", "—", "——", "无"}


@dataclass(frozen=True)
class Deadline:
    """A parsed 公开时限. ``raw`` is the text as written; the other fields are what it says."""

    kind: str
    raw: str | None
    days: int | None = None           # the count for workdays / calendar_days
    anchors: tuple[str, ...] = ()     # events the count runs from, in the order written
    window_days: int | None = None    # a display period (公示N个工作日)
    window_unit: str | None = None    # "workdays" or "days"
    period: str | None = None         # day | week | month | quarter | year
    month: int | None = None          # annual_date
    day: int | None = None            # annual_date (None: end of month, 月底); periodic monthly: by day N
    reason: str | None = None         # why the text was not understood (unknown)
    statute: str | None = None        # a law or article the text names

    @property
    def computable(self) -> bool:
        return self.kind in COMPUTABLE

    def describe(self) -> str:
        """A short Chinese description, e.g. 形成或变更后20个工作日."""
        after = f"{'或'.join(self.anchors)}后" if self.anchors else ""
        if self.period and self.kind in ("workdays", "calendar_days"):  # 每季度结束后10个工作日内
            after = f"{_PERIOD_LABELS[self.period]},{after}"
        window = ""
        if self.window_days is not None:
            window = f"公示{self.window_days}{'个工作日' if self.window_unit == 'workdays' else '日'}"
        if self.kind == "workdays":
            return f"{after}{self.days}个工作日" + (f",{window}" if window else "")
        if self.kind == "calendar_days":
            main = f"{after}{self.days}日" if self.days else "当日"
            return main + (f",{window}" if window else "")
        if self.kind == "window":
            return window
        if self.kind == "annual_date":
            return f"每年{self.month}月{f'{self.day}日' if self.day else '底'}前"
        if self.kind == "periodic":
            if self.period == "month" and self.day:
                return f"每月{self.day}日前"
            return f"{_PERIOD_LABELS[self.period]}公开"
        return {
            "immediate": "实时公开",
            "vague": "及时公开(无确定时限)",
            "inherit": "同上(沿用上一行)",
            "missing": "未填写",
        }.get(self.kind, f"无法识别: {self.raw}")


def parse_deadline(text: str | None) -> Deadline:
    """Parse a 公开时限 text; never raises, and never guesses (kind ``unknown`` keeps a reason)."""
    return _parse(None if text is None else str(text))


@lru_cache(maxsize=4096)  # catalogues repeat a few dozen phrases thousands of times
def _parse(raw: str | None) -> Deadline:
    text = _normalise(raw)
    if text in _BLANK:
        return Deadline("missing", raw)
    if re.sub(r"[()。.]", "", text.lower()) in _INHERIT:
        return Deadline("inherit", raw)
    statute = "; ".join(m.group(0) for m in _STATUTE_RE.finditer(text)) or None

    # A display window (公示7个工作日) is set aside first so that its count is not read as the deadline.
    window = _WINDOW_RE.search(text)
    window_fields = {}
    rest = text
    if window:
        unit = "workdays" if window.group(2) == "工作日" else "days"
        window_fields = {"window_days": int(window.group(1)), "window_unit": unit}
        rest = text[:window.start()] + "|" + text[window.end():]
    period = _period(text)
    common = dict(raw=raw, statute=statute, period=period, **window_fields)

    annual = _ANNUAL_RE.search(rest)
    if annual:
        month, day = int(annual.group(1)), annual.group(2)
        day = int(day) if day else None
        if not 1 <= month <= 12 or (day is not None and not 1 <= day <= _months.monthrange(2024, month)[1]):
            return Deadline("unknown", reason=f"no such day: {annual.group(0)}", **common)
        return Deadline("annual_date", month=month, day=day, **(common | {"period": "year"}))

    counts = [(m, "workdays") for m in _WORKDAYS_RE.finditer(rest)]
    if not counts:
        counts = [(m, "calendar_days") for m in _CALDAYS_RE.finditer(rest)]
    if counts:
        values = sorted({int(m.group(1)) for m, _ in counts})
        if len(values) > 1:
            return Deadline("unknown", reason=f"several different counts ({', '.join(map(str, values))})", **common)
        first, kind = counts[0]
        return Deadline(kind, days=values[0], anchors=_anchors(rest[:first.start()]), **common)

    monthly = _MONTHLY_RE.search(rest)
    if monthly and 1 <= int(monthly.group(1)) <= 31:
        return Deadline("periodic", day=int(monthly.group(1)), **(common | {"period": "month"}))
    if window:
        return Deadline("window", anchors=_anchors(text[:window.start()]), **common)
    if _IMMEDIATE_RE.search(rest):
        return Deadline("immediate", **common)
    if _SAME_DAY_RE.search(rest):
        return Deadline("calendar_days", days=0, anchors=_anchors(rest), **common)
    if period:
        return Deadline("periodic", **common)
    if _VAGUE_RE.search(rest):
        return Deadline("vague", **common)
    if "个月" in rest or "半年" in rest:
        reason = "a count in months or half-years, which is not a 工作日 or 日 count"
    else:
        reason = "no count of 工作日 or 日, fixed date, period or 实时/及时 wording"
    return Deadline("unknown", reason=reason, **common)


def due_date(deadline: Deadline, formed_on: date, calendar) -> date | None:
    """The last day allowed for disclosure of information formed (or changed) on ``formed_on``.

    workdays: the N-th working day strictly after formed_on (``calendar.add``; may raise
    CalendarCoverageError). calendar_days: formed_on + N days (the start day is not counted either).
    annual_date: the next occurrence of that date on or after formed_on — the same year when
    formed_on is not past it, else the next year (a 2025 report is due 2026-01-31). Other kinds have
    no computable date: None.
    """
    if deadline.kind == "workdays":
        return calendar.add(formed_on, deadline.days)
    if deadline.kind == "calendar_days":
        return formed_on + timedelta(days=deadline.days)
    if deadline.kind == "annual_date":
        due = _annual(formed_on.year, deadline.month, deadline.day)
        return due if formed_on <= due else _annual(formed_on.year + 1, deadline.month, deadline.day)
    return None


def _annual(year: int, month: int, day: int | None) -> date:
    last = _months.monthrange(year, month)[1]
    return date(year, month, min(day or last, last))  # 2月29日 in a common year: 28 February


def _normalise(raw: str | None) -> str:
    """Full-width to half-width, no spaces, Chinese numerals before a day unit as digits."""
    if raw is None:
        return ""
    text = unicodedata.normalize("NFKC", raw)
    text = re.sub(r"\s+", "", text)
    return _CN_COUNT_RE.sub(lambda m: str(_cn_number(m.group(1))), text)


def _cn_number(s: str) -> int:
    """二十 → 20, 十五 → 15, 一百二十 → 120, 七 → 7 (small counts only, as catalogues write them)."""
    total, digit = 0, 0
    for ch in s:
        if ch == "百":
            total += (digit or 1) * 100
            digit = 0
        elif ch == "十":
            total += (digit or 1) * 10
            digit = 0
        else:
            digit = digit * 10 + _CN_DIGITS[ch] if digit else _CN_DIGITS[ch]
    return total + digit


def _anchors(segment: str) -> tuple[str, ...]:
    found = sorted((segment.find(a), a) for a in ANCHORS if a in segment)
    return tuple(a for _, a in found)


def _period(text: str) -> str | None:
    m = _PERIOD_RE.search(text)
    if not m:
        return None
    return _PERIOD_NAMES[m.group(1) or m.group(2)]
