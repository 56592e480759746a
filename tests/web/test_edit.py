"""Correcting records through the API and the pages: a check-in's scores, note and ratings (not its
warning signs), and a session step's outcome."""

from __future__ import annotations

import html
from collections.abc import Iterator

import httpx
import pytest

from psoas.store import Store
from psoas.store import records as rec
from psoas.store.erase import Kind, record_ids
from psoas.web import WebConfig, create_app
from web_support import app_server


@pytest.fixture
def client(store: Store) -> Iterator[httpx.Client]:
    with app_server(create_app(WebConfig(), store=store)) as url, httpx.Client(base_url=url, timeout=60) as c:
        yield c


def test_a_checkins_scores_and_note_are_corrected_through_the_api(client: httpx.Client, store: Store) -> None:
    client.put("/api/profile", json={"level": "beginner", "sitting_hours": 8, "minutes_per_day": 15,
                                     "activities": ["walking"]})  # fmt: skip
    client.post("/api/checkins", json={"low_back": 8, "no_red_flags": True, "function": {"walking": 2}})
    (row_id,) = record_ids(store, Kind.CHECKIN)
    fixed = client.patch(f"/api/checkins/{row_id}", json={"low_back": 3, "note": "typed 8 for 3"})
    assert fixed.json() == {
        "id": row_id,
        "worst_pain": 3,
        "note": "typed 8 for 3",
        "function": {"walking": 2},
    }
    client.patch(f"/api/checkins/{row_id}", json={"function": {"walking": 6}})
    (stored,) = rec.checkins(store)
    assert (stored.pain_low_back, stored.note, stored.function) == (3, "typed 8 for 3", (("walking", 6),))
    assert client.patch(f"/api/checkins/{row_id}", json={"low_back": 11}).status_code == 422
    assert client.patch(f"/api/checkins/{row_id}", json={}).json()["detail"].startswith("Nothing to change")
    assert client.patch(f"/api/checkins/{row_id}", json={"red_flags": ["trauma"]}).status_code == 422
    assert client.patch(f"/api/checkins/{row_id + 1}", json={"hip": 1}).status_code == 404


def test_the_edit_page_shows_the_check_in_and_saves_the_change(client: httpx.Client, store: Store) -> None:
    client.post("/api/checkins", json={"hip": 5, "red_flags": ["trauma"], "note": "fell"})
    (row_id,) = record_ids(store, Kind.CHECKIN)
    assert f'href="/edit/checkin/{row_id}"' in client.get("/history").text
    form = html.unescape(client.get(f"/edit/checkin/{row_id}").text)
    assert 'name="hip" min="0" max="10" step="1" value="5"' in form and "Warning signs are not edited" in form
    assert rec.checkins(store)[0].pain_hip == 5  # showing the form changes nothing
    fields = {"low_back": "0", "hip": "2", "knee": "0", "stiffness": "0", "hours_sat": "6", "note": "fell"}
    saved = client.post(f"/edit/checkin/{row_id}", data=fields)
    assert saved.status_code == 200 and 'id="edited"' in saved.text
    (stored,) = rec.checkins(store)
    assert (stored.pain_hip, stored.hours_sat, stored.red_flags) == (2, 6.0, ("trauma",))
    bad = client.post(f"/edit/checkin/{row_id}", data={"hip": "12"})
    assert bad.status_code == 422 and rec.checkins(store)[0].pain_hip == 2


def test_a_steps_outcome_is_corrected(client: httpx.Client, store: Store) -> None:
    session = client.post("/api/sessions", json={"exercises": ["warm-up"]}).json()
    work = next(s for s in session["steps"] if s["kind"] == "work")
    client.post(
        f"/api/sessions/{session['id']}/steps", json={"index": work["index"], "done_s": 5, "outcome": "done"}
    )
    url = f"/api/sessions/{session['id']}/steps/{work['index']}"
    assert client.patch(url, json={"outcome": "skipped"}).json()["outcome"] == "skipped"
    assert [s.outcome for s in rec.session_steps(store, session["id"])] == ["skipped"]
    page = html.unescape(client.get(f"/edit/session/{session['id']}").text)
    assert '<option value="skipped" selected>skipped</option>' in page
    assert "<td>Warm-up (light aerobic and dynamic)</td>" in page and ">warm-up<" not in page
    saved = client.post(f"/edit/session/{session['id']}/{work['index']}", data={"outcome": "done"})
    assert saved.status_code == 200
    assert "Saved: Warm-up (light aerobic and dynamic) is now “done”." in html.unescape(saved.text)
    assert [s.outcome for s in rec.session_steps(store, session["id"])] == ["done"]
    assert "<td>not finished · 1 step done</td>" in client.get("/history").text  # never the stored "active"
    assert (
        client.patch(f"/api/sessions/{session['id']}/steps/99", json={"outcome": "done"}).status_code == 404
    )
    assert client.patch(url, json={"outcome": "maybe"}).status_code == 422
