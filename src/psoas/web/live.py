"""The live camera coach over a WebSocket: JPEG frames in, the LiveCoach's state out.

Protocol (one socket per page; `/ws/live?exercise=ID&side=auto|left|right[&resume=RUN]`):
  server → {"type": "hello", "run": RUN, "state": last state or null}
  client → binary: 8 bytes little-endian float64 (the page's capture time, ms) + one JPEG
  server → {"type": "state", "echo": that time, "state": LiveState.to_dict(), "frames", "dropped", ...}
  client → text {"type": "finish", "save": bool}  ⇒  server → {"type": "report", "report", "saved"}
Back-pressure: only the newest frame waits; one that arrives while another waits replaces it (counted as
dropped), so the coach never falls behind the camera. A run outlives its socket for RESUME_S, so a page
that reconnects (or is reloaded) with `resume=RUN` keeps its counted reps; a new page that finds every
run taken ends the one whose page left longest ago. Frames are decoded in memory, never written.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import struct
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import cv2
import numpy as np
from fastapi import WebSocket, WebSocketDisconnect

from psoas._json import dumps
from psoas.catalog import Exercise
from psoas.coach.live import LiveCoach, LiveState
from psoas.errors import PsoasError
from psoas.store import Store
from psoas.store import records as rec
from psoas.vision.frames import header_size
from psoas.vision.landmarks import Side
from psoas.vision.pose import MediaPipeEstimator

__all__ = ["MAX_FRAME_BYTES", "RESUME_S", "LiveRun", "LiveRuns", "serve_socket"]

RESUME_S = 300.0  # a run whose page went away is kept this long for a reconnect
MAX_FRAME_BYTES = 2 << 20  # a 640×480 JPEG is ~40 kB; anything this big is not a webcam frame
MAX_FRAME_SIDE = 1280
HEADER = struct.Struct("<d")


@dataclass
class LiveRun:
    """One live-coaching run: its coach, its own BlazePose, and counters for the page."""

    id: str
    exercise: Exercise
    coach: LiveCoach
    estimator: MediaPipeEstimator
    frames: int = 0
    dropped: int = 0
    last: LiveState | None = None
    attached: bool = False
    left_at: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)
    _offset: float | None = None  # page clock minus run clock, set by the first frame after each attach
    _t: float = -1 / 30  # the run clock at the last frame

    def reattached(self) -> None:
        self._offset = None  # a reloaded page starts its clock again

    def _clock(self, stamp_ms: float) -> float:
        """Run time for a frame captured at the page's `stamp_ms`: the capture time, not the arrival time,
        so network and queueing jitter never bend the coach's timing; continuous across reconnects."""
        seconds = stamp_ms / 1000
        if self._offset is None:
            self._offset = seconds - (self._t + 1 / 30)
        t = max(seconds - self._offset, self._t + 1e-3)
        self._t = t
        return t

    def process(self, jpeg: bytes, stamp_ms: float) -> LiveState | str:
        """Estimate and coach one frame; a frame that is not a readable JPEG gives a sentence instead."""
        size = header_size(jpeg)  # from the header: a huge frame is never decoded
        if size is None:
            return "A frame could not be decoded as JPEG."
        if max(size) > MAX_FRAME_SIDE:
            return f"Frames must be at most {MAX_FRAME_SIDE} pixels on their longer side."
        bgr = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_COLOR)
        if bgr is None:
            return "A frame could not be decoded as JPEG."
        h, w = bgr.shape[:2]
        rgb = np.asarray(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB), np.uint8)
        with self.lock:
            t = self._clock(stamp_ms)
            state = self.coach.update(t, self.estimator.estimate(rgb, t), width=w, height=h)
            self.frames += 1
            self.last = state
        return state


