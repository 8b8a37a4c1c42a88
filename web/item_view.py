"""What the item page shows: attributes, findings, the events its state allows, history, diff, graph."""
from __future__ import annotations

import threading
from typing import Any

from gongkai.catalog import clock, item_graph, lifecycle
from gongkai.catalog.errors import UsageError
from gongkai.web.access import revision

_indexes: dict[int, tuple[Any, dict, dict]] = {}   # id(domain) → (domain, law key → codes, body key → codes)
_index_lock = threading.Lock()


def _index(d) -> tuple[dict, dict]:
    """Which items of one domain file cite each law and name each body; kept while its parse is reused,
    so after a save only the saved domain is indexed again."""
    with _index_lock:
        hit = _indexes.get(id(d))
    if hit is not None and hit[0] is d:
        return hit[1], hit[2]
    laws: dict[str, list[str]] = {}
    bodies: dict[str, list[str]] = {}
    for item in d.model.items:
        for b in item.basis:
            for key in item_graph.law_keys(b.title):
                laws.setdefault(key, []).append(item.code)
        for name in item_graph.split_bodies(item.body):
            bodies.setdefault(item_graph.body_key(name), []).append(item.code)
    with _index_lock:
        _indexes[id(d)] = (d, laws, bodies)
    return laws, bodies


def related(ws, item) -> tuple[list[dict], list[dict]]:
    """The item's place in the graph: per basis the other items citing it, per body how many others it has."""
    indexes = [_index(d) for d in ws.domains]
    with _index_lock:                   # forget parses no longer in use
        live = {id(d) for d in ws.domains}
        for key in [k for k in _indexes if k not in live]:
            del _indexes[key]
    laws = []
    for b in item.basis:
        citing = sorted({c for key in item_graph.law_keys(b.title) for ix in indexes for c in ix[0].get(key, ())}
                        - {item.code})
        laws.append({"basis": b, "others": citing[:30], "more": max(0, len(citing) - 30)})
    deps = item_graph.Departments(ws.config.departments)
    bodies = []
    for name in item_graph.split_bodies(item.body):
        keys = deps.names(name)
        others = {c for key in keys for ix in indexes for c in ix[1].get(key, ())} - {item.code}
        bodies.append({"name": name, "count": len(others)})
    return laws, bodies


def events_for(ws, d, item) -> list[dict]:
    """The events the machine allows from the item's state, each with its guard's refusal if any."""
    from gongkai.rules.engine.approve_guard import approve_findings

    out = []
    for event in lifecycle.events_from(item.status):
        call = lifecycle.Call(actor="—", reason="—", at=clock.now(),
                              findings=approve_findings(ws, [(d, item)]) if event == "approve" else None)
        refused = None
        try:
            lifecycle.check(item, event, call)
        except lifecycle.GuardError as exc:
            refused = str(exc)
        if event == "withdraw":
            refused = None      # its guard asks for the reason the form collects
        out.append({"event": event, "label": lifecycle.EVENT_LABELS[event], "refused": refused,
                    "needs_reason": event == "withdraw"})
    return out


def context(ws, code: str) -> dict:
    from gongkai.rules.engine.registry import get_rule
    from gongkai.rules.engine.workspace_check import item_findings

    d, item = find_or_404(ws, code)
    findings = item_findings(ws, {item.code}).findings
    laws, bodies = related(ws, item)
    changes = lifecycle.diff(item) if item.approved else []
    rules = {f.rule: get_rule(f.rule) for f in findings}
    return {"title": f"{item.code} {item.name}", "d": d, "item": item, "findings": findings, "rules": rules,
            "events": events_for(ws, d, item), "laws": laws, "bodies": bodies, "changes": changes,
            "revision": revision(item), "editable": item.status in lifecycle.EDITABLE,
            "removable": item.status == "draft" and not item.history}


def find_or_404(ws, code: str):
    from starlette.exceptions import HTTPException

    try:
        return ws.find(code)
    except UsageError as exc:
        raise HTTPException(404, str(exc)) from None
