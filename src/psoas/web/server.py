"""Run the web app with Uvicorn on a socket bound here, so the printed URL is the real one (port 0 works)."""

from __future__ import annotations

import socket
from collections.abc import Callable

import uvicorn

from psoas.errors import InvalidInputError
from psoas.web.app import WebConfig, create_app
from psoas.web.security import host_policy, is_loopback, new_token

__all__ = ["bind", "serve"]


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on host:port, or one sentence saying why not."""
    if not 0 <= port <= 65535:
        raise InvalidInputError(f"--port must be between 0 and 65535, not {port}.")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        raise InvalidInputError(f"'{host}' is not an address this machine can listen on.") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        raise InvalidInputError(f"Cannot listen on {host}:{port}: {exc.strerror or exc}.") from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def serve(host: str, port: int, say: Callable[[str], None], *, db_url: str | None = None) -> None:
    """Serve until interrupted. A host other than loopback gets a fresh token, shown once in the URL."""
    token = None if is_loopback(host) else new_token()
    sock = bind(host, port)
    app = create_app(WebConfig(token=token, db_url=db_url, hosts=host_policy(host)))
    actual = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{actual}/" + (f"?token={token}" if token else "")
    say(url)
    config = uvicorn.Config(app, log_level="warning", ws_max_size=4 << 20, timeout_graceful_shutdown=3)
    uvicorn.Server(config).run(sockets=[sock])