class LiveRuns:
    """The runs this server holds, at most `limit` at once (each holds a BlazePose of ~100 MB)."""

    def __init__(self, store: Store, limit: int = 2) -> None:
        self.store = store
        self.limit = limit
        self._runs: dict[str, LiveRun] = {}
        self._lock = threading.Lock()

    def attach(self, exercise: Exercise, side: Side | None, resume: str | None) -> LiveRun:
        self.sweep()
        with self._lock:
            run = self._runs.get(resume or "")
            if run is not None and run.exercise.id == exercise.id and not run.attached:
                run.attached = True
                run.reattached()
                return run
            if len(self._runs) >= self.limit:
                self._evict_detached()
            if len(self._runs) >= self.limit:
                raise PsoasError("The live coach is already in use in another tab; finish it there first.")
            # One inference thread: one thread keeps up with a camera's frame rate, and the page (often
            # on the same machine) needs the other cores to show the video.
            estimator = MediaPipeEstimator(threads=1)
            run = LiveRun(uuid.uuid4().hex, exercise, LiveCoach(exercise, side=side), estimator)
            run.attached = True
            self._runs[run.id] = run
            return run

    def held(self) -> tuple[int, int]:
        """How many runs have a page attached, and how many wait for one to come back."""
        with self._lock:
            attached = sum(r.attached for r in self._runs.values())
            return attached, len(self._runs) - attached

    def _evict_detached(self) -> None:
        """Make room by ending the run whose page left longest ago: a closed tab must not lock the coach
        for RESUME_S. Called with the lock held; a run still attached to a page is never ended."""
        waiting = sorted((r for r in self._runs.values() if not r.attached), key=lambda r: r.left_at)
        if waiting:
            gone = self._runs.pop(waiting[0].id)
            gone.estimator.close()

    def detach(self, run: LiveRun) -> None:
        with self._lock:
            run.attached = False
            run.left_at = time.monotonic()

    def drop(self, run: LiveRun) -> None:
        with self._lock:
            self._runs.pop(run.id, None)
        run.estimator.close()

    def sweep(self, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            stale = [r for r in self._runs.values() if not r.attached and now - r.left_at > RESUME_S]
            for run in stale:
                del self._runs[run.id]
        for run in stale:
            run.estimator.close()

    def close(self) -> None:
        with self._lock:
            runs, self._runs = list(self._runs.values()), {}
        for run in runs:
            run.estimator.close()

    def finish(self, run: LiveRun, save: bool) -> dict[str, Any]:
        """The file analysis over every pose of the run; stored when asked. The run ends here."""
        with run.lock:
            analysis = run.coach.finish()
        self.drop(run)
        if analysis is None:
            return {"type": "report", "report": None, "saved": None}
        report = analysis.report.to_dict()
        saved, save_error = None, None
        if save:
            record = rec.AnalysisRecord(
                datetime.now(UTC), run.exercise.id, "live camera", analysis.report.quality.valid, report
            )
            try:
                saved = rec.add_analysis(self.store, record)
            except PsoasError as exc:  # e.g. the database is busy: the numbers still reach the page
                save_error = str(exc)
        return {"type": "report", "report": report, "saved": saved, "save_error": save_error}


async def _send(ws: WebSocket, message: dict[str, Any]) -> None:
    """Send as text JSON a browser can parse: a non-finite number from the coach goes as null."""
    await ws.send_text(dumps(message))


class _Latest:
    """A one-frame mailbox: put replaces what waits (counted), take waits for the next frame."""

    def __init__(self) -> None:
        self.item: tuple[float, bytes] | None = None
        self.ready = asyncio.Event()

    def put(self, item: tuple[float, bytes]) -> bool:
        replaced = self.item is not None
        self.item = item
        self.ready.set()
        return replaced

    async def take(self) -> tuple[float, bytes]:
        await self.ready.wait()
        self.ready.clear()
        item, self.item = self.item, None
        assert item is not None
        return item


class _Conversation:
    """One socket's two loops: `receive` files frames into the mailbox and catches `finish`; `coach`
    answers the newest frame each time it is free."""

    def __init__(self, ws: WebSocket, run: LiveRun) -> None:
        self.ws = ws
        self.run = run
        self.mailbox = _Latest()
        self.save: bool | None = None  # set when the page asks to finish

    async def receive(self) -> None:
        while self.save is None:
            message = await self.ws.receive()
            if message["type"] == "websocket.disconnect":
                raise WebSocketDisconnect(message.get("code", 1000))
            if message.get("bytes") is not None:
                await self._frame(message["bytes"])
            elif message.get("text") is not None:
                self._command(message["text"])

    async def _frame(self, data: bytes) -> None:
        if len(data) <= HEADER.size or len(data) > MAX_FRAME_BYTES:
            await _send(self.ws, {"type": "error", "message": "A frame must be a time stamp and a JPEG."})
            return
        (stamp,) = HEADER.unpack_from(data)
        if not math.isfinite(stamp):
            message = "A frame's time stamp must be a finite number."
            await _send(self.ws, {"type": "error", "message": message})
            return
        if self.mailbox.put((stamp, data[HEADER.size :])):
            self.run.dropped += 1

    def _command(self, text: str) -> None:
        try:
            command = json.loads(text)
        except json.JSONDecodeError:
            return
        if isinstance(command, dict) and command.get("type") == "finish":
            self.save = bool(command.get("save", True))

    async def coach(self) -> None:
        while True:
            stamp, jpeg = await self.mailbox.take()
            start = time.perf_counter()
            state = await asyncio.to_thread(self.run.process, jpeg, stamp)
            if isinstance(state, str):
                await _send(self.ws, {"type": "error", "message": state})
                continue
            await _send(
                self.ws,
                {
                    "type": "state",
                    "echo": stamp,
                    "state": state.to_dict(),
                    "frames": self.run.frames,
                    "dropped": self.run.dropped,
                    "server_ms": round((time.perf_counter() - start) * 1000, 1),
                },
            )


async def serve_socket(ws: WebSocket, runs: LiveRuns, run: LiveRun) -> None:
    """Talk to one page until it finishes the run or goes away (then the run waits for a resume)."""
    talk = _Conversation(ws, run)
    await _send(ws, {"type": "hello", "run": run.id, "state": run.last.to_dict() if run.last else None})
    tasks = [asyncio.create_task(talk.receive()), asyncio.create_task(talk.coach())]
    try:
        done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        for task in done:
            task.result()  # a disconnect surfaces here
    except (WebSocketDisconnect, RuntimeError):
        pass
    finally:
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
    if talk.save is None:
        runs.detach(run)
        return
    try:
        report = await asyncio.to_thread(runs.finish, run, talk.save)  # waits for the frame in progress
    except PsoasError as exc:
        report = {"type": "error", "message": str(exc), "fatal": True}
    with contextlib.suppress(WebSocketDisconnect, RuntimeError):
        await _send(ws, report)
        await ws.close()
