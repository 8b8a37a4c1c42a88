"""LIF — lifecycle: reviews overdue, items stuck in review; WAI — waivers themselves."""
from __future__ import annotations

from gongkai.rules.engine.finding import Flag
from gongkai.rules.engine.registry import all_rules, family, rule
from gongkai.rules.engine.selection import specificity

family("LIF", "生命周期 lifecycle")
family("WAI", "waivers")

STUCK_WORKDAYS = 20


@rule("LIF001", "review-overdue", severity="warning", scope="item")
def review_overdue(item, ctx, domain):
    """A published or reviewing item is past its review date (年度复核 or triggered review).

    Why: 动态调整 — catalogues are reviewed every year and within 20 working days of a law or
    organisation change (滨江, 上街区 清单管理制度); an overdue review means the catalogue may
    no longer match the law.
    A review date on a day off moves to the next working day, as in `gongkai due`; in a year with
    no holiday notice yet the day off is provisional and the finding says so (same severity).
    Fails: `status = "published"`, `review_due = 2025-01-01`, checked in 2026.
    Passes: `review_due` after today; `review_due = 2026-10-01` (国庆) checked on 2026-10-08.
    """
    if item.status not in ("published", "reviewing") or not item.review_due or item.review_due >= ctx.today:
        return
    from gongkai.catalog.lifecycle import roll_to_workday
    from gongkai.catalog.workdays import CalendarCoverageError

    written = due = item.review_due
    try:
        due = roll_to_workday(due, ctx.calendar)
        span = ctx.calendar.provisional_between(written, due)
    except CalendarCoverageError:
        span = None  # before the first notice: the date as written
    if due < ctx.today:
        start = "" if item.status == "reviewing" else f"gongkai review {item.code}, then "
        moved = f" ({written} is a day off)" if due != written else ""
        yield Flag(f"review was due on {due}{moved}", zh=f"应于 {due} 完成年度复核{'（' + str(written) + ' 为休息日，顺延）' if due != written else ''}", field="review_due",
                   hint=f"{start}gongkai confirm {item.code} (or amend it)", provisional=span.note if span else None)


@rule("LIF002", "stuck-in-review", severity="warning", scope="item")
def stuck_in_review(item, ctx, domain):
    """An item has waited in review (in_review) for more than 20 working days.

    Why: a submitted item is not in force until approved; 20 working days is the statutory
    rhythm of disclosure (条例 第二十六条), so a longer wait delays disclosure.
    Fails: submitted 2026-01-05, checked on 2026-03-01.
    Passes: approved or rejected within 20 working days.
    """
    submits = [h for h in item.history if h.event == "submit"]
    if item.status != "in_review" or not submits:
        return
    submitted = submits[-1].at.date()
    try:
        limit = ctx.calendar.add(submitted, STUCK_WORKDAYS)
    except Exception:  # a date the calendar does not cover: nothing can be said
        return
    if limit < ctx.today:
        span = ctx.calendar.provisional_between(submitted, limit)
        yield Flag(f"in review since {submitted} (more than {STUCK_WORKDAYS} working days)", zh=f"自 {submitted} 起待审核，已超过{STUCK_WORKDAYS}个工作日", field="status",
                   provisional=span.note if span else None)


@rule("WAI001", "waiver-expired", severity="warning", scope="workspace")
def waiver_expired(ctx):
    """A waiver in gongkai.toml has expired; it no longer applies.

    Why: waivers are temporary, approved exceptions (as conftest's exceptions are); when one
    expires its findings count again, and the waiver should be renewed or removed.
    Fails: `[[waivers]] rule = "ATT004", expires = 2025-12-31` checked in 2026.
    Passes: `expires = 2027-06-30`.
    """
    for w in ctx.ws.config.waivers:
        if w.expires < ctx.today:
            yield Flag(f"waiver for {w.rule} ({w.reason}) expired on {w.expires}; its findings count again", zh=f"{w.rule} 的豁免（{w.reason}）已于 {w.expires} 到期，相关问题重新计入",
                       file="gongkai.toml", field="waivers")


@rule("WAI002", "waiver-unknown-rule", severity="error", scope="workspace")
def waiver_unknown_rule(ctx):
    """A waiver names a rule code, prefix or name that matches no rule.

    Why: a misspelt waiver silently waives nothing; the officer believes a finding is covered.
    Fails: `rule = "XYZ001"` (no such rule).
    Passes: `rule = "ATT004"`.
    """
    rules = all_rules()
    for w in ctx.ws.config.waivers:
        if not any(specificity(w.rule, r) for r in rules):
            yield Flag(f"waiver names unknown rule {w.rule!r}", zh=f"豁免中的规则“{w.rule}”不存在", file="gongkai.toml", field="waivers")
