"""The item edit form: an item's content as form values, and posted values back as item content.

Rows (elements, basis, process steps) are parallel lists of inputs; blank rows are dropped, so
an officer adds a row by filling in one of the spare ones. Sets are checkboxes.
"""
from __future__ import annotations

import json
from typing import Any

from starlette.datastructures import FormData

from gongkai.catalog import vocab

SPARE_ROWS = 3
SCALARS = ("category", "name", "subitem", "body", "deadline", "note")
SETS = {"mode": vocab.MODES, "audience": vocab.AUDIENCES, "channels": vocab.CHANNELS,
        "levels": vocab.LEVELS, "stages": vocab.STAGES}


def values_of_item(item) -> dict[str, Any]:
    """What the form shows for an item."""
    resp = item.responsibility
    return {
        **{k: getattr(item, k) or "" for k in SCALARS},
        "elements": [{"name": e.name, "required": e.required} for e in item.elements],
        "basis": [{"title": b.title, "article": b.article or "", "tier": b.tier or ""} for b in item.basis],
        "process": list(item.process),
        "mode": set(item.method.mode), "audience": set(item.method.audience), "channels": set(item.method.channels),
        "levels": set(item.levels), "stages": set(item.stages),
        "responsibility": {k: (getattr(resp, k) or "") if resp else "" for k in ("unit", "office", "post")},
        "origin": {"kind": item.origin.kind, "reason": item.origin.reason or ""},
        "source": item.source.model_dump(exclude_none=True) if item.source else {},
    }


def values_of_form(form: FormData) -> dict[str, Any]:
    """What was posted, in the same shape (kept as typed, so a refused form shows it again)."""
    def text(key: str) -> str:
        value = form.get(key, "")
        return value.strip() if isinstance(value, str) else ""

    def column(key: str) -> list[str]:
        return [v.strip() if isinstance(v, str) else "" for v in form.getlist(key)]

    names, required = column("el_name"), column("el_required")
    titles, articles, tiers = column("b_title"), column("b_article"), column("b_tier")
    try:
        source = json.loads(text("source") or "{}")
    except ValueError:
        source = {}
    return {
        **{k: text(k) for k in SCALARS},
        "elements": [{"name": n, "required": (required[i] if i < len(required) else "1") != "0"}
                     for i, n in enumerate(names) if n],
        "basis": [{"title": t, "article": articles[i] if i < len(articles) else "",
                   "tier": tiers[i] if i < len(tiers) else ""} for i, t in enumerate(titles) if t],
        "process": [s for s in column("step") if s],
        **{k: {v for v in column(k) if v} for k in SETS},
        "responsibility": {k: text(f"responsibility.{k}") for k in ("unit", "office", "post")},
        "origin": {"kind": text("origin.kind") or "standard", "reason": text("origin.reason")},
        "source": source if isinstance(source, dict) else {},
    }


def content_of(values: dict[str, Any]) -> dict[str, Any]:
    """Item content from form values: empty texts are absent fields, as in the TOML files."""
    resp = {k: v for k, v in values["responsibility"].items() if v}
    origin = {"kind": values["origin"]["kind"]}
    if values["origin"]["reason"]:
        origin["reason"] = values["origin"]["reason"]
    return {
        **{k: values[k] or None for k in SCALARS},
        "elements": values["elements"],
        "basis": [{"title": b["title"], **({"article": b["article"]} if b["article"] else {}),
                   **({"tier": b["tier"]} if b["tier"] else {})} for b in values["basis"]],
        "process": values["process"],
        "method": {k: sorted(values[k]) for k in ("mode", "audience", "channels")},
        "levels": sorted(values["levels"]), "stages": sorted(values["stages"]),
        "responsibility": resp or None,
        "origin": origin,
        "source": values["source"] or None,
    }


def choices(values: dict[str, Any]) -> dict[str, list[str]]:
    """Checkbox choices: the vocabulary, plus any value the item holds outside it (never dropped)."""
    return {k: list(vocab_) + sorted(values[k] - set(vocab_)) for k, vocab_ in SETS.items()}


def field_errors(problems) -> dict[str, list[str]]:
    """Problems by the form field they belong to (the first part of the field path)."""
    out: dict[str, list[str]] = {}
    for p in problems:
        key = (p.field or "").split(".")[0] or "_"
        if key == "method":
            key = (p.field or "").split(".")[1] if "." in (p.field or "") else "channels"
        out.setdefault(key, []).append(p.message)
    return out
