"""The guided-session player in the system's Chromium: the preview, the figure, rep-by-rep prompts, the
terminal player's keys, Escape in the pain dialog and the question before ending. Screenshots go to
$PSOAS_SCREENSHOTS when set, at a desk size and a phone size."""

from __future__ import annotations

import os
import re
from pathlib import Path

import httpx
import pytest

from conftest import MEDIA_DIR
from psoas.catalog import default_catalog
from psoas.store import open_store
from psoas.store import records as rec
from web_support import chromium_missing, write_y4m

pytestmark = pytest.mark.slow

WHY_NOT = chromium_missing()
if WHY_NOT:
    pytest.skip(WHY_NOT, allow_module_level=True)

from browser_support import SIZES, browser, db_url, fake_camera, playwright, server, until, watch  # noqa: E402
from playwright.sync_api import Browser, Page, Playwright  # noqa: E402

__all__ = ["browser", "db_url", "playwright", "server"]  # the shared fixtures, used by name


def _shot(page: Page, name: str) -> None:
    folder = os.environ.get("PSOAS_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


KNEE_RAISES = default_catalog().exercise("standing-hip-flexion").name


def _page(browser: Browser, size: str) -> tuple[Page, list[str]]:
    width, height = SIZES[size]
    page = browser.new_page(viewport={"width": width, "height": height})
    errors = watch(page)
    page.add_init_script(
        "window.spoken = []; window.speechSynthesis && (speechSynthesis.speak = (u) => spoken.push(u.text));"
    )
    return page, errors


@pytest.mark.parametrize("size", ["desk", "phone"])
def test_the_player_prompts_each_rep_and_answers_the_keys(browser: Browser, server: str, size: str) -> None:
    page, errors = _page(browser, size)
    # Knee raises: repetitions with a pause at the top for everyone (a beginner's bridge is held instead).
    page.goto(server + "/session?exercises=standing-hip-flexion&speed=8")
    assert page.inner_text("#begin") == f"Start: {KNEE_RAISES}"
    assert page.inner_text("#preview") == KNEE_RAISES
    _shot(page, f"session-preview-{size}")
    page.click("#begin")
    page.wait_for_selector("#rep:not([hidden])", timeout=60_000)  # after the setup step
    assert page.get_attribute("#demo", "src") == "/exercises/standing-hip-flexion/demo.svg"
    # At 8× a 2 s pause passes in a quarter second, so the prompt is caught in the page at the moment it
    # shows the hold (read later, a busy machine finds "down"); which rep it is depends on that moment.
    until(page, "(t => t.includes('hold') && (window.held = t))(document.getElementById('rep').textContent)")
    assert re.fullmatch(r"Rep ([1-9]|10) of 10: hold [1-3] s", page.evaluate("window.held"))
    _shot(page, f"session-rep-{size}")
    page.keyboard.press(" ")
    assert page.inner_text("#pause") == "Resume"
    frozen = page.inner_text("#countdown")
    page.wait_for_timeout(600)
    assert page.inner_text("#countdown") == frozen
    page.keyboard.press(" ")
    assert page.inner_text("#pause") == "Pause"
    page.keyboard.press("q")
    assert page.is_visible("#quit-dialog")
    _shot(page, f"session-quit-{size}")
    page.click("#quit-dialog button[value=keep]")
    until(page, "document.getElementById('pause').textContent === 'Pause'")  # the dialog's close event
    assert not page.is_visible("#quit-dialog")
    spoken = page.evaluate("window.spoken")
    assert "Hold." in spoken
    assert errors == []
    page.close()


def test_escape_in_the_pain_dialog_stops_the_exercise_and_saves_it(
    browser: Browser, server: str, db_url: str
) -> None:
    page, errors = _page(browser, "desk")
    page.goto(server + "/session?exercises=glute-bridge&speed=8")
    page.click("#begin")
    page.wait_for_selector("#player:not([hidden])")
    page.keyboard.press("p")
    assert page.is_visible("#pain-dialog")
    page.click("button.score[value='2']")
    assert page.get_attribute("button.score[value='2']", "aria-pressed") == "true"
    assert page.get_attribute("button.score[value='3']", "aria-pressed") == "false"
    _shot(page, "session-pain-desk")
    page.keyboard.press("Escape")
    page.wait_for_selector("#summary:not([hidden])", timeout=60_000)
    store = open_store(db_url)
    steps = rec.session_steps(store)
    assert steps[0].outcome == "stopped" and all(s.outcome == "skipped" for s in steps[1:])
    assert rec.pain_events(store) == []  # no score was given
    store.dispose()
    assert errors == []
    page.close()


def test_the_camera_counts_the_sessions_reps(playwright: Playwright, tmp_path: Path, server: str) -> None:
    """The real clip's three bridges through a fake camera: the session's rep count follows the camera."""
    clip = MEDIA_DIR / "glute_bridges.mp4"
    if not clip.exists():
        pytest.skip(f"{clip} is not here")
    y4m = tmp_path / "glute_bridges.y4m"
    write_y4m(clip, y4m, tail_s=2.5)
    args = ["--no-sandbox", *fake_camera(y4m)]
    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=args)
    # Past beginner level a bridge is counted in repetitions (a beginner holds it instead).
    profile = {"level": "intermediate", "sitting_hours": 8, "minutes_per_day": 20}
    assert httpx.put(server + "/api/profile", json=profile, timeout=30).status_code == 200
    page, errors = _page(browser, "desk")
    page.goto(server + "/session?exercises=glute-bridge&speed=6")
    page.check("#camera-on")
    page.click("#begin")
    until(page, "/[1-9] counted/.test(document.getElementById('camera-line').textContent)", 90)
    counted = int(page.inner_text("#camera-line").split("Camera: ")[1].split(" counted")[0])
    # The prompt follows the camera's count on its next tick (every 100 ms), not the tempo's clock.
    rep_no = "parseInt(document.getElementById('rep').textContent.split(' ')[1])"
    until(page, f"{rep_no} >= {counted + 1}", 5)
    _shot(page, "session-camera-desk")
    assert errors == []
    browser.close()


def test_the_live_coach_starts_again_after_finish(
    playwright: Playwright, tmp_path: Path, server: str
) -> None:
    clip = MEDIA_DIR / "glute_bridges.mp4"
    if not clip.exists():
        pytest.skip(f"{clip} is not here")
    y4m = tmp_path / "glute_bridges.y4m"
    write_y4m(clip, y4m, tail_s=0.5)
    args = ["--no-sandbox", *fake_camera(y4m)]
    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=args)
    page, errors = _page(browser, "phone")
    page.goto(server + "/live?exercise=glute-bridge")
    # On a phone the count comes before the video, in sight.
    assert page.evaluate(
        "document.querySelector('.readout').getBoundingClientRect().top"
        " < document.querySelector('.stage').getBoundingClientRect().top"
    )
    assert not page.is_visible("#frames")  # the technical figures wait in a closed details panel
    page.click("#start")
    until(page, "window.psoasLive.states > 0", 30)
    page.click("#finish")
    page.wait_for_selector("#result:not([hidden])", timeout=60_000)
    assert page.is_enabled("#start") and page.is_enabled("#exercise")
    before = page.evaluate("window.psoasLive.states")
    page.click("#start")
    until(page, f"window.psoasLive.states > {before}", 30)
    _shot(page, "live-restarted-phone")
    assert errors == []
    browser.close()
