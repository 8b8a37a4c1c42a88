"""定编码 for new items: one allocator handing out many codes gives what a fresh one per item gives."""
from __future__ import annotations

import random

import pytest

from gongkai.catalog.codes import CodeAllocator
from gongkai.catalog.errors import UsageError


def _fresh_each_time(items, retired, categories, region, floor=0):
    items = list(items)
    out = []
    for category in categories:
        code = CodeAllocator("19", items, [c for c, _ in items] + retired, region, floor).next(category)
        items.append((code, category))
        out.append(code)
    return out


@pytest.mark.parametrize("floor", [0, 900])
def test_one_allocator_for_many_items_matches_one_per_item(floor):
    rng = random.Random(7)
    existing = [("410106-19-01-001", "政策法规"), ("410106-19-01-003", "政策法规"), ("410106-19-04-002", "救助标准")]
    retired = ["410106-19-01-007", "410106-19-06-001"]          # removed drafts: never reused
    categories = [rng.choice(["政策法规", "救助标准", "新的一级", "另一个一级"]) for _ in range(300)]
    shared = CodeAllocator("19", existing, [c for c, _ in existing] + retired, "410106", floor)
    assert [shared.next(c) for c in categories] == _fresh_each_time(existing, retired, categories, "410106", floor)


def test_codes_follow_category_then_number_and_skip_retired_ones():
    codes = CodeAllocator("19", [("19-01-001", "政策法规")], ["19-01-001", "19-01-002", "19-03-001"], None)
    assert codes.next("政策法规") == "19-01-003"      # 002 was used once (retired): never again
    assert codes.next("新的一级") == "19-04-001"      # a new category: one past the highest CC in use
    assert codes.next("新的一级") == "19-04-002"
    assert CodeAllocator("19", [], [], "410106", floor=900).next("x") == "410106-19-01-901"


def test_full_category_and_full_domain_are_refused():
    full = CodeAllocator("19", [("19-01-999", "满")], ["19-01-999"], None)
    with pytest.raises(UsageError, match="at most 999"):
        full.next("满")
    crowded = CodeAllocator("19", [], ["19-99-001"], None)
    with pytest.raises(UsageError, match="at most 99"):
        crowded.next("再一个")
