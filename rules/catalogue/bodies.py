"""BOD — 公开分责: levels and bodies fit together, and bodies are known to the workspace."""
from __future__ import annotations

import re

from gongkai.rules.engine.finding import Flag
from gongkai.rules.engine.registry import family, rule

family("BOD", "公开分责 levels and bodies")

_SPLIT = re.compile(r"[、，,;；/]|及|和(?=[^\s]{2,})")
TOWNSHIP_WORDS = ("乡", "镇", "街道", "村", "社区")


def body_names(body: str | None) -> list[str]:
    """The bodies named in a 公开主体 cell (real cells list several: "县民政局、各乡镇人民政府")."""
    if not body:
        return []
    return [b.strip() for b in _SPLIT.split(body) if b.strip()]


@rule("BOD001", "township-body-missing", severity="error", scope="item")
def township_body_missing(item, ctx, domain):
    """An item disclosed at 乡级 or 村级 names no township or village body.

    Why: 公开分责 — a township-level item must say which 乡镇人民政府 / 街道办事处 (or 村委会)
    discloses it; otherwise nobody at that level owns it (国办发〔2019〕54号).
    Fails: `levels = ["县级", "乡级"]`, `body = "县民政局"`.
    Passes: `body = "县民政局、乡镇人民政府(街道办事处)"`.
    """
    if not (item.levels & {"乡级", "村级"}) or not item.body:
        return
    if any(w in item.body for w in TOWNSHIP_WORDS):
        return
    known = ctx.departments
    if any(known.get(n) in ("township", "village") for n in body_names(item.body)):
        return
    yield Flag(f"item is disclosed at {'、'.join(sorted(item.levels & {'乡级', '村级'}))} but body "
               f"{item.body!r} names no township or village body", zh=f"事项在{'、'.join(sorted(item.levels & {'乡级', '村级'}))}公开，但公开主体“{item.body}”没有乡镇（街道）或村（社区）", field="body")


@rule("BOD002", "body-unknown", severity="warning", scope="item")
def body_unknown(item, ctx, domain):
    """A body named in 公开主体 is not in the workspace's list of departments.

    Why: every disclosing body must exist in the unit (a renamed or merged bureau is a
    动态调整 trigger); list departments in gongkai.toml `[[departments]]` with their aliases.
    The rule is silent while the list is empty.
    Fails: `body = "区卫生局"` with departments 区卫生健康委员会 only.
    Passes: `[[departments]] name = "区卫生健康委员会", aliases = ["区卫生局"]`.
    """
    known = ctx.departments
    if not known or not item.body:
        return
    for name in body_names(item.body):
        if name not in known and not name.startswith("各"):
            yield Flag(f"body {name!r} is not among the workspace's departments", zh=f"公开主体“{name}”不在本单位的部门名单中", hint_zh="在 gongkai.toml 的 [[departments]] 中添加它（或别名）", field="body",
                       hint="add it (or an alias) under [[departments]] in gongkai.toml")


@rule("BOD003", "level-above-unit", severity="warning", scope="item")
def level_above_unit(item, ctx, domain):
    """A township or village workspace holds an item disclosed only at 县级 or 市级.

    Why: a township catalogue lists what the township discloses (公开分责); county-only items
    belong in the county's catalogue.
    Fails: a `level = "township"` workspace with `levels = ["县级"]`.
    Passes: `levels = ["县级", "乡级"]`.
    """
    if ctx.unit_level in ("township", "village") and item.levels and not (item.levels & {"乡级", "村级"}):
        yield Flag(f"{ctx.unit_level} workspace holds an item disclosed only at {'、'.join(sorted(item.levels))}", zh=f"本工作区为{ {'county': '县级', 'township': '乡级', 'village': '村级'}.get(ctx.unit_level, ctx.unit_level)}，但该事项只在{'、'.join(sorted(item.levels))}公开",
                   field="levels")
