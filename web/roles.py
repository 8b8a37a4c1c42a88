"""Who may open which page and do which action: checked on the server for every request.

Without users.toml the workbench is the local single-officer mode (loopback only). With
accounts, every request but the login page and static files needs a session, and each role has
an allow-list: anything not listed (including pages added later) is the officer's alone.
A department's item actions (edit, submit, amend, restore) are further limited to items whose
公开主体 names its department; approval (approve / reject / confirm / withdraw / review) is the
officer's.
"""
from __future__ import annotations

import re
from typing import Optional

import jinja2

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse

from gongkai.catalog.errors import InputError
from gongkai.catalog.users import User
from gongkai.web import auth
from gongkai.web.render import _env, page

PUBLIC = (re.compile(r"^/static/"), re.compile(r"^/login$"))
READ = [r"/", r"/domain/[^/]+", r"/item/[^/]+", r"/checks", r"/rules", r"/rules/[^/]+", r"/export"]
DEPT_EVENTS = ("submit", "amend", "restore")
ALLOWED: dict[str, list[tuple[str, str]]] = {
    "department": [("GET", p) for p in READ] + [
        ("GET", r"/item/[^/]+/edit"), ("POST", r"/item/[^/]+/edit"),
        ("POST", r"/item/[^/]+/event/(?:%s)" % "|".join(DEPT_EVENTS)),
        ("GET", r"/dept(?:/.*)?"), ("POST", r"/dept/.*"), ("POST", r"/logout")],
    "assessor": [("GET", p) for p in READ] + [
        ("GET", r"/assess(?:/.*)?"), ("POST", r"/assess/(?!flags$).*"), ("POST", r"/logout")],   # archiving flags: officer
}
_ITEM_ACTION = re.compile(r"^/item/([^/]+)/(?:edit|event/[^/]+)$")


def permitted(user: User, method: str, path: str) -> bool:
    """Whether the role may make this request at all (item ownership is checked apart)."""
    if user.role == "officer":
        return True
    method = "GET" if method == "HEAD" else method
    return any(m == method and re.fullmatch(p, path) for m, p in ALLOWED.get(user.role, ()))


def owns_item(root, user: User, code: str) -> Optional[bool]:
    """True when the department's scope names the item's 公开主体; None when there is no such item."""
    from gongkai.catalog.workspace_cache import load_current
    from gongkai.rules.assessment.departments import Scope

    ws = load_current(root)
    dept = next((d for d in ws.config.departments if d.name == user.department), None)
    scope = Scope(user.department or "", tuple(dept.aliases) if dept else ())
    for _, item in ws.items():
        if item.code == code:
            return scope.owns(item.body)
    return None


@jinja2.pass_context
def may(ctx, method: str, path: str, body: Optional[str] = None) -> bool:
    """For templates: whether the logged-in account may do this (hides buttons the server would refuse)."""
    user = ctx.get("user")
    if not user:
        return True
    if not permitted(user, method, path):
        return False
    if user.role == "department" and _ITEM_ACTION.match(path) and body is not None:
        from gongkai.catalog.workspace_cache import load_current
        from gongkai.rules.assessment.departments import Scope

        ws = load_current(ctx["request"].app.state.settings.root)
        dept = next((d for d in ws.config.departments if d.name == user.department), None)
        return Scope(user.department or "", tuple(dept.aliases) if dept else ()).owns(body)
    return True


_env.globals["may"] = may


class RoleGuard:
    """ASGI middleware: sets request.state.user (None in local mode) or refuses the request."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        request = Request(scope, receive)
        state = request.app.state
        path, method = scope["path"], scope["method"]
        try:
            users = await run_in_threadpool(state.accounts.current)
        except InputError as exc:       # a users.toml broken by hand: named, never a 500, nobody let in
            return await page(request, "error.html", status=400, title="账号文件有误",
                              problems=[p.render() for p in exc.problems])(scope, receive, send)
        request.state.user = None
        request.state.accounts = bool(users)
        if not users:
            if not state.settings_local:
                return await _refuse(request, 403, "本工作台尚无账号，只能在本机 (127.0.0.1) 使用。"
                                                   "请先用 `gongkai user add NAME --role officer` 建立账号。")(scope, receive, send)
            return await self.app(scope, receive, send)
        session = auth.read_session(state.session_secret, request.cookies.get(auth.COOKIE), users)
        if session is not None:
            request.state.user, request.state.csrf = session
        if any(p.match(path) for p in PUBLIC):
            return await self.app(scope, receive, send)
        user = request.state.user
        if user is None:
            if method in ("GET", "HEAD"):
                target = path + (f"?{scope['query_string'].decode('latin-1')}" if scope.get("query_string") else "")
                from urllib.parse import quote
                return await RedirectResponse(f"/login?next={quote(target)}", status_code=303)(scope, receive, send)
            return await _refuse(request, 403, "请先登录 (not logged in)；操作未执行。")(scope, receive, send)
        if not permitted(user, method, path):
            return await _refuse(request, 403, _why_not(user, path))(scope, receive, send)
        found = _ITEM_ACTION.match(path)
        if user.role == "department" and found:
            owned = await run_in_threadpool(owns_item, state.settings.root, user, found.group(1))
            if owned is False:
                return await _refuse(request, 403, f"该事项的公开主体不是{user.department}，"
                                                   f"{user.label} 只能编辑和提交本部门的事项；操作未执行。")(scope, receive, send)
        return await self.app(scope, receive, send)


def _why_not(user: User, path: str) -> str:
    event = re.fullmatch(r"/item/[^/]+/event/([^/]+)", path)
    if user.role == "department" and event:
        return (f"{user.label} 无权进行此操作；操作未执行。审核（通过、退回、复核确认、撤销）由政务公开办进行，"
                f"部门可以编辑、提交和修订本部门的事项。")
    return f"{user.label} 无权进行此操作；操作未执行。"


def _refuse(request: Request, status: int, message: str):
    return page(request, "error.html", status=status, title="无权限", problems=[message])
