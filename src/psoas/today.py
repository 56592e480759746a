"""Glue between the stored history and the pure planners: this week's plan and today's session items.

The plan for a week is built once and stored; it is rebuilt when the profile changes, when a check-in
raises or lifts a red flag, or when a pain stop changes what may be planned.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from psoas.assess.checkin import red_flag_day
from psoas.catalog import Catalog, Category
from psoas.errors import NoProfileError
from psoas.plan import Plan, PlanContext, PlanItem, Profile, build_plan, plan_item, rules, week_start
from psoas.store import Store
from psoas.store import records as rec

__all__ = ["PAIN_MEMORY_DAYS", "context_for", "custom_items", "profile_or_fail", "week_plan"]

PAIN_MEMORY_DAYS = 14  # a pain stop shapes the plan for two weeks


def profile_or_fail(store: Store) -> tuple[int, Profile]:
    found = rec.latest_profile(store)
    if found is None:
        raise NoProfileError()
    return found


def context_for(store: Store, now: datetime) -> PlanContext:
    since = now - timedelta(days=PAIN_MEMORY_DAYS)
    worst: dict[str, int] = {}
    for event in rec.pain_events(store, since=since):
        worst[event.exercise_id] = max(worst.get(event.exercise_id, 0), event.score)
    return PlanContext(red_flag_on=red_flag_day(rec.checkins(store)), painful=tuple(sorted(worst.items())))


def week_plan(store: Store, catalog: Catalog, day: date, now: datetime) -> Plan:
    """This week's plan: the stored one when it still matches the profile and history, else a new one."""
    profile_id, profile = profile_or_fail(store)
    fresh = build_plan(profile, day, catalog, context_for(store, now))
    if rec.latest_plan(store, week_start(day)) != fresh:
        rec.save_plan(store, profile_id, fresh, now)
    return fresh


def custom_items(
    ids: Sequence[str], catalog: Catalog, profile: Profile | None, ctx: PlanContext, day: date
) -> tuple[tuple[PlanItem, ...], tuple[str, ...]]:
    """Items for exercises the user named, dosed for their level (beginner without a profile).

    Returns the items and the warnings for exercises left out (strength after a red flag, habits)."""
    weeks = rules.weeks_since_start(profile, day) if profile else 0
    items: list[PlanItem] = []
    warnings: list[str] = []
    for ref in ids:
        ex = catalog.exercise(ref)
        if ex.category is Category.HABIT:
            warnings.append(f"{ex.name} is a habit, not a session exercise: `psoas breaks` schedules it.")
            continue
        if ctx.red_flag_on is not None and ex.category is Category.STRENGTH:
            warnings.append(
                f"{ex.name} left out: strength work is paused after a warning sign; see a doctor."
            )
            continue
        items.append(plan_item(ex, profile, weeks, ctx, "You chose it."))
    return tuple(items), tuple(warnings)
