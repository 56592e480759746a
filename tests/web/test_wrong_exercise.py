"""A real clip of another exercise (squat holds and pulses, standing) uploaded as a glute bridge: the
result says what was seen, shows no model numbers, stores nothing and does not claim it was saved; the
analyse page says the same in the browser."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from conftest import MEDIA_DIR
from psoas.store import Store
from psoas.store import records as rec
from psoas.web import WebConfig, create_app
from web_support import CHROMIUM, app_server, chromium_missing

pytestmark = pytest.mark.slow

CLIP = MEDIA_DIR / "squat_hold_and_pulses.mp4"
SEEN = (
    "This looks like standing, not the glute bridge, which is done lying on the back: "
    "choose the exercise you did, or leave the exercise empty to have it recognised."
)


@pytest.fixture
def client(store: Store) -> Iterator[httpx.Client]:
    if not CLIP.exists():
        pytest.skip(f"{CLIP} is not here")
    with app_server(create_app(WebConfig(), store=store)) as url, httpx.Client(base_url=url, timeout=60) as c:
        yield c


def _finished(client: httpx.Client, job: dict[str, Any]) -> dict[str, Any]:
    deadline = time.monotonic() + 300
    while job["status"] not in ("done", "failed") and time.monotonic() < deadline:
        time.sleep(0.5)
        job = client.get(f"/api/jobs/{job['id']}").json()
    return job


def test_a_standing_clip_uploaded_as_a_bridge_says_what_it_saw(client: httpx.Client, store: Store) -> None:
    sent = client.post(
        "/api/analyses",
        files={"file": (CLIP.name, CLIP.read_bytes(), "video/mp4")},
        data={"exercise": "glute-bridge"},
    )
    assert sent.status_code == 202, sent.text
    job = _finished(client, sent.json())
    assert job["status"] == "done", job
    report = job["result"]["report"]
    assert (report["quality"]["valid"], report["rep_count"], report["psoas"]) == (False, 0, None)
    assert [i["message"] for i in report["quality"]["issues"]] == [SEEN]
    assert job["result"]["saved"] is None and job["result"]["explain"] == []
    assert rec.analyses(store) == []


def test_the_analyse_page_says_it_too(store: Store) -> None:
    why_not = chromium_missing()
    if why_not or not CLIP.exists():
        pytest.skip(why_not or f"{CLIP} is not here")
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 (only with a browser)

    with (
        app_server(create_app(WebConfig(), store=store)) as url,
        sync_playwright() as p,
    ):
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(url.rstrip("/") + "/analyze")
        page.set_input_files("#upload input[type=file]", str(CLIP))
        page.select_option("#upload select[name=exercise]", "glute-bridge")
        page.click("#upload button[type=submit]")
        page.wait_for_selector("#result:not([hidden])", timeout=240_000)
        summary = page.inner_text("#summary")
        browser.close()
    assert SEEN in summary
    first = summary.splitlines()[0]  # the exercise by its name and the camera's angle in words
    assert first.startswith("Glute bridge · ") and " · filmed from " in first, first
    # No empty count, no terminal option and no rule ids: what was seen says it.
    for word in ("hold(s)", "repetitions", "--exercise", "needs a front view", "% of frames"):
        assert word not in summary, summary
    assert "psoas (model estimate" not in summary and "Saved to your history" not in summary
    assert "Not saved: nothing in this clip could be counted as this exercise." in summary
