"""What stands between the server and other websites, other machines and the browser's own mistakes.

- HostGuard: only the Host names this server is really reached by (loopback; on the network its own
  names and addresses), so a page on another site that rebinds its DNS name to 127.0.0.1 gets nothing.
- HostGuard also refuses a state-changing request (POST, PUT, PATCH, DELETE) or a WebSocket whose Origin
  is another site: a page elsewhere cannot write a check-in, change the profile or stream frames.
- TokenGate: on any address but loopback the server generates a token at start and shows it once; a
  browser presents it in the URL the first time (`?token=`) and gets it back as a cookie, scripts send
  `Authorization: Bearer`. On 127.0.0.1 only this machine's users can connect, so no token is needed.
  A few GETs that hold nothing personal pass without it (PUBLIC_PATHS): the manifest (browsers fetch it
  without cookies), its icons and the favicon, the service worker, the offline page, and /trust with the
  certificate authority's certificate, which a phone fetches before it trusts the server.
- SecurityHeaders: a Content-Security-Policy without inline script, no framing, no MIME sniffing and no
  Referer leaving the app, on every response.
"""

from __future__ import annotations

import html
import ipaddress
import json
import secrets
import socket
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import parse_qs, urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = [
    "COOKIE",
    "CSP",
    "PUBLIC_PATHS",
    "HostGuard",
    "HostPolicy",
    "SecurityHeaders",
    "TokenGate",
    "host_policy",
    "is_loopback",
    "new_token",
]

COOKIE = "psoas_token"
PUBLIC_PATHS = frozenset(
    {
        "/manifest.webmanifest",
        "/sw.js",
        "/static/sw-breaks.js",
        "/offline",
        "/trust",
        "/trust/psoas-ca.crt",
        "/favicon.ico",
        "/static/favicon.svg",
    }
)
PUBLIC_PREFIX = "/static/icons/"


def new_token() -> str:
    return secrets.token_urlsafe(24)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class HostPolicy:
    """The Host names a request may carry besides loopback. `any_address`: any IP literal too (a server
    bound to all interfaces is reached by each of its addresses; an IP literal cannot be a rebound name)."""

    names: frozenset[str] = frozenset()
    any_address: bool = False

    def allows(self, host: str) -> bool:
        if is_loopback(host) or host in self.names:
            return True
        if not self.any_address:
            return False
        try:
            ipaddress.ip_address(host)
        except ValueError:
            return False
        return True


def host_policy(bind_host: str) -> HostPolicy:
    """What a server bound to `bind_host` answers to: loopback only, or also its own names on a network."""
    if is_loopback(bind_host):
        return HostPolicy()
    name = socket.gethostname().lower()
    names = {bind_host.lower(), name, f"{name}.local", socket.getfqdn().lower()}
    wildcard = bind_host in ("0.0.0.0", "::", "")
    return HostPolicy(frozenset(names - {"0.0.0.0", "::", ""}), any_address=wildcard)


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


def _split_host(value: str) -> tuple[str, str] | None:
    """`host[:port]` or `[v6][:port]` as (lower-case host, port or ""); None when malformed."""
    value = value.strip().lower()
    if value.startswith("["):
        end = value.find("]")
        rest = value[end + 1 :] if end > 0 else ":"
        if rest and (end < 0 or not rest.startswith(":")):
            return None
        return value[1:end], rest[1:]
    if value.count(":") > 1 or not value:
        return None
    host, _, port = value.partition(":")
    return host, port


DEFAULT_PORTS = {"http": "80", "https": "443", "ws": "80", "wss": "443"}
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _same_origin(origin: str, host: str, scheme: str) -> bool:
    """Whether the page at `origin` is this server, as reached through the Host header `host`."""
    parts = urlsplit(origin)
    netloc = _split_host(parts.netloc) if parts.scheme in ("http", "https") else None
    here = _split_host(host)
    if netloc is None or here is None:
        return False
    there_port = netloc[1] or DEFAULT_PORTS[parts.scheme]
    here_port = here[1] or DEFAULT_PORTS.get(scheme, "80")
    return netloc[0] == here[0] and there_port == here_port


def _foreign(scope: Scope, headers: dict[str, str]) -> bool:
    """A state-changing request or a WebSocket sent by a page of another site (or an opaque one)."""
    if scope["type"] == "http" and scope.get("method", "GET") not in UNSAFE:
        return False
    origin = headers.get("origin")
    if origin is None:
        # Browsers send Origin on every cross-origin POST and WebSocket; without it the sender is a script
        # or a program on this machine (or holds the token), unless the fetch metadata says cross-site.
        return headers.get("sec-fetch-site", "same-origin") in ("cross-site", "same-site")
    return not _same_origin(origin, headers.get("host", ""), scope.get("scheme", "http"))


