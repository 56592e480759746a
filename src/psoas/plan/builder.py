"""The weekly plan: seven days built from the catalog by the rules, explained, and within the time budget.

A day is assembled from bundles in priority order (the daily psoas stretch first, then strength with its
warm-up on strength days, then more stretching, ...). A bundle goes in only if the whole of it fits the
minutes left, so the budget always holds and the most important work is the last to go.

Safety comes before all of it: a warning sign empties every day until a clinician visit is recorded;
pain of 8/10 or more turns the days from that check-in on into rest (slow breathing only); exercises the
catalog marks unsafe with one of the person's conditions are never planned.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from psoas.catalog import Catalog, Category, Exercise, Intensity
from psoas.plan import rules
from psoas.plan.dose import Prescription
from psoas.plan.profile import Goal, Level, Limitation, Profile
from psoas.plan.rules import PlanContext
from psoas.safety import SEVERE_PAIN_REST, paused_text

__all__ = ["DAY_NAMES", "Plan", "PlanDay", "PlanItem", "build_plan", "plan_from_dict", "plan_item"]

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ORDER = {Category.WARM_UP: 0, Category.STRENGTH: 1, Category.STRETCH: 2, Category.RELAXATION: 3}
RESTORATIVE = ("supported-bridge", "diaphragmatic-breathing")
# When the person's conditions leave fewer stretches than the day asks for (late pregnancy, a hip
# replacement: lying, kneeling and deep bending are out), a day without strength work is not cut short:
# gentle movement that is safe with every condition the catalog knows fills it instead.
GENTLE_FILL = ("walking-break", "progressive-muscle-relaxation")
FILL_WHY = "Your conditions leave few stretches: gentle movement that is safe with them fills the day."
CALMING = "diaphragmatic-breathing"
OPENING = "Stretch daily: a psoas stretch opens the day."
GENTLE_OPENING = "Stretch daily: a gentle stretch opens the day."
# Current practice, not the seeds' (see `psoas learn desk-work`).
ACTIVITY = (
    "Besides this plan, aim for about 150 minutes of moderate activity a week (brisk walking counts) and "
    "get up from your desk often: `psoas learn desk-work` has the set-up."
)
BACK_PAIN_REASSURANCE = (
    "Most back pain is not serious and settles within weeks; staying active helps it settle. The check-in "
    "tells you when it needs a doctor."
)


@dataclass(frozen=True)
class PlanItem:
    exercise_id: str
    name: str
    category: Category
    prescription: Prescription
    modification: str | None
    notes: tuple[str, ...]
    why: tuple[str, ...]
    equipment: tuple[str, ...] = ()  # what to have at hand, in the catalog's words ("chair without wheels")

    @property
    def seconds(self) -> int:
        return self.prescription.seconds()

    @property
    def needs(self) -> str | None:
        """The equipment as one sentence, or None when the exercise needs nothing."""
        return f"You need: {', '.join(self.equipment)}." if self.equipment else None

    def to_dict(self) -> dict[str, object]:
        return {
            "exercise_id": self.exercise_id,
            "name": self.name,
            "category": self.category.value,
            "prescription": self.prescription.to_dict(),
            "dose": self.prescription.describe(),
            "modification": self.modification,
            "notes": list(self.notes),
            "why": list(self.why),
            "seconds": self.seconds,
            "equipment": list(self.equipment),
            "needs": self.needs,
        }


@dataclass(frozen=True)
class PlanDay:
    day: date
    items: tuple[PlanItem, ...]
    strength: bool
    rest: str | None = None  # why this day is rest (paused after a warning sign, or severe pain)

    @property
    def seconds(self) -> int:
        return sum(i.seconds for i in self.items)

    def to_dict(self) -> dict[str, object]:
        return {
            "date": self.day.isoformat(),
            "weekday": DAY_NAMES[self.day.weekday()],
            "strength_day": self.strength,
            "minutes": round(self.seconds / 60, 1),
            "rest": self.rest,
            "items": [i.to_dict() for i in self.items],
        }


@dataclass(frozen=True)
class Plan:
    week_start: date
    days: tuple[PlanDay, ...]
    notes: tuple[str, ...]
    excluded: tuple[tuple[str, str], ...]  # (exercise id, why it was left out)

    def day(self, when: date) -> PlanDay:
        for d in self.days:
            if d.day == when:
                return d
        raise KeyError(when)

    def to_dict(self) -> dict[str, object]:
        return {
            "week_start": self.week_start.isoformat(),
            "notes": list(self.notes),
            "excluded": [{"exercise_id": i, "why": w} for i, w in self.excluded],
            "days": [d.to_dict() for d in self.days],
        }


def build_plan(profile: Profile, when: date, catalog: Catalog, ctx: PlanContext | None = None) -> Plan:
    """The plan for the week holding `when`: the same profile, date and history give the same plan."""
    ctx = ctx or PlanContext()
    start = rules.week_start(when)
    if ctx.paused is not None:  # a warning sign: no exercise at all until a clinician has seen them
        text = paused_text(ctx.paused)
        days = tuple(PlanDay(start + timedelta(days=i), (), False, text) for i in range(7))
        return Plan(start, days, (text,), ())
    weeks = rules.weeks_since_start(profile, when)
    # Conditions as of the week's last day: a pregnancy reaching 20 weeks mid-week changes the whole week.
    end = start + timedelta(days=6)
    names = {c.id: c.name for c in catalog.conditions}
    reasons = {ex.id: rules.exclusion(ex, profile, ctx, on=end, names=names) for ex in catalog.exercises}
    excluded = tuple((ex_id, why) for ex_id, why in reasons.items() if why is not None)
    usable = [ex for ex in catalog.exercises if reasons[ex.id] is None]
    stretch_pool = _pool(usable, Category.STRETCH, profile, first=rules.psoas_stretches(profile))
    strength_pool = _pool(usable, Category.STRENGTH, profile, first=("glute-bridge", "standing-hip-flexion"))
    strength_days = rules.strength_weekdays(profile, ctx)
    families = {ex.id: ex.family for ex in catalog.exercises if ex.family}
    excluded_ids = frozenset(i for i, _ in excluded)
    conditions = profile.conditions(end)
    narrowed = any(
        rules.avoided_with(ex, conditions) for ex in catalog.exercises if ex.category is Category.STRETCH
    )
    week = _Week(
        profile, catalog, ctx, weeks, stretch_pool, strength_pool, excluded_ids, end, families, narrowed
    )
    days = tuple(_day(week, start + timedelta(days=i), i, i in strength_days) for i in range(7))
    # The note names the days that really hold strength work (a tight budget may leave none).
    planned = tuple(i for i, d in enumerate(days) if d.strength)
    return Plan(start, days, _notes(profile, catalog, ctx, planned, end), excluded)


def _pool(
    usable: Sequence[Exercise], category: Category, profile: Profile, first: Sequence[str]
) -> tuple[str, ...]:
    """Ids of one category: the articles' core exercises first, then those matching goals, gentlest first."""
    ids = [ex for ex in usable if ex.category is category]

    def rank(ex: Exercise) -> tuple[int, int, int, str]:
        core = first.index(ex.id) if ex.id in first else len(first)
        goal = -len(rules.goal_match(ex, profile.goals))
        hard = list(Intensity).index(ex.intensity)
        return (core, goal, hard, ex.id)

    return tuple(ex.id for ex in sorted(ids, key=rank))


