"""One content edit over many items (``gongkai item edit --domain 19 --category 最低生活保障 --set …``).

Officers fix the same gap on a whole category at once (公开方式, 公开层级, 公开渠道). The edit is
planned on every selected item first — what each field changes from and to, which items cannot be
edited in their state — and applied in one transaction by the caller, as bulk lifecycle events are.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from gongkai.catalog.edits import apply_edits, check_editable
from gongkai.catalog.errors import GongkaiError, UsageError


@dataclass
class EditPlan:
    assignments: list[str]
    changes: list[tuple[Any, Any, Any, list[tuple[str, Any, Any]]]] = field(default_factory=list)  # d, old, new, diffs
    unchanged: list[Any] = field(default_factory=list)
    blocked: list[tuple[Any, str]] = field(default_factory=list)                                   # item, why


def is_empty(item, dotted: str) -> bool:
    """Whether a field (``levels``, ``method.mode`` …) holds nothing: what the ATT …-missing rules flag."""
    value: Any = item
    for part in dotted.split("."):
        value = getattr(value, part, None)
        if value is None:
            return True
    return value in ("", [], set(), frozenset(), ())


def select(ws, domain: Optional[str] = None, category: Optional[str] = None,
           status: Optional[str] = None, empty: Optional[str] = None) -> list:
    """(domain, item) pairs picked by domain (code, slug or name), category (一级事项 or DD-CC), state,
    and a field left empty (so that a bulk edit fills the gaps and never overwrites a value)."""
    from gongkai.catalog.bulk_events import domain_code, status_key
    from gongkai.catalog.edits import SETTABLE

    if not (domain or category or status or empty):
        raise UsageError("name the item to edit (CODE), or select items with --domain, --category, --status "
                         "or --empty")
    if empty is not None and empty not in SETTABLE:
        raise UsageError(f"--empty {empty!r} is not a field; fields: {', '.join(SETTABLE)}")
    wanted = domain_code(domain) if domain else None
    state = status_key(status) if status else None
    cat_code = category if category and _is_category_code(category) else None
    if cat_code and wanted and cat_code[:2] != wanted:
        raise UsageError(f"--category {category} is not in domain {wanted}")
    picked = []
    for d, item in ws.items():
        short = item.code.split("-", 1)[1] if item.code.count("-") == 3 else item.code
        if wanted and d.code != wanted:
            continue
        if cat_code and not short.startswith(cat_code + "-"):
            continue
        if category and not cat_code and item.category != category.strip():
            continue
        if state and item.status != state:
            continue
        if empty and not is_empty(item, empty):
            continue
        picked.append((d, item))
    if not picked:
        what = ", ".join(f"{k} {v}" for k, v in (("domain", domain), ("category", category), ("status", status),
                                                  ("empty", empty)) if v)
        raise UsageError(f"no item matches {what}; see `gongkai items`")
    return picked


def _is_category_code(text: str) -> bool:
    parts = text.strip().split("-")
    return len(parts) == 2 and all(len(p) == 2 and p.isascii() and p.isdigit() for p in parts)


def plan(selected: list, assignments: list[str]) -> EditPlan:
    """Every selected item edited in memory (the originals untouched); nothing is written."""
    out = EditPlan(assignments)
    for d, item in selected:
        try:
            check_editable(item)
            new = apply_edits(item, assignments)
        except GongkaiError as exc:
            out.blocked.append((item, exc.render().removeprefix("error: ")))
            continue
        diffs = diff(item, new)
        if diffs:
            out.changes.append((d, item, new, diffs))
        else:
            out.unchanged.append(item)
    return out


def diff(old, new) -> list[tuple[str, Any, Any]]:
    """(field, before, after) of the content fields that differ."""
    a, b = old.model_dump(exclude_none=True), new.model_dump(exclude_none=True)
    out = []
    for key in sorted(set(a) | set(b)):
        if a.get(key) != b.get(key):
            if isinstance(a.get(key), dict) or isinstance(b.get(key), dict):
                for sub in sorted(set(a.get(key) or {}) | set(b.get(key) or {})):
                    before, after = (a.get(key) or {}).get(sub), (b.get(key) or {}).get(sub)
                    if before != after:
                        out.append((f"{key}.{sub}", before, after))
            else:
                out.append((key, a.get(key), b.get(key)))
    return out


def apply(p: EditPlan) -> None:
    """Put the edited items in place (inside the caller's ``Workspace.transaction``)."""
    for d, old, new, _ in p.changes:
        d.model.items[d.model.items.index(old)] = new
