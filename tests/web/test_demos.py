"""The demonstration figures on the pages: served as SVG from the catalog, shown in the library, on each
exercise page, in the session player and beside the Thomas test instructions."""

from __future__ import annotations

import html
from collections.abc import Iterator

import httpx
import pytest

from psoas.catalog import default_catalog
from psoas.catalog.demo import THOMAS, load_demos
from psoas.report.figure import demo_svg
from psoas.store import Store
from psoas.web import WebConfig, create_app
from web_support import app_server


@pytest.fixture
def client(store: Store) -> Iterator[httpx.Client]:
    app = create_app(WebConfig(), store=store)
    with app_server(app) as url, httpx.Client(base_url=url, timeout=60) as c:
        yield c


def test_each_exercise_serves_its_figure_and_the_pages_show_it(client: httpx.Client) -> None:
    catalog = default_catalog()
    library = client.get("/exercises").text
    for ex in catalog.exercises:
        reply = client.get(f"/exercises/{ex.id}/demo.svg")
        assert reply.status_code == 200 and reply.headers["content-type"] == "image/svg+xml"
        assert reply.text == demo_svg(load_demos()[ex.id], ex.dose)
        assert f'src="/exercises/{ex.id}/demo.svg"' in library
    page = client.get("/exercises/glute-bridge").text
    assert f'alt="{load_demos()["glute-bridge"].caption}"' in page
    assert client.get("/thomas/demo.svg").text == demo_svg(load_demos()[THOMAS], None)
    assert 'src="/thomas/demo.svg"' in client.get("/thomas").text
    assert client.get("/exercises/no-such-thing/demo.svg").status_code == 404


def test_history_has_an_empty_state_then_lists_in_words(client: httpx.Client) -> None:
    empty = client.get("/history").text
    assert 'id="empty"' in empty and "<figure>" not in empty and "No sessions yet." in empty
    client.post(
        "/api/checkins", json={"low_back": 3, "signs": [], "no_red_flags": True, "note": "long drive"}
    )
    session = client.post("/api/sessions", json={"exercises": ["glute-bridge"]}).json()
    work = [s for s in session["steps"] if s["kind"] == "work"]
    client.post(
        f"/api/sessions/{session['id']}/steps",
        json={"index": work[0]["index"], "done_s": work[0]["seconds"], "outcome": "done"},
    )
    client.post(f"/api/sessions/{session['id']}/finish", json={"outcome": "quit"})
    page = html.unescape(client.get("/history").text)
    assert (
        'id="empty"' not in page and page.count("<figure>") == 2
    )  # pain and adherence; no session completed
    assert "ended early · 1 step done</td><td>Glute bridge</td>" in page
    assert "low back 3 · hip 0 · knee 0" in page and "<em>long drive</em>" in page