class HostGuard:
    """ASGI middleware: a foreign Host gets 400 and a cross-site write 403; a WebSocket is refused (403)."""

    def __init__(self, app: ASGIApp, policy: HostPolicy) -> None:
        self.app = app
        self.policy = policy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        host = _split_host(headers.get("host", ""))
        if host is None or not self.policy.allows(host[0]):
            await _refuse(scope, receive, send, 400, "This psoas server does not answer to that host name.")
            return
        if _foreign(scope, headers):
            await _refuse(scope, receive, send, 403, "psoas accepts changes only from its own pages.")
            return
        await self.app(scope, receive, send)


async def _refuse(scope: Scope, receive: Receive, send: Send, status: int, sentence: str) -> None:
    """Answer without calling the app: a JSON sentence, or a WebSocket handshake refused (HTTP 403)."""
    if scope["type"] == "websocket":
        await receive()  # the connect message; a close before accept rejects the handshake
        await send({"type": "websocket.close", "code": 4000 + status, "reason": sentence[:100]})
        return
    kind, body = refusal_body(scope, sentence)
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", kind), (b"connection", b"close")],
        }
    )
    await send({"type": "http.response.body", "body": body})


def refusal_body(scope: Scope, sentence: str) -> tuple[bytes, bytes]:
    """The refusal as a plain page for a browser that asked for one (a person reads it), else as JSON."""
    accept = dict(scope.get("headers") or []).get(b"accept", b"")
    if b"text/html" not in accept:
        return b"application/json", json.dumps({"detail": sentence}).encode()
    page = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>psoas</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
        f"<body><h1>psoas</h1><p>{html.escape(sentence)}</p></body></html>"
    )
    return b"text/html; charset=utf-8", page.encode()


# The pages load scripts, styles and fonts from the app only; charts are inline PNG (data:), the live
# coach shows the camera (blob:) and talks to /ws on the same host; the service worker and the manifest
# come from the app too (named here, not left to default-src, so the policy says what it allows).
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "media-src 'self' blob:; connect-src 'self'; worker-src 'self'; manifest-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    # same-origin, not no-referrer: under no-referrer Chromium sends `Origin: null` with the pages' own
    # form posts, which the Origin check must refuse; other sites still get no referrer.
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
)


class SecurityHeaders:
    """ASGI middleware: the headers above on every HTTP response, whoever produced it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *SECURITY_HEADERS]}
            await send(message)

        await self.app(scope, receive, wrapped)


def _public(scope: Scope) -> bool:
    if scope["type"] != "http" or scope.get("method") not in ("GET", "HEAD"):
        return False
    path: str = scope.get("path", "")
    # No "..": a path that climbs out of the icons folder is not an icon.
    return path in PUBLIC_PATHS or (path.startswith(PUBLIC_PREFIX) and ".." not in path)


def _presented(scope: Scope) -> tuple[str | None, bool]:
    """The token this request carries and whether it came in the URL (so the cookie should be set)."""
    query = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token")
    if query:
        return query[0], True
    headers = _headers(scope)
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
        if scope["type"] not in ("http", "websocket") or _public(scope):
            await self.app(scope, receive, send)
            return
        token, in_url = _presented(scope)
        if token is None or not secrets.compare_digest(token.encode(), self.token.encode()):
            await self._refuse(scope, receive, send)
            return
        if scope["type"] == "http" and in_url:
            send = self._with_cookie(send, secure=scope.get("scheme") == "https")
        await self.app(scope, receive, send)

    def _with_cookie(self, send: Send, *, secure: bool) -> Send:
        # Over HTTPS (serve --lan) the cookie is Secure: the browser never sends it over plain HTTP.
        flags = "; Secure" if secure else ""
        cookie = f"{COOKIE}={self.token}; Path=/; HttpOnly; SameSite=Strict{flags}".encode("latin-1")

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
        sentence = (
            "This psoas server needs its access token: open the address it printed when it started "
            "(the one ending in ?token=…)."
        )
        kind, body = refusal_body(scope, sentence)
        await send(
            {
                "type": "http.response.start",
                "status": 401,
                "headers": [(b"content-type", kind), (b"www-authenticate", b"Bearer")],
            }
        )
        await send({"type": "http.response.body", "body": body})
