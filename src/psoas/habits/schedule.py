"""The break schedule: one pure state machine that says how long a person has sat and when a break is due.

The seeds' first rule: a break at least every 40 minutes of sitting, never more than 60. Everything that
sees the person feeds it observations — the web pages (input on the page), the terminal (the desktop's
idle time), the camera (sitting, standing, away) — and a clock tick; `advance` returns the new state and
what happened (a bout of sitting ended, a break fell due, was taken or was missed). It never reads the
clock: every time comes in with the observation, so tests drive it with datetimes they choose.

A bout of sitting runs from the first sign of the person at the desk to the moment they left. Leaving is
known late (no input for a few minutes, a locked screen, the camera seeing nobody), so a bout is ended
at the moment they left, not when psoas noticed. Away or standing for a break's length is a break; seen
standing by the camera it is a verified one. A meeting pauses reminders but its sitting still counts.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from psoas.errors import InvalidInputError

__all__ = [
    "Away",
    "Bout",
    "BoutEnded",
    "BreakDue",
    "BreakMissed",
    "BreakTaken",
    "EndedBy",
    "Event",
    "Meeting",
    "Observation",
    "Phase",
    "ScheduleConfig",
    "ScheduleState",
    "Seen",
    "Signal",
    "Snooze",
    "Source",
    "Taken",
    "Tick",
    "advance",
    "state_from_dict",
    "state_to_dict",
    "summary",
]


class Signal(StrEnum):
    ACTIVE = "active"  # keyboard, mouse or page input
    IDLE = "idle"  # no input for a while, the screen locked, the machine asleep
    SITTING = "sitting"  # the camera: sitting at the desk
    STANDING = "standing"  # the camera: standing (a break if it lasts)
    AWAY = "away"  # the camera: nobody there


class Source(StrEnum):
    INPUT = "input"
    CAMERA = "camera"
    SYSTEM = "system"


class EndedBy(StrEnum):
    IDLE = "idle"
    AWAY = "away"
    STANDING = "standing"
    BREAK = "break"  # the person said they took one


class Phase(StrEnum):
    AWAY = "away"
    SITTING = "sitting"
    MEETING = "meeting"
    SNOOZED = "snoozed"
    DUE = "due"


PRESENT = frozenset({Signal.ACTIVE, Signal.SITTING})
ENDS = {Signal.IDLE: EndedBy.IDLE, Signal.AWAY: EndedBy.AWAY, Signal.STANDING: EndedBy.STANDING}


@dataclass(frozen=True)
class ScheduleConfig:
    interval_s: float = 40 * 60  # a reminder after this much sitting
    max_s: float = 60 * 60  # the seeds' ceiling: a due break not taken by then is missed
    idle_s: float = 5 * 60  # no input this long means the person left
    break_s: float = 2 * 60  # away or standing this long is a break (the walking break's shortest dose)
    snooze_s: float = 5 * 60

    def __post_init__(self) -> None:
        if not 0 < self.interval_s <= self.max_s:
            raise InvalidInputError(
                f"The break interval must be above 0 and at most {self.max_s / 60:g} minutes, "
                f"not {self.interval_s / 60:g}."
            )
        if min(self.idle_s, self.break_s, self.snooze_s) <= 0:
            raise InvalidInputError("The idle, break and snooze lengths must all be above 0 seconds.")

    @property
    def grace_s(self) -> float:
        """How long a due break may wait before it counts as missed (at least one snooze)."""
        return max(self.max_s - self.interval_s, self.snooze_s)


@dataclass(frozen=True)
class Bout:
    start: datetime
    source: Source
    meeting: bool = False


@dataclass(frozen=True)
class Away:
    since: datetime  # the moment the person left (backdated by the idle time)
    ended_by: EndedBy
    counted: bool = False  # the break it made is already recorded


@dataclass(frozen=True)
class ScheduleState:
    bout: Bout | None = None  # the sitting bout in progress
    away: Away | None = None
    last_seen: datetime | None = None  # the last sign of the person at the desk
    clock: datetime | None = None  # the last moment the schedule advanced to
    meeting_until: datetime | None = None
    snoozed_until: datetime | None = None
    due_at: datetime | None = None  # the break now due, from when
    reminded: bool = False  # a BreakDue went out for it (again after a snooze)
    last_break: datetime | None = None
    silent: bool = False  # reminders without speech or sound (a setting, kept with the schedule)


# ---- observations --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tick:
    at: datetime


@dataclass(frozen=True)
class Seen:
    at: datetime
    signal: Signal
    source: Source
    idle_s: float = 0.0  # for IDLE: how long there has been no input (the bout ends that far back)


@dataclass(frozen=True)
class Meeting:
    at: datetime
    minutes: float  # 0 ends a meeting


@dataclass(frozen=True)
class Snooze:
    at: datetime


@dataclass(frozen=True)
class Taken:
    at: datetime


Observation = Tick | Seen | Meeting | Snooze | Taken


# ---- events --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BoutEnded:
    start: datetime
    end: datetime
    ended_by: EndedBy
    source: Source
    meeting: bool


@dataclass(frozen=True)
class BreakDue:
    at: datetime
    due_at: datetime
    sitting_s: float


@dataclass(frozen=True)
class BreakTaken:
    at: datetime  # when it began
    due_at: datetime | None  # the reminder it answered, if one was due
    verified: bool  # the camera saw the person standing for it


@dataclass(frozen=True)
class BreakMissed:
    due_at: datetime
    at: datetime


Event = BoutEnded | BreakDue | BreakTaken | BreakMissed


def advance(
    state: ScheduleState, obs: Observation, config: ScheduleConfig
) -> tuple[ScheduleState, list[Event]]:
    """The state after `obs`, and what happened. Time never runs backwards: an observation older than
    the last one (from another process) counts as now."""
    now = obs.at if state.clock is None or obs.at > state.clock else state.clock
    events: list[Event] = []
    state = _gap(state, now, config)
    if isinstance(obs, Seen):
        state = _seen(state, obs, now, config, events)
    elif isinstance(obs, Meeting):
        state = _meeting(state, obs.minutes, now)
    elif isinstance(obs, Snooze):
        state = replace(state, snoozed_until=now + timedelta(seconds=config.snooze_s), reminded=False)
    elif isinstance(obs, Taken):
        state = _taken(state, now, events)
    state = _time_passes(replace(state, clock=now), now, config, events)
    return state, events


def _gap(state: ScheduleState, now: datetime, config: ScheduleConfig) -> ScheduleState:
    """Nothing advanced the schedule for the idle time (the machine slept, psoas was not running):
    the person is taken to have left when the schedule last ran."""
    if state.clock is None or state.away is not None or state.bout is None:
        return state
    if (now - state.clock).total_seconds() < config.idle_s:
        return state
    return replace(state, away=Away(state.clock, EndedBy.IDLE))


def _seen(
    state: ScheduleState, obs: Seen, now: datetime, config: ScheduleConfig, events: list[Event]
) -> ScheduleState:
    if obs.signal in PRESENT:
        return _present(state, obs.source, now, config, events)
    if obs.signal is Signal.IDLE and _in_meeting(state, now):
        return state  # nobody types in a meeting: only the camera can tell the person left
    ended_by = ENDS[obs.signal]
    if state.bout is None:
        return state  # not sitting: nothing to end
    if state.away is not None:
        if ended_by is EndedBy.STANDING and state.away.ended_by is not EndedBy.STANDING:
            return replace(state, away=replace(state.away, ended_by=ended_by))  # back, and standing
        return state
    floor = [t for t in (state.last_seen, state.bout.start) if t is not None]
    since = max([now - timedelta(seconds=max(obs.idle_s, 0.0)), *floor])
    return replace(state, away=Away(min(since, now), ended_by))


def _present(
    state: ScheduleState, source: Source, now: datetime, config: ScheduleConfig, events: list[Event]
) -> ScheduleState:
    away = state.away
    if away is not None and not away.counted and (now - away.since).total_seconds() >= config.break_s:
        state = _break(state, away, events)
    state = replace(state, away=None, last_seen=now)
    if state.bout is None:
        state = replace(state, bout=Bout(now, source, meeting=_in_meeting(state, now)))
    return state


def _break(state: ScheduleState, away: Away, events: list[Event]) -> ScheduleState:
    """Away or standing for a break's length: the bout ends when the person left, and that is a break."""
    if state.bout is not None:
        b = state.bout
        events.append(BoutEnded(b.start, max(away.since, b.start), away.ended_by, b.source, b.meeting))
    verified = away.ended_by is EndedBy.STANDING
    events.append(BreakTaken(away.since, state.due_at, verified))
    return replace(
        state,
        bout=None,
        away=replace(away, counted=True),
        due_at=None,
        reminded=False,
        snoozed_until=None,
        last_break=away.since,
    )


