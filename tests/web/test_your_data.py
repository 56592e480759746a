"""Deleting your records, through the API and the pages: one at a time with a confirmation, or all; the
check-in whose warning sign pauses the plan stays until a clinician visit is recorded."""

from __future__ import annotations

import html
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest

from psoas.store import Store
from psoas.store import records as rec
from psoas.store.erase import Kind, record_ids
from psoas.web import WebConfig, create_app
from web_support import app_server


@pytest.fixture
def client(store: Store) -> Iterator[httpx.Client]:
    app = create_app(WebConfig(), store=store)
    with app_server(app) as url, httpx.Client(base_url=url, timeout=60) as c:
        yield c


def test_a_duplicate_checkin_is_deleted_after_the_question(client: httpx.Client, store: Store) -> None:
    for _ in range(2):
        assert client.post("/api/checkins", json={"low_back": 2, "no_red_flags": True}).status_code == 201
    first, second = record_ids(store, Kind.CHECKIN)
    page = client.get("/history").text
    assert f'href="/delete/checkin/{second}"' in page
    question = html.unescape(client.get(f"/delete/checkin/{second}").text)
    assert "Delete the check-in? " in question and 'action="/delete/checkin/' in question
    assert len(rec.checkins(store)) == 2  # asking deletes nothing
    done = client.post(f"/delete/checkin/{second}")
    assert done.status_code == 200 and 'id="deleted"' in done.text
    assert record_ids(store, Kind.CHECKIN) == [first]
    assert client.delete(f"/api/checkins/{second}").status_code == 404
    assert client.delete(f"/api/checkins/{first}").json() == {"deleted": "checkin", "id": first}
    assert rec.checkins(store) == []


def test_the_pausing_checkin_stays(client: httpx.Client, store: Store) -> None:
    client.post("/api/checkins", json={"red_flags": ["trauma"]})
    (flagged,) = record_ids(store, Kind.CHECKIN)
    refused = client.delete(f"/api/checkins/{flagged}")
    assert refused.status_code == 409 and "record the clinician visit" in refused.json()["detail"]
    assert client.post(f"/delete/checkin/{flagged}").status_code == 409
    assert len(rec.checkins(store)) == 1 and client.get("/api/pause").json() is not None


def test_a_session_goes_with_its_steps_and_a_thomas_test_with_its_angles(
    client: httpx.Client, store: Store
) -> None:
    session = client.post("/api/sessions", json={"exercises": ["glute-bridge"]}).json()
    step = session["steps"][0]
    client.post(
        f"/api/sessions/{session['id']}/steps",
        json={"index": 0, "done_s": step["seconds"], "outcome": "done"},
    )
    assert client.delete(f"/api/sessions/{session['id']}").status_code == 200
    assert rec.sessions(store) == [] and rec.session_steps(store) == []
    at = datetime(2026, 11, 20, 9, tzinfo=UTC)
    rec.add_measurements(
        store,
        [
            rec.MeasurementRecord(at, "thomas-thigh-angle", "left", 4.0, "deg", "photo", {}),
            rec.MeasurementRecord(at, "thomas-knee-angle", "left", 80.0, "deg", "photo", {}),
        ],
    )
    (test_id,) = record_ids(store, Kind.THOMAS)
    assert client.delete(f"/api/thomas/{test_id}").status_code == 200 and rec.measurements(store) == []


def test_delete_all_my_data(client: httpx.Client, store: Store) -> None:
    client.post("/api/checkins", json={"low_back": 2, "no_red_flags": True})
    client.post("/api/breaks", json={"outcome": "done"})
    export = html.unescape(client.get("/export").text)
    assert "<td>Check-ins</td>" in export and "pain_events</td>" not in export and 'href="/erase"' in export
    assert client.post("/api/erase", json={"confirm": False}).status_code == 422
    assert len(rec.checkins(store)) == 1
    assert "Delete all your data" in html.unescape(client.get("/erase").text)
    assert client.post("/erase").status_code == 200
    assert all(rows == [] for rows in rec.all_rows(store).values())
