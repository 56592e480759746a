"""The break page's camera check in the system's Chromium, fed a fake camera made from a real clip
(knee_lifts.mp4: a man standing side-on, then lifting his knees): the indicator shows while the camera is
on, the first look answers "standing", two agreeing looks send "standing" to the break schedule, and the
knee-raise count comes from the live coach."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from conftest import MEDIA_DIR
from web_support import chromium_missing, running_server, write_y4m

pytestmark = pytest.mark.slow

WHY_NOT = chromium_missing()
if WHY_NOT:
    pytest.skip(WHY_NOT, allow_module_level=True)

from browser_support import fake_camera  # noqa: E402
from playwright.sync_api import Page, Request, sync_playwright  # noqa: E402

CLIP = MEDIA_DIR / "knee_lifts.mp4"


def _text_until(page: Page, element: str, pattern: str, timeout_s: float = 30.0) -> None:
    """Poll an element's text from here until it matches `pattern` whole (wait_for_function evaluates
    its predicate as a string, which the pages' CSP forbids)."""
    deadline = time.monotonic() + timeout_s
    while not re.fullmatch(pattern, text := page.inner_text(element).strip()):
        assert time.monotonic() < deadline, f"{element} still says {text!r}, not /{pattern}/"
        time.sleep(0.1)


def test_the_camera_check_looks_answers_and_tells_the_schedule(tmp_path: Path) -> None:
    if not CLIP.is_file():
        pytest.skip(f"test clip not found at {CLIP}")
    y4m = tmp_path / "knee_lifts.y4m"
    write_y4m(CLIP, y4m)
    args = [
        "--no-sandbox",
        "--autoplay-policy=no-user-gesture-required",
        *fake_camera(y4m),
    ]
    observed: list[dict[str, str]] = []

    def sent(request: Request) -> None:
        if request.url.endswith("/api/breaks/observations") and request.method == "POST":
            observed.append(json.loads(request.post_data or "{}"))

    with running_server(tmp_path / "data") as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("request", sent)
        page.goto(url.rstrip("/") + "/breaks")
        assert page.locator("#presence-indicator").is_hidden()
        page.check("#presence-on")
        indicator = page.locator("#presence-indicator")
        indicator.wait_for(state="visible")
        assert indicator.inner_text().strip() == "Camera looking every 5 s"
        # The first look goes at once; he stands still through the clip's first 7 s.
        _text_until(page, "#presence-posture", r"standing")
        # The second agreeing look (5 s later) settles the posture, which goes to the schedule.
        _text_until(page, "#presence-bout", r"not sitting")
        assert observed and observed[-1] == {"signal": "standing", "source": "camera"}
        page.click("#presence-count")
        _text_until(page, "#presence-reps", r"\d+ knee raises counted", timeout_s=60)
        page.uncheck("#presence-on")
        indicator.wait_for(state="hidden")
        browser.close()
    assert errors == []
