"""认领: a child claims the parent's items for its level, or declines them with a reason.

A claimed item is the parent's item in force (its approved version) under the child's region
code, as a draft of the child's own catalogue, with ``[items.parent]`` linking it to the
parent's code and version. Which parent items a child must decide on: those with an approved
version in force (not withdrawn) whose 公开层级 include the child's level (乡级 / 村级).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterator, Optional

from gongkai.catalog import clock
from gongkai.catalog.codes import parse_code, with_region
from gongkai.catalog.errors import UsageError
from gongkai.catalog.tiers.parent import LEVEL_LABEL
from gongkai.catalog.tiers.refs import Declined, ParentLink

if TYPE_CHECKING:  # pragma: no cover
    from gongkai.catalog.domain_file import LoadedDomain
    from gongkai.catalog.model import Item
    from gongkai.catalog.workspace import Workspace


def in_force(item: "Item") -> bool:
    """The item has an approved version that applies (published, or under review or revision)."""
    return item.version >= 1 and item.status != "withdrawn"


def claimable(parent: "Workspace", level: str) -> Iterator[tuple["LoadedDomain", "Item"]]:
    """Parent items a child of ``level`` must claim or decline."""
    label = LEVEL_LABEL[level]
    for d, item in parent.items():
        if in_force(item) and label in item.in_force().levels:
            yield d, item


def claimed_codes(child: "Workspace") -> dict[str, "Item"]:
    """Parent code → the child's item claiming it."""
    return {item.parent.code: item for _, item in child.items() if item.parent is not None}


def declined_codes(child: "Workspace") -> dict[str, Declined]:
    return {d.code: d for d in child.config.parent.declined} if child.config.parent else {}


@dataclass
class Undecided:
    """A parent item for the child's level that the child neither claimed nor declined."""

    domain: str
    parent_code: str
    label: str
    code: str                     # the code it would have here
    conflict: Optional[str] = None   # a local item of the child already holds that code

    def to_dict(self) -> dict:
        return {"domain": self.domain, "parent_code": self.parent_code, "label": self.label, "code": self.code,
                "conflict": self.conflict}


def undecided(child: "Workspace", parent: "Workspace") -> list[Undecided]:
    claimed, declined = claimed_codes(child), declined_codes(child)
    taken = {item.code for _, item in child.items()}
    out = []
    for d, item in claimable(parent, child.config.unit.level):
        if item.code in claimed or item.code in declined:
            continue
        code = with_region(item.code, child.region)
        out.append(Undecided(d.code, item.code, item.in_force().label, code,
                             conflict=code if code in taken else None))
    return out


def claim_item(child: "Workspace", parent_item: "Item") -> "Item":
    """Add the parent's item in force to the child as a draft that follows it (inside a transaction)."""
    from gongkai import domains as registry
    from gongkai.catalog.model import Item

    code = with_region(parent_item.code, child.region)
    domain = registry.BY_CODE[parse_code(code).domain]
    d = child.ensure_domain(domain)
    if any(i.code == code for i in d.model.items) or code in d.model.domain.retired_codes:
        raise UsageError(f"cannot claim {parent_item.code}: {code} is already used in this workspace by an item "
                         "that does not follow it (a local item?); give that item another code or decline "
                         f"{parent_item.code} with a reason")
    shown = parent_item.in_force()
    item = Item.model_validate({**shown.content(), "code": code,
                                "parent": ParentLink(code=parent_item.code, version=parent_item.version)})
    d.model.items.append(item)
    return item


def claim(child: "Workspace", parent: "Workspace", codes: Optional[list[str]] = None) -> list["Item"]:
    """Claim the undecided parent items (all, or those of ``codes``, with or without region)."""
    todo = undecided(child, parent)
    if codes is not None:
        wanted = {_parent_code(c, parent.region) for c in codes}
        known = {u.parent_code for u in todo}
        missing = sorted(wanted - known)
        if missing:
            raise UsageError(f"nothing to claim for {', '.join(missing)}: not an item of {parent.config.unit.name} "
                             f"for {LEVEL_LABEL[child.config.unit.level]} with an approved version, or already "
                             "claimed or declined (see `gongkai sync`)")
        todo = [u for u in todo if u.parent_code in wanted]
    by_code = {item.code: item for _, item in parent.items()}
    return [claim_item(child, by_code[u.parent_code]) for u in todo]


def decline(child: "Workspace", parent: "Workspace", code: str, reason: Optional[str],
            actor: Optional[str] = None) -> tuple[str, Optional[str]]:
    """Record that the child does not claim a parent item, with its reason (inside a transaction).

    A claimed draft that was never submitted is removed (its code retired); a claimed item in force
    here is withdrawn with the reason. Returns (parent code, what happened to the child's item).
    """
    from gongkai.catalog import lifecycle

    if not (reason or "").strip():
        raise UsageError(f"declining {code} needs a reason 不认领理由: `gongkai decline {code} --reason \"…\"` "
                         "(a parent item is left out only with the decision on record)")
    parent_code = _parent_code(code, parent.region)
    parent_codes = {item.code for _, item in parent.items()}
    if parent_code not in parent_codes:
        raise UsageError(f"no item {parent_code} in the parent {parent.config.unit.name}")
    if parent_code in declined_codes(child):
        raise UsageError(f"{parent_code} is already declined: {declined_codes(child)[parent_code].reason}")
    done = None
    mine = claimed_codes(child).get(parent_code)
    if mine is not None:
        d, _ = child.find(mine.code)
        if mine.status == "draft" and not mine.history:
            child.remove_item(d, mine)
            done = f"removed the claimed draft {mine.code} (code retired)"
        elif mine.status in ("published", "reviewing"):
            lifecycle.fire(mine, "withdraw", actor=actor, reason=f"不认领上级事项: {reason}")
            done = f"withdrew {mine.code}"
        elif mine.status != "withdrawn":
            raise UsageError(f"{mine.code} claims {parent_code} and is {mine.status}: reject or approve it first, "
                             "or withdraw it, then decline")
    child.config.parent.declined.append(Declined(code=parent_code, reason=reason.strip(), declined_on=clock.today()))
    child.config.parent.declined.sort(key=lambda x: x.code)
    return parent_code, done


def _parent_code(code: str, parent_region: str) -> str:
    parsed = parse_code(code)
    if parsed is None:
        raise UsageError(f"{code!r} is not an item code (DD-CC-NNN, with or without the parent's region)")
    return with_region(code, parent_region)
