"""Kept in step: what changed upstream, recording it on the child's items, and taking it (sync).

When the parent approves a new version of a claimed item or withdraws it, the child's item
goes to review with the trigger ``parent_changed``, due 20 working days after the parent's
approval or withdrawal (as 动态调整 of a law or a body, catalog/adjust.py): a published item
moves to reviewing, an item in another live state records the trigger and keeps its state.
``sync`` then takes the parent's new version under the child's tailoring: the inherited
fields become the parent's, the tailored ones stay; a published or reviewing item is amended
first (the approved version stays in force until the revision is approved here).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Optional

from gongkai.catalog import clock, lifecycle
from gongkai.catalog.adjust import ADJUST_WORKDAYS
from gongkai.catalog.tiers import claim as claiming
from gongkai.catalog.tiers.tailor import FIELDS, get, overlay

if TYPE_CHECKING:  # pragma: no cover
    from gongkai.catalog.model import Item
    from gongkai.catalog.workdays import WorkdayCalendar
    from gongkai.catalog.workspace import Workspace

TRIGGER = "parent_changed"


@dataclass
class FieldChange:
    field: str
    here: Any          # the child's value (for an inherited field: the parent's version it follows)
    parent: Any        # the parent's value in force now
    tailored: bool     # tailored here: sync keeps the child's value

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "here": self.here, "parent": self.parent, "tailored": self.tailored}


@dataclass
class Upstream:
    """One claimed item whose parent item changed since the child took it."""

    domain: str
    code: str                     # the child's item
    parent_code: str
    kind: str                     # new_version | withdrawn | missing
    status: str                   # the child's item's state
    from_version: int
    to_version: Optional[int]
    changed_on: Optional[date]    # the parent's approval or withdrawal (Beijing date)
    changes: list[FieldChange] = field(default_factory=list)
    recorded: bool = False        # already recorded on the child's item (parent_changed)
    tailored: list[str] = field(default_factory=list)   # the child's tailored fields, kept by sync

    @property
    def marker(self) -> str:
        return f"v{self.to_version}" if self.kind == "new_version" else self.kind

    def to_dict(self) -> dict[str, Any]:
        return {"domain": self.domain, "code": self.code, "parent_code": self.parent_code, "kind": self.kind,
                "status": self.status, "from_version": self.from_version, "to_version": self.to_version,
                "changed_on": self.changed_on.isoformat() if self.changed_on else None, "recorded": self.recorded, "tailored": self.tailored,
                "changes": [c.to_dict() for c in self.changes]}


def _event_date(item: "Item", event: str, version: Optional[int] = None) -> Optional[date]:
    for h in reversed(item.history):
        if h.event == event and (version is None or h.version == version):
            return lifecycle.local_date(h.at)
    return None


def upstream(child: "Workspace", parent: "Workspace") -> list[Upstream]:
    """Every claimed item of the child whose parent item has a newer approved version, was withdrawn or is gone."""
    by_code = {item.code: item for _, item in parent.items()}
    out: list[Upstream] = []
    for d, item in child.items():
        link = item.parent
        if link is None or item.status == "withdrawn":
            continue
        up = by_code.get(link.code)
        if up is None:
            u = Upstream(d.code, item.code, link.code, "missing", item.status, link.version, None, None)
        elif up.status == "withdrawn":
            u = Upstream(d.code, item.code, link.code, "withdrawn", item.status, link.version, None,
                         _event_date(up, "withdraw"))
        elif up.version > link.version:
            u = Upstream(d.code, item.code, link.code, "new_version", item.status, link.version, up.version,
                         _event_date(up, "approve", up.version), _changes(item, up.in_force()))
        else:
            continue
        u.recorded, u.tailored = link.pending == u.marker, list(link.tailored)
        out.append(u)
    return out


def _changes(item: "Item", parent_item: "Item") -> list[FieldChange]:
    """Fields the parent changed: an inherited field against the child's (the parent's old) value, a
    tailored one against the parent's value it was tailored from (``parent.base``)."""
    here, there = item.content(), parent_item.content()
    tailored, base = set(item.parent.tailored), item.parent.base
    out = []
    for f in FIELDS:
        before = base.get(f) if f in tailored else get(here, f)
        if _empty(before) != _empty(get(there, f)):
            out.append(FieldChange(f, get(here, f), get(there, f), f in tailored))
    return out


def _empty(value: Any) -> Any:
    return None if value in (None, [], {}, "") else value


# -- recording the change on the child's items ----------------------------------------------
@dataclass
class Step:
    code: str
    status: str
    event: str                   # review | adjust
    to: str
    due: Optional[date]
    reason: str
    marker: str
    dated_today: bool = False    # the parent's history has no date for its change: counted from today

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "from": self.status, "event": self.event, "to": self.to,
                "due": self.due.isoformat() if self.due else None, "reason": self.reason,
                "dated_today": self.dated_today}


