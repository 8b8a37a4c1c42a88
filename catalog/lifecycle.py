"""The item lifecycle: one ``transitions`` state machine shared by every item.

``TRANSITIONS`` below is the single source of truth for what may happen to an item.
One Machine is built from it with ``model=None`` and events are fired on plain
items with ``machine.events[name].trigger(item)``: binding thousands of items with
``add_model`` costs ~9 KB and ~120 µs each and grows superlinearly (DESIGN.md,
anchors.md §6), the shared machine costs nothing per item.

Every event appends one HistoryEntry (the audit trail; nothing rewrites it). Guards
and effects are named in the definition and looked up in ``GUARDS`` / ``EFFECTS``,
so the definition stays plain data that docs and diagrams are drawn from.

Importing this module is cheap: pydantic models and transitions load on first use,
so the CLI can register one command per event without slowing ``gongkai --help``.
"""
from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Callable, Iterable, Optional

from gongkai.catalog import vocab
from gongkai.catalog.errors import UsageError
from gongkai.catalog import clock

if TYPE_CHECKING:  # pragma: no cover
    from gongkai.catalog.model import HistoryEntry, Item
    from gongkai.catalog.workdays import WorkdayCalendar

STATES = vocab.STATUSES
INITIAL = "draft"
EDITABLE = ("draft", "revising")      # content edits allowed here (gongkai.catalog.edits agrees, see tests)

# Why an event happened. manual: an officer decided; the others are 动态调整 triggers.
# parent_changed: the parent catalogue (a township's district) approved a new version or withdrew the item.
TRIGGERS = ("manual", "annual_review", "law_changed", "body_changed", "parent_changed")
TRIGGER_LABELS = {"manual": "手动", "annual_review": "年度复核", "law_changed": "法规变化",
                  "body_changed": "机构变化", "parent_changed": "上级目录变化"}

# The lifecycle (DESIGN.md "Lifecycle"). Order matters where an event has two
# transitions from one state: the first whose guards pass is taken.
TRANSITIONS: tuple[dict[str, Any], ...] = (
    dict(trigger="submit", source=["draft", "revising"], dest="in_review"),
    dict(trigger="approve", source="in_review", dest="published", conditions=["no_error_findings"],
         after=["bump_version", "schedule_annual_review"]),
    # A rejected revision goes back to revising: the approved version stays in force.
    dict(trigger="reject", source="in_review", dest="revising", conditions=["has_approved_version"]),
    dict(trigger="reject", source="in_review", dest="draft"),
    dict(trigger="amend", source=["published", "reviewing"], dest="revising", after=["keep_approved"]),
    dict(trigger="review", source="published", dest="reviewing", after=["set_review_due"]),
    dict(trigger="confirm", source="reviewing", dest="published", after=["schedule_annual_review"]),
    dict(trigger="withdraw", source=["published", "reviewing"], dest="withdrawn", conditions=["has_reason"],
         after=["clear_review_due"]),
    dict(trigger="restore", source="withdrawn", dest="draft"),
    # 动态调整 of an item that is not published (dest None: the state does not change):
    # records the trigger, a renamed body, a tighter review due date.
    dict(trigger="adjust", source=["draft", "in_review", "revising", "reviewing"], dest=None,
         after=["tighten_review_due"]),
)

# Events an officer fires by name (`gongkai submit …`); `adjust` is fired by `gongkai adjust`.
EVENTS = ("submit", "approve", "reject", "amend", "review", "confirm", "withdraw", "restore")
EVENT_LABELS = {
    "submit": "提交审核", "approve": "审核通过并发布", "reject": "退回修改", "amend": "修订",
    "review": "复核", "confirm": "复核确认", "withdraw": "撤销", "restore": "恢复为草拟", "adjust": "动态调整",
}

REVIEW_MONTHS = 12          # a published item is reviewed every 12 months
CHINA_TZ = timezone(timedelta(hours=8), "CST")   # officers' dates are Beijing dates (no DST)


