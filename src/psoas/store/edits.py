"""Correcting what a person recorded: a check-in's scores and note, or a session step's outcome.

Warning signs and times are never edited: a warning sign pauses the plan until a clinician visit is
recorded, and editing it away would lift that pause without one (deleting that check-in is refused for
the same reason)."""

from __future__ import annotations

from enum import StrEnum

import sqlalchemy as sa

from psoas.store import schema as t
from psoas.store.checkins import CheckInRecord, checkin_row
from psoas.store.db import Store

__all__ = ["StepOutcome", "checkin_by_id", "edit_checkin", "edit_step"]


class StepOutcome(StrEnum):
    DONE = "done"
    SKIPPED = "skipped"
    STOPPED = "stopped"  # stopped for pain


def checkin_by_id(store: Store, row_id: int) -> CheckInRecord | None:
    with store.transaction() as conn:
        row = conn.execute(t.checkins.select().where(t.checkins.c.id == row_id)).mappings().first()
    return None if row is None else checkin_row(row)


_EDITABLE = ("pain_low_back", "pain_hip", "pain_knee", "stiffness", "hours_sat", "signs", "note", "function")


def edit_checkin(store: Store, row_id: int, record: CheckInRecord) -> bool:
    """Store `record`'s scores, signs, note and activity ratings on the check-in `row_id` (its time and
    warning signs stay as they were). False when there is no such check-in."""
    values = {k: v for k, v in _values(record).items() if k in _EDITABLE}
    with store.transaction() as conn:
        done = conn.execute(t.checkins.update().where(t.checkins.c.id == row_id).values(**values))
        return done.rowcount > 0


def _values(record: CheckInRecord) -> dict[str, object]:
    return {
        "pain_low_back": record.pain_low_back,
        "pain_hip": record.pain_hip,
        "pain_knee": record.pain_knee,
        "stiffness": record.stiffness,
        "hours_sat": record.hours_sat,
        "signs": list(record.signs),
        "note": record.note,
        "function": [{"activity": a, "score": n} for a, n in record.function],
    }


def edit_step(store: Store, session_id: int, step_index: int, outcome: StepOutcome) -> bool:
    """Correct the outcome of one recorded step (e.g. a step marked done that was skipped). False when
    the session has no such recorded step."""
    steps = t.session_steps
    where = sa.and_(steps.c.session_id == session_id, steps.c.step_index == step_index)
    with store.transaction() as conn:
        return conn.execute(steps.update().where(where).values(outcome=outcome.value)).rowcount > 0
