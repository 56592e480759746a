"""Glue between the stored history and the pure planners: this week's plan and today's session items.

The plan for a week is built once and stored; it is rebuilt when the profile changes, when a check-in
raises a warning sign or reports severe pain, when a clinician visit lifts a pause, or when a pain stop
changes what may be planned.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta, tzinfo

from psoas.assess.checkin import pause_from, severe_pain_since
from psoas.catalog import Catalog, Category
from psoas.errors import InvalidInputError, NoProfileError, PlanPausedError
from psoas.habits.breaks import Routine, routines_for_profile
from psoas.plan import Plan, PlanContext, PlanItem, Profile, build_plan, plan_item, rules, week_start
from psoas.safety import SEVERE_PAIN_REST, Pause, paused_text
from psoas.store import Store
from psoas.store import clearances as clr
from psoas.store import records as rec
from psoas.store.erase import Kind, delete_record, record_ids

__all__ = [
    "PAIN_MEMORY_DAYS",
    "STARTER",
    "break_routines",
    "context_for",
    "current_pause",
    "custom_items",
    "delete_record_safely",
    "profile_or_fail",
    "record_clearance",
    "refuse_if_paused",
    "week_plan",
]

PAIN_MEMORY_DAYS = 14  # a pain stop shapes the plan for two weeks
# The first routine for someone without a profile yet (the CLI's overview, `psoas plan`, the web's Today).
STARTER = (
    "warm-up",
    "kneeling-psoas-stretch",
    "glute-bridge",
    "standing-hip-flexion",
    "diaphragmatic-breathing",
)


def profile_or_fail(store: Store) -> tuple[int, Profile]:
    found = rec.latest_profile(store)
    if found is None:
        raise NoProfileError()
    return found


def current_pause(store: Store, now: datetime) -> Pause | None:
    """The pause a warning sign set, if no clinician visit is recorded since (None: not paused)."""
    found = rec.latest_profile(store)
    at_risk = found is not None and found[1].at_risk(now.date())
    return pause_from(rec.checkins(store), clr.clearances(store), at_risk=at_risk)


def refuse_if_paused(store: Store, now: datetime) -> None:
    """Raise with the referral and how to clear it: nothing is played while the plan is paused."""
    pause = current_pause(store, now)
    if pause is not None:
        raise PlanPausedError(paused_text(pause))


def context_for(store: Store, now: datetime) -> PlanContext:
    since = now - timedelta(days=PAIN_MEMORY_DAYS)
    worst: dict[str, int] = {}
    for event in rec.pain_events(store, since=since):
        worst[event.exercise_id] = max(worst.get(event.exercise_id, 0), event.score)
    severe = severe_pain_since(rec.checkins(store))
    return PlanContext(
        paused=current_pause(store, now),
        rest_from=None if severe is None else severe.astimezone().date(),  # the local day of the check-in
        painful=tuple(sorted(worst.items())),
    )


def break_routines(store: Store, catalog: Catalog, now: datetime) -> tuple[Routine, ...]:
    """The sitting-break routines for the stored profile and history (the plan's rules decide)."""
    found = rec.latest_profile(store)
    profile = None if found is None else found[1]
    return routines_for_profile(profile, catalog, context_for(store, now), now.astimezone().date())


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

    Nothing while the plan is paused (PlanPausedError). Returns the items and the warnings for
    exercises left out: unsafe with one of the person's conditions, exercise on a rest day, habits."""
    if ctx.paused is not None:
        raise PlanPausedError(paused_text(ctx.paused))
    weeks = rules.weeks_since_start(profile, day) if profile else 0
    conditions = profile.conditions(day) if profile else frozenset()
    resting = ctx.rest_from is not None and day >= ctx.rest_from
    items: list[PlanItem] = []
    warnings: list[str] = []
    for ref in ids:
        ex = catalog.exercise(ref)
        avoided = rules.avoided_with(ex, conditions)
        if ex.category is Category.HABIT:
            warnings.append(f"{ex.name} is a habit, not a session exercise: `psoas breaks` schedules it.")
        elif avoided:
            said = " or ".join(catalog.condition(c).name for c in avoided)
            warnings.append(f"{ex.name} left out: it is not safe with {said}.")
        elif resting and ex.category is not Category.RELAXATION:
            warnings.append(f"{ex.name} left out. {SEVERE_PAIN_REST}")
        else:
            items.append(plan_item(ex, profile, weeks, ctx, "You chose it.", on=day))
    return tuple(items), tuple(warnings)


def record_clearance(store: Store, seen_on: date, note: str, now: datetime, tz: tzinfo | None) -> Pause:
    """Store that a clinician saw the person on `seen_on`, lifting the current pause (returned).

    Refused, with one sentence, when nothing is paused or the day is in the future or before the sign."""
    pause = current_pause(store, now)
    if pause is None:
        raise InvalidInputError("No warning sign is pausing your plan: there is nothing to clear.")
    flagged = pause.flagged_at.astimezone(tz).date()
    today = now.astimezone(tz).date()
    if not flagged <= seen_on <= today:
        raise InvalidInputError(
            f"The clinician visit must be dated between the warning sign ({flagged.isoformat()}) and today "
            f"({today.isoformat()}), not {seen_on.isoformat()}."
        )
    clr.add_clearance(store, clr.ClearanceRecord(now, seen_on, note.strip()[:2000]))
    return pause


PAUSING_CHECKIN = (
    "This check-in's warning sign pauses your plan, so it stays: record the clinician visit "
    "(`psoas clear`, or the form on the Today page) to resume."
)


def delete_record_safely(store: Store, kind: Kind, row_id: int, now: datetime) -> bool:
    """Delete one record (False: there is none with that id). The check-in whose warning sign pauses
    the plan is refused (PlanPausedError): deleting it would lift the pause without a clinician visit."""
    pause = current_pause(store, now)
    if kind is Kind.CHECKIN and pause is not None:
        ids = record_ids(store, Kind.CHECKIN)
        ats = [c.at for c in rec.checkins(store)]
        if row_id in ids and ats[ids.index(row_id)] == pause.flagged_at:
            raise PlanPausedError(PAUSING_CHECKIN)
    return delete_record(store, kind, row_id)
