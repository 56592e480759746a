"""The break schedule in the web server: one schedule for every page, ticking while the server runs.

A small asyncio task advances the stored schedule every 15 s; the pages post what they see (input on the
page, the page hidden, the camera's posture) and read the state back. When a break falls due and no page
has asked for the state lately (every tab closed), the server shows a desktop notification itself:
nothing leaves the machine, so a phone hears of a break only while psoas is open on it.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import threading
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from pydantic import Field

from psoas.catalog import Catalog
from psoas.errors import PsoasError
from psoas.habits.break_rules import schedule_config, tick_seconds
from psoas.habits.breaks import notify, routine_for
from psoas.habits.schedule import (
    BreakDue,
    Meeting,
    Observation,
    ScheduleConfig,
    Seen,
    Signal,
    Snooze,
    Source,
    Taken,
    Tick,
    summary,
)
from psoas.habits.sitting import sitting_history
from psoas.store import Store
from psoas.store.breaks_schedule import apply, load_state, save_settings, scheduled_breaks
from psoas.today import break_routines
from psoas.web.api import Strict

__all__ = ["BreakRunner", "router", "ticking"]

router = APIRouter(tags=["breaks"])
API = "/api/breaks"
DUE_TITLE = "Time to stand up"


class BreakRunner:
    """The server's side of the schedule: advances it under one lock and tells the desktop when no
    page is watching."""

    def __init__(
        self,
        store: Store,
        catalog: Catalog,
        config: ScheduleConfig,
        *,
        tick_s: float,
        notifier: Callable[[str, str], bool] = notify,
    ) -> None:
        self.store, self.catalog, self.config, self.tick_s = store, catalog, config, tick_s
        self.notifier = notifier
        self.poll_s = max(1.0, min(30.0, tick_s * 2))  # how often a page asks for the state
        self._lock = threading.Lock()
        self._watched: float | None = None  # monotonic time a page last asked for the state
        self.desktop_notices = 0

    def observe(self, obs: Observation) -> dict[str, Any]:
        with self._lock:
            _, events = apply(self.store, obs, self.config)
        for event in events:
            if isinstance(event, BreakDue) and not self.page_watching():
                # notify-send makes no sound of its own, so silent mode needs nothing more here
                self.desktop_notices += 1
                self.notifier(DUE_TITLE, self.routine_text(event.at))
        return self.view(obs.at)

    def page_watching(self) -> bool:
        return self._watched is not None and time.monotonic() - self._watched < 2 * self.poll_s + 5

    def current(self, *, from_page: bool) -> dict[str, Any]:
        """The state now (advanced to now first, so a restart's gap is accounted for)."""
        if from_page:
            self._watched = time.monotonic()
        return self.observe(Tick(datetime.now(UTC)))

    def view(self, now: datetime) -> dict[str, Any]:
        view = summary(load_state(self.store), now, self.config)
        view["poll_s"] = self.poll_s
        if view["state"] in ("due", "snoozed"):
            view["routine"] = self.routine_text(now)
        return view

    def routine_text(self, now: datetime) -> str:
        routines = break_routines(self.store, self.catalog, now)
        start = now.astimezone().replace(hour=0, minute=0, second=0, microsecond=0)
        n = len(scheduled_breaks(self.store, start, start + timedelta(days=1)))
        routine = routine_for(n, routines)
        return f"{routine.title}: {routine.text}"

    async def run(self) -> None:
        while True:
            try:
                await asyncio.to_thread(self.observe, Tick(datetime.now(UTC)))
            except PsoasError as exc:  # a busy or vanished database: say so, and tick again later
                print(f"psoas: the break schedule could not advance: {exc}", file=sys.stderr)
            await asyncio.sleep(self.tick_s)


@asynccontextmanager
async def ticking(app: FastAPI) -> AsyncIterator[None]:
    """Start the schedule's runner with the app and stop it with the app."""
    svc = app.state.services
    try:
        config, tick_s = schedule_config(svc.catalog, os.environ), tick_seconds(os.environ)
    except PsoasError as exc:  # a mistyped knob: say so in one line and keep the seeds' rules
        print(f"psoas: {exc} Using the default break schedule.", file=sys.stderr)
        config, tick_s = schedule_config(svc.catalog, {}), tick_seconds({})
    runner = BreakRunner(svc.store, svc.catalog, config, tick_s=tick_s)
    app.state.breaks = runner
    task = asyncio.create_task(runner.run())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


def _runner(request: Request) -> BreakRunner:
    found: BreakRunner = request.app.state.breaks
    return found


Runner = Annotated[BreakRunner, Depends(_runner)]


class ObservationIn(Strict):
    signal: Signal
    source: Source
    idle_s: float = Field(0.0, ge=0, le=86_400)  # with "idle": how long without input until now


class MeetingIn(Strict):
    minutes: float = Field(ge=0, le=480)  # 0 ends the meeting


class SettingsIn(Strict):
    silent: bool


@router.get(API + "/state")
def get_state(runner: Runner) -> dict[str, Any]:
    """How long you have sat, when the next break is due, and the schedule's state."""
    return runner.current(from_page=True)


@router.post(API + "/observations")
def post_observation(body: ObservationIn, runner: Runner) -> dict[str, Any]:
    """What a page or the camera saw: active, idle, sitting, standing or away."""
    return runner.observe(Seen(datetime.now(UTC), body.signal, body.source, body.idle_s))


@router.post(API + "/meeting")
def post_meeting(body: MeetingIn, runner: Runner) -> dict[str, Any]:
    """No reminders for this many minutes (the sitting still counts); 0 ends the meeting."""
    return runner.observe(Meeting(datetime.now(UTC), body.minutes))


@router.post(API + "/snooze")
def post_snooze(runner: Runner) -> dict[str, Any]:
    return runner.observe(Snooze(datetime.now(UTC)))


@router.post(API + "/taken")
def post_taken(runner: Runner) -> dict[str, Any]:
    """You took a break: the sitting count starts again."""
    return runner.observe(Taken(datetime.now(UTC)))


@router.post(API + "/settings")
def post_settings(body: SettingsIn, runner: Runner) -> dict[str, Any]:
    """Silent mode: reminders without speech or sound, here and in the terminal."""
    now = datetime.now(UTC)
    save_settings(runner.store, silent=body.silent, at=now)
    return runner.view(now)


@router.get(API + "/stats")
def get_stats(runner: Runner, days: Annotated[int, Query(ge=1, le=366)] = 7) -> dict[str, Any]:
    """Sitting bouts per day against the 40/60-minute rule, and the breaks taken, verified and missed."""
    config = runner.config
    rows = sitting_history(runner.store, days=days, now=datetime.now().astimezone(), config=config)
    return {"interval_s": config.interval_s, "max_s": config.max_s, "days": [d.to_dict() for d in rows]}
