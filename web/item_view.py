"""What the item page shows: attributes, findings, the events its state allows, history, diff, graph."""
from __future__ import annotations

import threading
from typing import Any

from gongkai.catalog import clock, item_graph, lifecycle
from gongkai.catalog.errors import UsageError
from gongkai.web.access import revision

_graph_memo: list[Any] = [None, None]       # (the domains it was built from, the graph)
_graph_lock = threading.Lock()


def graph_of(ws):
    """The item graph of the workspace; rebuilt only when a domain file was parsed anew."""
    with _graph_lock:
        built_from, g = _graph_memo
        if built_from is None or len(built_from) != len(ws.domains) or \
                any(a is not b for a, b in zip(built_from, ws.domains)):
            g = item_graph.from_workspace(ws)
            _graph_memo[:] = [list(ws.domains), g]
        return g


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
    g = graph_of(ws)
    laws = []
    for b in item.basis:
        citing = [c for c in item_graph.items_citing(g, b.title) if c != item.code]
        laws.append({"basis": b, "others": citing[:30], "more": max(0, len(citing) - 30)})
    bodies = []
    for name in item_graph.split_bodies(item.body):
        others = [c for c in item_graph.items_of_body(g, name, ws.config.departments) if c != item.code]
        bodies.append({"name": name, "count": len(others)})
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
