"""DDL — 定时限: the deadline text parses, is definite, and is within the statutory limit."""
from __future__ import annotations

from functools import lru_cache

from gongkai.catalog.deadline import parse_deadline
from gongkai.rules.engine.finding import Flag
from gongkai.rules.engine.registry import family, rule

family("DDL", "定时限 deadlines")

STATUTORY_WORKDAYS = 20          # 条例 第二十六条
# 20 working days are never fewer than 26 calendar days (four weekends, no holiday).
STATUTORY_CALENDAR_DAYS = 26


@lru_cache(maxsize=4096)
def parsed(text: str | None):
    """Deadlines repeat across items; parse each distinct text once."""
    return parse_deadline(text)


@rule("DDL001", "deadline-unparseable", severity="error", scope="item")
def deadline_unparseable(item, ctx, domain):
    """The 公开时限 text is not understood: no count of (工作)日, fixed date, period or 实时/及时.

    Why: a deadline that cannot be read cannot be checked against disclosure records; the
    parser reports unknown wording instead of guessing.
    Fails: `deadline = "按规定公开"`.
    Passes: `deadline = "信息形成或者变更之日起20个工作日内"`.
    """
    d = parsed(item.deadline)
    if d.kind == "unknown":
        yield Flag(f"deadline {item.deadline!r} not understood: {d.reason}", zh=f"公开时限“{item.deadline}”无法识别", hint_zh="写成如：信息形成或者变更之日起20个工作日内、每年1月31日前、按季度", field="deadline",
                   hint="write e.g. 信息形成或者变更之日起20个工作日内, 每年1月31日前 or 按季度")


@rule("DDL002", "deadline-vague", severity="warning", scope="item")
def deadline_vague(item, ctx, domain):
    """The deadline is vague (及时公开): no date can be computed from it.

    Why: 条例 第二十六条 sets 20 working days; "及时" alone gives departments no date and
    assessors nothing to measure.
    Fails: `deadline = "及时公开"`.
    Passes: `deadline = "信息形成之日起20个工作日内"`.
    """
    if parsed(item.deadline).kind == "vague":
        yield Flag(f"vague deadline {item.deadline!r}: no date can be computed", zh=f"公开时限“{item.deadline}”不明确，无法算出日期", hint_zh="写明工作日数（条例第二十六条：不超过20个工作日）", field="deadline",
                   hint="state the number of working days (条例 第二十六条: at most 20)")


@rule("DDL003", "deadline-over-statutory", severity="error", scope="item")
def deadline_over_statutory(item, ctx, domain):
    """A proactive item's deadline exceeds 20 working days and names no law that allows it.

    Why: 条例 第二十六条 — proactive information within 20 working days of its formation or
    change, unless a law or regulation sets another period (then name it in the text).
    Fails: `deadline = "信息形成之日起30个工作日内"` with `method.mode = ["主动"]`.
    Passes: `deadline = "信息形成之日起20个工作日内"`.
    """
    if item.method.mode and "主动" not in item.method.mode:
        return
    d = parsed(item.deadline)
    if d.statute:
        return
    if d.kind == "workdays" and d.days and d.days > STATUTORY_WORKDAYS:
        yield Flag(f"{d.days} working days exceeds the statutory 20 (条例 第二十六条)", zh=f"{d.days}个工作日超过法定的20个工作日（条例第二十六条）", field="deadline")
    elif d.kind == "calendar_days" and d.days and d.days > STATUTORY_CALENDAR_DAYS:
        yield Flag(f"{d.days} days may exceed the statutory 20 working days (条例 第二十六条)", zh=f"{d.days}日可能超过法定的20个工作日（条例第二十六条）", field="deadline")


@rule("DDL004", "deadline-inherit-left", severity="error", scope="item")
def deadline_inherit_left(item, ctx, domain):
    """The deadline still says 同上 ("same as above").

    Why: 同上 only means something in a printed table; in a catalogue each item stands alone
    and the import resolves it. A leftover 同上 has no deadline.
    Fails: `deadline = "同上"`.
    Passes: the text of the row above, e.g. `deadline = "实时公开"`.
    """
    if parsed(item.deadline).kind == "inherit":
        yield Flag("deadline is 同上: copy the deadline of the item it refers to", zh="公开时限写的是“同上”：请填入所指事项的时限", field="deadline")


@rule("DDL005", "deadline-period-undated", severity="info", scope="item")
def deadline_period_undated(item, ctx, domain):
    """A periodic deadline (按年 / 按季度 / 按月) gives no day by which the period's information is due.

    Why: records can still be checked per period, but an assessor cannot tell lateness within
    it; a date such as 每年1月31日前 or 每季度结束后10个工作日内 can.
    Fails: `deadline = "按年公开"`.
    Passes: `deadline = "每年1月31日前"`.
    """
    d = parsed(item.deadline)
    if d.kind == "periodic" and d.day is None:
        yield Flag(f"periodic deadline {item.deadline!r} has no due day within the period", zh=f"定期公开时限“{item.deadline}”没有写明每期的截止日", field="deadline")
