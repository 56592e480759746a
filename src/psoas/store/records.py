"""Reading and writing psoas's records. Each function is one transaction: it lands whole or not at all."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa

from psoas.catalog import Gear
from psoas.plan import Goal, Level, Limitation, Plan, Profile, RiskFactor, plan_from_dict
from psoas.store import schema as t
from psoas.store.db import Store

__all__ = [
    "ActiveSession",
    "AnalysisRecord",
    "BreakRecord",
    "CheckInRecord",
    "MeasurementRecord",
    "PainRecord",
    "SessionRecord",
    "StepRecord",
    "add_analysis",
    "add_break",
    "add_checkin",
    "add_measurements",
    "add_pain",
    "all_rows",
    "analyses",
    "as_utc",
    "breaks_between",
    "checkins",
    "finish_session",
    "latest_plan",
    "latest_profile",
    "measurements",
    "open_session",
    "pain_events",
    "record_step",
    "save_plan",
    "save_profile",
    "session_steps",
    "sessions",
    "start_session",
]


def as_utc(value: datetime) -> datetime:
    """SQLite hands back naive datetimes; psoas writes only UTC, so naive means UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# ---- profile and plan -------------------------------------------------------------------------------


def save_profile(store: Store, profile: Profile, now: datetime) -> int:
    with store.transaction() as conn:
        row = {"created_at": as_utc(now), **_profile_row(profile)}
        return int(conn.execute(t.profiles.insert().values(**row)).inserted_primary_key[0])  # type: ignore[index]


def _profile_row(p: Profile) -> dict[str, Any]:
    data = p.to_dict()
    data["started"] = p.started
    data["due_date"] = p.due_date
    return data


def latest_profile(store: Store) -> tuple[int, Profile] | None:
    with store.transaction() as conn:
        row = conn.execute(t.profiles.select().order_by(t.profiles.c.id.desc()).limit(1)).mappings().first()
    if row is None:
        return None
    return int(row["id"]), Profile(
        level=Level(row["level"]),
        sitting_hours=float(row["sitting_hours"]),
        goals=frozenset(Goal(g) for g in row["goals"]),
        limitations=frozenset(Limitation(x) for x in row["limitations"]),
        minutes_per_day=int(row["minutes_per_day"]),
        equipment=frozenset(Gear(g) for g in row["equipment"]),
        started=row["started"],
        due_date=row["due_date"],
        birth_year=row["birth_year"],
        risk_factors=frozenset(RiskFactor(r) for r in row["risk_factors"] or ()),  # NULL before 0002
    )


def save_plan(store: Store, profile_id: int, plan: Plan, now: datetime) -> int:
    with store.transaction() as conn:
        values = {
            "created_at": as_utc(now),
            "profile_id": profile_id,
            "week_start": plan.week_start,
            "body": plan.to_dict(),
        }
        return int(conn.execute(t.plans.insert().values(**values)).inserted_primary_key[0])  # type: ignore[index]


def latest_plan(store: Store, week_start: date) -> Plan | None:
    query = t.plans.select().where(t.plans.c.week_start == week_start).order_by(t.plans.c.id.desc()).limit(1)
    with store.transaction() as conn:
        row = conn.execute(query).mappings().first()
    return None if row is None else plan_from_dict(row["body"])


# ---- sessions ---------------------------------------------------------------------------------------


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


# ---- pain, check-ins, breaks ------------------------------------------------------------------------


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

    @property
    def worst_pain(self) -> int:
        return max(self.pain_low_back, self.pain_hip, self.pain_knee)


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
        }
        conn.execute(t.checkins.insert().values(**values))


def checkins(store: Store) -> list[CheckInRecord]:
    with store.transaction() as conn:
        rows = conn.execute(t.checkins.select().order_by(t.checkins.c.at, t.checkins.c.id)).mappings().all()
    return [
        CheckInRecord(
            at=as_utc(r["at"]),
            pain_low_back=r["pain_low_back"],
            pain_hip=r["pain_hip"],
            pain_knee=r["pain_knee"],
            stiffness=r["stiffness"],
            hours_sat=r["hours_sat"],
            signs=tuple(r["signs"]),
            red_flags=tuple(r["red_flags"]),
            note=r["note"],
        )
        for r in rows
    ]