def _taken(state: ScheduleState, now: datetime, events: list[Event]) -> ScheduleState:
    """The person says they took a break: the bout ends now and, as they are here to say so, a new one
    starts."""
    if state.bout is not None:
        b = state.bout
        events.append(BoutEnded(b.start, now, EndedBy.BREAK, b.source, b.meeting))
    events.append(BreakTaken(now, state.due_at, verified=False))
    source = state.bout.source if state.bout else Source.INPUT
    return replace(
        state,
        bout=Bout(now, source, meeting=_in_meeting(state, now)),
        away=None,
        last_seen=now,
        due_at=None,
        reminded=False,
        snoozed_until=None,
        last_break=now,
    )


def _meeting(state: ScheduleState, minutes: float, now: datetime) -> ScheduleState:
    if minutes <= 0:
        return replace(state, meeting_until=now if _in_meeting(state, now) else state.meeting_until)
    until = now + timedelta(minutes=minutes)
    bout = replace(state.bout, meeting=True) if state.bout else Bout(now, Source.INPUT, meeting=True)
    # A reminder already out is withdrawn: it comes back when the meeting ends.
    return replace(
        state, meeting_until=until, bout=bout, away=None, last_seen=now, due_at=None, reminded=False
    )


def _in_meeting(state: ScheduleState, now: datetime) -> bool:
    return state.meeting_until is not None and now < state.meeting_until


