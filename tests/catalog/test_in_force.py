"""The version in force: while a revision is open, the content as last approved."""
from __future__ import annotations

from gongkai.catalog.model import Item
from conftest import BASE_ITEM


def _revised(status: str) -> Item:
    approved = Item.model_validate({"code": "410106-19-02-001", **BASE_ITEM}).content()
    return Item.model_validate({"code": "410106-19-02-001", **BASE_ITEM, "deadline": "新的时限草稿",
                                "status": status, "version": 2, "approved": approved})


def test_open_revision_shows_the_approved_content():
    for status in ("revising", "in_review"):
        shown = _revised(status).in_force()
        assert shown.deadline == BASE_ITEM["deadline"] and shown.status == status and shown.version == 2


def test_without_an_open_revision_the_item_itself_is_in_force():
    item = Item.model_validate({"code": "410106-19-02-001", **BASE_ITEM, "status": "published", "version": 1})
    assert item.in_force() is item
