"""Local-only safety: the Host header (DNS rebinding), a CSRF token on every POST, request size.

The token is one random value per server run, put in every form: a page of another site can
send a form to 127.0.0.1 but cannot read ours to learn the token. A restarted server makes old
forms stale; they are refused with a message to reload, never acted on.
"""
from __future__ import annotations

import hmac
import secrets

from starlette.responses import PlainTextResponse

CSRF_FIELD = "csrf"


class Guard:
    """ASGI middleware: a Host the server does not answer to, or an oversized body, is refused."""

    def __init__(self, app, allowed_hosts: tuple[str, ...], limit: int) -> None:
        self.app, self.allowed, self.limit = app, set(allowed_hosts), limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if "*" not in self.allowed and host_name(headers.get("host", "")) not in self.allowed:
            return await PlainTextResponse("主机名不被接受 (Host header refused: the workbench answers "
                                           "only to 127.0.0.1 / localhost)", status_code=400)(scope, receive, send)
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.limit:
            return await PlainTextResponse(f"上传内容过大 (request larger than {self.limit // (1024 * 1024)} MB)",
                                           status_code=413)(scope, receive, send)
        return await self.app(scope, receive, send)


def host_name(host: str) -> str:
    """'127.0.0.1:8750' → '127.0.0.1'; '[::1]:8750' → '::1'."""
    if host.startswith("["):
        return host[1:host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def new_token() -> str:
    return secrets.token_urlsafe(24)


def token_ok(expected: str, given: object) -> bool:
    return isinstance(given, str) and hmac.compare_digest(expected.encode(), given.encode())
