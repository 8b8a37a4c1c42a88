"""Lifecycle actions: one item's event buttons, and bulk events with preview then apply.

Both go through gongkai.catalog.bulk_events, as the CLI's event commands do: the same selection,
the same guards, the same refusal texts, one history entry per item, one transaction.
"""
from __future__ import annotations

import hashlib
from collections import Counter

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.routing import Route

from gongkai import domains as registry
from gongkai.catalog import bulk_events, clock, lifecycle, vocab
from gongkai.catalog.errors import UsageError
from gongkai.rules.engine.approve_guard import approve_findings
from gongkai.web import access, item_view
from gongkai.web.render import page

PREVIEW_ROWS = 200


def _call(request, reason: str) -> lifecycle.Call:
    return lifecycle.Call(actor=access.actor(request), reason=reason or None, at=clock.now())


async def item_event(request: Request):
    form = await access.posted(request)
    return await run_in_threadpool(_item_event, request, request.path_params["code"],
                                   request.path_params["event"], form)


def _item_event(request, code: str, event: str, form):
    if event not in lifecycle.EVENTS:
        raise UsageError(f"unknown event {event!r}; events: {', '.join(lifecycle.EVENTS)}")
    reason = (form.get("reason") or "").strip()
    try:
        with access.writing(request, item_code=code) as ws:
            d, item = item_view.find_or_404(ws, code)
            if access.revision(item) != form.get("revision"):
                raise _Refused(409, f"该事项已被他人修改：页面打开后 {item.code} 已变为"
                                    f"{vocab.STATUS_LABELS[item.status]} v{item.version}，请查看后再操作。")
            selected = [(d, item)]
            planned = bulk_events.plan(event, selected, _call(request, reason),
                                       approve_findings(ws, selected) if event == "approve" else None)
            bulk_events.refuse(planned, skip_blocked=False, many=False)
            bulk_events.apply(planned)
    except (_Refused, UsageError) as exc:
        status = exc.status if isinstance(exc, _Refused) else 409
        ctx = item_view.context(access.reading(request), code)
        return page(request, "item.html", status=status, refusal=f"{lifecycle.EVENT_LABELS[event]}未完成：{exc}",
                    **ctx)
    return RedirectResponse(f"/item/{code}?done={event}", status_code=303)


class _Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


# -- bulk ------------------------------------------------------------------------------------
def _selectors(params) -> dict:
    return {k: (params.get(k) or "").strip() for k in ("event", "domain", "status", "category", "q")}


def _selection(ws, s: dict) -> list:
    if s["event"] not in lifecycle.EVENTS:
        raise UsageError("请选择要执行的操作 (choose an event)")
    picked = bulk_events.select(ws, s["event"], [], domain=s["domain"] or None, status=s["status"] or None,
                                all_=not s["domain"])
    words = s["q"].split()
    return [(d, i) for d, i in picked
            if (not s["category"] or i.category == s["category"])
            and all(w in " ".join(filter(None, [i.code, i.category, i.name, i.subitem, i.body])) for w in words)]


def _plan(ws, request, s: dict, reason: str):
    selected = _selection(ws, s)
    return bulk_events.plan(s["event"], selected, _call(request, reason),
                            approve_findings(ws, selected) if s["event"] == "approve" else None)


def _fingerprint(planned) -> str:
    """What the preview showed: the items that would change and those refused."""
    codes = [i.code for _, i, _, _ in planned.ready] + ["!" + i.code for i, _ in planned.blocked]
    return hashlib.blake2b("|".join(codes).encode(), digest_size=10).hexdigest()


def bulk_page(request: Request):
    ws = access.reading(request)
    s = _selectors(request.query_params)
    planned = None
    if s["event"]:
        planned = _plan(ws, request, s, "")
    return _bulk(request, s, planned)


def _bulk(request, s, planned, status=200, notice=None, refusal=None, done=None):
    return page(request, "bulk.html", status=status, title="批量操作", s=s, planned=planned, done=done,
                events=lifecycle.EVENTS, domains=registry.REGISTRY, rows=PREVIEW_ROWS,
                fingerprint=_fingerprint(planned) if planned else "", notice=notice, refusal=refusal,
                counts=planned.counts() if planned else {}, sources=lifecycle.sources(s["event"])
                if s["event"] in lifecycle.EVENTS else [])


async def bulk_apply(request: Request):
    form = await access.posted(request)
    return await run_in_threadpool(_bulk_apply, request, form)


def _bulk_apply(request, form):
    s = _selectors(form)
    skip = form.get("skip_blocked") == "1"
    reason = (form.get("reason") or "").strip()
    with access.writing(request) as ws:
        planned = _plan(ws, request, s, reason)
        if _fingerprint(planned) != form.get("fingerprint"):
            moved = planned
            refusal = "选择的事项在预览后已发生变化，未执行任何操作；请核对新的预览后再确认。"
            done = None
        else:
            try:
                bulk_events.refuse(planned, skip_blocked=skip, many=True)
            except UsageError as exc:
                return _bulk(request, s, planned, status=409, refusal=f"未执行任何操作：{exc}")
            done = bulk_events.apply(planned)
            moved = None
    if moved is not None:
        return _bulk(request, s, moved, status=409, refusal=refusal)
    shown = Counter((r["from"], r["to"]) for r in done)
    notice = "；".join(f"{n} 项 {vocab.STATUS_LABELS[a]} → {vocab.STATUS_LABELS[b]}" for (a, b), n in shown.items())
    notice = f"已完成{lifecycle.EVENT_LABELS[s['event']]}：{notice or '没有事项'}" + (
        f"；{len(planned.blocked)} 项被阻止，未改动" if planned.blocked else "")
    return _bulk(request, {**s}, None, notice=notice, done=done)


ROUTES = [
    Route("/item/{code}/event/{event}", item_event, methods=["POST"]),
    Route("/bulk", bulk_page, methods=["GET"]),
    Route("/bulk", bulk_apply, methods=["POST"]),
]