def follow_steps(child: "Workspace", changes: list[Upstream], calendar: "WorkdayCalendar") -> list[Step]:
    """What recording each not yet recorded upstream change does to the child's item."""
    unit = child.config.parent.name or child.config.parent.region
    steps = []
    by_code = {item.code: item for _, item in child.items()}
    for u in changes:
        if u.recorded:
            continue
        start = u.changed_on or clock.today()
        due = calendar.add(start, ADJUST_WORKDAYS)
        what = {"new_version": f"approved v{u.to_version} on {u.changed_on}", "withdrawn": f"withdrew it on {u.changed_on}",
                "missing": "no longer has it"}[u.kind]
        reason = f"上级目录变化: {unit} {what} ({u.parent_code})"
        item = by_code[u.code]
        if item.status == "published":
            event, to, when = "review", "reviewing", due
        else:
            event, to = "adjust", item.status
            when = min(item.review_due or due, due) if item.status == "reviewing" else item.review_due
        steps.append(Step(u.code, item.status, event, to, when, reason, u.marker, u.changed_on is None))
    return steps


def apply_follow(child: "Workspace", steps: list[Step], actor: Optional[str] = None,
                 at: Optional[datetime] = None) -> None:
    """Carry out follow steps on the loaded child (inside ``Workspace.transaction``)."""
    by_code = {item.code: item for _, item in child.items()}
    at = at or clock.now()
    for s in steps:
        item = by_code[s.code]
        lifecycle.fire(item, s.event, lifecycle.Call(actor=actor, reason=s.reason, trigger=TRIGGER, at=at,
                                                     due=s.due))
        item.parent = item.parent.model_copy(update={"pending": s.marker})


# -- sync: take the parent's new versions, claim its new items ---------------------------------
@dataclass
class SyncPlan:
    changes: list[Upstream]
    follow: list[Step]
    take: list[Upstream]                          # new versions taken under the tailoring
    blocked: list[tuple[Upstream, str]]           # changes sync cannot take, with why
    claims: list[claiming.Undecided]              # new parent items claimed
    conflicts: list[claiming.Undecided]           # new parent items whose code is taken here

    def to_dict(self) -> dict[str, Any]:
        return {"upstream": [u.to_dict() for u in self.changes], "record": [s.to_dict() for s in self.follow],
                "take": [{"code": u.code, "from_version": u.from_version, "to_version": u.to_version,
                          "fields": [c.field for c in u.changes if not c.tailored],
                          "kept": u.tailored} for u in self.take],
                "blocked": [{"code": u.code, "kind": u.kind, "why": why} for u, why in self.blocked],
                "claim": [c.to_dict() for c in self.claims], "conflicts": [c.to_dict() for c in self.conflicts]}

    @property
    def empty(self) -> bool:
        return not (self.follow or self.take or self.claims)


def plan_sync(child: "Workspace", parent: "Workspace", calendar: "WorkdayCalendar") -> SyncPlan:
    changes = upstream(child, parent)
    take, blocked = [], []
    for u in changes:
        if u.kind != "new_version":
            why = ("the parent withdrew it: withdraw it here with a reason, or decline it"
                   if u.kind == "withdrawn" else "the parent no longer has this item: withdraw it here with a reason")
            blocked.append((u, why))
        elif u.status == "in_review":
            blocked.append((u, "it is in review here: approve or reject it first, then sync"))
        else:
            take.append(u)
    todo = claiming.undecided(child, parent)
    return SyncPlan(changes, follow_steps(child, changes, calendar), take, blocked,
                    [c for c in todo if not c.conflict], [c for c in todo if c.conflict])


def apply_sync(child: "Workspace", parent: "Workspace", plan: SyncPlan, actor: Optional[str] = None,
               at: Optional[datetime] = None) -> None:
    """Record, take and claim as planned (inside ``Workspace.transaction`` of the child)."""
    from gongkai.catalog.model import CONTENT_FIELDS, Item

    at = at or clock.now()
    apply_follow(child, plan.follow, actor, at)
    parents = {item.code: item for _, item in parent.items()}
    for u in plan.take:
        d, item = child.find(u.code)
        if item.status not in lifecycle.EDITABLE:
            lifecycle.fire(item, "amend", lifecycle.Call(actor=actor, trigger=TRIGGER, at=at,
                                                         reason=f"同步上级目录 v{u.to_version} ({u.parent_code})"))
        up = parents[u.parent_code]
        content = overlay(up.in_force().content(), item.content(), item.parent.tailored)
        managed = item.model_dump(by_alias=True, exclude_none=True, exclude=set(CONTENT_FIELDS))
        parent_now = up.in_force().content()
        link = item.parent.model_copy(update={"version": up.version, "pending": None,
                                              "base": {f: v for f in item.parent.tailored
                                                       if (v := get(parent_now, f)) is not None}})
        new = Item.model_validate({**managed, **content, "parent": link.model_dump(exclude_none=True)})
        d.model.items[d.model.items.index(item)] = new
    for c in plan.claims:
        claiming.claim_item(child, parents[c.parent_code])
