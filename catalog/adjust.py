"""动态调整: when a law or a body changes, every item that depends on it is reviewed.

Local rules (notes/domain.md §7.1) require the affected items to be reported and
adjusted within 20 working days of the change (滨江: 20个工作日). The affected set
comes from the item graph. Every affected item gets one audit entry: a published
item moves to reviewing (event ``review``) with the trigger and the due date; an
item in another live state keeps its state (event ``adjust``), and one already in
review gets the earlier of its two due dates. Withdrawn items are left alone.

Renaming a body rewrites the name in the same step, in the body and responsible
unit of the revision and of the version in force: the organisation no longer goes
by the old name, and the history entry records the rename.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Optional

from gongkai.catalog import item_graph, lifecycle
from gongkai.catalog.errors import UsageError
from gongkai.catalog.heap import frozen_heap
from gongkai.catalog import clock

if TYPE_CHECKING:  # pragma: no cover
    from gongkai.catalog.model import Item
    from gongkai.catalog.workdays import WorkdayCalendar

ADJUST_WORKDAYS = 20
_SEPARATED = re.compile(r"(\s*[、，,;；/]\s*)")


@dataclass
class Step:
    domain: str
    code: str
    status: str                 # before the step
    event: str                  # review | adjust
    to: str
    due: Optional[date]         # review due date after the step
    body: Optional[tuple[str, str]] = None   # (before, after) when the body text is renamed

    def to_dict(self) -> dict[str, Any]:
        d = {"domain": self.domain, "code": self.code, "from": self.status, "event": self.event, "to": self.to,
             "due": self.due.isoformat() if self.due else None}
        if self.body:
            d["body"] = {"before": self.body[0], "after": self.body[1]}
        return d


@dataclass
class Plan:
    trigger: str                # law_changed | body_changed
    subject: str                # the law title, or the body's old name
    new_name: Optional[str]     # the body's new name (renames only)
    changed_on: date
    due: date
    reason: str
    steps: list[Step] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)   # close names when nothing matched
    provisional: Optional[str] = None   # note when the 20 working days ran through a year with no notice

    def to_dict(self) -> dict[str, Any]:
        return {"trigger": self.trigger, "subject": self.subject, "new_name": self.new_name,
                "changed_on": self.changed_on.isoformat(), "due": self.due.isoformat(), "reason": self.reason,
                "provisional": self.provisional,
                "steps": [s.to_dict() for s in self.steps], "suggestions": self.suggestions}


def plan_law(ws, title: str, changed_on: date, calendar: "WorkdayCalendar", reason: Optional[str] = None) -> Plan:
    """What a change of the law ``title`` on ``changed_on`` does to the workspace."""
    if not item_graph.law_keys(title):
        raise UsageError("give the law's title, e.g. 《中华人民共和国城乡规划法》")
    g = item_graph.from_workspace(ws)
    codes = set(item_graph.items_citing(g, title))
    plan = Plan("law_changed", title, None, changed_on, calendar.add(changed_on, ADJUST_WORKDAYS),
                reason or f"{title} changed on {changed_on} (法规变化)")
    plan.provisional = _provisional(calendar, plan)
    plan.steps = _steps(ws, codes, plan.due, None)
    if not codes:
        plan.suggestions = item_graph.close_names(g, "basis", title)
    return plan


def plan_body(ws, old: str, new: Optional[str], changed_on: date, calendar: "WorkdayCalendar",
              reason: Optional[str] = None) -> Plan:
    """What a change of the body ``old`` (renamed ``new`` if given) does to the workspace."""
    old, new = old.strip(), (new or "").strip() or None
    if not old:
        raise UsageError("give the body's current name, e.g. 县民政局")
    if new is not None and item_graph.body_key(new) == item_graph.body_key(old):
        raise UsageError(f"the new name {new!r} is the old one")
    g = item_graph.from_workspace(ws)
    deps = ws.config.departments
    codes = set(item_graph.items_of_body(g, old, deps))
    default = f"{old} renamed {new} on {changed_on} (机构更名)" if new else f"{old} changed on {changed_on} (机构变化)"
    plan = Plan("body_changed", old, new, changed_on, calendar.add(changed_on, ADJUST_WORKDAYS), reason or default)
    plan.provisional = _provisional(calendar, plan)
    names = item_graph.Departments(deps).names(old)
    plan.steps = _steps(ws, codes, plan.due, (names, new) if new else None)
    if not codes:
        plan.suggestions = item_graph.close_names(g, "body", old)
    return plan


def _provisional(calendar: "WorkdayCalendar", plan: Plan) -> Optional[str]:
    span = calendar.provisional_between(plan.changed_on, plan.due)
    return span.note if span else None


def _steps(ws, codes: set[str], due: date, rename) -> list[Step]:
    steps = []
    for d, item in ws.items():
        if item.code not in codes or item.status == "withdrawn":
            continue
        if item.status == "published":
            event, to, when = "review", "reviewing", due
        else:
            event, to = "adjust", item.status
            when = min(item.review_due or due, due) if item.status == "reviewing" else item.review_due
        body = None
        if rename:
            before = item.body or ""
            after = rename_text(before, *rename)
            body = (before, after) if after != before else None
        steps.append(Step(d.code, item.code, item.status, event, to, when, body))
    return steps


def rename_text(text: str, names: set[str], new: str) -> str:
    """``text`` with every body in ``names`` (normalised keys) replaced by ``new``; separators kept."""
    parts = _SEPARATED.split(text)
    seen: set[str] = set()
    out: list[str] = []
    for i in range(0, len(parts), 2):
        name = new if item_graph.body_key(parts[i]) in names else parts[i]
        if item_graph.body_key(name) in seen:       # a merger can name one body twice
            continue
        seen.add(item_graph.body_key(name))
        if i > 0 and out:
            out.append(parts[i - 1])
        out.append(name)
    return "".join(out)


def _rename_item(item: "Item", names: set[str], new: str) -> None:
    if item.body:
        item.body = rename_text(item.body, names, new)
    if item.responsibility and item.responsibility.unit:
        item.responsibility = item.responsibility.model_copy(
            update={"unit": rename_text(item.responsibility.unit, names, new)})
    if item.approved:   # the version in force names the organisation too
        approved = dict(item.approved)
        if approved.get("body"):
            approved["body"] = rename_text(approved["body"], names, new)
        unit = (approved.get("responsibility") or {}).get("unit")
        if unit:
            approved["responsibility"] = {**approved["responsibility"], "unit": rename_text(unit, names, new)}
        item.approved = approved


def apply(ws, plan: Plan, actor: Optional[str] = None, at: Optional[datetime] = None) -> list[Step]:
    """Carry out a plan on the loaded workspace (inside ``Workspace.transaction``)."""
    by_code = {item.code: item for _, item in ws.items()}
    names = item_graph.Departments(ws.config.departments).names(plan.subject) if plan.new_name else None
    # a due date counted through a year with no holiday notice says so in the audit trail too
    reason = f"{plan.reason} [期限 {plan.due} 暂定 provisional]" if plan.provisional else plan.reason
    call = lifecycle.Call(actor=actor, reason=reason, trigger=plan.trigger, due=plan.due,
                          at=at or clock.now())   # one time for the whole change
    with frozen_heap():
        for step in plan.steps:
            item = by_code[step.code]
            if names:
                _rename_item(item, names, plan.new_name)
            lifecycle.fire(item, step.event, call)
    return plan.steps
