"""A synthetic 三级 tree for the tiers tests: a district (上街区 region, synthetic items built on
conftest.BASE_ITEM), two townships claiming from it and a village claiming from one township.

Not official data: the item names are the base item's with a suffix, made to exercise levels.
"""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from conftest import BASE_ITEM, merged
from gongkai import domains as registry
from gongkai.catalog import lifecycle
from gongkai.catalog.model import Item
from gongkai.catalog.workspace import Workspace, init_workspace

# name suffix → what differs from the base item (levels decide who claims it)
DISTRICT_ITEMS = {
    "A": {"levels": ["县级", "乡级"]},
    "B": {"levels": ["县级", "乡级", "村级"]},
    "C": {"levels": ["县级"]},
    "D": {"levels": ["县级", "乡级"], "method": {"mode": ["依申请"], "audience": ["特定群体"],
                                               "channels": ["政务服务中心", "精准推送"]}},
}
APPROVED_AT = datetime(2026, 11, 2, 2, 0, tzinfo=timezone.utc)   # 2026-11-02 10:00 Beijing


def publish(item: Item, at: datetime = APPROVED_AT) -> None:
    lifecycle.fire(item, "submit", at=at, actor="test")
    lifecycle.fire(item, "approve", at=at, actor="test", findings=lambda i: [])


def add_items(root: Path, items: dict[str, dict], published: bool = True, at: datetime = APPROVED_AT) -> dict[str, str]:
    """Add items named 办事指南<suffix> to domain 19; returns suffix → code."""
    codes = {}
    with Workspace.transaction(root) as ws:
        d = ws.ensure_domain(registry.BY_CODE["19"])
        for suffix, change in items.items():
            fields = merged(BASE_ITEM, {**change, "name": f"办事指南{suffix}"})
            item = ws.add_item(d, fields)
            if published:
                publish(item, at)
            codes[suffix] = item.code
    return codes


def district(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    root = tmp_path / "shangjie"
    init_workspace(root, "410106", "上街区", adopt=False)
    return root, add_items(root, DISTRICT_ITEMS)


def publish_all(root: Path, at: datetime = APPROVED_AT) -> None:
    with Workspace.transaction(root) as ws:
        for _, item in ws.items():
            if item.status == "draft":
                publish(item, at)
