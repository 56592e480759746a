"""`psoas serve`: the local web app (dashboard, library, sessions, live camera coach, check-ins...)."""

from __future__ import annotations

from typing import Annotated

import typer

from psoas.cli._edge import console, user_errors

__all__ = ["serve"]


@user_errors
def serve(
    host: Annotated[
        str, typer.Option(help="Address to listen on. Anything but loopback needs the printed token.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port (0 picks a free one).")] = 8765,
) -> None:
    """Start the web app on this machine and print its URL; Ctrl+C stops it."""
    from psoas.web.security import is_loopback  # noqa: PLC0415 (FastAPI loads slowly; only here)
    from psoas.web.server import serve as run  # noqa: PLC0415

    out = console(highlight=False)

    def say(url: str) -> None:
        out.print(f"psoas is running at {url}", soft_wrap=True)
        if not is_loopback(host):
            out.print(
                "[yellow]Reachable from other machines: the token in this URL is needed on every request "
                "and is shown only now.[/]"
            )
        out.print("[dim]Ctrl+C stops it. Not a medical device.[/]", soft_wrap=True)

    run(host, port, say)