def _time_passes(
    state: ScheduleState, now: datetime, config: ScheduleConfig, events: list[Event]
) -> ScheduleState:
    away = state.away
    if away is not None and not away.counted and (now - away.since).total_seconds() >= config.break_s:
        return _break(state, away, events)
    if state.bout is None or away is not None or _in_meeting(state, now):
        return state
    if state.due_at is None:
        due = _due_moment(state, config)
        if now < due:
            return state
        state = replace(state, due_at=due, reminded=False)
    due_at = state.due_at
    assert due_at is not None
    if (now - due_at).total_seconds() >= config.grace_s:
        events.append(BreakMissed(due_at, now))
        due_at = now
        state = replace(state, due_at=now, reminded=False, snoozed_until=None)
    if not state.reminded and (state.snoozed_until is None or now >= state.snoozed_until):
        events.append(BreakDue(now, due_at, _sat(state, now)))
        state = replace(state, reminded=True)
    return state


def _due_moment(state: ScheduleState, config: ScheduleConfig) -> datetime:
    assert state.bout is not None
    due = state.bout.start + timedelta(seconds=config.interval_s)
    if state.meeting_until is not None and state.meeting_until > state.bout.start:
        due = max(due, state.meeting_until)  # a meeting that ran past the interval: due as it ends
    return due


def _sat(state: ScheduleState, now: datetime) -> float:
    if state.bout is None:
        return 0.0
    end = state.away.since if state.away is not None else now
    return max(0.0, (end - state.bout.start).total_seconds())


def summary(state: ScheduleState, now: datetime, config: ScheduleConfig) -> dict[str, Any]:
    """The state as the pages and the terminal show it (the HTTP contract: sitting_s, next_break_in_s,
    state)."""
    now = max(now, state.clock) if state.clock is not None else now
    phase = _phase(state, now)
    next_in = config.interval_s
    if state.bout is not None and state.away is None:
        moments = [_due_moment(state, config), state.snoozed_until, state.meeting_until]
        next_at = max(m for m in moments if m is not None)
        next_in = 0.0 if state.due_at is not None and phase is Phase.DUE else (next_at - now).total_seconds()
    return {
        "state": phase.value,
        "sitting_s": round(_sat(state, now), 1),
        "next_break_in_s": round(max(0.0, next_in), 1),
        "sitting_since": _iso(state.bout.start if state.bout else None),
        "due_at": _iso(state.due_at),
        "meeting_until": _iso(state.meeting_until if _in_meeting(state, now) else None),
        "snoozed_until": _iso(state.snoozed_until if phase is Phase.SNOOZED else None),
        "last_break": _iso(state.last_break),
        "meeting": bool(state.bout and state.bout.meeting),
        "silent": state.silent,
        "interval_s": config.interval_s,
        "max_s": config.max_s,
        "break_s": config.break_s,
        "idle_s": config.idle_s,
        "now": now.isoformat(),
    }


def _phase(state: ScheduleState, now: datetime) -> Phase:
    if state.bout is None or state.away is not None:
        return Phase.AWAY
    if _in_meeting(state, now):
        return Phase.MEETING
    if state.due_at is not None:
        snoozed = state.snoozed_until is not None and now < state.snoozed_until
        return Phase.SNOOZED if snoozed else Phase.DUE
    return Phase.SITTING


def _iso(at: datetime | None) -> str | None:
    return None if at is None else at.isoformat()


# ---- storage form --------------------------------------------------------------------------------------


def state_to_dict(state: ScheduleState) -> dict[str, Any]:
    """Plain JSON values, to keep the state across restarts."""
    bout = state.bout
    away = state.away
    return {
        "bout": None
        if bout is None
        else {"start": bout.start.isoformat(), "source": bout.source.value, "meeting": bout.meeting},
        "away": None
        if away is None
        else {"since": away.since.isoformat(), "ended_by": away.ended_by.value, "counted": away.counted},
        **{
            name: _iso(getattr(state, name))
            for name in ("last_seen", "clock", "meeting_until", "snoozed_until", "due_at", "last_break")
        },
        "reminded": state.reminded,
        "silent": state.silent,
    }


def state_from_dict(data: dict[str, Any]) -> ScheduleState:
    def at(name: str) -> datetime | None:
        value = data.get(name)
        return None if value is None else datetime.fromisoformat(value)

    b, a = data.get("bout"), data.get("away")
    return ScheduleState(
        bout=None
        if b is None
        else Bout(datetime.fromisoformat(b["start"]), Source(b["source"]), bool(b["meeting"])),
        away=None
        if a is None
        else Away(datetime.fromisoformat(a["since"]), EndedBy(a["ended_by"]), bool(a["counted"])),
        last_seen=at("last_seen"),
        clock=at("clock"),
        meeting_until=at("meeting_until"),
        snoozed_until=at("snoozed_until"),
        due_at=at("due_at"),
        reminded=bool(data.get("reminded")),
        last_break=at("last_break"),
        silent=bool(data.get("silent")),
    )
