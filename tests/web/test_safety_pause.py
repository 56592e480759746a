"""A warning sign pauses the plan on every web surface until a clinician visit is recorded: the Today
page (with its form), the session page and API, the plan API and the break timer. Through httpx against a
real server, on a real store."""

from __future__ import annotations

import html
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from psoas.assess.checkin import pause_from
from psoas.plan import make_profile
from psoas.safety import EMERGENCY, RESUMED, SEE_DOCTOR_TODAY, SEVERE_PAIN_REST, paused_text
from psoas.store import Store
from psoas.store import records as rec
from psoas.store.clearances import clearances
from psoas.web import WebConfig, create_app
from web_support import app_server


@pytest.fixture
def client(store: Store) -> Iterator[httpx.Client]:
    app = create_app(WebConfig(), store=store)
    with app_server(app) as url, httpx.Client(base_url=url, timeout=60) as c:
        yield c


def _profile(store: Store, **kw: object) -> None:
    base: dict[str, object] = {"level": "beginner", "sitting_hours": 9, "minutes_per_day": 20}
    today = datetime.now().astimezone().date()
    rec.save_profile(store, make_profile(**{**base, **kw}, started=today), datetime.now(UTC))  # type: ignore[arg-type]


def _flag(client: httpx.Client, *flags: str) -> dict[str, object]:
    reply = client.post("/api/checkins", json={"low_back": 0, "red_flags": list(flags)})
    assert reply.status_code == 201
    data: dict[str, object] = reply.json()
    return data


def _text(page: str) -> str:
    return html.unescape(page)


def test_a_warning_sign_pauses_every_surface_and_a_recorded_visit_resumes(
    client: httpx.Client, store: Store
) -> None:
    _profile(store)
    assert client.get("/api/plan/today").json()["items"], "a plan before the warning sign"
    result = _flag(client, "saddle-numbness")
    assert result["urgency"] == "emergency" and result["paused"] is True
    assert result["messages"][0] == EMERGENCY and result["exercises"] == []  # type: ignore[index]
    pause = pause_from(rec.checkins(store), [])
    assert pause is not None
    message = paused_text(pause)

    assert client.get("/api/pause").json()["message"] == message
    today = client.get("/api/plan/today").json()
    assert today["items"] == [] and today["source"] == "paused" and today["paused"]["message"] == message
    started = client.post("/api/sessions", json={})
    assert started.status_code == 409 and started.json() == {"detail": message}
    chosen = client.post("/api/sessions", json={"exercises": ["diaphragmatic-breathing"]})
    assert chosen.status_code == 409 and chosen.json() == {"detail": message}
    home = _text(client.get("/").text)
    assert f'<p class="alert" role="alert">{message}</p>' in home
    assert '<form method="post" action="/clear"' in home and "Paused: no exercise" in home
    assert message in _text(client.get("/session").text)
    breaks = _text(client.get("/breaks").text)
    assert message in breaks and "Change position" in breaks and "Walk and lunge" not in breaks

    clear_check = client.post("/api/checkins", json={"no_red_flags": True})
    assert clear_check.status_code == 201
    assert client.get("/api/pause").json() is not None, "a clear check-in does not lift the pause"

    yesterday = (datetime.now().astimezone().date() - timedelta(days=1)).isoformat()
    early = client.post("/clear", data={"seen_on": yesterday})
    assert early.status_code == 422 and "must be dated between the warning sign" in _text(early.text)
    done = client.post("/clear", data={"note": "GP: seen, all clear"})
    assert done.status_code == 200 and RESUMED in _text(done.text)
    assert [c.note for c in clearances(store)] == ["GP: seen, all clear"]
    assert client.get("/api/pause").json() is None
    assert client.get("/api/plan/today").json()["items"]
    assert client.post("/api/sessions", json={}).status_code == 201
    assert "Walk and lunge" in client.get("/breaks").text
    again = client.post("/api/clearances", json={})
    assert again.status_code == 422
    assert again.json() == {"detail": "No warning sign is pausing your plan: there is nothing to clear."}


