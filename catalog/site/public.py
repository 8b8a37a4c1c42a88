"""What the public may see: the catalogue in force, stripped of internal fields.

An item is public while a version of it is in force: published, under review (复核中, still
in force), or being revised / re-submitted with an approved version kept (the approved
content is shown, never the revision). Drafts, items awaiting their first approval and
withdrawn items are not public. Responsibility (责任单位/科室/岗位), notes, row sources and
the reasons of local items are internal and are dropped here, in one place, so that no
page or endpoint can show them by accident.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Iterable, Optional

from gongkai.catalog.clock import BEIJING
from gongkai.catalog.errors import InputError, Problem, display_path
from gongkai.catalog.model import DomainHeader, Item, Origin

IN_FORCE = ("published", "reviewing")
# a code becomes a file name (items/CODE.html): nothing that could leave the site's folder
_SAFE_CODE = re.compile(r"[0-9A-Za-z][0-9A-Za-z_-]*")
REVISION_OPEN = ("revising", "in_review")


@dataclass(frozen=True)
class PublicItem:
    item: Item                     # the version in force, internal fields removed
    domain: str                    # two-digit domain code
    approved_on: Optional[date]    # Beijing date of the approval that put this version in force


@dataclass(frozen=True)
class Change:
    """One entry of the change feed: an item published (v1), changed (v2…) or withdrawn."""

    at: datetime
    kind: str                      # published | changed | withdrawn
    code: str
    label: str
    domain: str
    version: Optional[int]

    @property
    def label_zh(self) -> str:
        return {"published": "发布", "changed": "变更", "withdrawn": "撤销"}[self.kind]


@dataclass
class PublicDomain:
    header: DomainHeader
    items: list[PublicItem] = field(default_factory=list)


@dataclass
class PublicCatalogue:
    region: str
    unit: str
    domains: list[PublicDomain]
    changes: list[Change]          # newest first

    def items(self) -> Iterable[PublicItem]:
        for d in self.domains:
            yield from d.items

    @property
    def updated(self) -> Optional[datetime]:
        return self.changes[0].at if self.changes else None


def is_public(item: Item) -> bool:
    return item.status in IN_FORCE or (item.status in REVISION_OPEN and bool(item.approved))


def public_copy(item: Item) -> Item:
    """The version in force with nothing internal left in it."""
    shown = item.in_force()
    return shown.model_copy(update={
        "responsibility": None, "note": None, "source": None, "origin": Origin(kind=shown.origin.kind),
        "approved": None, "history": [], "review_due": None,
    })


def approved_on(item: Item) -> Optional[date]:
    last = next((h for h in reversed(item.history) if h.event == "approve"), None)
    return last.at.astimezone(BEIJING).date() if last else None


def changes_of(item: Item, domain: str) -> list[Change]:
    """The public events in an item's history. The label is the one in force, or for an item no
    longer public the label it had when approved, so no draft wording reaches the feed."""
    label = (item.in_force() if is_public(item) else _approved_label(item)) or None
    out = []
    for h in item.history:
        if h.event == "approve":
            kind = "published" if (h.version or 1) <= 1 else "changed"
        elif h.event == "withdraw":
            kind = "withdrawn"
        else:
            continue
        out.append(Change(h.at, kind, item.code, label.label if label else item.code, domain, h.version))
    return out


def _approved_label(item: Item) -> Optional[Item]:
    if item.approved:
        return Item.model_validate({"code": item.code, **item.approved})
    if item.status == "withdrawn":       # withdrawn from published: its content is the last approved one
        return item
    return None


def public_catalogue(ws) -> PublicCatalogue:
    """The public view of a loaded workspace: every domain of the registry that the workspace
    adopted, its public items in code order, and the change feed newest first."""
    domains, changes, problems = [], [], []
    for d in sorted(ws.domains, key=lambda d: d.code):
        pd = PublicDomain(d.model.domain)
        for item in sorted(d.model.items, key=lambda i: i.code):
            changes.extend(changes_of(item, d.code))
            if is_public(item):
                if not _SAFE_CODE.fullmatch(item.code):
                    problems.append(Problem("a published item's code names its page file; this one cannot",
                                            file=display_path(d.path), line=d.item_line(item.code), item=item.code,
                                            field="code", expected="a code such as 410106-19-02-001"))
                pd.items.append(PublicItem(public_copy(item), d.code, approved_on(item)))
        domains.append(pd)
    if problems:
        raise InputError(problems)
    changes.sort(key=lambda c: (c.at, c.code, c.version or 0), reverse=True)
    return PublicCatalogue(ws.region, ws.config.unit.name, domains, changes)
