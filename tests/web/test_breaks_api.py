"""The break schedule's API through a real `psoas serve` process, with the interval shortened by the
environment knobs (a break due after 2 s, not 40 minutes), and a restart on the same database."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from web_support import server_process

OBS, MEETING = "/api/breaks/observations", "/api/breaks/meeting"
FAST = {"PSOAS_BREAK_INTERVAL_S": "2", "PSOAS_BREAK_TICK_S": "0.2", "PSOAS_BREAK_S": "1"}


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'psoas.db'}"


@pytest.fixture
def api(tmp_path: Path, db_url: str) -> Iterator[httpx.Client]:
    with server_process(tmp_path, db_url=db_url, env=FAST) as (url, _), httpx.Client(base_url=url) as c:
        yield c


def until(
    client: httpx.Client, check: Callable[[dict[str, Any]], bool], limit_s: float = 20
) -> dict[str, Any]:
    deadline = time.monotonic() + limit_s
    while True:
        state: dict[str, Any] = client.get("/api/breaks/state").json()
        if check(state) or time.monotonic() > deadline:
            return state
        time.sleep(0.1)


def seen(client: httpx.Client, signal: str, source: str = "input") -> dict[str, Any]:
    reply = client.post("/api/breaks/observations", json={"signal": signal, "source": source})
    assert reply.status_code == 200, reply.text
    data: dict[str, Any] = reply.json()
    return data


def test_sitting_makes_a_break_due_and_snooze_and_taken_answer_it(api: httpx.Client) -> None:
    first = api.get("/api/breaks/state").json()
    assert (first["state"], first["sitting_s"], first["next_break_in_s"]) == ("away", 0.0, 2.0)
    assert seen(api, "active")["state"] == "sitting"
    due = until(api, lambda s: s["state"] == "due")
    assert due["state"] == "due" and due["sitting_s"] >= 2 and due["next_break_in_s"] == 0.0
    assert due["routine"].startswith("Walk and lunge: ")
    snoozed = api.post("/api/breaks/snooze").json()
    assert snoozed["state"] == "snoozed" and snoozed["snoozed_until"] is not None
    taken = api.post("/api/breaks/taken").json()
    assert taken["state"] == "sitting" and taken["sitting_s"] < 1 and taken["last_break"] is not None
    today = api.get("/api/breaks/stats", params={"days": 1}).json()["days"][0]
    assert (today["bouts"], today["taken"], today["verified"]) == (1, 1, 0)
    assert today["longest_s"] >= 2 and today["over_interval"] == 1
    # The old per-day counts see the same breaks: one snoozed, one done.
    assert api.get("/api/breaks/today").json() | {"missed": 0} == {
        "done": 1,
        "skipped": 0,
        "snoozed": 1,
        "idle": 0,
        "missed": 0,
    }


def test_standing_in_front_of_the_camera_is_a_verified_break(api: httpx.Client) -> None:
    seen(api, "sitting", "camera")
    seen(api, "standing", "camera")
    until(api, lambda s: s["state"] == "away" and s["last_break"] is not None)
    assert seen(api, "sitting", "camera")["sitting_s"] < 1
    today = api.get("/api/breaks/stats?days=2").json()["days"][-1]
    assert (today["bouts"], today["taken"], today["verified"]) == (1, 1, 1)


def test_a_meeting_holds_reminders_back_and_silent_mode_is_kept(api: httpx.Client) -> None:
    seen(api, "active")
    meeting = api.post("/api/breaks/meeting", json={"minutes": 30}).json()
    assert meeting["state"] == "meeting" and meeting["meeting"] is True
    time.sleep(2.5)  # past the 2 s interval: still no reminder
    assert api.get("/api/breaks/state").json()["state"] == "meeting"
    assert api.post("/api/breaks/meeting", json={"minutes": 0}).json()["state"] == "due"
    assert api.post("/api/breaks/settings", json={"silent": True}).json()["silent"] is True


@pytest.mark.parametrize(
    ("method", "path", "body", "message"),
    [
        ("POST", OBS, {"signal": "napping", "source": "input"}, "signal: Input should be"),
        ("POST", OBS, {"signal": "idle", "source": "phone"}, "source: Input should be"),
        ("POST", OBS, {"signal": "idle"}, "source: Field required"),
        ("POST", MEETING, {"minutes": -5}, "minutes: Input should be greater than or equal to 0"),
        ("POST", MEETING, {"minutes": 600}, "minutes: Input should be less than or equal to 480"),
        ("GET", "/api/breaks/stats?days=0", None, "days: Input should be greater than or equal to 1"),
    ],
)
def test_bad_input_is_one_sentence(
    api: httpx.Client, method: str, path: str, body: dict[str, Any] | None, message: str
) -> None:
    reply = api.request(method, path, json=body)
    assert reply.status_code == 422
    assert reply.json()["detail"].startswith(message)


def test_the_schedule_survives_a_server_restart(tmp_path: Path, db_url: str) -> None:
    slow = {**FAST, "PSOAS_BREAK_INTERVAL_S": "600"}
    with server_process(tmp_path, db_url=db_url, env=slow) as (url, _):
        started = seen(httpx.Client(base_url=url), "active")["sitting_since"]
    with server_process(tmp_path, db_url=db_url, env=slow) as (url, _):
        state = httpx.get(url + "api/breaks/state").json()
    assert (state["state"], state["sitting_since"]) == ("sitting", started)
    assert 0 < state["sitting_s"] < 60


def test_the_history_page_shows_the_days_sitting(api: httpx.Client) -> None:
    seen(api, "active")
    api.post("/api/breaks/taken")  # a 0-minute bout ended by a break: one bout, one break today
    page = api.get("/history").text
    table = page[page.index('<table id="sitting"') : page.index("</table>", page.index('id="sitting"'))]
    cells = re.findall(r"<td>([^<]*)</td>", table)
    assert cells[1:] == ["1", "0", "0", "0 min", "1", "0", "0"]


def test_a_mistyped_knob_is_one_line_and_the_seeds_rules_apply(tmp_path: Path, db_url: str) -> None:
    env = {"PSOAS_BREAK_INTERVAL_S": "forty"}
    with server_process(tmp_path, db_url=db_url, env=env) as (url, proc):
        state = httpx.get(url + "api/breaks/state").json()
        assert (state["interval_s"], state["max_s"], state["break_s"]) == (2400.0, 3600.0, 120.0)
        assert proc.stdout is not None
        line = ""
        for _ in range(5):  # the server's own lines come first; the warning is printed before serving
            line = proc.stdout.readline().strip()
            if line.startswith("psoas: "):
                break
    assert line == (
        "psoas: PSOAS_BREAK_INTERVAL_S must be a number of seconds, not 'forty'. "
        "Using the default break schedule."
    )
