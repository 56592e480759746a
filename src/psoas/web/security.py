"""The access token a non-loopback server demands on every request and WebSocket.

On 127.0.0.1 only this machine's users can connect, so no token is needed. On any other address the
server generates one at start and shows it once; a browser presents it in the URL the first time
(`?token=`) and gets it back as a cookie, scripts send `Authorization: Bearer`.
"""

from __future__ import annotations

import ipaddress
import json
import secrets
from http.cookies import SimpleCookie
from urllib.parse import parse_qs

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["COOKIE", "TokenGate", "is_loopback", "new_token"]

COOKIE = "psoas_token"


def new_token() -> str:
    return secrets.token_urlsafe(24)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _presented(scope: Scope) -> tuple[str | None, bool]:
    """The token this request carries and whether it came in the URL (so the cookie should be set)."""
    query = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token")
    if query:
        return query[0], True
    headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
    auth = headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip(), False
    cookie = SimpleCookie(headers.get("cookie", ""))
    return (cookie[COOKIE].value if COOKIE in cookie else None), False


class TokenGate:
    """ASGI middleware: without the right token, HTTP gets 401 and a WebSocket is closed (4401)."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app = app
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        token, in_url = _presented(scope)
        if token is None or not secrets.compare_digest(token.encode(), self.token.encode()):
            await self._refuse(scope, receive, send)
            return
        if scope["type"] == "http" and in_url:
            send = self._with_cookie(send)
        await self.app(scope, receive, send)

    def _with_cookie(self, send: Send) -> Send:
        cookie = f"{COOKIE}={self.token}; Path=/; HttpOnly; SameSite=Strict".encode("latin-1")

        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), (b"set-cookie", cookie)]}
            await send(message)

        return wrapped

    @staticmethod
    async def _refuse(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            await receive()  # the connect message; a close before accept rejects the handshake
            await send({"type": "websocket.close", "code": 4401, "reason": "token required"})
            return
        body = json.dumps({"detail": "This psoas server needs its access token: open the URL it printed."})
        await send(
            {
                "type": "http.response.start",
                "status": 401,
                "headers": [(b"content-type", b"application/json"), (b"www-authenticate", b"Bearer")],
            }
        )
        await send({"type": "http.response.body", "body": body.encode()})
