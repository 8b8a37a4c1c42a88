"""Importing a table as updates (`gongkai import FILE --update`): officers edit the exported
workbook in Excel and give it back.

Each row is matched to an item — by its 事项编码, else by its 一级/二级/三级事项 — and what the row
says is laid over the item: a cell left empty keeps the item's value (an update never clears or
deletes anything), and where the row came from (出处) is never taken from the file. Items in draft
or revising take the change; published or in-review items are listed to be amended first. Rows that
match no item are new drafts, added as a plain import adds them.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any, Optional

from pydantic import ValidationError

from gongkai.catalog.bulk_edits import diff
from gongkai.catalog.codes import parse_code
from gongkai.catalog.lifecycle import EDITABLE
from gongkai.catalog.model import Item
from gongkai.catalog.tables.placement import Placement

NEVER_FROM_FILE = {"source", "origin", "code", "status", "version", "history", "approved", "review_due"}


@dataclass
class UpdatePlan:
    changes: list = field(default_factory=list)      # (domain, old item, new item, diffs, parsed row)
    to_amend: list = field(default_factory=list)     # (old item, diffs, parsed): published / in review
    unchanged: list = field(default_factory=list)    # (item, parsed)
    ambiguous: list = field(default_factory=list)    # (parsed, [codes]): the labels name several items
    invalid: list = field(default_factory=list)      # (parsed, item code, reason): the merged item would not load
    new: Placement = field(default_factory=Placement)


def plan_update(ws, placed: Placement) -> UpdatePlan:
    """Match every placed row and work out its change; nothing is changed."""
    plan = UpdatePlan()
    for code, rows in placed.by_domain.items():
        d = ws.domain(code)
        items = list(d.model.items) if d is not None else []
        by_code = {i.code: i for i in items}
        by_labels: dict[tuple, list] = {}
        for i in items:
            by_labels.setdefault(_labels(i.category, i.name, i.subitem), []).append(i)
        for parsed in rows:
            item, how = _match(ws, parsed, by_code, by_labels)
            if item is None and how:
                plan.ambiguous.append((parsed, how))
                continue
            if item is None:
                plan.new.by_domain.setdefault(code, []).append(parsed)
                continue
            try:
                new = merged(item, parsed.fields, renames=how == "code")
            except ValidationError as exc:
                reason = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
                plan.invalid.append((parsed, item.code, reason))
                continue
            changes = diff(item, new)
            if not changes:
                plan.unchanged.append((item, parsed))
            elif item.status in EDITABLE:
                plan.changes.append((d, item, new, changes, parsed))
            else:
                plan.to_amend.append((item, changes, parsed))
    return plan


def _labels(*parts: Optional[str]) -> tuple:
    return tuple("".join(unicodedata.normalize("NFKC", p or "").split()) for p in parts)


def _match(ws, parsed, by_code: dict, by_labels: dict):
    """(item, "code" | "labels") or (None, [codes]) when the labels name several, or (None, None)."""
    if parsed.code:
        code = "".join(unicodedata.normalize("NFKC", parsed.code).split())
        c = parse_code(code)
        if c is not None:
            full = code if c.region else f"{ws.region}-{code}"
            if full in by_code:
                return by_code[full], "code"
    f = parsed.fields
    found = by_labels.get(_labels(f.get("category"), f.get("name"), f.get("subitem")), [])
    if len(found) == 1:
        return found[0], "labels"
    if len(found) > 1:
        return None, [i.code for i in found]
    return None, None


def merged(item: Item, row: dict[str, Any], renames: bool) -> Item:
    """The item with the row's non-empty values laid over it (labels too when matched by code)."""
    data = item.model_dump(by_alias=True, exclude_none=True)
    for key, value in row.items():
        if key in NEVER_FROM_FILE or key.startswith("_") or _empty(value):
            continue
        if key in ("category", "name", "subitem") and not renames:
            continue
        if isinstance(value, dict):
            sub = dict(data.get(key) or {})
            sub.update({k: v for k, v in value.items() if not _empty(v)})
            data[key] = sub
        else:
            data[key] = value
    return Item.model_validate(data)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {} or \
        (isinstance(value, dict) and all(_empty(v) for v in value.values()))


def apply_update(plan: UpdatePlan) -> None:
    """Put the changed items in place (inside the caller's ``Workspace.transaction``)."""
    for d, old, new, _, _ in plan.changes:
        d.model.items[d.model.items.index(old)] = new
