"""COV — coverage against the standard catalogue (the bundled ``domains/NN-slug.toml``).

All passes index items by key, so a whole-workspace check stays linear in items.
"""
from __future__ import annotations

import re
from functools import lru_cache

from gongkai.catalog.errors import display_path
from gongkai.rules.engine.finding import Flag
from gongkai.rules.engine.registry import family, rule

family("COV", "coverage against the standard")

_SPACE = re.compile(r"[\s　]+")


@lru_cache(maxsize=1 << 16)  # four COV rules key every item; names repeat across items and domains
def item_key(category: str, name: str, subitem: str | None) -> tuple[str, str, str]:
    norm = lambda s: _SPACE.sub("", s or "")  # noqa: E731
    return norm(category), norm(name), norm(subitem)


@lru_cache(maxsize=32)
def standard_keys(domain_code: str) -> dict[tuple[str, str, str], str]:
    """Key → local code of every item in the bundled standard catalogue of a domain.

    Only four strings per item are needed, so the bundled file is parsed without building
    models (tests validate the bundled files in full).
    """
    from gongkai import domains as registry
    from gongkai.catalog.toml_store import read_toml

    if domain_code not in registry.BY_CODE or not registry.bundled_path(domain_code).exists():
        return {}
    data, _ = read_toml(registry.bundled_path(domain_code))
    return {item_key(i["category"], i["name"], i.get("subitem")): i["code"] for i in data.get("items", [])}


@rule("COV001", "standard-item-missing", severity="warning", scope="file")
def standard_item_missing(domain, ctx):
    """An item of the standard catalogue for this domain is not in the workspace's file.

    Why: 国办发〔2019〕54号 — base-level governments compile their catalogues from the ministries'
    guidelines; leaving out a standard item needs a decision (withdraw it with a reason rather
    than delete it, so the decision is on record).
    Fails: the standard 社会救助 catalogue has 临时救助 / 办事指南 and the workspace does not.
    Passes: the item is present (in any state, withdrawn included). A township or village workspace
    derived from a parent (`[parent]`) is measured against its parent instead (COV006).
    """
    if ctx.ws.config.parent is not None:
        return
    present = {item_key(i.category, i.name, i.subitem) for i in domain.model.items}
    for key, code in standard_keys(domain.code).items():
        if key not in present:
            yield Flag(f"standard item {code} {' / '.join(k for k in key if k)} is not in this catalogue", zh=f"标准目录事项 {code} {' / '.join(k for k in key if k)} 不在本目录中", hint_zh="用 `gongkai item add --from` 认领，或添加后说明理由撤销",
                       line=1, hint="adopt it with `gongkai item add --from`, or add and withdraw it with a reason")


@rule("COV002", "local-item-without-reason", severity="error", scope="item")
def local_item_without_reason(item, ctx, domain):
    """A local item (not in the national standard) gives no reason for being added.

    Why: catalogues must be 因地制宜 but avoid 一刀切 (国办发〔2019〕54号); every local addition
    is a decision that needs its reason on record.
    Fails: `origin = {kind = "local"}`.
    Passes: `origin = {kind = "local", reason = "区政府常务会议决定公开（2026年第5次）"}`.
    """
    if item.origin.kind == "local" and not (item.origin.reason or "").strip():
        yield Flag("local item without a reason", zh="本地新增事项未说明理由", field="origin.reason",
                   hint='gongkai item edit CODE --set "origin.reason=…"')


@rule("COV003", "item-in-two-domains", severity="warning", scope="workspace")
def item_in_two_domains(ctx):
    """The same item (category, name and elements) appears in two domains.

    Why: one item, one owner: a duplicate across domains is disclosed twice or by neither
    department, and counts twice in the catalogue's totals.
    Fails: 综合业务 / 政策法规文件 with the same elements in 社会救助 and in 养老服务.
    Passes: the item kept in one domain.
    """
    seen: dict[tuple, tuple[str, str]] = {}
    shown = {id(d): display_path(d.path) for d in ctx.ws.domains}
    for d, item in ctx.ws.items():
        key = (*item_key(item.category, item.name, item.subitem), tuple(sorted(e.name for e in item.elements)))
        if not key[-1]:
            continue  # without elements two items cannot be told apart reliably
        first = seen.get(key)
        if first is None:
            seen[key] = (d.code, item.code)
        elif first[0] != d.code:
            yield Flag(f"same item as {first[1]} in domain {first[0]}", zh=f"与领域 {first[0]} 的 {first[1]} 是同一事项", item=item.code,
                       file=shown[id(d)], field="name")


@rule("COV004", "standard-item-unknown", severity="info", scope="file")
def standard_item_unknown(domain, ctx):
    """An item marked as standard is not in the standard catalogue of its domain.

    Why: a local addition must be marked `origin.kind = "local"` with a reason, so that
    coverage and assessments can tell standard from local items.
    Fails: `origin` standard (the default) for an item the bundled catalogue lacks.
    Passes: `origin = {kind = "local", reason = "…"}`.
    """
    keys = standard_keys(domain.code)
    if not keys:
        return
    for item in domain.model.items:
        if item.parent is not None:
            continue   # a claimed item is its parent's; the parent's own check judges its origin
        if item.origin.kind == "standard" and item_key(item.category, item.name, item.subitem) not in keys:
            yield Flag("item is marked standard but the standard catalogue has no such item", zh="事项标为标准事项，但标准目录中没有该事项", hint_zh='标为本地事项：--set "origin.kind=local" --set "origin.reason=…"',
                       item=item.code, field="origin", hint='mark it local: --set "origin.kind=local" --set "origin.reason=…"')


@rule("COV005", "item-twice-in-domain", severity="warning", scope="file")
def item_twice_in_domain(domain, ctx):
    """Two items of one domain have the same 一级/二级/三级事项.

    Why: 定名称 — an item name identifies one disclosure duty; two items of the same name split
    records, checklists and scores between them. Withdrawn items do not count.
    Fails: two 临时救助 / 审核审批信息 items in 社会救助.
    Passes: one of them withdrawn with a reason, or renamed to say how they differ.
    """
    first: dict[tuple[str, str, str], str] = {}
    for item in domain.model.items:
        if item.status == "withdrawn":
            continue
        key = item_key(item.category, item.name, item.subitem)
        seen = first.setdefault(key, item.code)
        if seen != item.code:
            yield Flag(f"same 事项 as {seen} in this domain", zh=f"与本领域的 {seen} 重复", hint_zh="合并、改名，或说明理由撤销多余的一项", item=item.code, field="name",
                       hint="merge them, rename one, or withdraw the extra one with a reason")
