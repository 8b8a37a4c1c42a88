"""Editing an item's content field by field (``gongkai item edit CODE --set FIELD=VALUE``).

Values are typed as officers write them in a table cell: lists split on 、 , ; or →,
an element marked 〇 (or ending in ?) is optional. Content edits are allowed only in
draft and revising; the message names the event that would allow them.
"""
from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError

from gongkai.catalog.errors import InputError, Problem, UsageError
from gongkai.catalog.lifecycle import EDITABLE as EDITABLE_STATES
from gongkai.catalog.lifecycle import STATES, edit_event
from gongkai.catalog.model import Item

# The event that brings an item back to an editable state, read off the one machine definition.
EDIT_EVENT = {s: edit_event(s) for s in STATES if s not in EDITABLE_STATES and edit_event(s)}

SCALARS = {"category", "name", "subitem", "body", "deadline", "note"}
LISTS = {"process", "levels", "stages", "elements", "basis"}
NESTED = {
    "method": ("mode", "audience", "channels"),
    "responsibility": ("unit", "office", "post"),
    "origin": ("kind", "reason"),
    "source": ("locality", "url", "file", "row"),
}
MANAGED = {"code", "status", "version", "history", "approved", "review_due"}
SETTABLE = sorted(SCALARS | LISTS | {f"{k}.{v}" for k, vs in NESTED.items() for v in vs})

_SPLIT = re.compile(r"\s*[、,，;；\n]\s*")
_STEPS = re.compile(r"\s*(?:→|->|>|、|,|，|;|；)\s*")
_BASIS_SPLIT = re.compile(r"\s*[;；\n]\s*")


def check_editable(item: Item) -> None:
    if item.status not in EDITABLE_STATES:
        event = EDIT_EVENT.get(item.status, "amend")
        raise UsageError(f"item {item.code} is {item.status}; content can be edited in draft or revising only — "
                         f"run `gongkai {event} {item.code}` first")


def parse_assignment(text: str) -> tuple[str, str]:
    if "=" not in text:
        raise UsageError(f"--set takes FIELD=VALUE, got {text!r}")
    key, value = text.split("=", 1)
    return key.strip(), value.strip()


def split_list(value: str, pattern: re.Pattern = _SPLIT) -> list[str]:
    return [v for v in (p.strip() for p in pattern.split(value)) if v]


def parse_process(value: str) -> list[str]:
    return split_list(value, _STEPS)


def parse_elements(value: str) -> list[dict[str, Any]]:
    out = []
    for part in split_list(value):
        optional = part.startswith(("〇", "○")) or part.endswith(("?", "？"))
        name = part.lstrip("●〇○").rstrip("?？").strip()
        out.append({"name": name, "required": not optional})
    return out


def field_value(key: str, value: str) -> Any:
    """The typed value of FIELD=VALUE, or a UsageError naming the settable fields."""
    if key in MANAGED:
        raise UsageError(f"{key} is managed by gongkai and cannot be set by hand")
    if key in SCALARS:
        return value or None
    if key == "elements":
        return parse_elements(value)
    if key == "basis":
        return [{"title": t} for t in split_list(value, _BASIS_SPLIT)]
    if key == "process":
        return parse_process(value)
    if key == "levels":     # 镇级 → 乡级, 区级 → 县级, 社区 → 村级: the words the tables use, read as on import
        from gongkai.catalog.tables.header import level_values

        return [level for part in split_list(value) for level in (sorted(level_values(part)) or [part])]
    if key in LISTS:
        return split_list(value)
    head, _, tail = key.partition(".")
    if head in NESTED and tail in NESTED[head]:
        if key == "method.channels":     # 门户网站 → 政府网站, as the importers read a channel cell
            from gongkai.catalog.records.cells import channel_name
            from gongkai.catalog.tables.cells import channel_label

            return [channel_name(channel_label(part)[0]) for part in split_list(value)]
        if head == "method":
            return split_list(value)
        if tail == "row":
            return int(value) if value else None
        return value or None
    import difflib

    close = difflib.get_close_matches(key, SETTABLE, n=1)
    hint = f" — did you mean '{close[0]}'?" if close else ""
    raise UsageError(f"unknown field '{key}'{hint}; settable fields: {', '.join(SETTABLE)}")


def apply_edits(item: Item, assignments: list[str]) -> Item:
    """A new Item with the assignments applied and validated; the original is untouched."""
    check_editable(item)
    data = item.model_dump(by_alias=True, exclude_none=True)
    for text in assignments:
        key, raw = parse_assignment(text)
        value = field_value(key, raw)
        head, _, tail = key.partition(".")
        if tail:
            sub = dict(data.get(head) or {})
            if value is None:
                sub.pop(tail, None)
            else:
                sub[tail] = value
            data[head] = sub
        elif value is None:
            data.pop(key, None)
        else:
            data[key] = value
    try:
        edited = Item.model_validate(data)
    except ValidationError as exc:
        raise InputError([Problem(e["msg"], item=item.code, field=".".join(map(str, e["loc"])))
                          for e in exc.errors()]) from None
    if item.parent is not None:   # a claimed item (三级): what it sets itself is recorded as tailored
        from gongkai.catalog.tiers.tailor import mark_tailored

        return mark_tailored(item, edited)
    return edited