@dataclass(frozen=True)
class _Week:
    """What every day of one week's plan is built from."""

    profile: Profile
    catalog: Catalog
    ctx: PlanContext
    weeks: int  # since the profile started: drives progression
    stretch_pool: tuple[str, ...]
    strength_pool: tuple[str, ...]
    excluded: frozenset[str]
    end: date  # the week's last day: the conditions (late pregnancy) are taken on it
    families: Mapping[str, str]  # exercise id → family (variants of one position), for those in one
    narrowed: bool = False  # the person's conditions rule out some stretches: gentle movement fills in

    def allows(self, ex_id: str) -> bool:
        return ex_id not in self.excluded


def _rest_day(week: _Week, day: date) -> PlanDay:
    """Severe pain: rest from exercise; slow breathing is all the day holds (when it is allowed)."""
    items: tuple[PlanItem, ...] = ()
    if week.allows(CALMING):
        why = "Rest day: pain of 8/10 or more at your last check-in; slow breathing only."
        ex = week.catalog.exercise(CALMING)
        bundle = [plan_item(ex, week.profile, week.weeks, week.ctx, why, on=week.end)]
        items = _fit([bundle], week.profile.minutes_per_day * 60)
    return PlanDay(day, items, strength=False, rest=SEVERE_PAIN_REST)


