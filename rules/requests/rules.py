"""REQ — the 依申请公开 register against the statutory clock (条例 第三十至三十三条).

Request rules look at one application: ``check(app, ctx)`` with ``ctx`` a ``RequestContext``
(``as_of``, ``calendar``, ``clock(app)``). ``run_request_checks`` runs them over the register and
puts each finding at the application's (or the event's) line in its ``requests/YYYY-MM.toml``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Optional

from gongkai.catalog.errors import GongkaiError
from gongkai.catalog.requests.model import Application
from gongkai.catalog.requests.reader import check_order
from gongkai.catalog.requests.statutory import MAX_EXTENSION, REPLY_DAYS, Clock, clock
from gongkai.rules.engine.finding import Finding, Flag
from gongkai.rules.engine.registry import Rule, all_rules, family, rule

family("REQ", "依申请公开 applications")


@dataclass
class RequestContext:
    as_of: date
    calendar: object
    _clocks: dict = field(default_factory=dict)

    def clock(self, app: Application) -> Clock:
        c = self._clocks.get(app.number)
        if c is None:
            c = self._clocks[app.number] = clock(app, self.calendar, self.as_of)
        return c


def _event(app: Application, kind: str, which: int = -1) -> Optional[int]:
    idx = [i for i, e in enumerate(app.events) if e.kind == kind]
    return idx[which] if idx else None


@rule("REQ001", "reply-late", severity="error", scope="request")
def reply_late(app, ctx):
    """An application was answered after its reply deadline.

    Why: 条例 第三十三条 — an agency replies within 20 working days of receipt (the start day not
    counted, 调休 followed), 20 more with an approved extension; the time a third party takes
    (第三十二条) is not counted, and after 补正 the period runs from the corrected application
    (第三十条). A late reply is what 行政复议 most often corrects.
    Fails: received 2026-09-28 (online), replied 2026-11-02: the 20th working day is 2026-10-30
    (国庆 10-01..10-07 off, Saturday 10-10 worked).
    Passes: the same application replied on 2026-10-30.
    """
    c = ctx.clock(app)
    if c.late:
        over = ctx.calendar.count_between(c.deadline, c.replied_on)
        yield Flag(f"replied {c.replied_on}, {over} working days after the deadline {c.deadline} "
                   f"({_basis(c)})", field="events.on", data={"event": _event(app, "reply"), "deadline": c.deadline,
                                                              "replied_on": c.replied_on, "days_late": over},
                   zh=f"{c.replied_on}答复，超过答复期限{c.deadline}共{over}个工作日（{_basis(c, zh=True)}）",
                   provisional=_provisional(ctx, c.start, c.replied_on))


@rule("REQ002", "reply-overdue", severity="error", scope="request")
def reply_overdue(app, ctx):
    """An open application has passed its reply deadline (as of the day checked).

    Why: 条例 第三十三条 — every working day after the deadline adds to the delay; these are the
    applications to answer first. An application waiting for 补正 has no deadline yet (第三十条).
    Fails: received 2026-03-02, no reply, checked as of 2026-04-01 (deadline 2026-03-30).
    Passes: checked as of 2026-03-30, or a reply on 2026-03-27.
    """
    c = ctx.clock(app)
    if c.overdue:
        yield Flag(f"no reply as of {ctx.as_of}; the deadline was {c.deadline}, {-c.remaining} working days ago "
                   f"({_basis(c)})", field="received_on", hint="reply now; record it with `gongkai request event N reply`",
                   data={"deadline": c.deadline, "days_overdue": -c.remaining},
                   zh=f"截至{ctx.as_of}未答复，已超过答复期限{c.deadline}共{-c.remaining}个工作日（{_basis(c, zh=True)}）",
                   hint_zh="尽快答复，并用 `gongkai request event 编号 答复` 登记", provisional=_provisional(ctx, c.start, ctx.as_of))


@rule("REQ003", "extension-over-limit", severity="error", scope="request")
def extension_over_limit(app, ctx):
    """The extensions of an application add up to more than 20 working days.

    Why: 条例 第三十三条第二款 — 延长的期限最长不得超过20个工作日: one extension of at most 20
    working days, whatever the number of notices.
    Fails: an extension of 15 working days and another of 10.
    Passes: one extension of 20 working days.
    """
    total = sum(e.days or 0 for e in app.of_kind("extension"))
    if total > MAX_EXTENSION:
        yield Flag(f"extended by {total} working days in all; the most is {MAX_EXTENSION}", field="events.days",
                   data={"event": _event(app, "extension"), "extension": total},
                   zh=f"延期共{total}个工作日，超过最长{MAX_EXTENSION}个工作日（条例第三十三条）")


@rule("REQ004", "supplement-late", severity="error", scope="request")
def supplement_late(app, ctx):
    """补正 was asked for more than 7 working days after the application was received.

    Why: 条例 第三十条 — 申请内容不明确的，行政机关应当自收到申请之日起7个工作日内一次性告知申请人作出补正;
    a late request for 补正 restarts a clock the applicant had already started.
    Fails: received 2026-09-28, 补正 asked 2026-10-14 (the 7th working day is 2026-10-13: 09-29,
    09-30, 10-08, 10-09, Saturday 10-10, 10-12, 10-13).
    Passes: 补正 asked 2026-10-13.
    """
    c = ctx.clock(app)
    for i, e in enumerate(app.events):
        if e.kind == "supplement" and e.on > c.supplement_by:
            over = ctx.calendar.count_between(c.supplement_by, e.on)
            yield Flag(f"补正 asked on {e.on}, {over} working days after the last day for it ({c.supplement_by}, "
                       f"7 working days after receipt on {app.received_on})", field="events.on",
                       data={"event": i, "supplement_by": c.supplement_by},
                       zh=f"{e.on}告知补正，晚于收到申请（{app.received_on}）起7个工作日的期限{c.supplement_by}"
                          f"共{over}个工作日（条例第三十条）", provisional=_provisional(ctx, app.received_on, e.on))


@rule("REQ005", "outcome-missing", severity="error", scope="request")
def outcome_missing(app, ctx):
    """An application has a reply but no outcome (处理结果).

    Why: the annual report counts every application closed in the year in one result row of 表三
    (条例 第五十条; 国办公开办函〔2021〕30号); a closed application without an outcome leaves the
    table unable to add up, and the report draft refuses it.
    Fails: a reply event dated 2026-03-20 without outcome.
    Passes: the reply with outcome = "（一）予以公开".
    """
    r = app.reply
    if r is not None and r.outcome is None:
        yield Flag(f"replied {r.on} without an outcome", field="events.outcome",
                   hint="add the 表三 result, e.g. outcome = \"（一）予以公开\"", data={"event": _event(app, "reply")},
                   zh=f"{r.on}已答复，但未登记处理结果", hint_zh="登记表三的处理结果，如 outcome = \"（一）予以公开\"")


@rule("REQ006", "events-out-of-order", severity="error", scope="request")
def events_out_of_order(app, ctx):
    """An event is dated before what must come first (a reply before receipt).

    Also an answer dated before its request (补正收到 before 补正, 意见回复 before 征求意见) and a
    decision before its case.

    Why: the clock (条例 第三十至三十三条) runs from receipt; an event before it is a typing error
    in a date, and every deadline computed from it is wrong.
    Fails: received 2026-03-10, replied 2026-03-02.
    Passes: replied 2026-03-20.
    """
    events = [e.model_dump() for e in app.events]
    for f, message, zh in check_order(app.received_on, events):
        kind = f.split(".")[0]
        idx = next((i for i, e in enumerate(app.events) if e.kind == kind), None)
        yield Flag(message, field=f"events.{f.split('.')[1]}", data={"event": idx}, zh=zh,
                   hint_zh="核对日期：各环节不早于收到申请之日，答复、回复不早于其所回应的环节")


@rule("REQ007", "extension-unapproved", severity="warning", scope="request")
def extension_unapproved(app, ctx):
    """An extension names no approver, or was given after the reply deadline it extends.

    Why: 条例 第三十三条第二款 — 需要延长答复期限的，应当经政府信息公开工作机构负责人同意并告知申请人:
    the extension needs the head's consent and must reach the applicant while the 20 working days run.
    Fails: an extension of 10 working days on 2026-04-01 for an application received 2026-03-02
    (deadline 2026-03-30), or one without approved_by.
    Passes: the extension on 2026-03-25, approved_by = "区政务公开办主任".
    """
    c = ctx.clock(app)
    base = ctx.calendar.add(c.start, REPLY_DAYS + c.paused)
    for i, e in enumerate(app.events):
        if e.kind != "extension":
            continue
        if not e.approved_by:
            yield Flag(f"extension of {e.days} working days on {e.on} names no approver", field="events.approved_by",
                       hint="approved_by = the head of the disclosure office who agreed", data={"event": i},
                       zh=f"{e.on}延期{e.days}个工作日，未登记批准人", hint_zh="登记同意延期的政府信息公开工作机构负责人")
        if e.on > base:
            yield Flag(f"extension given on {e.on}, after the reply deadline {base} it would extend", field="events.on",
                       data={"event": i, "deadline": base}, zh=f"{e.on}才延期，晚于其所延长的答复期限{base}")


def _provisional(ctx, a, b) -> Optional[str]:
    """The calendar's 暂定 note when the days from a to b run through a year with no holiday notice."""
    span = ctx.calendar.provisional_between(a, b) if a and b else None
    return span.note if span else None


