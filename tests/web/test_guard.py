"""Other websites against a real server on loopback: a rebound DNS name (a foreign Host), cross-site
writes (a foreign Origin) and the headers every response carries."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator

import httpx
import pytest

from psoas.catalog import default_catalog
from psoas.store import Store
from psoas.store import records as rec
from psoas.web import WebConfig, create_app
from psoas.web.security import CSP, host_policy
from web_support import app_server

EVIL = "https://evil.example"
CHECKIN = {"low_back": 2, "red_flags": ["saddle-numbness"]}
FORM_CHECKIN = {"low_back": "2", "red_flags": "saddle-numbness"}
PROFILE = {"level": "beginner", "sitting_hours": "8", "minutes_per_day": "15"}


@pytest.fixture
def url(store: Store) -> Iterator[str]:
    with app_server(create_app(WebConfig(), store=store)) as base:
        yield base


def _ws_status(url: str, headers: dict[str, str]) -> int:
    """The HTTP status of a WebSocket handshake sent as raw bytes (so Host can be forged): 101 accepted."""
    port = int(url.rsplit(":", 1)[1])
    lines = {
        "host": f"127.0.0.1:{port}",
        "upgrade": "websocket",
        "connection": "Upgrade",
        "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==",
        "sec-websocket-version": "13",
        **headers,
    }
    request = "GET /ws/live?exercise=glute-bridge HTTP/1.1\r\n"
    request += "".join(f"{k}: {v}\r\n" for k, v in lines.items()) + "\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
        sock.sendall(request.encode())
        status_line = sock.recv(4096).split(b"\r\n", 1)[0]
    return int(status_line.split()[1])


def test_a_foreign_host_name_gets_nothing(url: str, store: Store) -> None:
    for path in ("/api/export.json", "/", "/api/health", "/static/app.css"):
        reply = httpx.get(url + path, headers={"host": "evil.example"})
        assert reply.status_code == 400, path
        assert reply.json() == {"detail": "This psoas server does not answer to that host name."}
    port = url.rsplit(":", 1)[1]
    for host in (f"evil.example:{port}", f"localhost.evil.example:{port}", "127.0.0.1.nip.io", "[::1"):
        assert httpx.get(url + "/api/health", headers={"host": host}).status_code == 400, host
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}", "LOCALHOST"):
        assert httpx.get(url + "/api/health", headers={"host": host}).json() == {"status": "ok"}, host


def test_a_websocket_with_a_foreign_host_is_refused(url: str) -> None:
    assert _ws_status(url, {"host": "evil.example"}) == 403
    assert _ws_status(url, {}) == 101


def test_cross_site_writes_are_refused_and_store_nothing(url: str, store: Store) -> None:
    forged = {"origin": EVIL}
    refused = {"detail": "psoas accepts changes only from its own pages."}
    checkin = httpx.post(url + "/checkin", data=FORM_CHECKIN, headers=forged)
    assert (checkin.status_code, checkin.json()) == (403, refused)
    assert httpx.post(url + "/api/checkins", json=CHECKIN, headers=forged).status_code == 403
    assert httpx.post(url + "/settings", data=PROFILE, headers=forged).status_code == 403
    upload = {"file": ("bridge.png", b"\x89PNG....", "image/png")}
    assert httpx.post(url + "/api/thomas", files=upload, headers=forged).status_code == 403
    opaque = {"origin": "null"}  # a sandboxed frame or a data: page
    assert httpx.post(url + "/api/checkins", json=CHECKIN, headers=opaque).status_code == 403
    other_port = {"origin": "http://127.0.0.1:1"}  # another site on this machine
    assert httpx.post(url + "/api/checkins", json=CHECKIN, headers=other_port).status_code == 403
    no_origin_cross_site = {"sec-fetch-site": "cross-site"}
    assert httpx.post(url + "/api/checkins", json=CHECKIN, headers=no_origin_cross_site).status_code == 403
    assert rec.checkins(store) == [] and rec.latest_profile(store) is None


def test_the_apps_own_pages_and_scripts_still_write(url: str, store: Store) -> None:
    own = {"origin": url, "sec-fetch-site": "same-origin"}
    assert httpx.post(url + "/checkin", data=FORM_CHECKIN, headers=own).status_code == 200
    assert httpx.post(url + "/api/checkins", json=CHECKIN).status_code == 201  # a script: no Origin
    localhost = url.replace("127.0.0.1", "localhost")
    same = {"host": localhost.split("//")[1], "origin": localhost}
    assert httpx.post(url + "/api/checkins", json=CHECKIN, headers=same).status_code == 201
    assert len(rec.checkins(store)) == 3
    assert httpx.get(url + "/api/health", headers={"origin": EVIL}).status_code == 200  # reads: CORS


def test_a_websocket_from_another_site_is_refused(url: str) -> None:
    assert _ws_status(url, {"origin": EVIL}) == 403
    assert _ws_status(url, {"origin": "null"}) == 403
    assert _ws_status(url, {"origin": url}) == 101


def test_every_response_carries_the_security_headers(url: str) -> None:
    for path in ("/", "/live", "/settings", "/api/health", "/static/live.js", "/no/such/page"):
        headers = httpx.get(url + path).headers
        assert headers["content-security-policy"] == CSP, path
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "same-origin"
    assert "frame-ancestors 'none'" in CSP and "script-src 'self';" in CSP
    refused = httpx.get(url + "/", headers={"host": "evil.example"}).headers
    assert refused["content-security-policy"] == CSP


def test_no_page_has_inline_script(url: str) -> None:
    """The CSP forbids inline script, so a page may only hold script elements with a src or JSON data."""
    for path in ("/", "/session", "/live", "/breaks", "/settings", "/checkin", "/thomas", "/analyze"):
        html = httpx.get(url + path).text
        for tag in html.split("<script")[1:]:
            opening = tag.split(">", 1)[0]
            assert " src=" in opening or 'type="application/json"' in opening, (path, opening)
    data = httpx.get(url + "/session").text.split('<script id="psoas-data" type="application/json">')[1]
    sent = json.loads(data.split("</script>")[0])
    catalog = default_catalog()
    assert sent == {
        "skipAt": 7,
        "repS": 3,
        "names": {e.id: e.name for e in catalog.exercises},
        "camera": [e.id for e in catalog.exercises if e.camera is not None],
    }
    assert sent["names"]["glute-bridge"] == "Glute bridge" and "walking-break" not in sent["camera"]


def test_on_a_network_the_servers_own_names_and_addresses_are_answered() -> None:
    assert host_policy("127.0.0.1").allows("localhost") and not host_policy("127.0.0.1").allows("10.0.0.2")
    lan = host_policy("0.0.0.0")
    assert lan.allows("192.168.1.20") and lan.allows("::1") and not lan.allows("evil.example")
    named = host_policy("192.168.1.20")
    assert named.allows("192.168.1.20") and not named.allows("10.0.0.2")
