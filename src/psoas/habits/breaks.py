"""Sitting-break reminders: a loop that nudges you up every 40 minutes with a 1–2 minute psoas routine.

The seeds: never sit longer than 40 minutes at a time (one article allows up to an hour). The loop is
written against small protocols (clock, keys, notifier, log) so tests drive it with a virtual clock,
and the CLI gives it the real ones.

Keys while waiting: d  I just took a break (logs it, restarts the timer)   p  pause 60 minutes   q  quit
Keys at a reminder: d  done   z  snooze 5 minutes   s  skip   q  quit
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol

from psoas.catalog import Catalog
from psoas.errors import InvalidInputError
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
    "daily_stats",
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
    pause_s: float = 3600.0  # the `p` key
    idle_reset_s: float = 300.0  # away from the keyboard this long counts as a break taken
    answer_s: float | None = None  # how long a reminder waits for an answer (default: one interval)

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
    def remind(self, routine: Routine, n: int) -> None: ...
    def status(self, text: str) -> None: ...
    def idle_s(self) -> float | None: ...


def run_breaks(
    config: BreakConfig,
    io: BreakIO,
    log: Callable[[BreakRecord], None],
    *,
    count: int | None = None,
    pause_s: float = 0.0,
    routines: Sequence[Routine] = ROUTINES,
) -> int:
    """Remind until `q` (or `count` reminders), rotating through `routines` (PAUSED_ROUTINES while a
    warning sign pauses the plan). Returns how many reminders were shown."""
    shown = 0
    due = io.now() + timedelta(seconds=pause_s + config.interval_s)
    if pause_s:
        io.status(f"Paused for {pause_s / 60:g} min; next reminder at {due:%H:%M}.")
    while count is None or shown < count:
        waited = _wait(io, due, config, log)
        if isinstance(waited, str):  # "quit"
            return shown
        if waited is not None:
            due = waited
            continue
        routine = routine_for(shown, routines)
        io.remind(routine, shown)
        shown += 1
        answer = _answer(io, config)
        now = io.now()
        outcome = {"d": "done", "z": "snoozed", "s": "skipped", "q": "skipped"}.get(answer or "", "missed")
        first = routine.exercises[0] if routine.exercises else None
        log(BreakRecord(due_at=due, at=now, outcome=outcome, routine=first))
        if answer == "q":
            return shown
        due = now + timedelta(seconds=config.snooze_s if outcome == "snoozed" else config.interval_s)
        io.status(f"{outcome.capitalize()}. Next reminder at {due:%H:%M}.")
    return shown


def _wait(
    io: BreakIO, due: datetime, config: BreakConfig, log: Callable[[BreakRecord], None]
) -> datetime | str | None:
    """Sleep until `due`, handling keys. None: time for a reminder; a datetime: the new due time."""
    while (left := (due - io.now()).total_seconds()) > 0:
        key = io.key(min(left, 1.0))
        now = io.now()
        if key == "q":
            return "quit"
        if key == "d":
            log(BreakRecord(due_at=due, at=now, outcome="done", routine=None))
            io.status("Break logged.")
            return now + timedelta(seconds=config.interval_s)
        if key == "p":
            io.status(f"Paused for {config.pause_s / 60:g} min.")
            return now + timedelta(seconds=config.pause_s + config.interval_s)
    idle = io.idle_s()
    if idle is not None and idle >= config.idle_reset_s:
        now = io.now()
        log(BreakRecord(due_at=due, at=now, outcome="idle", routine=None))
        io.status("You were away from the keyboard: that counts as a break.")
        return now + timedelta(seconds=config.interval_s)
    return None


def _answer(io: BreakIO, config: BreakConfig) -> str | None:
    limit = io.now() + timedelta(seconds=config.answer_s or config.interval_s)
    while (left := (limit - io.now()).total_seconds()) > 0:
        key = io.key(min(left, 1.0))
        if key in ("d", "z", "s", "q"):
            return key
    return None


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
    """Seconds since the last keyboard or mouse input (X11, via xprintidle), or None where unknown."""
    binary = shutil.which("xprintidle")
    if binary is None or not os.environ.get("DISPLAY"):
        return None
    with contextlib.suppress(OSError, subprocess.SubprocessError, ValueError):
        out = subprocess.run([binary], timeout=2, check=True, capture_output=True, text=True).stdout
        return int(out.strip()) / 1000
    return None