def _basis(c: Clock, zh: bool = False) -> str:
    """How the deadline was counted: "20 working days from D +N extension …" (or in Chinese)."""
    parts = [(f"自{c.start}起20个工作日", f"20 working days from {c.start}")[not zh]]
    if c.extension:
        parts.append((f"延期{c.extension}个工作日", f"+{c.extension} extension")[not zh])
    if c.paused:
        parts.append((f"征求意见{c.paused}个工作日不计", f"+{c.paused} consultation days not counted")[not zh])
    return ("，" if zh else " ").join(parts)


# -- running ---------------------------------------------------------------------------------
def request_rules() -> list[Rule]:
    return [r for r in all_rules() if r.scope == "request"]


def select_request_rules(config, select=(), ignore=()) -> list[Rule]:
    """REQ rules enabled by gongkai.toml [rules] and the command line (as `gongkai check` selects:
    --select replaces the configured selection, ignores add up)."""
    from gongkai.rules.engine.selection import enabled

    chosen_select = list(select) if select else list(config.rules.select)
    return [r for r in request_rules() if enabled(r, chosen_select, [*config.rules.ignore, *ignore])]


def run_request_checks(reg, calendar, as_of: date, rules: Optional[list[Rule]] = None,
                       severity: Optional[dict[str, str]] = None) -> list[Finding]:
    """Every REQ finding on the register as of ``as_of``, placed at file and line; ``severity``:
    gongkai.toml's [rules.severity] overrides."""
    from gongkai.rules.engine.selection import effective_severity

    rules = request_rules() if rules is None else rules
    level = {r.code: effective_severity(r, severity or {}) for r in rules}
    ctx = RequestContext(as_of, calendar)
    out: list[Finding] = []
    for f, i, app in reg.entries():
        for r in rules:
            try:
                flags = list(r.check(app, ctx))
            except GongkaiError as exc:           # a date no calendar covers: say so, never guess
                out.append(Finding(r.code, "info", f"not assessable: {exc}", file=f.name, line=f.lines[i],
                                   item=app.number, assessable=False))
                continue
            for flag in flags:
                data = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in (flag.data or {}).items()}
                event = data.pop("event", None)
                line = f.lines[i]
                if event is not None and i < len(f.event_lines) and event < len(f.event_lines[i]):
                    line = f.event_lines[i][event] or line
                field_ = flag.field.replace("events.", f"events[{event}].") if event is not None else flag.field
                out.append(Finding(r.code, level[r.code], flag.message, file=f.name, line=line, item=app.number,
                                   field=field_, hint=flag.hint, data={**data, "dept": app.dept},
                                   provisional=flag.provisional, message_zh=flag.zh, hint_zh=flag.hint_zh))
    out.sort(key=lambda x: (x.file or "", x.line or 0, x.rule))
    return out