def _day(week: _Week, day: date, index: int, strength_day: bool) -> PlanDay:
    profile, catalog, ctx, weeks = week.profile, week.catalog, week.ctx, week.weeks
    if ctx.rest_from is not None and day >= ctx.rest_from:
        return _rest_day(week, day)
    stretch_pool = week.stretch_pool
    # No warm-up (it hurt recently) means no strength work that day: warming up comes first.
    strength_pool = week.strength_pool if strength_day and week.allows("warm-up") else ()

    def item(ex_id: str, *why: str) -> PlanItem:
        return plan_item(catalog.exercise(ex_id), profile, weeks, ctx, *why, on=week.end)

    sitting = f"you sit about {profile.sitting_hours:g} h a day"
    per_day = rules.stretches_per_day(profile.sitting_hours)
    turn = index + 7 * week.weeks  # the rotation runs on across weeks, so week 3 is not week 2 again
    stretches = rules.rotate(stretch_pool, turn, per_day, families=week.families)
    strengths = rules.rotate(
        strength_pool, turn, rules.strength_per_day(profile), keep_first=False, families=week.families
    )
    warm = item("warm-up", "Warm up first: strength or intense work follows.")

    def bundle(ex_id: str, why: str) -> list[PlanItem]:
        """The exercise, warmed up first when it is strength or intense work, and balanced with a
        restorative pose when it is intense."""
        ex = catalog.exercise(ex_id)
        if rules.needs_warm_up([ex]) and not week.allows("warm-up"):
            return []  # no warm-up (it hurt recently), so no work that needs one
        warmed = [warm] if rules.needs_warm_up([ex]) else []
        rest_id = next((r for r in RESTORATIVE if week.allows(r)), None)
        calm = [item(rest_id, f"Balances the intense {ex.name}.")] if rest_id else []
        return [*warmed, item(ex_id, why), *(calm if rules.needs_restorative([ex]) else [])]

    more = f"More sitting, more stretching: {sitting}."
    bundles: list[list[PlanItem]] = []
    if stretches:
        psoas = stretches[0] in rules.PSOAS_STRETCHES
        bundles.append(bundle(stretches[0], OPENING if psoas else GENTLE_OPENING))
    for k, ex_id in enumerate(strengths):
        # Every strength bundle carries the warm-up (added once): whichever strength fits, it comes warmed up.
        bundles.append(bundle(ex_id, "Strength day: 2–3 times a week, never on consecutive days."))
        if k < len(stretches) - 1:
            bundles.append(bundle(stretches[k + 1], more))
    bundles.extend(bundle(ex_id, more) for ex_id in stretches[1 + len(strengths) :])
    if week.narrowed and not strengths and len(stretches) < per_day:
        fill = [f for f in GENTLE_FILL if week.allows(f)][: per_day - len(stretches)]
        bundles.extend([item(ex_id, FILL_WHY)] for ex_id in fill)
    if (Goal.PAIN_RELIEF in profile.goals or profile.sitting_hours >= 8) and week.allows(CALMING):
        bundles.append([item(CALMING, "Slow breathing to unwind: your goals or long sitting call for it.")])
    items = _fit(bundles, profile.minutes_per_day * 60)
    return PlanDay(day, items, strength=any(i.category is Category.STRENGTH for i in items))


