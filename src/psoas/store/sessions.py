"""Guided sessions and their steps. Each function is one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from psoas.store import schema as t
from psoas.store.db import Store
from psoas.store.utc import as_utc

__all__ = [
    "ActiveSession",
    "SessionRecord",
    "StepRecord",
    "finish_session",
    "open_session",
    "record_step",
    "session_steps",
    "sessions",
    "start_session",
]


@dataclass(frozen=True)
class SessionRecord:
    id: int
    started_at: datetime
    finished_at: datetime | None
    status: str
    day: date
    source: str
    total_s: int


@dataclass(frozen=True)
class ActiveSession:
    record: SessionRecord
    timeline: list[dict[str, Any]]
    done: frozenset[int]  # step indices already committed


@dataclass(frozen=True)
class StepRecord:
    session_id: int
    step_index: int
    exercise_id: str
    kind: str
    side: str | None
    planned_s: int
    done_s: float
    outcome: str
    finished_at: datetime


def start_session(
    store: Store, timeline: list[dict[str, Any]], total_s: int, day: date, source: str, now: datetime
) -> int:
    with store.transaction() as conn:
        values = {
            "started_at": as_utc(now),
            "status": "active",
            "day": day,
            "source": source,
            "timeline": timeline,
            "total_s": total_s,
        }
        return int(conn.execute(t.sessions.insert().values(**values)).inserted_primary_key[0])  # type: ignore[index]


def record_step(
    store: Store, session_id: int, step: dict[str, Any], done_s: float, outcome: str, now: datetime
) -> None:
    """Commit one finished step; recording the same step twice (after a resume) is a no-op."""
    with store.transaction() as conn:
        exists = conn.execute(
            sa.select(t.session_steps.c.id).where(
                t.session_steps.c.session_id == session_id, t.session_steps.c.step_index == step["index"]
            )
        ).first()
        if exists:
            return
        conn.execute(
            t.session_steps.insert().values(
                session_id=session_id,
                step_index=step["index"],
                exercise_id=step["exercise_id"],
                kind=step["kind"],
                side=step.get("side"),
                set_no=step.get("set_no"),
                planned_s=step["seconds"],
                done_s=round(done_s, 2),
                outcome=outcome,
                finished_at=as_utc(now),
            )
        )


def finish_session(store: Store, session_id: int, status: str, now: datetime) -> None:
    with store.transaction() as conn:
        conn.execute(
            t.sessions.update()
            .where(t.sessions.c.id == session_id)
            .values(status=status, finished_at=as_utc(now))
        )


def _session(row: Any) -> SessionRecord:
    return SessionRecord(
        id=int(row["id"]),
        started_at=as_utc(row["started_at"]),
        finished_at=as_utc(row["finished_at"]) if row["finished_at"] else None,
        status=row["status"],
        day=row["day"],
        source=row["source"],
        total_s=int(row["total_s"]),
    )


def open_session(store: Store, session_id: int | None = None) -> ActiveSession | None:
    """The newest session still marked active (its process ended without finishing it), or the one with
    `session_id` when it is still active."""
    query = t.sessions.select().where(t.sessions.c.status == "active").order_by(t.sessions.c.id.desc())
    if session_id is not None:
        query = query.where(t.sessions.c.id == session_id)
    with store.transaction() as conn:
        row = conn.execute(query.limit(1)).mappings().first()
        if row is None:
            return None
        done = conn.execute(
            sa.select(t.session_steps.c.step_index).where(t.session_steps.c.session_id == row["id"])
        ).scalars()
        return ActiveSession(_session(row), list(row["timeline"]), frozenset(int(i) for i in done))


def sessions(store: Store) -> list[SessionRecord]:
    with store.transaction() as conn:
        rows = conn.execute(t.sessions.select().order_by(t.sessions.c.id)).mappings().all()
    return [_session(r) for r in rows]


def session_steps(store: Store, session_id: int | None = None) -> list[StepRecord]:
    query = t.session_steps.select().order_by(t.session_steps.c.session_id, t.session_steps.c.step_index)
    if session_id is not None:
        query = query.where(t.session_steps.c.session_id == session_id)
    with store.transaction() as conn:
        rows = conn.execute(query).mappings().all()
    return [
        StepRecord(
            session_id=r["session_id"],
            step_index=r["step_index"],
            exercise_id=r["exercise_id"],
            kind=r["kind"],
            side=r["side"],
            planned_s=r["planned_s"],
            done_s=r["done_s"],
            outcome=r["outcome"],
            finished_at=as_utc(r["finished_at"]),
        )
        for r in rows
    ]
