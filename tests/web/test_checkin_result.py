"""The check-in result page repeats what was recorded (scores, hours sat) above the advice, and a
warning sign's referral still comes first."""

from __future__ import annotations

import html
from collections.abc import Iterator

import httpx
import pytest

from psoas.store import Store
from psoas.web import WebConfig, create_app
from web_support import app_server

SCORES = {"low_back": "4", "hip": "2", "knee": "0", "stiffness": "3", "hours_sat": "6.5"}


@pytest.fixture
def client(store: Store) -> Iterator[httpx.Client]:
    with app_server(create_app(WebConfig(), store=store)) as url, httpx.Client(base_url=url, timeout=60) as c:
        yield c


def test_the_result_repeats_the_scores_and_hours_above_the_advice(client: httpx.Client) -> None:
    done = client.post("/checkin", data={**SCORES, "no_red_flags": "on"})
    assert done.status_code == 200
    page = html.unescape(done.text)
    said = "Pain and stiffness (0 = none, 10 = worst): low back 4 · hip 2 · knee 0 · stiffness 3."
    assert said in page and "Hours sat today: 6.5." in page
    assert page.index('id="recorded"') < page.index("<h2>What may help</h2>") < page.index("<h2>Habits</h2>")
    assert "You sat 6.5 h: take a break at least every 40 minutes." in page


def test_a_warning_sign_is_told_before_the_record(client: httpx.Client) -> None:
    done = client.post("/checkin", data={**SCORES, "red_flags": "bladder-bowel"})
    page = html.unescape(done.text)
    referral = '<p class="alert" role="alert">'
    assert page.count(referral) == 1 and page.index(referral) < page.index('id="recorded"')
    assert "low back 4 · hip 2 · knee 0 · stiffness 3." in page