@dataclass(frozen=True)
class BreakRecord:
    due_at: datetime
    at: datetime
    outcome: str
    routine: str | None


def add_break(store: Store, record: BreakRecord) -> None:
    with store.transaction() as conn:
        conn.execute(
            t.breaks.insert().values(
                due_at=as_utc(record.due_at),
                at=as_utc(record.at),
                outcome=record.outcome,
                routine=record.routine,
            )
        )


def breaks_between(
    store: Store, start: datetime | None = None, end: datetime | None = None
) -> list[BreakRecord]:
    query = t.breaks.select().order_by(t.breaks.c.at)
    if start is not None:
        query = query.where(t.breaks.c.at >= as_utc(start))
    if end is not None:
        query = query.where(t.breaks.c.at < as_utc(end))
    with store.transaction() as conn:
        rows = conn.execute(query).mappings().all()
    return [BreakRecord(as_utc(r["due_at"]), as_utc(r["at"]), r["outcome"], r["routine"]) for r in rows]


def all_rows(
    store: Store, tables: Sequence[sa.Table] = tuple(t.metadata.sorted_tables)
) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table, for export (read in one transaction: a consistent snapshot)."""
    out: dict[str, list[dict[str, Any]]] = {}
    with store.transaction() as conn:
        for table in tables:
            rows = conn.execute(table.select().order_by(*table.primary_key.columns)).mappings().all()
            out[table.name] = [dict(r) for r in rows]
    return out


@dataclass(frozen=True)
class AnalysisRecord:
    """One camera analysis: the report as stored, with its validity pulled out for queries."""

    at: datetime
    exercise_id: str
    source: str
    valid: bool
    report: dict[str, Any]


def insert_analysis(conn: sa.Connection, record: AnalysisRecord) -> int:
    """One analysis row inside a transaction already open (a batch stores its resume key with it)."""
    result = conn.execute(
        t.analyses.insert().values(
            at=as_utc(record.at),
            exercise_id=record.exercise_id,
            source=record.source,
            valid=record.valid,
            report=record.report,
        )
    )
    return int(result.inserted_primary_key[0])  # type: ignore[index]


def add_analysis(store: Store, record: AnalysisRecord) -> int:
    with store.transaction() as conn:
        return insert_analysis(conn, record)


def analyses(store: Store) -> list[AnalysisRecord]:
    with store.transaction() as conn:
        rows = conn.execute(t.analyses.select().order_by(t.analyses.c.at, t.analyses.c.id)).mappings().all()
    return [
        AnalysisRecord(as_utc(r["at"]), r["exercise_id"], r["source"], r["valid"], r["report"]) for r in rows
    ]


@dataclass(frozen=True)
class MeasurementRecord:
    """One measured value (e.g. a Thomas-test thigh angle) with what it was measured from."""

    at: datetime
    kind: str
    side: str | None
    value: float
    unit: str
    source: str
    details: dict[str, Any]


def add_measurements(store: Store, records: Sequence[MeasurementRecord]) -> None:
    """Several values of one test land together or not at all."""
    with store.transaction() as conn:
        for r in records:
            conn.execute(
                t.measurements.insert().values(
                    at=as_utc(r.at),
                    kind=r.kind,
                    side=r.side,
                    value=r.value,
                    unit=r.unit,
                    source=r.source,
                    details=r.details,
                )
            )


def measurements(store: Store, kind: str | None = None) -> list[MeasurementRecord]:
    query = t.measurements.select().order_by(t.measurements.c.at, t.measurements.c.id)
    if kind is not None:
        query = query.where(t.measurements.c.kind == kind)
    with store.transaction() as conn:
        rows = conn.execute(query).mappings().all()
    return [
        MeasurementRecord(
            as_utc(r["at"]), r["kind"], r["side"], r["value"], r["unit"], r["source"], r["details"]
        )
        for r in rows
    ]