# -- one call: who, why, when ------------------------------------------------------------
@dataclass
class Call:
    """What an event is fired with; guards and effects read it, the history records it."""

    actor: Optional[str] = None
    reason: Optional[str] = None
    trigger: str = "manual"
    at: Optional[datetime] = None                          # UTC; now when not given
    findings: Optional[Callable[["Item"], list]] = None    # approve's guard: error-level findings
    due: Optional[date] = None                             # review / adjust: review due date
    blocked: Optional[str] = None                          # set by a guard that refused
    _found: dict = field(default_factory=dict, repr=False)  # clean-guard memo, shared by copies

    def error_findings(self, item: "Item") -> list:
        # check() then fire() on one item asks twice; only clean results are kept, so a bulk run
        # of 150k items does not hold every finding of every refused item in memory.
        key = (item.code, id(item))
        if self._found.pop(key, None) is not None:
            return []
        found = [f for f in self.findings(item) if getattr(f, "severity", "error") == "error"]
        if not found:
            self._found[key] = True
        return found


class GuardError(UsageError):
    """An event is allowed from the item's state but its guard refused it."""


# -- guards: (item, call) -> bool; a refusal says why in call.blocked ----------------------
def _no_error_findings(item: "Item", call: Call) -> bool:
    if call.findings is None:
        raise TypeError("approve needs a findings function (the rules engine's error-level findings)")
    found = call.error_findings(item)
    if found:
        shown = "；".join(_finding_text(f) for f in found[:5])
        more = f"；另有 {len(found) - 5} 个" if len(found) > 5 else ""
        call.blocked = (f"不能审核发布，有 {len(found)} 个错误 (approve refused for {item.code}: {len(found)} "
                        f"error-level finding(s)) — {shown}{more}")
        return False
    return True


def _finding_text(f: Any) -> str:
    """One blocking finding as officers read it: rule, field and the message in Chinese where it has one."""
    from gongkai.catalog.vocab import FIELD_LABELS

    name = getattr(f, "field", None)
    label = name and (FIELD_LABELS.get(name.split(".")[-1]) or name)
    parts = [getattr(f, "rule", None), label, getattr(f, "message_zh", None) or getattr(f, "message", None) or str(f)]
    return " ".join(p for p in parts if p)


def _has_approved_version(item: "Item", call: Call) -> bool:
    return bool(item.approved)


def _has_reason(item: "Item", call: Call) -> bool:
    if call.reason and call.reason.strip():
        return True
    call.blocked = f"withdraw needs a reason: `gongkai withdraw {item.code} --reason \"…\"`"
    return False


GUARDS: dict[str, Callable[["Item", Call], bool]] = {
    "no_error_findings": _no_error_findings,
    "has_approved_version": _has_approved_version,
    "has_reason": _has_reason,
}


# -- effects: (item, call) -> None, run after the state has changed ------------------------
def _bump_version(item: "Item", call: Call) -> None:
    item.version += 1
    item.approved = None        # the revision is now the approved version


def _schedule_annual_review(item: "Item", call: Call) -> None:
    item.review_due = add_months(local_date(call.at), REVIEW_MONTHS)


def _keep_approved(item: "Item", call: Call) -> None:
    item.approved = item.content()


def _set_review_due(item: "Item", call: Call) -> None:
    if call.due is not None:
        item.review_due = call.due


def _tighten_review_due(item: "Item", call: Call) -> None:
    # Only an item already under review has a review deadline to tighten.
    if call.due is not None and item.status == "reviewing":
        item.review_due = min(item.review_due or call.due, call.due)


def _clear_review_due(item: "Item", call: Call) -> None:
    item.review_due = None


EFFECTS: dict[str, Callable[["Item", Call], None]] = {
    "bump_version": _bump_version,
    "schedule_annual_review": _schedule_annual_review,
    "keep_approved": _keep_approved,
    "set_review_due": _set_review_due,
    "tighten_review_due": _tighten_review_due,
    "clear_review_due": _clear_review_due,
}


