"""`psoas serve`: the local web app (dashboard, library, sessions, live camera coach, check-ins...)."""

from __future__ import annotations

from typing import Annotated

import typer

from psoas.cli._edge import console, user_errors

__all__ = ["serve"]


@user_errors
def serve(
    host: Annotated[
        str | None,
        typer.Option(
            help="Address to listen on (default 127.0.0.1; with --lan, this machine's network address). "
            "Anything but loopback needs the printed token.",
            show_default=False,
        ),
    ] = None,
    port: Annotated[int, typer.Option(help="Port (0 picks a free one).")] = 8765,
    lan: Annotated[
        bool,
        typer.Option(
            "--lan",
            help="Serve HTTPS on this machine's network address for a phone: prints its URL as a QR code "
            "and where to get the certificate to trust once.",
        ),
    ] = False,
    new_token: Annotated[
        bool,
        typer.Option(
            "--new-token",
            help="With --lan: replace the kept token, so every phone must scan the new QR code.",
        ),
    ] = False,
) -> None:
    """Start the web app on this machine and print its URL; Ctrl+C stops it."""
    # FastAPI and cryptography load slowly; only here.
    from psoas.web.lan import lan_address, plan_lan  # noqa: PLC0415
    from psoas.web.qr import qr_lines  # noqa: PLC0415
    from psoas.web.security import is_loopback  # noqa: PLC0415
    from psoas.web.server import Lan  # noqa: PLC0415
    from psoas.web.server import serve as run  # noqa: PLC0415
    from psoas.web.tls import default_folder, kept_token, load_or_create  # noqa: PLC0415

    out = console(highlight=False)
    setup = None
    bind_host = host or "127.0.0.1"
    if lan:
        plan = plan_lan(host, None if host else lan_address())
        if plan.note:
            out.print(f"[yellow]{plan.note}[/]", soft_wrap=True)
        bind_host = plan.bind
        folder = default_folder()
        setup = Lan(load_or_create(folder, plan.address), plan.address, kept_token(folder, renew=new_token))

    def say(url: str) -> None:
        out.print(f"psoas is running at {url}", soft_wrap=True, markup=False)
        if setup is not None:
            out.print("Scan this with your phone's camera (same Wi-Fi):")
            for line in qr_lines(url):
                out.print(line, style="black on white", markup=False, soft_wrap=True)
            trust = url.split("?", 1)[0] + "trust"
            out.print(
                f"First time on a phone? Open {trust} there to trust this computer's certificate once.",
                soft_wrap=True,
                markup=False,
            )
        if setup is not None:
            out.print(
                "[yellow]The token in this URL is needed on every request; it is kept for the next start "
                "(also on the Settings page) until --new-token replaces it.[/]",
                soft_wrap=True,
            )
        elif not is_loopback(bind_host):
            out.print(
                "[yellow]The token in this URL is needed on every request and is shown only now "
                "(also on the Settings page).[/]",
                soft_wrap=True,
            )
        out.print("[dim]Ctrl+C stops it. Not a medical device.[/]", soft_wrap=True)

    run(bind_host, port, say, lan=setup)
