"""What a phone fetches: the manifest and its icons, the service worker, the offline page, /trust with
the authority's certificate, and the QR code on Settings; the few public paths open without the token."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import cv2
import httpx
import numpy as np
import pytest

from psoas.store import Store, open_store
from psoas.web import WebConfig, create_app
from psoas.web.phone import Share
from psoas.web.security import CSP
from psoas.web.tls import TlsFiles, load_or_create
from web_support import app_server

TOKEN = "phone-test-token"
SHARED = f"https://192.168.1.23:8765/?token={TOKEN}"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    the_store = open_store(f"sqlite:///{tmp_path / 'psoas.db'}")
    yield the_store
    the_store.dispose()


@pytest.fixture
def tls(tmp_path: Path) -> TlsFiles:
    return load_or_create(tmp_path / "tls", "192.168.1.23", now=datetime(2026, 11, 30, tzinfo=UTC))


@pytest.fixture
def lan_url(store: Store, tls: TlsFiles) -> Iterator[str]:
    """The app as `serve --lan` configures it (token, share), over plain HTTP on loopback for speed."""
    config = WebConfig(token=TOKEN, share=Share(SHARED, tls.ca_cert))
    with app_server(create_app(config, store=store)) as base:
        yield base


@pytest.fixture
def local_url(store: Store) -> Iterator[str]:
    with app_server(create_app(WebConfig(), store=store)) as base:
        yield base


def test_the_manifest_is_valid_json_and_every_icon_is_there(lan_url: str) -> None:
    reply = httpx.get(lan_url + "/manifest.webmanifest")  # no token: browsers fetch it without cookies
    assert reply.status_code == 200
    assert reply.headers["content-type"] == "application/manifest+json"
    manifest = json.loads(reply.text)
    assert (manifest["name"], manifest["short_name"]) == ("psoas: hip flexor coach", "psoas")
    assert (manifest["start_url"], manifest["scope"], manifest["display"]) == ("/", "/", "standalone")
    assert manifest["theme_color"] == "#1f6f78"
    sizes = set()
    for icon in manifest["icons"]:
        got = httpx.get(lan_url + icon["src"])
        assert got.status_code == 200, icon["src"]
        assert got.headers["content-type"].split(";")[0] == icon["type"]
        if icon["type"] == "image/png":
            image = cv2.imdecode(np.frombuffer(got.content, np.uint8), cv2.IMREAD_UNCHANGED)
            assert f"{image.shape[1]}x{image.shape[0]}" == icon["sizes"]
            sizes.add((icon["sizes"], icon["purpose"]))
    assert sizes == {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")}


def test_the_service_worker_is_served_from_the_root_and_imports_the_break_reminders(lan_url: str) -> None:
    reply = httpx.get(lan_url + "/sw.js")
    assert reply.status_code == 200
    assert reply.headers["content-type"].startswith("text/javascript")
    assert reply.headers["service-worker-allowed"] == "/"
    assert reply.headers["cache-control"] == "no-cache"
    assert reply.text.rstrip().endswith('// Break reminders\nimportScripts("/static/sw-breaks.js");')
    assert httpx.get(lan_url + "/static/sw-breaks.js").status_code == 200  # public: loads before any cookie
    for cached in ('"/offline"', '"/static/app.css"', '"/static/icons/icon-192.png"'):
        assert cached in reply.text


def test_the_policy_allows_the_worker_and_the_manifest_from_the_app_only(lan_url: str) -> None:
    policy = httpx.get(lan_url + "/offline").headers["content-security-policy"]
    assert policy == CSP
    assert "worker-src 'self'" in policy and "manifest-src 'self'" in policy
    assert "script-src 'self';" in policy  # still no inline script


def test_the_offline_page_says_what_needs_the_server(lan_url: str) -> None:
    page = httpx.get(lan_url + "/offline").text
    assert "psoas's server is not reachable" in page
    assert "psoas serve --lan" in page and "live camera coach" in page
    # The token is kept across restarts (tests/web/test_lan_server.py): only --new-token changes the link.
    assert "started with <code>--new-token</code>, scan the QR code it printed" in page
    assert "each start has a new token" not in page
    assert "<script" not in page


def test_only_the_phone_files_are_public(lan_url: str) -> None:
    for path in ("/trust", "/trust/psoas-ca.crt", "/offline", "/sw.js", "/static/icons/icon-512.png"):
        assert httpx.get(lan_url + path).status_code == 200, path
    for path in ("/", "/settings", "/static/app.css", "/static/icons/../app.css", "/api/health"):
        assert httpx.get(lan_url + path).status_code == 401, path
    assert httpx.post(lan_url + "/trust").status_code == 401


def _plain(page: str) -> str:
    """The page's text with bold marks and line breaks taken out."""
    return " ".join(page.replace("<b>", "").replace("</b>", "").split())


def test_trust_serves_the_authoritys_certificate_and_never_a_key(lan_url: str, tls: TlsFiles) -> None:
    page = httpx.get(lan_url + "/trust").text
    assert 'href="/trust/psoas-ca.crt"' in page
    ios = ("Settings", "General", "About", "Certificate Trust Settings")
    android = ("Settings", "Security", "Encryption &amp; credentials", "Install a certificate")
    for steps in (ios, (*android, "CA certificate")):
        assert " \u203a ".join(steps) in _plain(page), steps
    assert 'id="paused"' not in page  # public: no health state on it
    reply = httpx.get(lan_url + "/trust/psoas-ca.crt")
    assert reply.headers["content-type"] == "application/x-x509-ca-cert"
    assert reply.headers["content-disposition"] == 'attachment; filename="psoas-ca.crt"'
    assert reply.content == tls.ca_cert.read_bytes()
    assert b"PRIVATE" not in reply.content


def test_settings_shows_the_shared_address_as_a_qr_code(lan_url: str) -> None:
    page = httpx.get(lan_url + "/settings", headers={"authorization": f"Bearer {TOKEN}"}).text
    assert '<figure data-testid="phone-qr"><svg ' in page
    assert f'<code class="wrap">{SHARED}</code>' in page
    assert "<code>psoas serve --lan --new-token</code> makes a new one" in page  # the link is a key
    assert '<a href="/trust">Trust this device</a>' in page


def test_a_loopback_server_has_no_certificate_to_give(local_url: str) -> None:
    assert httpx.get(local_url + "/trust/psoas-ca.crt").status_code == 404
    assert "was not started with <code>--lan</code>" in httpx.get(local_url + "/trust").text
    settings = httpx.get(local_url + "/settings").text
    assert "phone-qr" not in settings and "Start psoas with <code>psoas serve --lan</code>" in settings
