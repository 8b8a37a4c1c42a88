"""The ASGI application of `gongkai serve`: routes, the request guard, and errors as pages.

Every request reads the workspace from disk (unchanged files are not parsed again, see
gongkai.catalog.workspace_cache); every write is one ``Workspace.transaction``. Handlers that
read or write files run in the thread pool, so a save waiting for the lock never blocks the
server's event loop.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Optional

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from gongkai.catalog.errors import GongkaiError, InputError, WorkspaceBusy
from gongkai.web import security, settings
from gongkai.web.render import page

log = logging.getLogger("gongkai.web")
STATIC = Path(__file__).resolve().parent / "static"


def create_app(root: Optional[Path] = None) -> Starlette:
    """The workbench for the workspace at ``root`` (default: $GONGKAI_SERVE_WORKSPACE, else found upward)."""
    from gongkai.web import views_adjust, views_checks, views_edit, views_events, views_read, views_transfer
    from gongkai.web import auth, roles, views_assess, views_dept

    conf = settings.from_environment(root)
    routes = [
        *views_read.ROUTES, *views_edit.ROUTES, *views_events.ROUTES, *views_checks.ROUTES,
        *views_transfer.ROUTES, *views_adjust.ROUTES, *auth.ROUTES, *views_dept.ROUTES, *views_assess.ROUTES,
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers={GongkaiError: _error, HTTPException: _http_error, Exception: _error},
                    middleware=[Middleware(security.Guard, allowed_hosts=conf.allowed_hosts,
                                           limit=conf.upload_limit), Middleware(roles.RoleGuard)])
    app.state.settings = conf
    app.state.csrf = security.new_token()
    app.state.unit_name = ""
    # accounts and roles (web/auth.py, web/roles.py): none in users.toml = the local single-officer mode
    app.state.accounts, app.state.throttle = auth.Accounts(conf.root), auth.Throttle()
    app.state.session_secret, app.state.settings_local = auth.new_secret(), "*" not in conf.allowed_hosts
    return app


async def _http_error(request: Request, exc: HTTPException):
    defaults = {404: "页面不存在 (not found)", 405: "不支持的操作 (method not allowed)"}
    generic = exc.detail in ("Not Found", "Method Not Allowed", None, "")
    return page(request, "error.html", status=exc.status_code, title="出错了",
                problems=[defaults.get(exc.status_code, "") if generic else str(exc.detail)])


async def _error(request: Request, exc: Exception):
    """Input and usage errors are pages saying what is wrong; nothing else shows a traceback either."""
    if isinstance(exc, WorkspaceBusy):
        return page(request, "error.html", status=503, title="忙，请稍后再试",
                    problems=["另一个操作正在写入工作区，请稍后再试。", str(exc)])
    if isinstance(exc, InputError):
        return page(request, "error.html", status=400, title="输入有误",
                    problems=[p.render() for p in exc.problems])
    if isinstance(exc, GongkaiError):
        return page(request, "error.html", status=400, title="无法完成", problems=[exc.render()])
    if isinstance(exc, OSError):        # a full disk, a read-only file: nothing was written
        where = f"{exc.filename}: " if exc.filename else ""
        return page(request, "error.html", status=500, title="写入失败",
                    problems=[f"{where}{exc.strerror or exc}；文件未改动 (nothing was written)"])
    log.exception("unexpected error on %s", request.url.path)
    return page(request, "error.html", status=500, title="内部错误",
                problems=["服务器出错，操作未完成，文件未改动。详情见服务器日志。"])
