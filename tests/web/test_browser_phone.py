"""`serve --lan` in the system's Chromium as a phone would use it: HTTPS trusted through the server's own
key, a secure context (camera, notifications), the manifest Chromium parses without a complaint, the
service worker, and its offline page once the server is gone.

The browser trusts exactly the server's key (--ignore-certificate-errors-spki-list with its SPKI pin),
in this test's own browser profile: nothing is added to the machine's trust store. Loopback only."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509

from psoas.web.tls import spki_sha256
from web_support import chromium_missing, server_process

pytestmark = pytest.mark.slow

WHY_NOT = chromium_missing()
if WHY_NOT:
    pytest.skip(WHY_NOT, allow_module_level=True)

from browser_support import playwright, until, watch  # noqa: E402
from playwright.sync_api import Error, Playwright  # noqa: E402

__all__ = ["playwright"]  # the shared fixtures, used by name

ARGS = ["--no-sandbox"]
# A WebSocket to the live coach as live.js opens it (wss: on an https page), asking for an exercise the
# catalog lacks: the server accepts it and answers with an error message, without loading a pose model.
WSS_ANSWER = """() => new Promise((done) => {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const ws = new WebSocket(`${scheme}://${location.host}/ws/live?exercise=no-such-exercise`);
  ws.onmessage = (event) => done(JSON.parse(event.data).type);
  ws.onclose = (event) => done(`closed ${event.code}`);
})"""


@pytest.fixture
def lan(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    with server_process(tmp_path, "--lan", "--host", "127.0.0.1") as (url, proc):
        yield url, proc


def test_without_trust_chromium_refuses_the_server(
    playwright: Playwright, lan: tuple[str, subprocess.Popen[str]]
) -> None:
    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
    with pytest.raises(Error, match="ERR_CERT_AUTHORITY_INVALID"):
        browser.new_page().goto(lan[0])
    browser.close()


def test_a_phone_browser_gets_a_secure_installable_app_that_opens_offline(
    playwright: Playwright, lan: tuple[str, subprocess.Popen[str]], tmp_path: Path
) -> None:
    url, proc = lan
    base = url.split("?")[0]
    cert = x509.load_pem_x509_certificate((tmp_path / "psoas" / "tls" / "server.crt").read_bytes())
    pin = f"--ignore-certificate-errors-spki-list={spki_sha256(cert)}"
    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=[*ARGS, pin])
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    errors = watch(page)

    reply = page.goto(url)
    assert reply is not None and reply.status == 200 and page.url.startswith("https://127.0.0.1:")
    assert page.evaluate("window.isSecureContext") is True
    assert page.evaluate("typeof navigator.mediaDevices?.getUserMedia") == "function"
    assert page.evaluate("'Notification' in window") is True

    manifest = context.new_cdp_session(page).send("Page.getAppManifest")
    assert manifest["url"] == base + "manifest.webmanifest"
    assert manifest["errors"] == []

    assert page.evaluate("navigator.serviceWorker.ready.then((r) => r.active.scriptURL)") == base + "sw.js"
    until(page, "navigator.serviceWorker.controller !== null", 15.0)  # clients.claim(): this page too

    for path in ("live", "thomas", "settings", "trust"):  # their scripts run under https
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
    assert page.locator("a[href='/trust/psoas-ca.crt']").count() == 1
    assert page.evaluate(WSS_ANSWER) == "error"  # the live coach's socket, over wss: with the cookie

    proc.terminate()
    proc.wait(timeout=15)
    page.goto(base + "history")
    assert page.inner_text("h1") == "psoas's server is not reachable"
    assert "psoas serve --lan" in page.inner_text("main")
    # Styled from the cache too: app.css was kept at install (fetched with the token's cookie).
    header = "getComputedStyle(document.querySelector('header')).backgroundColor"
    assert page.evaluate(header) == "rgb(31, 111, 120)"
    assert errors == []
    browser.close()
