"""Adding placed import rows to a workspace: one draft item per row, codes assigned in order.

The CLI's `gongkai import` and the web workbench's upload both add rows through here (inside
``Workspace.transaction`` to write, or on a plain load for a dry run).
"""
from __future__ import annotations


def add_placed(ws, placed) -> list:
    """Add each placed row as a draft item of its domain; returns (parsed, item, labels existing before)."""
    from gongkai import domains as registry

    for code, rows in placed.by_domain.items():      # before adding anything: does every category have room?
        check_room(ws, ws.ensure_domain(registry.BY_CODE[code]), [parsed.fields.get("category", "") for parsed in rows])
    out = []
    for code, rows in placed.by_domain.items():
        d = ws.ensure_domain(registry.BY_CODE[code])
        before: dict[tuple, str] = {}
        for i in d.model.items:
            before.setdefault((i.category, i.name, i.subitem), i.code)      # the first item of that name
        codes = ws.code_allocator(d)      # one for the whole file: a row is not a scan of the file
        for parsed in rows:
            out.append((parsed, ws.add_item(d, parsed.fields, codes=codes), before))
    return out


def already_there(added) -> list:
    """(new item, code of the item already in the domain under the same 一级/二级/三级事项)."""
    return [(item, before[key]) for _, item, before in added
            if (key := (item.category, item.name, item.subitem)) in before]


MAX_PER_CATEGORY = 999          # NNN of DD-CC-NNN


def check_room(ws, d, categories: list[str]) -> None:
    """Refuse at once an import that would overflow a 一级事项 (999 items), naming it and the counts."""
    from collections import Counter

    from gongkai.catalog.codes import parse_code
    from gongkai.catalog.errors import InputError, Problem

    adding = Counter(c.strip() for c in categories)
    held = Counter(i.category for i in d.model.items)
    highest: dict[str, int] = {}
    for i in d.model.items:
        parsed = parse_code(i.code)
        if parsed:
            highest[i.category] = max(highest.get(i.category, 0), parsed.seq)
    problems = [Problem(f"一级事项 {category!r} of domain {d.code} would hold {held[category] + n:,} items "
                        f"({held[category]:,} now, {n:,} in this file); a 一级事项 holds at most "
                        f"{MAX_PER_CATEGORY} (codes {d.code}-CC-001…999)", field="category",
                        expected="split the rows into several 一级事项 (e.g. by year or by township) and import again")
                for category, n in adding.items() if highest.get(category, 0) + n > MAX_PER_CATEGORY]
    if problems:
        raise InputError(problems)