def test_the_clearance_api_records_the_day_of_the_visit(client: httpx.Client, store: Store) -> None:
    _flag(client, "trauma")
    day = datetime.now().astimezone().date().isoformat()
    reply = client.post("/api/clearances", json={"seen_on": day, "note": "A&E, X-ray clear"})
    assert reply.status_code == 201
    assert reply.json()["seen_on"] == day and reply.json()["cleared"]["flags"] == ["trauma"]
    assert [(c.seen_on.isoformat(), c.note) for c in clearances(store)] == [(day, "A&E, X-ray clear")]
    future = client.post("/api/clearances", json={"seen_on": "2999-01-01"})
    assert future.status_code == 422


def test_the_starter_routine_is_paused_too_without_a_profile(client: httpx.Client) -> None:
    _flag(client, "calf-swelling")
    data = client.get("/api/dashboard").json()
    assert data["plan"] == [] and data["pause"]["urgency"] == "today"
    assert data["pause"]["message"].count(SEE_DOCTOR_TODAY) == 1


def test_new_pain_pauses_only_when_the_profile_says_at_risk(client: httpx.Client, store: Store) -> None:
    _profile(store)
    calm = _flag(client, "new-pain")
    assert calm["paused"] is False and client.get("/api/pause").json() is None
    _profile(store, risk_factors=["cancer-history"])
    risky = _flag(client, "new-pain")
    assert risky["paused"] is True and risky["red_flags"] == ["new-pain"]
    assert client.get("/api/pause").json()["flags"] == ["new-pain"]


def test_severe_pain_makes_today_a_breathing_only_rest_day(client: httpx.Client, store: Store) -> None:
    _profile(store)
    reply = client.post("/api/checkins", json={"hip": 8, "no_red_flags": True})
    assert SEVERE_PAIN_REST in reply.json()["messages"]
    today = client.get("/api/plan/today").json()
    assert [i["exercise_id"] for i in today["items"]] == ["diaphragmatic-breathing"]
    assert today["rest"] == SEVERE_PAIN_REST
    assert SEVERE_PAIN_REST in _text(client.get("/").text)


def test_settings_record_a_pregnancy_by_its_weeks(client: httpx.Client, store: Store) -> None:
    form = {"level": "beginner", "sitting_hours": "8", "minutes_per_day": "20", "pregnancy_week": "24"}
    reply = client.post("/settings", data=form)
    assert (
        reply.status_code == 200
        and 'name="pregnancy_week" min="0" max="42" step="1" value="24"' in reply.text
    )
    found = rec.latest_profile(store)
    assert found is not None and found[1].pregnancy_week(datetime.now().astimezone().date()) == 24
    assert client.get("/api/profile").json()["limitations"] == ["pregnancy"]
    ids = {i["exercise_id"] for i in client.get("/api/plan/today").json()["items"]}
    assert not ids & {"glute-bridge", "half-bridge", "single-knee-to-chest", "straight-leg-raise"}
    refused = client.post("/settings", data={**form, "pregnancy_week": "", "limitations": "pregnancy"})
    assert refused.status_code == 422 and "Pregnancy needs the weeks" in refused.text


def test_every_page_says_the_pause_the_same_way_and_none_offers_exercise(client: httpx.Client) -> None:
    _flag(client, "saddle-numbness")
    message = client.get("/api/pause").json()["message"]
    for path in (
        "/",
        "/exercises",
        "/exercises/glute-bridge",
        "/session",
        "/live",
        "/thomas",
        "/breaks",
        "/history",
        "/checkin",
        "/settings",
        "/export",
    ):
        text = _text(client.get(path).text)
        assert text.count(message) == 1, path
        assert "Start the session" not in text and "Play it now" not in text, path
    assert '<button id="start" class="button" type="submit" disabled>' in client.get("/live").text
    assert "A first routine" not in client.get("/").text and "<h2>Plan paused</h2>" in client.get("/").text
    calm = _text(client.post("/checkin", data={"low_back": "3", "no_red_flags": "on"}).text)
    assert calm.count(message) == 1 and "What may help" not in calm
    history = _text(client.get("/history").text)
    assert "Numbness or tingling around the groin, buttocks or inner thighs?" in history
    assert "saddle-numbness" not in history


def test_no_pause_means_no_banner(client: httpx.Client) -> None:
    for path in ("/", "/session", "/exercises/glute-bridge"):
        assert 'id="paused"' not in client.get(path).text, path
    assert "Play it now" in client.get("/exercises/glute-bridge").text
