"""The live coach's WebSocket against a real server: protocol errors, back-pressure, resume, finish."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import struct
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
import websockets

from conftest import MEDIA_DIR
from psoas.store import Store, open_store
from psoas.store import records as rec
from psoas.web import WebConfig, create_app
from web_support import app_server, jpeg_frames

BLANK = cv2.imencode(".jpg", np.full((480, 640, 3), 180, np.uint8))[1].tobytes()


@pytest.fixture
def ws_url(store: Store) -> Iterator[str]:
    with app_server(create_app(WebConfig(live_runs=1), store=store)) as url:
        yield url.replace("http://", "ws://") + "/ws/live"


def frame(jpeg: bytes, stamp: float = 0.0) -> bytes:
    return struct.pack("<d", stamp) + jpeg


async def _recv(ws: Any) -> dict[str, Any]:
    message: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), 60))
    return message


def test_unknown_or_unsupported_exercise_is_refused_with_a_sentence(ws_url: str) -> None:
    async def talk(query: str) -> dict[str, Any]:
        async with websockets.connect(f"{ws_url}?{query}") as ws:
            return await _recv(ws)

    assert asyncio.run(talk("exercise=nope")) == {
        "type": "error",
        "message": "No exercise called 'nope'.",
        "fatal": True,
    }
    refused = asyncio.run(talk("exercise=diaphragmatic-breathing"))
    assert refused["message"].startswith(
        "'diaphragmatic-breathing': The camera does not follow this one: slow belly breathing"
    )
    assert (
        asyncio.run(talk("exercise=glute-bridge&side=up"))["message"]
        == "side must be auto, left or right, not 'up'."
    )


def test_bad_frames_get_an_error_and_the_socket_goes_on(ws_url: str) -> None:
    async def talk() -> list[dict[str, Any]]:
        async with websockets.connect(f"{ws_url}?exercise=glute-bridge") as ws:
            hello = await _recv(ws)
            await ws.send(b"abc")
            short = await _recv(ws)
            await ws.send(frame(b"not a jpeg"))
            undecodable = await _recv(ws)
            await ws.send(frame(BLANK, 12.5))  # any page clock: ms since the page loaded
            state = await _recv(ws)
            return [hello, short, undecodable, state]

    hello, short, undecodable, state = asyncio.run(talk())
    assert hello["type"] == "hello" and hello["state"] is None
    assert short == {"type": "error", "message": "A frame must be a time stamp and a JPEG."}
    assert undecodable == {"type": "error", "message": "A frame could not be decoded as JPEG."}
    assert state["type"] == "state" and state["echo"] == 12.5 and state["frames"] == 1
    assert (
        state["state"]["usable"] is False
        and state["state"]["reps"] == 0
        and state["state"]["landmarks"] == []
    )


def test_frames_that_arrive_while_one_is_coached_are_dropped_not_queued(store: Store) -> None:
    # The test holds the run's lock, so the coach is stuck in its first frame (or has not taken one)
    # until the whole burst has arrived: however fast the machine, at most one frame is being coached
    # and one waits; the other six are dropped, and the newest is the one coached last.
    app = create_app(WebConfig(live_runs=1), store=store)

    async def talk(ws_url: str) -> tuple[list[dict[str, Any]], bool]:
        async with websockets.connect(f"{ws_url}?exercise=glute-bridge") as ws:
            run = app.state.runs._runs[(await _recv(ws))["run"]]
            with run.lock:
                for k in range(8):
                    await ws.send(frame(BLANK, float(k)))
                deadline = time.monotonic() + 60
                while run.dropped < 6:  # a condition the burst must reach, however long it takes
                    assert time.monotonic() < deadline, "the burst never reached the server"
                    await asyncio.sleep(0.01)
            replies = [await _recv(ws)]
            while replies[-1]["frames"] + replies[-1]["dropped"] < 8:
                replies.append(await _recv(ws))
            await ws.send(json.dumps({"type": "finish", "save": False}))
            report = await _recv(ws)
            return replies, report["saved"] is None

    with app_server(app) as url:
        replies, not_saved = asyncio.run(talk(url.replace("http://", "ws://") + "/ws/live"))
    last = replies[-1]
    assert last["dropped"] in (6, 7)  # 7 when the burst was filed before the coach took a frame
    assert last["frames"] == 8 - last["dropped"]
    assert len(replies) == last["frames"]  # one answer per coached frame, none for a dropped one
    assert last["echo"] == 7.0  # the newest frame is always the one coached last
    assert not_saved


def test_a_second_page_is_refused_while_the_run_is_live(ws_url: str) -> None:
    async def talk() -> dict[str, Any]:
        async with websockets.connect(f"{ws_url}?exercise=glute-bridge") as first:
            await _recv(first)
            async with websockets.connect(f"{ws_url}?exercise=glute-bridge") as second:
                return await _recv(second)

    refused = asyncio.run(talk())
    assert refused["message"] == "The live coach is already in use in another tab; finish it there first."


@pytest.mark.slow
def test_real_clip_through_the_socket_counts_three_bridges_across_a_dropped_connection(
    ws_url: str, store: Store
) -> None:
    clip = MEDIA_DIR / "glute_bridges.mp4"
    if not clip.exists():
        pytest.skip(f"{clip} not found")
    frames = jpeg_frames(clip)
    cut = 280  # between the second bridge (counted at frame 234, 7.8 s) and the third (327, 10.9 s)

    async def send_all(ws: Any, part: list[bytes], start: int) -> list[dict[str, Any]]:
        states = []
        for i, jpeg in enumerate(part, start):
            await ws.send(frame(jpeg, i * 1000 / 30))  # the clip's own capture times, in ms
            states.append((await _recv(ws))["state"])
        return states

    async def talk() -> tuple[list[dict[str, Any]], dict[str, Any], list[dict[str, Any]], dict[str, Any]]:
        async with websockets.connect(f"{ws_url}?exercise=glute-bridge") as ws:
            run = (await _recv(ws))["run"]
            before = await send_all(ws, frames[:cut], 0)
        # the page lost its connection; it reconnects with its run id
        async with websockets.connect(f"{ws_url}?exercise=glute-bridge&resume={run}") as ws:
            hello = await _recv(ws)
            after = await send_all(ws, frames[cut:], cut)
            await ws.send(json.dumps({"type": "finish", "save": True}))
            report = await _recv(ws)
        return before, hello, after, report

    before, hello, after, report = asyncio.run(talk())
    assert before[-1]["reps"] == 2
    assert hello["state"]["reps"] == 2  # the resumed run kept its count
    assert after[-1]["reps"] == 3 and after[-1]["reps_in_form"] == 3
    assert report["report"]["rep_count"] == 3 and report["report"]["quality"]["valid"] is True
    stored = rec.analyses(store)
    assert [(a.exercise_id, a.source, a.valid, a.report["rep_count"]) for a in stored] == [
        ("glute-bridge", "live camera", True, 3)
    ]
    assert report["saved"] == 1


def test_closed_tabs_do_not_lock_the_coach_and_a_reload_resumes(store: Store) -> None:
    """Two tabs opened and closed, then a third: it gets a run (the oldest detached one is ended). The
    second tab reloaded with its run id gets that run back, with its last state."""
    app = create_app(WebConfig(live_runs=2), store=store)

    def detached(n: int) -> None:
        for _ in range(3000):  # the server detaches a run once it has seen the socket close
            if app.state.runs.held() == (0, n):
                return
            time.sleep(0.01)
        raise AssertionError(f"runs held: {app.state.runs.held()}")

    async def tab(url: str, resume: str = "", frames: int = 0) -> dict[str, Any]:
        query = f"{url}?exercise=glute-bridge" + (f"&resume={resume}" if resume else "")
        async with websockets.connect(query) as ws:
            hello = await _recv(ws)
            for i in range(frames):
                await ws.send(frame(BLANK, 10.0 * i))
                await _recv(ws)
            return hello

    with app_server(app) as base:
        url = base.replace("http://", "ws://") + "/ws/live"
        first = asyncio.run(tab(url, frames=1))
        second = asyncio.run(tab(url, frames=2))
        detached(2)
        third = asyncio.run(tab(url))
        assert third["type"] == "hello" and third["run"] not in (first["run"], second["run"])
        detached(2)
        reloaded = asyncio.run(tab(url, resume=second["run"]))
        assert reloaded["run"] == second["run"] and reloaded["state"] is not None  # its last state
        assert third["state"] is None
        gone = asyncio.run(tab(url, resume=first["run"]))  # ended to make room: a fresh run instead
        assert gone["type"] == "hello" and gone["run"] not in (first["run"], second["run"], third["run"])


def test_a_busy_database_at_finish_still_returns_the_report_and_says_it_was_not_saved(
    tmp_path: Path,
) -> None:
    """Another process holds the database's write lock when the run finishes: the page still gets the
    numbers, with the store's sentence instead of a silent loss, and nothing is stored."""
    path = tmp_path / "psoas.db"
    store = open_store(f"sqlite:///{path}", timeout_s=0.2)
    other = sqlite3.connect(path)
    other.execute("BEGIN EXCLUSIVE")

    async def talk(url: str) -> dict[str, Any]:
        async with websockets.connect(f"{url}?exercise=glute-bridge") as ws:
            await _recv(ws)  # hello
            for i in range(3):
                await ws.send(frame(BLANK, i * 1000 / 30))
                await _recv(ws)
            await ws.send(json.dumps({"type": "finish", "save": True}))
            return await _recv(ws)

    try:
        with app_server(create_app(WebConfig(live_runs=1), store=store)) as url:
            report = asyncio.run(talk(url.replace("http://", "ws://") + "/ws/live"))
    finally:
        other.rollback()
        other.close()
    assert report["type"] == "report" and report["report"]["exercise"] == "glute-bridge"
    assert report["saved"] is None
    assert report["save_error"] == (
        f"The database {path} is locked by another psoas process; try again when it finishes."
    )
    assert rec.analyses(store) == []
    store.dispose()
