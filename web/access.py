"""How a request reaches the workspace: read it as it is now, write it in one transaction, know who acts.

The actor comes from gongkai.catalog.actor (today the local user); accounts and roles will plug in
here, the one place a page learns who is acting.
"""
from __future__ import annotations

import hashlib
import json
from contextlib import contextmanager
from typing import Iterator, Optional

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request

from gongkai.catalog.actor import default_actor
from gongkai.catalog.workspace import Workspace
from gongkai.catalog.workspace_cache import load_current
from gongkai.web.security import CSRF_FIELD, token_ok


def reading(request: Request) -> Workspace:
    """The workspace as its files are now (never one loaded for an earlier request); read-only."""
    ws = load_current(request.app.state.settings.root)
    request.app.state.unit_name = ws.config.unit.name
    return ws


@contextmanager
def writing(request: Request, force: bool = False, item_code: Optional[str] = None) -> Iterator[Workspace]:
    """One locked transaction; a writer holding the lock longer than a few seconds gives 忙 (503).

    ``item_code``: the action changes this one item only, so only its domain file is parsed afresh
    and rendered (a 15,000-item workspace is not re-read and re-written for one edit)."""
    from gongkai.catalog.codes import parse_code
    from gongkai.catalog.workspace_cache import loader_for, remember

    conf = request.app.state.settings
    code = parse_code(item_code) if item_code else None
    load = loader_for(code.domain, item_code) if code else None
    with Workspace.transaction(conf.root, force=force, lock_timeout=conf.lock_wait, load=load) as ws:
        yield ws
    if ws.writable is not None:         # done with it: readers may share the domain as saved
        for d in ws.writable:
            remember(d)


def actor(request: Request) -> str:
    """The logged-in account (web/auth.py); without accounts, the local user as in the CLI."""
    user = getattr(request.state, "user", None)
    return user.name if user is not None else default_actor(None)


async def posted(request: Request, files: int = 0) -> FormData:
    """The POSTed form, refused (403) without this server's CSRF token; ``files``: how many file fields."""
    limit = request.app.state.settings.upload_limit
    try:
        form = await request.form(max_files=int(files), max_fields=5000, max_part_size=limit)
    except HTTPException:
        raise
    except Exception as exc:    # a malformed body: say so instead of a 500
        raise HTTPException(400, f"表单无法读取 (unreadable form: {exc})") from None
    if not token_ok(getattr(request.state, "csrf", None) or request.app.state.csrf, form.get(CSRF_FIELD)):
        raise HTTPException(403, "表单已过期或来源不明，请刷新页面后重试 (missing or stale CSRF token)")
    return form


def revision(item) -> str:
    """A token of the item as shown: content, state and version; a save of an older one is stale."""
    data = item.model_dump(mode="json", by_alias=True, exclude_none=True)
    return hashlib.blake2b(json.dumps(data, sort_keys=True, ensure_ascii=False).encode(), digest_size=12).hexdigest()
