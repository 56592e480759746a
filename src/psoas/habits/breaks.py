"""Sitting-break reminders: a loop that nudges you up every 40 minutes with a 1–2 minute psoas routine.

The seeds: never sit longer than 40 minutes at a time (one article allows up to an hour). The terminal
shares the one break schedule (habits.schedule, kept in the store) with the web server: it feeds it the
desktop's idle time and reminds when the schedule says a break is due, so a break taken on either side
counts on both. The loop is written against small protocols (clock and keys, the schedule) so tests
drive it with a virtual clock, and the CLI gives it the real ones.

Keys while waiting: d  I just took a break (restarts the timer)   p  a 60-minute meeting   q  quit
Keys at a reminder: d  done   z  snooze 5 minutes   s  skip   q  quit
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from psoas.catalog import Catalog
from psoas.errors import InvalidInputError
from psoas.habits.schedule import Meeting, Observation, Seen, Signal, Snooze, Source, Taken, Tick
from psoas.plan.profile import Profile
from psoas.plan.rules import PlanContext, exclusion
from psoas.store.records import BreakRecord

__all__ = [
    "DEFAULT_INTERVAL_MIN",
    "MAX_ADVISED_MIN",
    "PAUSED_ROUTINES",
    "ROUTINES",
    "WALK_ONLY",
    "BreakConfig",
    "BreakIO",
    "Routine",
    "ScheduleLink",
    "daily_stats",
    "gnome_idle_s",
    "idle_seconds",
    "notify",
    "routine_for",
    "routines_for_profile",
    "run_breaks",
]

DEFAULT_INTERVAL_MIN = 40.0
MAX_ADVISED_MIN = 60.0
OUTCOMES = ("done", "skipped", "snoozed", "idle", "missed")


@dataclass(frozen=True)
class Routine:
    title: str
    exercises: tuple[str, ...]
    text: str


# Short enough for a desk break (1–2 minutes), each built from catalog exercises, all done standing or
# sitting at the desk: nobody kneels on an office floor. A person's profile keeps only those the plan
# allows them (routines_for_profile).
ROUTINES = (
    Routine(
        "Walk and lunge",
        ("walking-break", "standing-split-stance-stretch"),
        "Walk for a minute, then a standing lunge stretch with a hand on the desk, 20 s each side.",
    ),
    Routine(
        "Standing hip opener",
        ("standing-hip-flexion", "standing-split-stance-stretch"),
        "Ten slow knee raises each side, then a standing lunge stretch at the desk, 20 s each side.",
    ),
    Routine(
        "Chair reset",
        ("seated-lateral-stretch", "walking-break"),
        "A seated side stretch, 20 s each side, then stand and walk for a minute.",
    ),
)


# While a warning sign pauses the plan: a reminder to change position, no exercise routine.
PAUSED_ROUTINES = (
    Routine(
        "Change position",
        (),
        "Stand up or shift how you sit for a moment; no exercise routine while your plan is paused.",
    ),
)


# When no routine suits the profile (or the plan is rest after severe pain): getting up still counts.
WALK_ONLY = (
    Routine(
        "Stand and walk",
        ("walking-break",),
        "Stand up and walk gently for a minute or two, then sit down differently.",
    ),
)


def routines_for_profile(
    profile: Profile | None, catalog: Catalog, ctx: PlanContext, on: date
) -> tuple[Routine, ...]:
    """The routines a person may do on `on`: none while a warning sign pauses the plan, walking only on
    a rest day after severe pain, else those whose every exercise the plan allows them."""
    if ctx.paused is not None:
        return PAUSED_ROUTINES
    if ctx.rest_from is not None and on >= ctx.rest_from:
        return WALK_ONLY
    if profile is None:
        return ROUTINES
    allowed = tuple(
        r
        for r in ROUTINES
        if all(exclusion(catalog.exercise(e), profile, ctx, on=on) is None for e in r.exercises)
    )
    return allowed or WALK_ONLY


def routine_for(n: int, routines: Sequence[Routine] = ROUTINES) -> Routine:
    """Reminders rotate through the routines, so the body gets variety across the day."""
    return routines[n % len(routines)]


@dataclass(frozen=True)
class BreakConfig:
    interval_s: float
    snooze_s: float = 300.0
    pause_s: float = 3600.0  # the `p` key: a meeting of this length
    idle_reset_s: float = 300.0  # no input this long: the person has left (the schedule's idle time)
    tick_s: float = 15.0  # how often the loop looks at the desktop's idle time and advances the schedule

    @classmethod
    def from_minutes(cls, interval_min: float, snooze_min: float = 5.0) -> BreakConfig:
        if not 0 < interval_min <= 240:
            raise InvalidInputError(
                f"The break interval must be above 0 and at most 240 minutes, not {interval_min:g}."
            )
        if not 0 < snooze_min <= 120:
            raise InvalidInputError(f"Snooze must be above 0 and at most 120 minutes, not {snooze_min:g}.")
        return cls(interval_s=interval_min * 60, snooze_s=snooze_min * 60)


class BreakIO(Protocol):
    def now(self) -> datetime: ...
    def key(self, timeout: float) -> str | None: ...
    def remind(self, routine: Routine, n: int, *, silent: bool) -> None: ...
    def status(self, text: str) -> None: ...
    def idle_s(self) -> float | None: ...


class ScheduleLink(Protocol):
    """The shared break schedule (habits.schedule, kept in the store): the terminal feeds it and reads
    its state back, as the web pages do."""

    def step(self, obs: Observation) -> Mapping[str, Any]: ...
    def skipped(self, due_at: datetime, at: datetime) -> None: ...


def run_breaks(
    config: BreakConfig,
    io: BreakIO,
    link: ScheduleLink,
    *,
    count: int | None = None,
    pause_s: float = 0.0,
    routines: Sequence[Routine] = ROUTINES,
) -> int:
    """Remind whenever the shared schedule says a break is due, until `q` (or `count` reminders answered
    or overtaken), rotating through `routines`. Returns how many reminders were shown."""
    loop = _Loop(config, link, link.step(Seen(io.now(), Signal.ACTIVE, Source.INPUT)), io.now())
    if pause_s:  # starting psoas is input; a pause first is a meeting
        loop.show(link.step(Meeting(io.now(), pause_s / 60)), io.now())
        io.status(f"In a meeting for {pause_s / 60:g} min: no reminders, the sitting still counts.")
    io.status(_where(loop.view))
    while True:
        key = io.key(min(1.0, config.tick_s))
        now = io.now()
        if key == "q":
            if loop.awaiting is not None:
                link.skipped(datetime.fromisoformat(loop.awaiting), now)
            return loop.shown
        if key:
            loop.keyed(key, now, io)
        if now >= min(loop.next_tick, loop.look):
            loop.show(link.step(_sensed(io, now, config)), now, ticked=True)
        if loop.awaiting is not None and loop.view["due_at"] != loop.awaiting:
            loop.awaiting = None  # answered elsewhere (the web), or missed and due again
        if loop.awaiting is None and count is not None and loop.shown >= count:
            return loop.shown
        loop.remind_if_due(io, routines)


class _Loop:
    """What the terminal loop keeps between keys: the schedule as last seen and the reminder shown."""

    def __init__(
        self, config: BreakConfig, link: ScheduleLink, view: Mapping[str, Any], now: datetime
    ) -> None:
        self.config, self.link = config, link
        self.shown = 0
        self.awaiting: str | None = None  # the due_at of the reminder waiting for an answer
        self.reminded: str | None = None  # the due_at last reminded: not again, unless snoozed
        self.next_tick = now + timedelta(seconds=config.tick_s)
        self.view = view
        self.look = _look_again(view, now, self.next_tick)

    def show(self, view: Mapping[str, Any], now: datetime, *, ticked: bool = False) -> None:
        self.view = view
        if ticked:
            self.next_tick = now + timedelta(seconds=self.config.tick_s)
        self.look = _look_again(view, now, self.next_tick)

    def keyed(self, key: str, now: datetime, io: BreakIO) -> None:
        view, said = _keyed(self.config, self.link, key, now, self.awaiting)
        self.show(view, now)
        if said:
            io.status(said)
            self.awaiting = None
            self.reminded = None if key == "z" else self.reminded

    def remind_if_due(self, io: BreakIO, routines: Sequence[Routine]) -> None:
        if self.view["state"] == "due" and self.view["due_at"] != self.reminded:
            self.awaiting = self.reminded = self.view["due_at"]
            io.remind(routine_for(self.shown, routines), self.shown, silent=bool(self.view["silent"]))
            self.shown += 1


def _keyed(
    config: BreakConfig, link: ScheduleLink, key: str, now: datetime, awaiting: str | None
) -> tuple[Mapping[str, Any], str | None]:
    """The state after a key, and what to say (None: the key did nothing)."""
    if key == "d":
        view = link.step(Taken(now))
        return view, f"Break logged. {_where(view)}"
    if key == "p":
        view = link.step(Meeting(now, config.pause_s / 60))
        return view, f"In a meeting for {config.pause_s / 60:g} min: no reminders, the sitting still counts."
    if key == "z" and awaiting is not None:
        view = link.step(Snooze(now))
        return view, f"Snoozed. {_where(view)}"
    if key == "s" and awaiting is not None:
        link.skipped(datetime.fromisoformat(awaiting), now)
        return link.step(Tick(now)), "Skipped."
    return link.step(Tick(now)), None


def _look_again(view: Mapping[str, Any], now: datetime, next_tick: datetime) -> datetime:
    """When to advance the schedule next: at the next tick, or sooner when the next break falls due."""
    if view["state"] in ("due", "away"):
        return next_tick
    return min(next_tick, now + timedelta(seconds=float(view["next_break_in_s"])))


def _sensed(io: BreakIO, now: datetime, config: BreakConfig) -> Observation:
    """The desktop's idle time as the schedule hears it: input since the last look is "active", none for
    the idle time is "idle" (backdated by it), anything between says nothing new."""
    idle = io.idle_s()
    if idle is None:
        return Tick(now)
    if idle >= config.idle_reset_s:
        return Seen(now, Signal.IDLE, Source.SYSTEM, idle_s=idle)
    if idle <= config.tick_s + 1:
        return Seen(now, Signal.ACTIVE, Source.INPUT)
    return Tick(now)


def _where(view: Mapping[str, Any]) -> str:
    if view["state"] == "away":
        return "Not sitting: the timer starts when you are back."
    return f"Sitting {view['sitting_s'] / 60:.0f} min; next break in {view['next_break_in_s'] / 60:.0f} min."


def daily_stats(records: Sequence[BreakRecord]) -> dict[str, int]:
    counts = Counter(r.outcome for r in records)
    return {outcome: counts.get(outcome, 0) for outcome in OUTCOMES}


def notify(title: str, body: str) -> bool:
    """A desktop notification through notify-send when there is a desktop to show it; False otherwise."""
    binary = shutil.which("notify-send")
    if binary is None or not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return False
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        result = subprocess.run(
            [binary, "--app-name=psoas", title, body], timeout=5, check=False, capture_output=True
        )
        return result.returncode == 0
    return False


def idle_seconds() -> float | None:
    """Seconds since the last keyboard or mouse input, or None where unknown: X11 through xprintidle,
    else GNOME (Wayland included) through its idle monitor on the session bus."""
    if (binary := shutil.which("xprintidle")) and os.environ.get("DISPLAY"):
        out = _run([binary])
        with contextlib.suppress(ValueError):
            return None if out is None else int(out.strip()) / 1000
    if (gdbus := shutil.which("gdbus")) and os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return gnome_idle_s(_run([gdbus, *GNOME_IDLE]))
    return None


GNOME_IDLE = (
    "call",
    "--session",
    "--dest",
    "org.gnome.Mutter.IdleMonitor",
    "--object-path",
    "/org/gnome/Mutter/IdleMonitor/Core",
    "--method",
    "org.gnome.Mutter.IdleMonitor.GetIdletime",
)


def gnome_idle_s(reply: str | None) -> float | None:
    """GNOME's idle monitor answers `(uint64 12345,)` in milliseconds."""
    if reply is None:
        return None
    digits = reply.strip().removeprefix("(").removesuffix(")").removesuffix(",").split()[-1:]
    return int(digits[0]) / 1000 if digits and digits[0].isdigit() else None


def _run(args: list[str]) -> str | None:
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        return subprocess.run(args, timeout=2, check=True, capture_output=True, text=True).stdout
    return None
