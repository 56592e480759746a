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
from web_support import app_server

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
