"""The planning rules, one small function each, written from the seeds' advice.

stretch daily ........................ stretches_per_day, psoas_stretches (standing first: STANDING_FIRST)
strengthen 2–3×/week, not back to back strength_weekdays
warm up first (strength, intense) .... needs_warm_up (builder: before intense stretches too)
one variant of a position a day ...... rotate(families=...)
holds start at the low end, progress . prescribe (holds weekly, reps every 2 weeks, sets by level)
10–12 reps × 2–3 sets, both sides .... prescribe
balance intense work with rest ....... needs_restorative
level → modification ................. modification
limitations and equipment ............ exclusion, accommodations (conditions: the catalog's avoid_with
                                       and adapt, e.g. pregnancy, hip replacement, osteoporosis)
warning sign → whole plan paused ..... PlanContext.paused (builder: every day empty until cleared)
pain 8/10 or more → rest ............. PlanContext.rest_from (builder: slow breathing only)
more sitting → more stretching ....... stretches_per_day
conditions leave few stretches ....... builder: GENTLE_FILL (walking, relaxation) on non-strength days
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from psoas.catalog import Category, Condition, Exercise, Gear, Intensity, Position, Range
from psoas.plan.dose import Prescription
from psoas.plan.profile import Goal, Level, Limitation, Profile
from psoas.safety import Pause

__all__ = [
    "GOAL_PREFERENCES",
    "PSOAS_STRETCHES",
    "PlanContext",
    "accommodations",
    "avoided_with",
    "exclusion",
    "goal_match",
    "modification",
    "needs_restorative",
    "needs_warm_up",
    "prescribe",
    "psoas_stretches",
    "rotate",
    "strength_per_day",
    "strength_weekdays",
    "stretches_per_day",
    "week_start",
    "weeks_since_start",
]

# The psoas stretches: the three the seeds dose exactly, then the standing one at the desk (no kneeling);
# one of them opens every day's stretching.
PSOAS_STRETCHES = (
    "kneeling-psoas-stretch",
    "half-kneeling-lunge-stretch",
    "lying-edge-of-bed-stretch",
    "standing-split-stance-stretch",
)
STANDING_STRETCH = "standing-split-stance-stretch"

GOAL_PREFERENCES: Mapping[Goal, tuple[str, ...]] = {
    Goal.FLEXIBILITY: ("pigeon-pose", "single-knee-to-chest", "seated-lateral-stretch", "camel-pose"),
    Goal.STRENGTH: ("glute-bridge", "standing-hip-flexion", "straight-leg-raise", "warrior-one"),
    Goal.PAIN_RELIEF: ("single-knee-to-chest", "supported-bridge", "half-bridge", "diaphragmatic-breathing"),
    Goal.POSTURE: ("glute-bridge", "warrior-one", "seated-lateral-stretch", "half-kneeling-lunge-stretch"),
    Goal.SPORT: ("standing-hip-flexion", "straight-leg-raise", "marching-in-place", "boat-pose"),
}

HOLD_STEP_S: Mapping[Level, int] = {Level.BEGINNER: 2, Level.INTERMEDIATE: 5, Level.ADVANCED: 10}
SET_EVERY_WEEKS: Mapping[Level, int] = {Level.BEGINNER: 4, Level.INTERMEDIATE: 2, Level.ADVANCED: 1}
PAIN_AVOID = 5  # a recent pain score at or above this drops the exercise; below it, the easier version
KNEELING = (Position.KNEELING, Position.HALF_KNEELING)


@dataclass(frozen=True)
class PlanContext:
    """What the history adds to a profile: a warning sign that pauses the plan, severe pain that turns
    days into rest, exercises that hurt."""

    paused: Pause | None = None
    rest_from: date | None = None  # the day of a check-in with pain of 8/10 or more, the newest one
    painful: tuple[tuple[str, int], ...] = ()  # (exercise id, highest recent pain score 0–10)

    def pain(self, exercise_id: str) -> int | None:
        scores = [s for i, s in self.painful if i == exercise_id]
        return max(scores) if scores else None


def week_start(day: date) -> date:
    """Plans run Monday to Sunday."""
    return day - timedelta(days=day.weekday())


def weeks_since_start(profile: Profile, day: date) -> int:
    return max(0, (week_start(day) - week_start(profile.started)).days // 7)


def strength_weekdays(profile: Profile, ctx: PlanContext) -> tuple[int, ...]:
    """Monday=0 … Sunday=6. Two or three days, never consecutive (Sunday→Monday included)."""
    if ctx.paused is not None:
        return ()
    return (0, 3) if profile.level is Level.BEGINNER else (0, 2, 4)


def stretches_per_day(sitting_hours: float) -> int:
    """The longer the sitting, the shorter the psoas gets: more sitting earns more stretching."""
    if sitting_hours < 4:
        return 2
    return 3 if sitting_hours < 8 else 4


# Getting down to kneel (and up again) is hard or unwise with these: the standing stretch opens their day.
STANDING_FIRST = frozenset(
    {Limitation.KNEE_PAIN, Limitation.HIP_REPLACEMENT, Limitation.PREGNANCY, Limitation.OSTEOPOROSIS}
)


def psoas_stretches(profile: Profile) -> tuple[str, ...]:
    """The psoas stretches in the order a day opens with them: with knee pain, a hip replacement,
    pregnancy or osteoporosis the standing one first, so nobody has to kneel for the daily stretch."""
    if profile.limitations & STANDING_FIRST:
        return (STANDING_STRETCH, *(s for s in PSOAS_STRETCHES if s != STANDING_STRETCH))
    return PSOAS_STRETCHES


def strength_per_day(profile: Profile) -> int:
    extra = 1 if profile.goals & {Goal.STRENGTH, Goal.SPORT} else 0
    return (2 if profile.level is Level.BEGINNER else 3) + extra


def avoided_with(ex: Exercise, conditions: frozenset[Condition]) -> tuple[Condition, ...]:
    """The person's conditions this exercise is not safe with (the catalog's avoid_with)."""
    return tuple(c for c in ex.safety.avoid_with if c in conditions)


def exclusion(
    ex: Exercise,
    profile: Profile,
    ctx: PlanContext,
    *,
    on: date | None = None,
    names: Mapping[Condition, str] | None = None,
) -> str | None:
    """Why this exercise is left out for this person (on the day `on`), or None when it may be planned.

    `names` says each condition in words (the catalog's); without it the ids are used."""
    missing = [g.value for g in ex.requires if g not in profile.equipment]
    pain = ctx.pain(ex.id)
    limits = profile.limitations
    day = on or profile.started
    avoided = avoided_with(ex, profile.conditions(day))
    said = " or ".join((names or {}).get(c, c.value) for c in avoided)
    reasons = (
        (bool(avoided), f"not safe with {said}"),
        (bool(missing), f"needs {', '.join(missing)}"),
        (
            Limitation.KNEE_PAIN in limits
            and ex.position in KNEELING
            and Gear.CUSHION not in profile.equipment,
            "kneels, and you have knee pain and no cushion",
        ),
        (
            Limitation.LOW_BACK_PAIN in limits and ex.intensity is Intensity.INTENSE,
            "intense work is left out while you have low-back pain",
        ),
        (
            profile.level is Level.BEGINNER and ex.intensity is Intensity.INTENSE,
            "intense work waits until you are past beginner",
        ),
        (pain is not None and pain >= PAIN_AVOID, f"it hurt recently ({pain}/10)"),
        (
            ex.progression_of is not None
            and (profile.level is Level.BEGINNER or weeks_since_start(profile, day) < ex.after_weeks),
            f"a harder variant: past beginner, after {ex.after_weeks} weeks of the plan",
        ),
    )
    return next((why for applies, why in reasons if applies), None)


def accommodations(ex: Exercise, profile: Profile, on: date | None = None) -> tuple[str, ...]:
    """Notes that adapt an exercise to this person: the catalog's adapt notes, kneeling and balance."""
    notes = list(ex.safety.adaptations(profile.conditions(on or profile.started)))
    if Limitation.KNEE_PAIN in profile.limitations and ex.position in KNEELING:
        notes.append("Kneel on a cushion or folded towel: you told us about knee pain.")
    if Limitation.BALANCE in profile.limitations and ex.position is Position.STANDING:
        notes.append("Stand beside a wall or chair and hold it for balance.")
    return tuple(notes)


def modification(ex: Exercise, level: Level, pain: int | None = None) -> str | None:
    """Beginners (and anyone it recently hurt) get the easier version, advanced the harder one."""
    if level is Level.BEGINNER or pain is not None:
        return ex.modifications.beginner[0]
    if level is Level.ADVANCED:
        return ex.modifications.advanced[0]
    return None


def _pick(r: Range | None, level: Level) -> int | None:
    if r is None:
        return None
    return {Level.BEGINNER: r.min, Level.INTERMEDIATE: (r.min + r.max) // 2, Level.ADVANCED: r.max}[level]


def prescribe(ex: Exercise, level: Level, weeks: int) -> Prescription:
    """The dose for this level and week: holds start at the bottom of the range and grow each week.

    A beginner's own amount (the dose's `beginner`), where the catalog gives one, replaces the range."""
    dose = ex.dose
    own = dose.beginner if level is Level.BEGINNER else None
    hold_range, reps_range = (own.hold_s, own.reps) if own else (dose.hold_s, dose.reps)
    hold = None
    if hold_range is not None:
        hold = min(hold_range.max, hold_range.min + HOLD_STEP_S[level] * weeks)
    sets_range = (own.sets if own else dose.sets) or Range(min=1, max=1)
    # Sets grow a set every 4 weeks for beginners, every 2 for the others; advanced start at the top.
    step = SET_EVERY_WEEKS[level]
    sets = min(sets_range.max, sets_range.min + weeks // step)
    if level is Level.ADVANCED:
        sets = sets_range.max
    reps = _pick(reps_range, level)
    if reps is not None and reps_range is not None:  # a repetition more every two weeks, to the top
        reps = min(reps_range.max, reps + weeks // 2)
    rest = own.rest_s if own and own.rest_s is not None else dose.rest_s
    return Prescription(
        sets=sets,
        per_side=dose.per_side,
        rest_s=rest,
        hold_s=hold,
        reps=reps,
        duration_s=None if own else _pick(dose.duration_s, level),
    )


def goal_match(ex: Exercise, goals: frozenset[Goal]) -> tuple[Goal, ...]:
    return tuple(g for g in sorted(goals) if ex.id in GOAL_PREFERENCES[g])


def rotate(
    pool: Sequence[str],
    day_index: int,
    count: int,
    keep_first: bool = True,
    families: Mapping[str, str] | None = None,
) -> tuple[str, ...]:
    """`count` ids for this day: the first one daily (when kept), the rest rotating through the pool.

    Never two of one family (variants of one position, e.g. the kneeling and half-kneeling stretches):
    one whose family is already in the day is passed over for the next in the rotation."""
    if not pool or count <= 0:
        return ()
    head, rest = (tuple(pool[:1]), list(pool[1:])) if keep_first else ((), list(pool))
    want = min(count - len(head), len(rest))
    start = (day_index * max(want, 1)) % len(rest) if rest else 0
    family = families or {}
    chosen = list(head)
    seen = {family[i] for i in head if i in family}
    for j in range(len(rest)):
        if len(chosen) - len(head) >= want:
            break
        ex_id = rest[(start + j) % len(rest)]
        if family.get(ex_id) in seen:
            continue
        chosen.append(ex_id)
        if ex_id in family:
            seen.add(family[ex_id])
    return tuple(chosen)


def needs_warm_up(exercises: Sequence[Exercise]) -> bool:
    return any(e.category is Category.STRENGTH or e.intensity is Intensity.INTENSE for e in exercises)


def needs_restorative(exercises: Sequence[Exercise]) -> bool:
    """The seeds pair intense core work with restorative poses."""
    return any(e.intensity is Intensity.INTENSE for e in exercises)
