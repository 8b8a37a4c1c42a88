"""Tailoring as data: which fields a claimed item sets for itself, and which it inherits.

A claimed item holds its effective content (what the township discloses), and
``parent.tailored`` lists the fields the township set itself. Every other field is the
parent's approved version ``parent.version``, and `gongkai sync` replaces it with the
parent's next version; tailored fields are kept.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gongkai.catalog.errors import UsageError
from gongkai.catalog.tiers.refs import TAILORABLE

if TYPE_CHECKING:  # pragma: no cover
    from gongkai.catalog.model import Item

IDENTITY = ("category", "name", "subitem")   # what makes it the parent's item; never tailored
FIELDS = (*IDENTITY, *TAILORABLE)


def get(content: dict[str, Any], path: str) -> Any:
    head, _, tail = path.partition(".")
    value = content.get(head)
    if tail:
        return (value or {}).get(tail)
    return value


def put(content: dict[str, Any], path: str, value: Any) -> None:
    head, _, tail = path.partition(".")
    if tail:
        sub = dict(content.get(head) or {})
        if value is None:
            sub.pop(tail, None)
        else:
            sub[tail] = value
        content[head] = sub
    elif value is None:
        content.pop(head, None)
    else:
        content[head] = value


def _norm(value: Any) -> Any:
    return None if value in (None, [], {}, "") else value


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    return [f for f in (*FIELDS, "origin", "source") if _norm(get(before, f)) != _norm(get(after, f))]


def provenance(item: "Item") -> dict[str, str]:
    """Field → 'inherited' | 'tailored' for a claimed item; 'local' for every field of a local one."""
    if item.parent is None:
        return {f: "local" for f in FIELDS}
    tailored = set(item.parent.tailored)
    return {f: ("tailored" if f in tailored else "inherited") for f in FIELDS}


def mark_tailored(before: "Item", after: "Item") -> "Item":
    """``after`` (an edit of ``before``) with the fields it changed recorded as tailored.

    A claimed item keeps the parent's 一级/二级/三级事项, origin and source: changing them makes
    another item, which is added as a local item after declining the parent's.
    """
    if before.parent is None:
        return after
    changed = changed_fields(before.content(), after.content())
    fixed = [f for f in changed if f not in TAILORABLE]
    if fixed:
        raise UsageError(f"{before.code} claims {before.parent.code}: {', '.join(fixed)} stay(s) the parent's; "
                         f"to disclose another item, `gongkai decline {before.parent.code} --reason …` and add a "
                         "local item")
    if not changed:
        return after
    old = before.parent
    inherited = before.content()
    base = {**old.base, **{f: get(inherited, f) for f in changed if f not in old.tailored}}
    link = type(old).model_validate({**old.model_dump(exclude_none=True), "tailored": [*old.tailored, *changed],
                                     "base": {k: v for k, v in base.items() if v is not None}})
    return after.model_copy(update={"parent": link})


def overlay(parent_content: dict[str, Any], own: dict[str, Any], tailored: list[str]) -> dict[str, Any]:
    """The parent's content with the child's tailored fields laid over it."""
    out = {k: v for k, v in parent_content.items()}
    for f in tailored:
        put(out, f, get(own, f))
    return out


def inherit(item: "Item", fields: list[str]) -> "Item":
    """``item`` with ``fields`` inherited again: each takes back the parent's value it was tailored from.

    Content edits follow the lifecycle (draft or revising only); the value comes from ``parent.base``,
    the parent's version this item follows, so no parent folder is needed.
    """
    from gongkai.catalog.lifecycle import EDITABLE, edit_event
    from gongkai.catalog.model import CONTENT_FIELDS, Item

    if item.parent is None:
        raise UsageError(f"{item.code} claims no parent item: it has nothing to inherit")
    wrong = [f for f in fields if f not in item.parent.tailored]
    if wrong:
        listed = ", ".join(item.parent.tailored) or "none"
        raise UsageError(f"{item.code}: {', '.join(wrong)} not tailored here (tailored: {listed})")
    if item.status not in EDITABLE:     # as catalog.edits.check_editable (which imports this module)
        raise UsageError(f"item {item.code} is {item.status}; content can be edited in draft or revising only — "
                         f"run `gongkai {edit_event(item.status) or 'amend'} {item.code}` first")
    content = item.content()
    for f in fields:
        put(content, f, item.parent.base.get(f))
    link = item.parent.model_dump(exclude_none=True)
    link["tailored"] = [f for f in item.parent.tailored if f not in fields]
    link["base"] = {k: v for k, v in item.parent.base.items() if k not in fields}
    managed = item.model_dump(by_alias=True, exclude_none=True, exclude=set(CONTENT_FIELDS))
    return Item.model_validate({**managed, **content, "parent": link})