# -- the machine ------------------------------------------------------------------------
def _wrap(fn: Callable[["Item", Call], Any]) -> Callable:
    def callback(event) -> Any:  # transitions passes EventData (send_event=True)
        return fn(event.model, event.kwargs["call"])

    callback.__name__ = fn.__name__.lstrip("_")
    return callback


def _record(event) -> None:
    """after_state_change: append the audit entry (after the transition's own effects)."""
    from gongkai.catalog.model import HistoryEntry

    item, call, t = event.model, event.kwargs["call"], event.transition
    item.history.append(HistoryEntry(
        at=call.at, event=event.event.name, from_=t.source, to=t.dest or t.source, actor=call.actor,
        reason=call.reason, trigger=call.trigger, version=item.version))


@lru_cache(maxsize=1)
def machine():
    """The one shared Machine (model=None); built on first use."""
    from transitions import Machine

    guards = {k: _wrap(v) for k, v in GUARDS.items()}
    effects = {k: _wrap(v) for k, v in EFFECTS.items()}
    transitions = []
    for t in TRANSITIONS:
        t = dict(t)
        t["conditions"] = [guards[name] for name in t.get("conditions", [])]
        t["after"] = [effects[name] for name in t.get("after", [])]
        transitions.append(t)
    return Machine(model=None, states=list(STATES), transitions=transitions, initial=INITIAL,
                   auto_transitions=False, send_event=True, model_attribute="status",
                   after_state_change=[_record])


def events_from(state: str, include_adjust: bool = False) -> list[str]:
    """Events defined from a state (in EVENTS order), regardless of guards."""
    return list(_EVENTS_FROM[include_adjust].get(state, ()))


