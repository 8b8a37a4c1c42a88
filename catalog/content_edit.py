"""Replacing an item's whole content at once (the web workbench's edit form), validated as the CLI's
`item edit --set` is: the same editable states, the same model, the same messages per field."""
from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from gongkai.catalog.edits import check_editable
from gongkai.catalog.errors import InputError, Problem
from gongkai.catalog.model import CONTENT_FIELDS, Item


def replace_content(item: Item, content: dict[str, Any]) -> Item:
    """A new Item with ``content`` (content fields only) in place of the item's; the original is untouched."""
    check_editable(item)
    unknown = sorted(set(content) - set(CONTENT_FIELDS))
    if unknown:
        raise InputError([Problem("not a content field; code, status, version and history are managed by gongkai",
                                  item=item.code, field=k) for k in unknown])
    data = item.model_dump(by_alias=True, exclude_none=True, exclude=set(CONTENT_FIELDS))
    data.update({k: v for k, v in content.items() if v is not None})
    try:
        edited = Item.model_validate(data)
    except ValidationError as exc:
        raise InputError([Problem(e["msg"], item=item.code, field=".".join(map(str, e["loc"])))
                          for e in exc.errors()]) from None
    if getattr(item, "parent", None) is not None:   # a claimed item (三级): record what it tailors, as the CLI does
        from gongkai.catalog.tiers.tailor import mark_tailored

        return mark_tailored(item, edited)
    return edited
