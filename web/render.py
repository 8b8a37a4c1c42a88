"""Rendering pages: one Jinja2 environment (autoescape on: an item named <script> shows as text)."""
from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jinja2
from starlette.requests import Request
from starlette.responses import HTMLResponse

from gongkai.catalog import lifecycle, vocab

TEMPLATES = Path(__file__).resolve().parent / "templates"

SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示", "waived": "已豁免", "baselined": "基线",
                   "not_assessable": "无法判定"}

_env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                          undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
_env.globals.update(
    STATUS_LABELS=vocab.STATUS_LABELS, EVENT_LABELS=lifecycle.EVENT_LABELS, FIELD_LABELS=vocab.FIELD_LABELS,
    TRIGGER_LABELS=lifecycle.TRIGGER_LABELS, SEVERITY_LABELS=SEVERITY_LABELS, vocab=vocab,
    BEIJING=lifecycle.CHINA_TZ,          # history is kept in UTC and shown as the office's clock
)


def _query(base: dict, **change: Any) -> str:
    """The page's query string with some parameters changed (None drops one)."""
    merged = {**base, **change}
    return "?" + urlencode({k: v for k, v in merged.items() if v not in (None, "")})


_env.globals["query"] = _query


def page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    app = request.app.state
    context.setdefault("unit", getattr(app, "unit_name", ""))
    context.setdefault("user", getattr(request.state, "user", None))      # the logged-in account (web/auth.py)
    html = _env.get_template(name).render(request=request, csrf=getattr(request.state, "csrf", None) or app.csrf,
                                          **context)
    return HTMLResponse(html, status_code=status)


def fragment(name: str, **context: Any) -> str:
    return _env.get_template(name).render(**context)