def _events_by_state(order: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    return {s: tuple(e for e in order if any(t["trigger"] == e and s in _sources(t) for t in TRANSITIONS))
            for s in STATES}


def sources(event: str) -> list[str]:
    """States an event can be fired from."""
    found = {s for t in TRANSITIONS if t["trigger"] == event for s in _sources(t)}
    return [s for s in STATES if s in found]


def _sources(t: dict) -> list[str]:
    return [t["source"]] if isinstance(t["source"], str) else list(t["source"])


_EVENTS_FROM = {False: _events_by_state(EVENTS), True: _events_by_state(EVENTS + ("adjust",))}


def edit_event(state: str) -> Optional[str]:
    """The event that makes content editable again from ``state`` (None when it already is)."""
    if state in EDITABLE:
        return None
    for t in TRANSITIONS:
        if state in _sources(t) and t["dest"] in EDITABLE:
            return t["trigger"]
    return None


# -- firing events --------------------------------------------------------------------------
def _prepare(item: "Item", event: str, call: Call) -> Call:
    if event not in EVENTS and event != "adjust":
        raise UsageError(f"unknown event {event!r}; events: {', '.join(EVENTS)}")
    if call.trigger not in TRIGGERS:
        raise UsageError(f"unknown trigger {call.trigger!r}; triggers: {', '.join(TRIGGERS)}")
    allowed = _EVENTS_FROM[event == "adjust"].get(item.status, ())
    if event not in allowed:
        label = vocab.STATUS_LABELS.get(item.status, item.status)
        listed = ", ".join(allowed) if allowed else "none"
        raise UsageError(f"cannot {event} {item.code}: it is {item.status} ({label}); "
                         f"events allowed from {item.status}: {listed}")
    if call.at is not None and call.at.tzinfo is timezone.utc:
        call.blocked = None     # the common bulk case: one Call, one time, reused for every item
        return call
    call = copy.copy(call)      # never change the caller's Call otherwise
    call.blocked = None
    if call.at is None:
        call.at = clock.now()
    elif call.at.tzinfo is None:
        raise ValueError("history times must be timezone-aware (UTC)")
    else:
        call.at = call.at.astimezone(timezone.utc)
    return call


def check(item: "Item", event: str, call: Optional[Call] = None) -> str:
    """The state ``event`` would lead to, without changing the item.

    Raises UsageError when the event is not allowed from the item's state and
    GuardError when a guard refuses (both say why). Uses the machine's own guards.
    """
    from transitions.core import EventData

    call = _prepare(item, event, call or Call())
    m = machine()
    ev = m.events[event]
    data = EventData(m.get_state(item.status), ev, m, item, args=(), kwargs={"call": call})
    for t in ev.transitions[item.status]:
        data.transition = t
        if all(c.check(data) for c in t.conditions):
            return t.dest or item.status
    raise GuardError(call.blocked or f"{event} refused for {item.code} by its guard")


def fire(item: "Item", event: str, call: Optional[Call] = None, **kw: Any) -> "HistoryEntry":
    """Fire ``event`` on ``item`` (changed in place) and return the history entry it appended.

    ``call`` (or keyword arguments for it: actor, reason, trigger, at, findings, due)
    says who and why. An event not allowed from the item's state raises UsageError
    naming the allowed ones; a refused guard raises GuardError; either way the item
    is unchanged.
    """
    call = _prepare(item, event, call if call is not None else Call(**kw))
    if not machine().events[event].trigger(item, call=call):
        raise GuardError(call.blocked or f"{event} refused for {item.code} by its guard")
    return item.history[-1]


# -- dates --------------------------------------------------------------------------------
def local_date(at: datetime) -> date:
    """The Beijing date of a UTC time: approvals at 01:00 in 郑州 count for that day."""
    return at.astimezone(CHINA_TZ).date()


def add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def last_scheduling(item: "Item") -> Optional["HistoryEntry"]:
    """The last approve or confirm: the annual review counts from it."""
    return next((h for h in reversed(item.history) if h.event in ("approve", "confirm")), None)


def annual_review_date(item: "Item") -> Optional[date]:
    """When a published item's annual review falls (calendar date, before working-day rolling)."""
    if item.review_due is not None:
        return item.review_due
    last = last_scheduling(item)
    return add_months(local_date(last.at), REVIEW_MONTHS) if last else None


def roll_to_workday(d: date, calendar: "WorkdayCalendar") -> date:
    """A period ending on a day off ends on the next working day (民法典 第二百零三条)."""
    return d if calendar.is_workday(d) else calendar.add(d, 1)


# -- due reviews -----------------------------------------------------------------------------
@dataclass
class Due:
    """One review that is due, overdue, or (for items under review) pending with a deadline."""

    code: str
    status: str
    kind: str                 # annual_review | law_changed | body_changed | manual
    due: Optional[date]       # working-day due date; None when no date is known
    days_left: Optional[int]  # working days from as_of to due; negative when overdue
    state: str                # overdue | due | pending | unknown
    provisional: Optional[str] = None   # note when the date or count went through a year with no notice

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def due(items: Iterable["Item"], as_of: date, calendar: "WorkdayCalendar", within: int = 0) -> list[Due]:
    """Reviews due by ``as_of`` (+ ``within`` working days), overdue ones, and every review in progress.

    A published item is due for its annual review 12 months after its last approval or
    confirmation; an item in reviewing is listed with its deadline (20 working days
    after a law or body change, or its annual date). Dates that fall on a day off
    move to the next working day. A due date or count that went through a year with no
    holiday notice yet carries the calendar's provisional note.
    """
    horizon = calendar.add(as_of, within) if within else as_of
    out: list[Due] = []
    for item in items:
        if item.status == "published":
            kind, raw = "annual_review", annual_review_date(item)
            if raw is not None and raw > horizon:
                continue   # not yet due; skipping also avoids years no calendar covers
        elif item.status == "reviewing":
            kind, raw = _review_trigger(item), item.review_due
        else:
            continue
        if raw is None:
            out.append(Due(item.code, item.status, kind, None, None, "unknown"))
            continue
        if raw > horizon and not calendar.covers(raw):
            # a deadline beyond the calendar's last notice: shown as is, working days not guessed
            out.append(Due(item.code, item.status, kind, raw, None, "pending"))
            continue
        when = roll_to_workday(raw, calendar)
        left = calendar.count_between(as_of, when)
        state = "overdue" if when < as_of else ("due" if when <= horizon else "pending")
        span = calendar.provisional_between(min(raw, as_of), max(when, as_of))
        out.append(Due(item.code, item.status, kind, when, left, state, span.note if span else None))
    out.sort(key=lambda d: (d.due is not None, d.due or date.min, d.code))
    return out


def _review_trigger(item: "Item") -> str:
    last = next((h for h in reversed(item.history) if h.event in ("review", "adjust")), None)
    return last.trigger if last else "manual"


# -- the revision against the approved version -----------------------------------------------
@dataclass
class Change:
    field: str
    before: Any
    after: Any


def diff(item: "Item") -> list[Change]:
    """Field by field, the revision's content against the approved version (in force)."""
    if not item.approved:
        hint = ("it has never been published" if item.version == 0 else "no revision is in progress")
        raise UsageError(f"{item.code} is {item.status}: {hint}, so there is no approved version to compare "
                         f"(a revision starts with `gongkai amend {item.code}`)")
    from gongkai.catalog.model import CONTENT_FIELDS

    before, after = item.approved, item.content()
    return [Change(f, before.get(f), after.get(f)) for f in CONTENT_FIELDS if before.get(f) != after.get(f)]


def diff_text(item: "Item") -> str:
    """A unified diff of the approved version and the revision, as TOML lines."""
    import difflib

    from gongkai.catalog.toml_store import dumps

    diff(item)  # raises when there is nothing to compare
    a = dumps(item.approved).splitlines(keepends=True)
    b = dumps(item.content()).splitlines(keepends=True)
    return "".join(difflib.unified_diff(a, b, f"{item.code} v{item.version} (approved, in force)",
                                        f"{item.code} revision", n=2))


# -- the diagram -------------------------------------------------------------------------
def mermaid() -> str:
    """The machine as a mermaid ``stateDiagram-v2``, drawn from the machine itself.

    transitions' own mermaid renderer needs a bound model and adds styling noise, so
    the diagram is generated from the built machine's events (so it cannot drift).
    """
    m = machine()
    lines = ["stateDiagram-v2", "  direction LR"]
    for s in STATES:
        lines.append(f'  state "{s} {vocab.STATUS_LABELS[s]}" as {s}')
    lines.append(f"  [*] --> {INITIAL}")
    internal: list[str] = []
    for name, ev in m.events.items():
        for source, ts in ev.transitions.items():
            for i, t in enumerate(ts):
                if t.dest is None:
                    internal.append(source)
                    continue
                guards = [c.func.__name__ for c in t.conditions]
                if not guards and i > 0:   # taken when the guarded transitions before it are not
                    guards = ["otherwise"]
                label = name + (f" [{' and '.join(guards)}]" if guards else "")
                lines.append(f"  {source} --> {t.dest}: {label}")
    if internal:
        lines.append(f"  note right of {internal[0]}")
        lines.append(f"    adjust (动态调整) records a trigger without a state change in: {', '.join(internal)}")
        lines.append("  end note")
    return "\n".join(lines) + "\n"


def definition() -> dict[str, Any]:
    """The machine as data (states, transitions with guards and effects) for --format json."""
    return {"states": list(STATES), "initial": INITIAL, "editable": list(EDITABLE), "triggers": list(TRIGGERS),
            "transitions": [
                {"event": t["trigger"], "from": _sources(t), "to": t["dest"],
                 "guards": list(t.get("conditions", [])), "effects": list(t.get("after", []))}
                for t in TRANSITIONS]}
