"""What a phone needs from the server: the address as a QR code, the certificate authority to trust
(/trust), the web app manifest and the service worker (installable, opens offline).

Pages and files here hold nothing personal, so TokenGate lets their GETs through (security.PUBLIC_PATHS):
a browser fetches the manifest without cookies, and a phone fetches the certificate before it trusts
the server.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException

from psoas.web.qr import qr_svg

__all__ = ["MANIFEST", "Share", "router", "share_card"]

router = APIRouter(include_in_schema=False)
STATIC = Path(__file__).parent / "static"
THEME = "#1f6f78"  # the header's colour (app.css --head)


@dataclass(frozen=True)
class Share:
    """How phones reach this server: the URL printed at start (token included) and the CA they trust."""

    url: str
    ca_cert: Path


def _share(request: Request) -> Share | None:
    share: Share | None = request.app.state.share
    return share


def share_card(request: Request) -> dict[str, str] | None:
    """What the Settings page shows: the URL and its QR as inline SVG, or None when not on the network."""
    share = _share(request)
    return None if share is None else {"url": share.url, "qr": qr_svg(share.url)}


MANIFEST: dict[str, Any] = {
    "name": "psoas: hip flexor coach",
    "short_name": "psoas",
    "description": "Coach, measure and model the health of your psoas. Not a medical device.",
    "id": "/",
    "start_url": "/",
    "scope": "/",
    "display": "standalone",
    "background_color": "#ffffff",
    "theme_color": THEME,
    "icons": [
        {"src": "/static/icons/icon-192.png", "sizes": "192x192", "type": "image/png", "purpose": "any"},
        {"src": "/static/icons/icon-512.png", "sizes": "512x512", "type": "image/png", "purpose": "any"},
        {
            "src": "/static/icons/maskable-512.png",
            "sizes": "512x512",
            "type": "image/png",
            "purpose": "maskable",
        },
        {"src": "/static/favicon.svg", "sizes": "any", "type": "image/svg+xml", "purpose": "any"},
    ],
}


@router.get("/manifest.webmanifest")
def manifest() -> Response:
    return JSONResponse(MANIFEST, media_type="application/manifest+json")


@router.get("/sw.js")
def service_worker() -> Response:
    # Served from the root so its scope is the whole app; no-cache so a new version is seen at once.
    return FileResponse(
        STATIC / "sw.js",
        media_type="text/javascript",
        headers={"Cache-Control": "no-cache", "Service-Worker-Allowed": "/"},
    )


@router.get("/offline", response_class=HTMLResponse)
def offline(request: Request) -> HTMLResponse:
    """The page the service worker shows when a page cannot be fetched (kept in its cache)."""
    from psoas.web.pages import templates  # noqa: PLC0415 (pages imports this module for Settings)

    return templates.TemplateResponse(request, "offline.html", {})


@router.get("/trust", response_class=HTMLResponse)
def trust(request: Request) -> HTMLResponse:
    from psoas.web.pages import page  # noqa: PLC0415

    # pause=None: the page is public (no token), so it must not show the stored pause.
    return page(request, "trust.html", share=_share(request) is not None, pause=None)


@router.get("/trust/psoas-ca.crt")
def ca_certificate(request: Request) -> Response:
    """Only the authority's certificate: its key never leaves the machine."""
    share = _share(request)
    if share is None:
        raise HTTPException(404, "psoas serves its certificate only when started with --lan.")
    return Response(
        share.ca_cert.read_bytes(),
        media_type="application/x-x509-ca-cert",
        headers={"Content-Disposition": 'attachment; filename="psoas-ca.crt"'},
    )
