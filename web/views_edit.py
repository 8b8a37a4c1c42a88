"""Editing: the item form (draft / revising only), a new item (next free code), removing a draft.

A save is one transaction: inside the lock the stored item's revision must still be the one the
form was drawn from, else nothing is written and the form comes back (409) with the officer's
input kept and what changed meanwhile listed.
"""
from __future__ import annotations

import json

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.routing import Route

from gongkai import domains as registry
from gongkai.catalog import vocab
from gongkai.catalog.content_edit import replace_content
from gongkai.catalog.edits import check_editable
from gongkai.catalog.errors import InputError, UsageError
from gongkai.web import access, item_form
from gongkai.web.item_view import find_or_404
from gongkai.web.render import page


class StaleForm(Exception):
    def __init__(self, item) -> None:
        self.item = item


def edit_form(request: Request):
    ws = access.reading(request)
    d, item = find_or_404(ws, request.path_params["code"])
    check_editable(item)
    return _form(request, d, item, item_form.values_of_item(item))


def _form(request, d, item, values, status=200, errors=None, changes=None):
    return page(request, "edit.html", status=status, title=f"编辑 {item.code}", d=d, item=item, v=values,
                choices=item_form.choices(values), spare=item_form.SPARE_ROWS, errors=errors or {},
                changes=changes or [], revision=access.revision(item),
                shown=json.dumps(item.content(), ensure_ascii=False), source=json.dumps(values["source"],
                                                                                       ensure_ascii=False))


async def save(request: Request):
    form = await access.posted(request)
    return await run_in_threadpool(_save, request, request.path_params["code"], form)


def _save(request, code, form):
    values = item_form.values_of_form(form)
    try:
        with access.writing(request, item_code=code) as ws:
            d, item = find_or_404(ws, code)
            if access.revision(item) != form.get("revision"):
                raise StaleForm(item)
            edited = replace_content(item, item_form.content_of(values))
            d.model.items[d.model.items.index(item)] = edited
    except StaleForm as stale:
        return _form(request, d, stale.item, values, status=409,
                     changes=_changes(form.get("shown"), stale.item), errors={"_": ["该事项已被他人修改"]})
    except InputError as exc:
        ws = access.reading(request)
        d, item = find_or_404(ws, code)
        return _form(request, d, item, values, status=400, errors=item_form.field_errors(exc.problems))
    return RedirectResponse(f"/item/{code}?saved=1", status_code=303)


def _changes(shown, current) -> list[dict]:
    """Field by field, what the stored item holds now against the form as it was drawn."""
    try:
        before = json.loads(shown) if isinstance(shown, str) else {}
    except ValueError:
        before = {}
    after = current.content()
    out = [{"field": vocab.FIELD_LABELS.get(k, k), "before": before.get(k), "after": after.get(k)}
           for k in sorted(set(before) | set(after)) if before.get(k) != after.get(k)]
    if not out:     # the content is the same: its state or history moved on
        out.append({"field": "状态 / 历史", "before": "—",
                    "after": f"{vocab.STATUS_LABELS.get(current.status, current.status)} v{current.version}"})
    return out


def new_form(request: Request):
    ws = access.reading(request)
    reg = registry.lookup(request.query_params.get("domain", "")) if request.query_params.get("domain") else None
    return page(request, "new.html", title="新增事项", domains=registry.REGISTRY, chosen=reg.code if reg else "",
                errors=[], v={}, categories=_categories(ws, reg))


def _categories(ws, reg) -> list[str]:
    d = ws.domain(reg.code) if reg else None
    return sorted({i.category for i in d.model.items}) if d else []


async def create(request: Request):
    form = await access.posted(request)
    return await run_in_threadpool(_create, request, form)


def _create(request, form):
    v = {k: (form.get(k) or "").strip() for k in ("domain", "category", "name", "subitem", "local")}
    reg = registry.lookup(v["domain"]) if v["domain"] else None
    problems = []
    if reg is None:
        problems.append("请选择领域 (choose a domain)")
    if not v["category"] or not v["name"]:
        problems.append("一级事项和二级事项必填 (item add needs --category and --name)")
    if not problems:
        fields = {"category": v["category"], "name": v["name"]}
        if v["subitem"]:
            fields["subitem"] = v["subitem"]
        if v["local"]:
            fields["origin"] = {"kind": "local", "reason": v["local"]}
        try:
            with access.writing(request) as ws:
                added = ws.add_item(ws.ensure_domain(reg), fields, "表单 form")
            return RedirectResponse(f"/item/{added.code}/edit", status_code=303)
        except InputError as exc:
            problems = [p.render() for p in exc.problems]
    ws = access.reading(request)
    return page(request, "new.html", status=400, title="新增事项", domains=registry.REGISTRY,
                chosen=reg.code if reg else "", errors=problems, v=v, categories=_categories(ws, reg))


async def remove(request: Request):
    form = await access.posted(request)
    return await run_in_threadpool(_remove, request, request.path_params["code"], form)


def _remove(request, code, form):
    with access.writing(request, item_code=code) as ws:
        d, item = find_or_404(ws, code)
        if access.revision(item) != form.get("revision"):
            raise UsageError(f"该事项已被他人修改 ({item.code} changed since the page was loaded); reload and try again")
        if item.status != "draft" or item.history:
            raise UsageError(f"item {item.code} is {item.status}; only a never-submitted draft can be removed — "
                             f"withdraw it instead (撤销)")
        ws.remove_item(d, item)
    return RedirectResponse(f"/domain/{d.code}?removed={code}", status_code=303)


ROUTES = [
    Route("/item/{code}/edit", edit_form, methods=["GET"]),
    Route("/item/{code}/edit", save, methods=["POST"]),
    Route("/item-new", new_form, methods=["GET"]),
    Route("/item-new", create, methods=["POST"]),
    Route("/item/{code}/remove", remove, methods=["POST"]),
]
