"""Clinician visits recorded after a warning sign: each one lifts the pause that sign set on the plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from psoas.store import schema as t
from psoas.store.db import Store
from psoas.store.utc import as_utc

__all__ = ["ClearanceRecord", "add_clearance", "clearances"]


@dataclass(frozen=True)
class ClearanceRecord:
    at: datetime  # when it was recorded
    seen_on: date  # the day a clinician saw the person
    note: str


def add_clearance(store: Store, record: ClearanceRecord) -> None:
    with store.transaction() as conn:
        conn.execute(
            t.clearances.insert().values(at=as_utc(record.at), seen_on=record.seen_on, note=record.note)
        )


def clearances(store: Store) -> list[ClearanceRecord]:
    with store.transaction() as conn:
        query = t.clearances.select().order_by(t.clearances.c.at, t.clearances.c.id)
        rows = conn.execute(query).mappings().all()
    return [ClearanceRecord(as_utc(r["at"]), r["seen_on"], r["note"]) for r in rows]
