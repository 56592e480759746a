"""The break schedule kept in the database: its state, the sitting bouts and the breaks it recorded.

The web server and `psoas breaks` in a terminal advance the same state. Each advance reads the state,
runs habits.schedule.advance and writes the new state with what happened, in one transaction; the write
goes through only over the version it read, else it reads again and retries (another process wrote in
between), so neither loses the other's break.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from psoas.errors import StoreError
from psoas.habits.schedule import (
    BoutEnded,
    BreakMissed,
    BreakTaken,
    EndedBy,
    Event,
    Observation,
    ScheduleConfig,
    ScheduleState,
    Snooze,
    Source,
    advance,
    state_from_dict,
    state_to_dict,
)
from psoas.store import schema as t
from psoas.store.db import Store
from psoas.store.records import as_utc

__all__ = [
    "BoutRecord",
    "ScheduledBreak",
    "apply",
    "bouts_between",
    "load_state",
    "save_settings",
    "scheduled_breaks",
]

ROW_ID = 1
RETRIES = 8
AWAY_ENDS = frozenset({EndedBy.IDLE, EndedBy.AWAY})


@dataclass(frozen=True)
class BoutRecord:
    start: datetime
    end: datetime
    source: Source
    ended_by: EndedBy
    meeting: bool

    @property
    def seconds(self) -> float:
        return (self.end - self.start).total_seconds()


@dataclass(frozen=True)
class ScheduledBreak:
    due_at: datetime
    at: datetime
    outcome: str  # done | idle | missed | snoozed | skipped
    verified: bool


class _Conflict(Exception):
    """Another process wrote the state between this one's read and write."""


def load_state(store: Store) -> ScheduleState:
    with store.transaction() as conn:
        return _read(conn)[0]


def apply(store: Store, obs: Observation, config: ScheduleConfig) -> tuple[ScheduleState, list[Event]]:
    """Advance the stored schedule by `obs`; the new state and its events are stored together."""
    for _ in range(RETRIES):
        try:
            with store.transaction() as conn:
                state, version = _read(conn)
                new, events = advance(state, obs, config)
                _write(conn, new, version, obs.at)
                _record(conn, state, obs, events)
                return new, events
        except _Conflict:
            continue
    raise StoreError("The break schedule is being written by another psoas without pause; try again.")


def save_settings(store: Store, *, silent: bool, at: datetime) -> ScheduleState:
    """Keep the silent-mode setting with the schedule, so the server and the terminal both respect it."""
    for _ in range(RETRIES):
        try:
            with store.transaction() as conn:
                state, version = _read(conn)
                new = ScheduleState(**{**state.__dict__, "silent": silent})
                _write(conn, new, version, at)
                return new
        except _Conflict:
            continue
    raise StoreError("The break schedule is being written by another psoas without pause; try again.")


def _read(conn: sa.Connection) -> tuple[ScheduleState, int]:
    c = t.break_schedule.c
    row = conn.execute(sa.select(c.version, c.state).where(c.id == ROW_ID)).first()
    if row is None:
        return ScheduleState(), 0
    return state_from_dict(row.state), int(row.version)


def _write(conn: sa.Connection, state: ScheduleState, version: int, at: datetime) -> None:
    c = t.break_schedule.c
    values = {"version": version + 1, "updated_at": as_utc(at), "state": state_to_dict(state)}
    if version == 0:
        exists = conn.execute(sa.select(c.id).where(c.id == ROW_ID)).first()
        if exists is None:
            conn.execute(t.break_schedule.insert().values(id=ROW_ID, **values))
            return
    query = t.break_schedule.update().where(c.id == ROW_ID, c.version == version).values(**values)
    if conn.execute(query).rowcount != 1:
        raise _Conflict


def _record(conn: sa.Connection, before: ScheduleState, obs: Observation, events: Sequence[Event]) -> None:
    ends = {e.ended_by for e in events if isinstance(e, BoutEnded)}
    for e in events:
        if isinstance(e, BoutEnded):
            conn.execute(
                t.sitting_bouts.insert().values(
                    start=as_utc(e.start),
                    end=as_utc(e.end),
                    source=e.source.value,
                    ended_by=e.ended_by.value,
                    meeting=e.meeting,
                )
            )
        elif isinstance(e, BreakTaken):
            # Time away is logged as "idle", as the terminal always did; standing or said: "done".
            outcome = "idle" if ends & AWAY_ENDS and not e.verified else "done"
            _break(conn, e.due_at or e.at, e.at, outcome, e.verified)
        elif isinstance(e, BreakMissed):
            _break(conn, e.due_at, e.at, "missed", verified=False)
    if isinstance(obs, Snooze) and before.due_at is not None:
        _break(conn, before.due_at, obs.at, "snoozed", verified=False)


def _break(conn: sa.Connection, due_at: datetime, at: datetime, outcome: str, verified: bool) -> None:
    conn.execute(
        t.breaks.insert().values(
            due_at=as_utc(due_at), at=as_utc(at), outcome=outcome, routine=None, verified=verified
        )
    )


def bouts_between(store: Store, start: datetime, end: datetime) -> list[BoutRecord]:
    """The bouts that began in [start, end), oldest first."""
    c = t.sitting_bouts.c
    query = (
        t.sitting_bouts.select()
        .where(c.start >= as_utc(start), c.start < as_utc(end))
        .order_by(c.start, c.id)
    )
    with store.transaction() as conn:
        rows = conn.execute(query).mappings().all()
    return [
        BoutRecord(
            as_utc(r["start"]), as_utc(r["end"]), Source(r["source"]), EndedBy(r["ended_by"]), r["meeting"]
        )
        for r in rows
    ]


def scheduled_breaks(store: Store, start: datetime, end: datetime) -> list[ScheduledBreak]:
    """Every break row in [start, end) with whether the camera verified it, oldest first."""
    c = t.breaks.c
    query = t.breaks.select().where(c.at >= as_utc(start), c.at < as_utc(end)).order_by(c.at, c.id)
    with store.transaction() as conn:
        rows = conn.execute(query).mappings().all()
    return [
        ScheduledBreak(as_utc(r["due_at"]), as_utc(r["at"]), r["outcome"], bool(r["verified"])) for r in rows
    ]
