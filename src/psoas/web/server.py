"""Run the web app with Uvicorn on a socket bound here, so the printed URL is the real one (port 0 works).

`serve --lan` adds HTTPS (web/tls.py) and always a token, loopback included: the URL is meant to be
shared with a phone, and the Settings page shows it as a QR code. That token is kept (0600) across
restarts until `--new-token`."""

from __future__ import annotations

import socket
from collections.abc import Callable
from dataclasses import dataclass

import uvicorn

from psoas.errors import InvalidInputError
from psoas.web.app import WebConfig, create_app
from psoas.web.phone import Share
from psoas.web.security import host_policy, is_loopback, new_token
from psoas.web.tls import TlsFiles

__all__ = ["Lan", "bind", "serve", "url_for"]


@dataclass(frozen=True)
class Lan:
    """HTTPS with these certificates; `address` is what the URL names (the bound host may be 0.0.0.0)."""

    tls: TlsFiles
    address: str
    token: str


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


def url_for(scheme: str, host: str, port: int, token: str | None) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"{scheme}://{shown}:{port}/" + (f"?token={token}" if token else "")


def serve(
    host: str, port: int, say: Callable[[str], None], *, db_url: str | None = None, lan: Lan | None = None
) -> None:
    """Serve until interrupted. A host other than loopback gets a fresh token, shown once in the URL; a
    --lan server keeps its token in a private file, so an installed phone app survives a restart."""
    if lan is not None:
        token: str | None = lan.token
    else:
        token = None if is_loopback(host) else new_token()
    sock = bind(host, port)
    actual = sock.getsockname()[1]
    if lan is None:
        url = url_for("http", host, actual, token)
        share = None
    else:
        url = url_for("https", lan.address, actual, token)
        share = Share(url, lan.tls.ca_cert)
    app = create_app(WebConfig(token=token, db_url=db_url, hosts=host_policy(host), share=share))
    say(url)
    config = uvicorn.Config(
        app,
        log_level="warning",
        ws_max_size=4 << 20,
        timeout_graceful_shutdown=3,
        ssl_certfile=None if lan is None else lan.tls.server_cert,
        ssl_keyfile=None if lan is None else lan.tls.server_key,
    )
    uvicorn.Server(config).run(sockets=[sock])
