"""Logging in and out: a signed session cookie with an expiry, and rate-limited login attempts.

The cookie holds the account name, the stamp of its password hash, the expiry and a per-session
CSRF token, signed with HMAC-SHA256 under a key made fresh for each server run (a restart logs
everyone out). It is checked against users.toml on every request, so `gongkai user passwd` or
`rm` ends that account's sessions at once. A failed login says only 用户名或密码错误.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import threading
import time
from collections import deque
from pathlib import Path
from typing import Optional

from gongkai.catalog import clock

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse
from starlette.routing import Route

from gongkai.catalog.users import User, load_users, verify, users_path
from gongkai.web import access
from gongkai.web.render import page

COOKIE = "gongkai_session"
SESSION_SECONDS = 8 * 3600          # one working day; then log in again
ATTEMPTS = 5                        # failed logins per account name …
ADDRESS_ATTEMPTS = 20               # … or per client address (an office behind one NAT shares it) …
WINDOW = 15 * 60                    # … within this many seconds, then refused until the window clears


def new_secret() -> bytes:
    return secrets.token_bytes(32)


def _sign(secret: bytes, body: bytes) -> str:
    return hmac.new(secret, body, hashlib.sha256).hexdigest()


def session_cookie(secret: bytes, user: User) -> str:
    """A signed cookie for ``user`` that expires SESSION_SECONDS from now (the one clock: GONGKAI_NOW in tests)."""
    data = {"u": user.name, "s": user.stamp, "e": int(clock.now().timestamp() + SESSION_SECONDS),
            "c": secrets.token_urlsafe(18)}
    body = base64.urlsafe_b64encode(json.dumps(data, ensure_ascii=False).encode())
    return f"{body.decode()}.{_sign(secret, body)}"


def read_session(secret: bytes, value: Optional[str], users: dict[str, User]) -> Optional[tuple[User, str]]:
    """(account, CSRF token) of a valid, unexpired cookie whose account and password are unchanged."""
    if not value or "." not in value:
        return None
    body, sig = value.rsplit(".", 1)
    if not hmac.compare_digest(_sign(secret, body.encode()), sig):
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(body.encode()))
    except ValueError:
        return None
    user = users.get(data.get("u", ""))
    if user is None or not hmac.compare_digest(user.stamp, str(data.get("s", ""))):
        return None
    if not isinstance(data.get("e"), int) or data["e"] < clock.now().timestamp():
        return None
    return user, str(data.get("c", ""))


class Accounts:
    """users.toml, parsed again only when the file changes (checked on every request)."""

    def __init__(self, root: Path) -> None:
        self.path = users_path(root)
        self.root = root
        self._seen: tuple = ()
        self._users: dict[str, User] = {}
        self._lock = threading.Lock()

    def current(self) -> dict[str, User]:
        try:
            st = self.path.stat()
            key = (st.st_mtime_ns, st.st_size, st.st_ino)
        except FileNotFoundError:
            return {}
        with self._lock:
            if key != self._seen:
                self._users, self._seen = load_users(self.root), key
            return self._users


class Throttle:
    """Failed logins per key in a sliding window; a key "addr:…" allows ADDRESS_ATTEMPTS, others ATTEMPTS."""

    def __init__(self, window: float = WINDOW) -> None:
        self.window = window
        self._failed: dict[str, deque] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque:
        q = self._failed.setdefault(key, deque())
        while q and q[0] < now - self.window:
            q.popleft()
        return q

    def wait(self, keys: list[str]) -> int:
        """Seconds until another attempt is allowed for these keys (0: allowed now)."""
        now = time.monotonic()
        with self._lock:
            full = [self._recent(k, now) for k in keys]
            return max((int(q[0] + self.window - now) + 1 for k, q in zip(keys, full)
                        if len(q) >= (ADDRESS_ATTEMPTS if k.startswith("addr:") else ATTEMPTS)), default=0)

    def failed(self, keys: list[str]) -> None:
        now = time.monotonic()
        with self._lock:
            for k in keys:
                self._recent(k, now).append(now)

    def cleared(self, keys: list[str]) -> None:
        with self._lock:
            for k in keys:
                self._failed.pop(k, None)


def _next(target: Optional[str]) -> str:
    """Only a path of this server (never //other.example or a full URL) is followed after login."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def login_page(request: Request):
    return page(request, "login.html", title="登录", problem=None, login_name="",
                target=_next(request.query_params.get("next")))


async def login(request: Request):
    form = await access.posted(request)
    return await run_in_threadpool(_login, request, form)


def _login(request: Request, form):
    state = request.app.state
    name = (form.get("name") or "").strip()
    target = _next(form.get("next"))
    keys = ["name:" + name.lower(), "addr:" + (request.client.host if request.client else "?")]
    wait = state.throttle.wait(keys)
    if wait:
        return page(request, "login.html", status=429, title="登录", login_name=name, target=target,
                    problem=f"登录尝试过多，请 {max(1, wait // 60)} 分钟后再试。")
    user = verify(state.accounts.current(), name, form.get("password") or "")
    if user is None:
        state.throttle.failed(keys)
        return page(request, "login.html", status=401, title="登录", login_name=name, target=target,
                    problem="用户名或密码错误。")
    state.throttle.cleared(keys)
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(COOKIE, session_cookie(state.session_secret, user), max_age=SESSION_SECONDS,
                        httponly=True, samesite="lax", secure=request.url.scheme == "https", path="/")
    return response


async def logout(request: Request):
    await access.posted(request)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


ROUTES = [
    Route("/login", login_page, methods=["GET"]),
    Route("/login", login, methods=["POST"]),
    Route("/logout", logout, methods=["POST"]),
]
