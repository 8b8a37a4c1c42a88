"""三级 views in other groups' commands: `gongkai diff --upstream`, and the provenance of claimed
items in `gongkai items` and `gongkai item show` (kept apart from tier_cmds, which imports those groups)."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from gongkai.cli.common import emit_json

KIND_LABELS = {"new_version": "新版本 new version", "withdrawn": "已撤销 withdrawn", "missing": "已不存在 gone"}


# -- diff --upstream ---------------------------------------------------------------------------
def upstream_diff(code: Optional[str], workspace: Optional[Path], fmt_: str) -> None:
    """What changed upstream since this unit took its claimed items (all, or the one CODE)."""
    from gongkai.catalog.tiers import follow
    from gongkai.cli.common import open_workspace
    from gongkai.cli.output import print_table

    ws = open_workspace(workspace)
    from gongkai.catalog.tiers.parent import open_parent

    parent = open_parent(ws)
    changes = follow.upstream(ws, parent)
    if code is not None:
        _, item = ws.find(code)
        changes = [u for u in changes if u.code == item.code]
    if fmt_ == "json":
        emit_json({"parent": parent.config.unit.name, "parent_region": parent.region,
                   "changes": [u.to_dict() for u in changes]})
        return
    if not changes:
        typer.echo(f"nothing changed upstream in {parent.config.unit.name} since it was taken"
                   + (f" ({code})" if code else ""))
        return
    for u in changes:
        when = f" on {u.changed_on}" if u.changed_on else ""
        version = f"v{u.from_version} → v{u.to_version}" if u.to_version else f"v{u.from_version}"
        typer.echo(f"{u.code} ← {u.parent_code}: {KIND_LABELS[u.kind]}{when} ({version})"
                   + ("" if u.recorded else "; not yet recorded here (`gongkai sync`)"))
        if u.changes:
            print_table(["字段 field", "本级 here", "上级 parent", ""],
                        [[c.field, _short(c.here), _short(c.parent), "裁剪 tailored: kept" if c.tailored else "继承 inherited"]
                         for c in u.changes])


def _short(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, list):
        return "、".join(v.get("name") or v.get("title") or str(v) if isinstance(v, dict) else str(v) for v in value)
    if isinstance(value, dict):
        return "、".join(f"{k}={v}" for k, v in value.items())
    return str(value)


# -- items / item show in a derived workspace ---------------------------------------------------
def add_provenance(rows: list[dict], ws) -> None:
    """Each row of `gongkai items` with the parent item it claims and the fields it tailors."""
    by_code = {item.code: item for _, item in ws.items()}
    for r in rows:
        link = by_code[r["code"]].parent
        r["parent"] = link.code if link else None
        r["parent_version"] = link.version if link else None
        r["tailored"] = "、".join(link.tailored) if link else None
        r["from_parent"] = (f"{link.code} v{link.version}" + (f" 裁剪 {'、'.join(link.tailored)}" if link.tailored
                                                              else " 全部继承")) if link else "本级 local"


def provenance_text(item) -> str:
    """Which fields of a claimed item are inherited from the parent's version and which tailored here."""
    from gongkai.catalog.tiers.tailor import provenance
    from gongkai.catalog.vocab import FIELD_LABELS as L

    prov = provenance(item)
    label = lambda f: f"{L.get(f.split('.')[-1], '')} {f}".strip()   # noqa: E731
    tailored = [label(f) for f, how in prov.items() if how == "tailored"]
    inherited = [label(f) for f, how in prov.items() if how == "inherited"]
    link = item.parent
    lines = [f"  认领 claims: {link.code} v{link.version} of the parent catalogue"
             + (f" (upstream change recorded: {link.pending}; see `gongkai diff --upstream {item.code}`)"
                if link.pending else "")]
    lines.append(f"  裁剪 tailored here: {', '.join(tailored) if tailored else 'none'}")
    lines.append(f"  继承 inherited: {', '.join(inherited)}")
    return "\n".join(lines)
