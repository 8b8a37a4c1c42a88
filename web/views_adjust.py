"""动态调整: a law or a body changed → the affected items with their review due dates → apply.

The plan and its application are gongkai.catalog.adjust's, as for `gongkai adjust law|body`; the
apply form carries what the preview listed and is refused if the affected set moved meanwhile.
"""
from __future__ import annotations

import hashlib
import re
from datetime import date

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.routing import Route

from gongkai.catalog import adjust
from gongkai.catalog.errors import UsageError
from gongkai.catalog.workdays import build_calendar
from gongkai.web import access
from gongkai.web.render import page

FIELDS = ("kind", "title", "old", "new", "changed_on", "reason")


def _params(source) -> dict:
    return {k: (source.get(k) or "").strip() for k in FIELDS}


def _day(text: str) -> date:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text or ""):
        raise UsageError(f"变化日期 {text!r} 不是日期 (expected YYYY-MM-DD, e.g. 2024-05-01)")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"变化日期 {text!r} 不是有效日期 (expected YYYY-MM-DD)") from None


def _plan(ws, p: dict):
    cal = build_calendar(ws.config.calendar)
    day = _day(p["changed_on"])
    if p["kind"] == "law":
        return adjust.plan_law(ws, p["title"], day, cal, p["reason"] or None)
    if p["kind"] == "body":
        return adjust.plan_body(ws, p["old"], p["new"] or None, day, cal, p["reason"] or None)
    raise UsageError("请选择变化类型：法规变化或机构变化 (choose law or body)")


def _fingerprint(plan) -> str:
    text = "|".join(f"{s.code}:{s.status}:{s.due}" for s in plan.steps)
    return hashlib.blake2b(text.encode(), digest_size=10).hexdigest()


def adjust_page(request: Request):
    p = _params(request.query_params)
    plan = None
    if p["kind"]:
        plan = _plan(access.reading(request), p)
    return _page(request, p, plan)


def _page(request, p, plan, status=200, notice=None, refusal=None):
    return page(request, "adjust.html", status=status, title="动态调整", p=p, plan=plan, notice=notice,
                refusal=refusal, fingerprint=_fingerprint(plan) if plan else "")


async def adjust_apply(request: Request):
    form = await access.posted(request)
    return await run_in_threadpool(_apply, request, form)


def _apply(request, form):
    p = _params(form)
    with access.writing(request) as ws:
        plan = _plan(ws, p)
        if _fingerprint(plan) != form.get("fingerprint"):
            moved = True
        else:
            moved = False
            adjust.apply(ws, plan, actor=access.actor(request))
    if moved:
        return _page(request, p, plan, status=409,
                     refusal="受影响的事项在预览后已发生变化，未执行任何操作；请核对新的预览后再确认。")
    return _page(request, p, None, notice=f"已调整 {len(plan.steps)} 项：复核期限 {plan.due}")


ROUTES = [
    Route("/adjust", adjust_page, methods=["GET"]),
    Route("/adjust", adjust_apply, methods=["POST"]),
]
