"""Check-ins and the pain stops of sessions. Each function is one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from psoas.store import schema as t
from psoas.store.db import Store
from psoas.store.utc import as_utc

__all__ = [
    "CheckInRecord",
    "PainRecord",
    "add_checkin",
    "add_pain",
    "checkin_row",
    "checkins",
    "pain_events",
]


@dataclass(frozen=True)
class PainRecord:
    at: datetime
    session_id: int | None
    exercise_id: str
    score: int
    action: str


def add_pain(store: Store, event: PainRecord) -> None:
    with store.transaction() as conn:
        conn.execute(
            t.pain_events.insert().values(
                at=as_utc(event.at),
                session_id=event.session_id,
                exercise_id=event.exercise_id,
                score=event.score,
                action=event.action,
            )
        )


def pain_events(store: Store, since: datetime | None = None) -> list[PainRecord]:
    query = t.pain_events.select().order_by(t.pain_events.c.at)
    if since is not None:
        query = query.where(t.pain_events.c.at >= as_utc(since))
    with store.transaction() as conn:
        rows = conn.execute(query).mappings().all()
    return [
        PainRecord(as_utc(r["at"]), r["session_id"], r["exercise_id"], r["score"], r["action"]) for r in rows
    ]


@dataclass(frozen=True)
class CheckInRecord:
    at: datetime
    pain_low_back: int
    pain_hip: int
    pain_knee: int
    stiffness: int
    hours_sat: float
    signs: tuple[str, ...]
    red_flags: tuple[str, ...]
    note: str
    # (activity, 0–10) for each activity the profile names: 0 cannot do it, 10 as well as before
    function: tuple[tuple[str, int], ...] = ()

    @property
    def worst_pain(self) -> int:
        return max(self.pain_low_back, self.pain_hip, self.pain_knee)

    @property
    def function_score(self) -> float | None:
        """The mean of the activity scores, the usual one-number summary of such a scale; None unrated."""
        if not self.function:
            return None
        return round(sum(n for _, n in self.function) / len(self.function), 1)


def add_checkin(store: Store, record: CheckInRecord) -> None:
    with store.transaction() as conn:
        values = {
            "at": as_utc(record.at),
            "pain_low_back": record.pain_low_back,
            "pain_hip": record.pain_hip,
            "pain_knee": record.pain_knee,
            "stiffness": record.stiffness,
            "hours_sat": record.hours_sat,
            "signs": list(record.signs),
            "red_flags": list(record.red_flags),
            "note": record.note,
            "function": [{"activity": a, "score": n} for a, n in record.function],
        }
        conn.execute(t.checkins.insert().values(**values))


def checkins(store: Store) -> list[CheckInRecord]:
    with store.transaction() as conn:
        rows = conn.execute(t.checkins.select().order_by(t.checkins.c.at, t.checkins.c.id)).mappings().all()
    return [checkin_row(r) for r in rows]


def checkin_row(r: sa.RowMapping) -> CheckInRecord:
    """A stored check-in row as a record."""
    return CheckInRecord(
        at=as_utc(r["at"]),
        pain_low_back=r["pain_low_back"],
        pain_hip=r["pain_hip"],
        pain_knee=r["pain_knee"],
        stiffness=r["stiffness"],
        hours_sat=r["hours_sat"],
        signs=tuple(r["signs"]),
        red_flags=tuple(r["red_flags"]),
        note=r["note"],
        function=tuple((f["activity"], int(f["score"])) for f in r["function"] or ()),  # NULL before 0005
    )