def plan_item(
    ex: Exercise, profile: Profile | None, weeks: int, ctx: PlanContext, *why: str, on: date | None = None
) -> PlanItem:
    """One exercise dosed for this person (a beginner when there is no profile yet), with its reasons and
    the notes that adapt it to their conditions on the day `on`."""
    level = profile.level if profile else Level.BEGINNER
    goals = rules.goal_match(ex, profile.goals) if profile else ()
    pain = ctx.pain(ex.id)
    return PlanItem(
        ex.id,
        ex.name,
        ex.category,
        rules.prescribe(ex, level, weeks),
        rules.modification(ex, level, pain),
        (rules.accommodations(ex, profile, on) if profile else ()) + _pain_note(pain),
        (*why, *(f"Matches your goal: {g.value}." for g in goals)),
        tuple(ex.equipment),
    )


def _pain_note(pain: int | None) -> tuple[str, ...]:
    return () if pain is None else (f"It hurt recently ({pain}/10): easier version, stop if it hurts again.",)


def _fit(bundles: Sequence[Sequence[PlanItem]], budget_s: int) -> tuple[PlanItem, ...]:
    """Add whole bundles in priority order while they fit; a bundle that does not fit is tried again
    with one set of each exercise, so a growing dose shortens before the exercise drops out."""
    chosen: list[PlanItem] = []
    used = 0
    for bundle in bundles:
        new = [i for i in bundle if i.exercise_id not in {c.exercise_id for c in chosen}]
        cost = sum(i.seconds for i in new)
        if used + cost > budget_s:
            new = [replace(i, prescription=replace(i.prescription, sets=1)) for i in new]
            cost = sum(i.seconds for i in new)
        if new and used + cost <= budget_s:
            chosen.extend(new)
            used += cost
    return tuple(sorted(chosen, key=lambda i: ORDER.get(i.category, 9)))


def _notes(
    profile: Profile, catalog: Catalog, ctx: PlanContext, strength_days: Sequence[int], end: date
) -> tuple[str, ...]:
    notes = [f"Up to {profile.minutes_per_day} minutes a day; the most important work is kept first."]
    if ctx.rest_from is not None:
        notes.append(SEVERE_PAIN_REST)
    if strength_days:
        names = " and ".join(DAY_NAMES[d] for d in strength_days)
        notes.append(f"Strength on {names}: never two days in a row, so muscles recover.")
    elif rules.strength_weekdays(profile, ctx) and ctx.rest_from is None:
        notes.append(
            f"No strength work fits {profile.minutes_per_day} minutes a day after the daily stretch: "
            "allow a few minutes more to add it."
        )
    conditions = profile.conditions(end)
    notes.extend(info.advice for info in catalog.conditions if info.id in conditions)
    if Limitation.LOW_BACK_PAIN in profile.limitations:
        notes.append(BACK_PAIN_REASSURANCE)
    notes.append(ACTIVITY)
    notes.append("Stop any exercise that hurts (press p in a session).")
    return tuple(notes)


def plan_from_dict(data: dict[str, object]) -> Plan:
    """Rebuild a stored plan (the inverse of Plan.to_dict)."""
    days = []
    for d in data["days"]:  # type: ignore[attr-defined]
        items = tuple(
            PlanItem(
                i["exercise_id"],
                i["name"],
                Category(i["category"]),
                Prescription.from_dict(i["prescription"]),
                i["modification"],
                tuple(i["notes"]),
                tuple(i["why"]),
                tuple(i.get("equipment", ())),  # plans stored before equipment was shown have none
            )
            for i in d["items"]
        )
        days.append(PlanDay(date.fromisoformat(d["date"]), items, bool(d["strength_day"]), d.get("rest")))
    return Plan(
        date.fromisoformat(str(data["week_start"])),
        tuple(days),
        tuple(data["notes"]),  # type: ignore[arg-type]
        tuple((e["exercise_id"], e["why"]) for e in data["excluded"]),  # type: ignore[attr-defined]
    )
