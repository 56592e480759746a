"""The profile (a new row per change) and the weekly plans. Each function is one transaction."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from psoas.catalog import Gear
from psoas.plan import Goal, Level, Limitation, Plan, Profile, RiskFactor, plan_from_dict
from psoas.store import schema as t
from psoas.store.db import Store
from psoas.store.utc import as_utc

__all__ = ["latest_plan", "latest_profile", "save_plan", "save_profile"]


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
        activities=tuple(row["activities"] or ()),  # NULL before 0005
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
