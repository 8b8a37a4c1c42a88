"""Adding placed import rows to a workspace: one draft item per row, codes assigned in order.

The CLI's `gongkai import` and the web workbench's upload both add rows through here (inside
``Workspace.transaction`` to write, or on a plain load for a dry run).
"""
from __future__ import annotations


def add_placed(ws, placed) -> list:
    """Add each placed row as a draft item of its domain; returns (parsed, item, labels existing before)."""
    from gongkai import domains as registry

    out = []
    for code, rows in placed.by_domain.items():
        d = ws.ensure_domain(registry.BY_CODE[code])
        before: dict[tuple, str] = {}
        for i in d.model.items:
            before.setdefault((i.category, i.name, i.subitem), i.code)      # the first item of that name
        for parsed in rows:
            out.append((parsed, ws.add_item(d, parsed.fields), before))
    return out


def already_there(added) -> list:
    """(new item, code of the item already in the domain under the same 一级/二级/三级事项)."""
    return [(item, before[key]) for _, item, before in added
            if (key := (item.category, item.name, item.subitem)) in before]
