"""The function measure on the web: activities named in Settings, rated on the check-in page and by the
API, and listed in the history."""

from __future__ import annotations

import html
from collections.abc import Iterator

import httpx
import pytest

from psoas.store import Store
from psoas.store import records as rec
from psoas.web import WebConfig, create_app
from web_support import app_server

PROFILE = {"level": "beginner", "sitting_hours": 8, "minutes_per_day": 15}


@pytest.fixture
def client(store: Store) -> Iterator[httpx.Client]:
    with app_server(create_app(WebConfig(), store=store)) as url, httpx.Client(base_url=url, timeout=60) as c:
        yield c


def test_without_activities_the_checkin_page_invites_naming_them(client: httpx.Client) -> None:
    page = html.unescape(client.get("/checkin").text)
    assert 'href="/settings#activities"' in page and 'id="function"' not in page


def test_settings_name_the_activities_and_the_checkin_rates_them(client: httpx.Client, store: Store) -> None:
    form = {
        **PROFILE,
        "level": "beginner",
        "activity_0": "climbing stairs",
        "activity_1": "",
        "activity_2": "gardening",
    }
    assert client.post("/settings", data=form).status_code == 200
    found = rec.latest_profile(store)
    assert found is not None and found[1].activities == ("climbing stairs", "gardening")
    page = html.unescape(client.get("/checkin").text)
    assert '<label>climbing stairs <input type="number" name="function_0"' in page
    assert '<label>gardening <input type="number" name="function_1"' in page
    done = client.post("/checkin", data={"function_0": "3", "function_1": "", "no_red_flags": "on"})
    assert done.status_code == 200
    assert "How well you managed today (0 = not at all, 10 = as well as before): climbing stairs 3/10." in (
        html.unescape(done.text)
    )
    assert rec.checkins(store)[-1].function == (("climbing stairs", 3),)
    history = html.unescape(client.get("/history").text)
    assert "managed (0–10): climbing stairs 3" in history
    assert '<img alt="How well you managed your activities (0–10, higher is better)"' in history


def test_the_api_rates_only_the_profiles_activities(client: httpx.Client) -> None:
    client.put("/api/profile", json={**PROFILE, "activities": ["walking"]})
    ok = client.post("/api/checkins", json={"no_red_flags": True, "function": {"walking": 8}})
    assert ok.status_code == 201 and ok.json()["function"] == {"walking": 8}
    bad = client.post("/api/checkins", json={"no_red_flags": True, "function": {"running": 8}})
    assert (
        bad.status_code == 422 and "'running' is not one of your profile's activities" in bad.json()["detail"]
    )
    assert (
        client.post("/api/checkins", json={"no_red_flags": True, "function": {"walking": 11}}).status_code
        == 422
    )
    assert client.get("/api/history").json()["function"][-1]["value"] == 8.0
