"""Loopback by default; any other address demands the generated token on every request and socket."""

from __future__ import annotations

import asyncio
import html
import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import websockets
from typer.testing import CliRunner

from psoas.cli.app import app as cli
from psoas.store import Store, open_store
from psoas.web import WebConfig, create_app
from psoas.web.security import COOKIE, is_loopback, new_token
from web_support import app_server, running_server

TOKEN = "s3cret-token-for-tests"


@pytest.fixture
def url(tmp_path: Path) -> Iterator[str]:
    store: Store = open_store(f"sqlite:///{tmp_path / 'psoas.db'}")
    with app_server(create_app(WebConfig(token=TOKEN), store=store)) as base:
        yield base
    store.dispose()


def test_loopback_addresses() -> None:
    assert [is_loopback(h) for h in ("127.0.0.1", "::1", "localhost", "127.5.0.1")] == [True] * 4
    assert [is_loopback(h) for h in ("0.0.0.0", "192.168.1.20", "::", "example.org")] == [False] * 4
    assert len(new_token()) == 32 and new_token() != new_token()


NEEDS_TOKEN = (
    "This psoas server needs its access token: open the address it printed when it started "
    "(the one ending in ?token=…)."
)


def test_without_the_token_every_path_is_refused(url: str) -> None:
    for path in ("/", "/api/health", "/static/app.css", "/openapi.json", "/api/export.json"):
        reply = httpx.get(url + path)
        assert reply.status_code == 401, path
        assert reply.json() == {"detail": NEEDS_TOKEN}
    wrong = httpx.get(url + "/api/health", headers={"authorization": "Bearer nope"})
    assert wrong.status_code == 401
    # A browser asking for a page gets a page with the sentence, not raw JSON.
    page = httpx.get(url + "/", headers={"accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert page.status_code == 401 and page.headers["content-type"] == "text/html; charset=utf-8"
    assert f"<p>{html.escape(NEEDS_TOKEN)}</p>" in page.text


def test_the_token_in_the_url_sets_a_cookie_that_opens_the_other_pages(url: str) -> None:
    with httpx.Client(base_url=url) as browser:
        first = browser.get(f"/?token={TOKEN}")
        assert first.status_code == 200
        assert f"{COOKIE}={TOKEN}; Path=/; HttpOnly; SameSite=Strict" in first.headers["set-cookie"]
        assert browser.get("/static/app.css").status_code == 200  # the cookie alone now suffices
        assert browser.get("/api/health").json() == {"status": "ok"}
    assert httpx.get(url + "/api/health", headers={"authorization": f"Bearer {TOKEN}"}).status_code == 200


def test_the_websocket_needs_the_token_too(url: str) -> None:
    ws = url.replace("http://", "ws://") + "/ws/live?exercise=glute-bridge"

    async def refused() -> int:
        try:
            async with websockets.connect(ws):
                return 0
        except websockets.InvalidStatus as exc:
            return exc.response.status_code

    async def accepted() -> str:
        async with websockets.connect(f"{ws}&token={TOKEN}") as sock:
            return str(json.loads(await sock.recv())["type"])

    assert asyncio.run(refused()) == 403
    assert asyncio.run(accepted()) == "hello"


def test_serve_on_loopback_prints_a_plain_url_and_answers(tmp_path: Path) -> None:
    with running_server(tmp_path) as base:
        assert base.startswith("http://127.0.0.1:") and "token" not in base
        assert httpx.get(base + "api/health").json() == {"status": "ok"}


def test_serve_on_another_address_prints_its_token_once(tmp_path: Path) -> None:
    with running_server(tmp_path, "--host", "0.0.0.0") as base:
        assert "?token=" in base
        token = base.split("?token=")[1]
        local = base.replace("0.0.0.0", "127.0.0.1").split("?")[0]
        assert httpx.get(local + "api/health").status_code == 401
        assert httpx.get(local + f"api/health?token={token}").status_code == 200


def test_serve_refuses_a_bad_port_or_host_in_one_sentence() -> None:
    result = CliRunner().invoke(cli, ["serve", "--port", "70000"])
    assert result.exit_code == 2 and "Error: --port must be between 0 and 65535, not 70000." in result.output
    result = CliRunner().invoke(cli, ["serve", "--host", "no such host.invalid"])
    assert result.exit_code == 2
    assert "'no such host.invalid' is not an address this machine can listen on." in result.output


NEAR_MISSES = {
    "empty": "",
    "first": TOKEN[:1],
    "all-but-last": TOKEN[:-1],
    "longer": TOKEN + "x",
    "upper": TOKEN.upper(),
    "suffix": TOKEN[1:],
}


@pytest.mark.parametrize("near", NEAR_MISSES.values(), ids=NEAR_MISSES.keys())
def test_only_the_whole_token_opens_the_server(url: str, near: str) -> None:
    # A check that accepted any prefix (or the empty string) would let a guess in a character at a time.
    # An empty bearer cannot be sent (HTTP strips the trailing space), so it goes as the scheme alone.
    bearer = httpx.get(url + "/api/health", headers={"authorization": f"Bearer {near}".strip()})
    cookie = httpx.get(url + "/api/health", headers={"cookie": f"{COOKIE}={near}"})
    query = httpx.get(url + "/api/health", params={"token": near})
    assert [bearer.status_code, cookie.status_code, query.status_code] == [401, 401, 401]
    assert httpx.get(url + "/api/health", params={"token": TOKEN}).status_code == 200
