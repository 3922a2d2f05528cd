"""Who may call the server, and who they are.

- Bound to a loopback address (the default 127.0.0.1) the server is reachable only from this computer; no token.
- Bound to any other address it must have `api_token` (or `api_users`) set, else it refuses to start; every request,
  the page and its static files included, then needs `Authorization: Bearer <token>` (the page keeps the token in a
  cookie after the user typed it once).
- A configured token is enforced even on loopback: whoever set one expects it to be checked.

The requesting user (written to the audit log) is the name mapped to the token (`api_users`), else the user header
(`X-Xianjie-User`, UTF-8 percent-encoded since HTTP headers are Latin-1), else `settings.user_name`.
"""
from __future__ import annotations

import hmac
import ipaddress
import json
from urllib.parse import unquote

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from assistant.errors import UserError

COOKIE = "xianjie_token"
MAX_USER_CHARS = 40


def is_loopback(host: str) -> bool:
    h = (host or "").strip().strip("[]").lower()
    if h == "localhost":
        return True
    try:
        return ipaddress.ip_address(h).is_loopback
    except ValueError:
        return False


def tokens_of(settings) -> dict[str, str | None]:
    """token → mapped user name (None: the main token, which maps to no one in particular)."""
    out: dict[str, str | None] = {t: u for t, u in (getattr(settings, "api_users", None) or {}).items() if t}
    if settings.api_token:
        out.setdefault(settings.api_token, None)
    return out


def check_bind(host: str, settings) -> None:
    """Refuse to serve a non-loopback address without a token (a Chinese message says how to set one)."""
    if not is_loopback(host) and not tokens_of(settings):
        raise UserError(f"服务绑定到非本机地址 {host} 时必须设置访问令牌：请设置环境变量 XIANJIE_API_TOKEN=<足够长的随机串>"
                        f"，或改回默认地址 127.0.0.1。", code="token_required")


def _match(given: str | None, tokens: dict[str, str | None]) -> tuple[bool, str | None]:
    if not given:
        return False, None
    for tok, user in tokens.items():
        if hmac.compare_digest(given.encode(), tok.encode()):
            return True, user
    return False, None


def _given_token(scope: Scope) -> str | None:
    headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
    auth = headers.get("authorization", "")
    if auth[:7].lower() == "bearer ":
        return auth[7:].strip()
    for part in headers.get("cookie", "").split(";"):
        name, _, value = part.strip().partition("=")
        if name == COOKIE:
            return unquote(value)
    return None


_LOGIN_PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>需要访问令牌</title>
<style>body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;max-width:28rem;margin:4rem auto;color:#222}
input{width:100%;padding:.5rem;margin:.5rem 0;box-sizing:border-box}button{padding:.5rem 1.2rem}</style></head>
<body><h2>行刑衔接助手：需要访问令牌</h2><p>本服务不在本机地址上运行，请输入管理员提供的访问令牌。</p>
<form onsubmit="document.cookie='xianjie_token='+encodeURIComponent(this.t.value)+';path=/;SameSite=Strict';
location.reload();return false"><input name="t" type="password" autocomplete="off" autofocus>
<button>进入</button></form></body></html>"""


class AuthMiddleware:
    """Pure ASGI (not BaseHTTPMiddleware) so that SSE streams pass through unbuffered."""

    def __init__(self, app: ASGIApp, settings, required: bool):
        self.app = app
        self.settings = settings
        self.required = required
        self.tokens = tokens_of(settings)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        if scope["type"] == "http" and scope.get("method") not in ("GET", "HEAD", "OPTIONS") and _cross_site(scope):
            await _send_json(send, 403, {"code": "forbidden_origin",
                                         "message": "拒绝来自其他网站的请求：请直接在本系统页面中操作"})
            return
        ok, user = _match(_given_token(scope), self.tokens)
        scope.setdefault("state", {})
        scope["state"]["token_user"] = user if ok else None
        if self.required and not ok:
            await self._refuse(scope, receive, send)
            return
        await self.app(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        accept = {k.lower(): v for k, v in scope.get("headers", [])}.get(b"accept", b"").decode("latin-1")
        if scope.get("method") == "GET" and "text/html" in accept and not scope["path"].startswith("/api/"):
            body, ctype = _LOGIN_PAGE.encode(), b"text/html; charset=utf-8"
        else:
            body = json.dumps({"code": "unauthorized", "message": "需要访问令牌：请在请求头中携带 Authorization: Bearer <令牌>"},
                              ensure_ascii=False).encode()
            ctype = b"application/json"
        await send({"type": "http.response.start", "status": 401,
                    "headers": [(b"content-type", ctype), (b"www-authenticate", b'Bearer realm="xianjie"'),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


def _cross_site(scope: Scope) -> bool:
    """A browser sends Origin with a POST; one that differs from the Host it was sent to comes from another site's
    page (a forged upload or draft). Requests without Origin (scripts, curl, the CLI) are not browsers' and pass."""
    headers = {k.lower(): v for k, v in scope.get("headers", [])}
    origin = headers.get(b"origin", b"").decode("latin-1")
    if not origin:
        return False
    host = headers.get(b"host", b"").decode("latin-1")
    return origin.split("://", 1)[-1].rstrip("/") != host


async def _send_json(send: Send, status: int, body: dict) -> None:
    data = json.dumps(body, ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode())]})
    await send({"type": "http.response.body", "body": data})


def requesting_user(request: Request) -> str:
    """The user to record in the audit log for this request (see module doc)."""
    s = request.app.state.settings
    mapped = getattr(request.state, "token_user", None)
    if mapped:
        return mapped
    raw = request.headers.get(getattr(s, "user_header", "X-Xianjie-User"), "")
    try:
        name = unquote(raw, errors="strict").strip()
    except UnicodeDecodeError:
        name = ""
    name = "".join(ch for ch in name if ch.isprintable())[:MAX_USER_CHARS]
    return name or s.user_name
