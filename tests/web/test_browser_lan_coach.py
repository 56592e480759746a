"""Issue 18's promise end to end: a phone opens the URL `psoas serve --lan` prints (https, with its token),
counts a real clip's bridges with the live coach over wss, and takes and measures a Thomas-test photo
with its camera.

The server runs for real as its own process on loopback; Chromium trusts exactly its key
(--ignore-certificate-errors-spki-list with the server key's SPKI pin) in this test's own profile, and its
fake camera plays a real clip. The clip is a glute bridge, not a Thomas test: the photo step is judged by
what it does (a photo taken after the spoken countdown, sent, measured and answered), not by its numbers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from cryptography import x509

from conftest import MEDIA_DIR
from psoas.web.tls import spki_sha256
from web_support import chromium_missing, server_process, write_y4m

pytestmark = pytest.mark.slow

WHY_NOT = chromium_missing()
if WHY_NOT:
    pytest.skip(WHY_NOT, allow_module_level=True)

from browser_support import fake_camera, until, watch  # noqa: E402
from playwright.sync_api import ViewportSize, sync_playwright  # noqa: E402

CLIP = MEDIA_DIR / "glute_bridges.mp4"
PHONE: ViewportSize = {"width": 390, "height": 844}


def test_a_phone_uses_the_live_coach_and_the_thomas_test_over_https(tmp_path: Path) -> None:
    shots = Path(os.environ.get("PSOAS_SCREENSHOTS") or tmp_path)
    if not CLIP.exists():
        pytest.skip(f"{CLIP} not found")
    y4m = tmp_path / "glute_bridges.y4m"
    write_y4m(CLIP, y4m, tail_s=0.5)
    with server_process(tmp_path, "--lan", "--host", "127.0.0.1") as (url, _), sync_playwright() as p:
        assert url.startswith("https://127.0.0.1:") and "?token=" in url
        base = url.split("?")[0]
        cert = x509.load_pem_x509_certificate((tmp_path / "psoas" / "tls" / "server.crt").read_bytes())
        args = [
            "--no-sandbox",
            f"--ignore-certificate-errors-spki-list={spki_sha256(cert)}",
            *fake_camera(y4m),
        ]
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        page = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
        errors = watch(page)
        sockets: list[str] = []
        page.on("websocket", lambda ws: sockets.append(ws.url))

        reply = page.goto(url)  # the printed URL: the token becomes a cookie
        assert reply is not None and reply.status == 200
        assert page.evaluate("window.isSecureContext") is True

        page.goto(base + "live?exercise=glute-bridge")
        here = page.locator("header nav a[aria-current=page]").bounding_box()  # scrolled into view
        assert here is not None and here["x"] >= 0 and here["x"] + here["width"] <= PHONE["width"], here
        page.click("#start")
        until(page, "window.psoasLive.last && window.psoasLive.last.reps >= 1", 90)
        assert sockets and sockets[0].startswith("wss://127.0.0.1:")
        page.screenshot(path=str(shots / "lan-phone-live.png"), full_page=True)
        page.click("#finish")
        page.wait_for_selector("#result:not([hidden])", timeout=90_000)
        assert "Saved to your history." in page.inner_text("#result-text")

        page.goto(base + "thomas")
        page.click("#camera")
        until(page, "document.getElementById('video').videoWidth > 0", 20)
        # The back camera where a phone has one ("ideal"): the fake device has none and is taken anyway.
        assert page.evaluate("document.getElementById('video').srcObject.getVideoTracks().length") == 1
        assert page.is_enabled("#snap")
        page.click("#snap")
        until(page, "document.getElementById('count').textContent === '3'", 10)  # the countdown runs
        page.wait_for_selector("#result:not([hidden]), #error:not([hidden])", timeout=120_000)
        assert page.locator("#error").is_hidden(), page.inner_text("#error")
        result = page.inner_text("#result-text")
        # A bridge seen from the side is no Thomas-test position: the photo was measured and said so.
        assert result.startswith(("Not a Thomas-test position", "Could not measure", "Tested side:")), result
        page.screenshot(path=str(shots / "lan-phone-thomas.png"), full_page=True)
        assert errors == []
        browser.close()
