"""What the Chromium tests share: Playwright and the browser (one per module), a server on a fresh
database, polling a page expression, and collecting script errors.

Import it after the module's `chromium_missing()` skip: it imports Playwright."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from web_support import CHROMIUM, running_server

__all__ = [
    "CHROMIUM_ARGS",
    "SIZES",
    "browser",
    "db_url",
    "fake_camera",
    "playwright",
    "server",
    "shots",
    "until",
    "upload",
    "watch",
]

CHROMIUM_ARGS = ["--no-sandbox", "--autoplay-policy=no-user-gesture-required"]
SIZES = {"desk": (1280, 800), "phone": (390, 844)}


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    b = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield b
    b.close()


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'psoas.db'}"


@pytest.fixture
def server(tmp_path: Path, db_url: str) -> Iterator[str]:
    with running_server(tmp_path, db_url=db_url) as url:
        yield url.rstrip("/")


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots go: $PSOAS_SCREENSHOTS when set, else a temporary folder."""
    folder = Path(os.environ.get("PSOAS_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def until(page: Page, expression: str, timeout_s: float = 20.0) -> Any:
    """Poll a page expression from here until it is truthy, and return that value: Playwright's
    wait_for_function compiles its predicate with eval, which the pages' Content-Security-Policy
    (rightly) forbids."""
    deadline = time.monotonic() + timeout_s
    while not (value := page.evaluate(expression)):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout_s:.0f} s: {expression}")
        time.sleep(0.1)
    return value


def fake_camera(y4m: Path) -> list[str]:
    """Chromium flags for a camera that plays `y4m` (web_support.write_y4m) and is allowed unasked."""
    return [
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={y4m}",
    ]


def upload(page: Page, server: str, path: Path, exercise: str) -> None:
    """Open the analyse page and send the file there to be analysed as `exercise`."""
    page.goto(server + "/analyze")
    page.set_input_files("#upload input[type=file]", str(path))
    page.select_option("#upload select[name=exercise]", exercise)
    page.click("#upload button[type=submit]")


def watch(page: Page) -> list[str]:
    """The page's uncaught exceptions and console errors, collected as they happen."""
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    return errors
