"""Each planning rule on its own, with values worked out by hand from the seeds and the catalog."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from psoas.catalog import default_catalog
from psoas.errors import InvalidInputError
from psoas.plan import Level, PlanContext, make_profile, parse_date, rules
from psoas.plan.dose import Prescription
from psoas.safety import Pause, Urgency

CAT = default_catalog()


def _profile(**kw: object) -> object:
    base: dict[str, object] = {"level": "beginner", "sitting_hours": 8, "started": date(2026, 11, 2)}
    return make_profile(**{**base, **kw})  # type: ignore[arg-type]


def test_week_starts_on_monday() -> None:
    assert rules.week_start(date(2026, 11, 21)) == date(2026, 11, 16)  # a Saturday
    assert rules.week_start(date(2026, 11, 16)) == date(2026, 11, 16)


@pytest.mark.parametrize(("hours", "count"), [(0, 2), (3.9, 2), (4, 3), (7.5, 3), (8, 4), (12, 4)])
def test_more_sitting_more_stretching(hours: float, count: int) -> None:
    assert rules.stretches_per_day(hours) == count


def test_strength_days_two_for_beginners_three_otherwise_none_after_red_flag() -> None:
    assert rules.strength_weekdays(_profile(), PlanContext()) == (0, 3)  # type: ignore[arg-type]
    assert rules.strength_weekdays(_profile(level="advanced"), PlanContext()) == (0, 2, 4)  # type: ignore[arg-type]
    flagged = PlanContext(paused=Pause(datetime(2026, 11, 20, 9, tzinfo=UTC), ("trauma",), Urgency.TODAY))
    assert rules.strength_weekdays(_profile(level="advanced"), flagged) == ()  # type: ignore[arg-type]


def test_seed_doses_progress_from_the_bottom_of_the_range() -> None:
    kneeling = CAT.exercise("kneeling-psoas-stretch")  # seed: 20–30 s, 2–3 sets, per side
    assert rules.prescribe(kneeling, Level.BEGINNER, 0) == Prescription(2, True, 10, hold_s=20)
    assert rules.prescribe(kneeling, Level.BEGINNER, 3) == Prescription(2, True, 10, hold_s=26)
    assert rules.prescribe(kneeling, Level.INTERMEDIATE, 1) == Prescription(2, True, 10, hold_s=25)
    assert rules.prescribe(kneeling, Level.INTERMEDIATE, 2) == Prescription(3, True, 10, hold_s=30)
    assert rules.prescribe(kneeling, Level.ADVANCED, 9) == Prescription(3, True, 10, hold_s=30)  # capped
    knees = CAT.exercise("standing-hip-flexion")  # seed: 10–12 reps × 2–3 sets per side, 2–3 s pause
    assert rules.prescribe(knees, Level.BEGINNER, 0) == Prescription(2, True, 30, hold_s=2, reps=10)
    assert rules.prescribe(knees, Level.ADVANCED, 0) == Prescription(3, True, 30, hold_s=2, reps=12)
    assert rules.prescribe(knees, Level.ADVANCED, 1) == Prescription(3, True, 30, hold_s=3, reps=12)


def test_prescription_seconds_by_hand() -> None:
    # setup 10 + 2 sides × 2 sets × 20 s + 2 switches × 5 s + 1 rest × 10 s
    assert Prescription(2, True, 10, hold_s=20).seconds() == 10 + 80 + 10 + 10
    # setup 10 + 2 sets × 10 reps × (3 s + 2 s) ×1 side + 1 rest × 45
    assert Prescription(2, False, 45, hold_s=2, reps=10).seconds() == 10 + 100 + 45
    assert Prescription(1, False, 0, duration_s=180).describe() == "3 min"
    assert Prescription(2, True, 10, hold_s=20).describe() == "2 × 20 s hold per side"


def test_exclusions_follow_equipment_limitations_level_and_pain() -> None:
    plain = _profile()
    assert rules.exclusion(CAT.exercise("lying-edge-of-bed-stretch"), plain, PlanContext()) == "needs bed"  # type: ignore[arg-type]
    with_bed = _profile(equipment=["bed"])
    assert rules.exclusion(CAT.exercise("lying-edge-of-bed-stretch"), with_bed, PlanContext()) is None  # type: ignore[arg-type]
    knees = _profile(limitations=["knee-pain"])
    assert "knee pain" in str(rules.exclusion(CAT.exercise("kneeling-psoas-stretch"), knees, PlanContext()))  # type: ignore[arg-type]
    cushioned = _profile(limitations=["knee-pain"], equipment=["cushion"])
    assert rules.exclusion(CAT.exercise("kneeling-psoas-stretch"), cushioned, PlanContext()) is None  # type: ignore[arg-type]
    assert rules.accommodations(CAT.exercise("kneeling-psoas-stretch"), cushioned)  # type: ignore[arg-type]
    assert rules.exclusion(CAT.exercise("boat-pose"), plain, PlanContext()) is not None  # type: ignore[arg-type]
    advanced_back = _profile(level="advanced", limitations=["low-back-pain"])
    assert rules.exclusion(CAT.exercise("boat-pose"), advanced_back, PlanContext()) is not None  # type: ignore[arg-type]
    hurt = PlanContext(painful=(("glute-bridge", 6),))
    assert rules.exclusion(CAT.exercise("glute-bridge"), plain, hurt) == "it hurt recently (6/10)"  # type: ignore[arg-type]
    mild = PlanContext(painful=(("glute-bridge", 3),))
    assert rules.exclusion(CAT.exercise("glute-bridge"), plain, mild) is None  # type: ignore[arg-type]
    bridge = CAT.exercise("glute-bridge")
    assert rules.modification(bridge, Level.INTERMEDIATE, 3) == bridge.modifications.beginner[0]
    assert rules.modification(bridge, Level.INTERMEDIATE) is None
    assert rules.modification(bridge, Level.ADVANCED) == bridge.modifications.advanced[0]


def test_rotation_keeps_the_first_and_cycles_the_rest() -> None:
    pool = ("a", "b", "c", "d")
    assert rules.rotate(pool, 0, 3) == ("a", "b", "c")
    assert rules.rotate(pool, 1, 3) == ("a", "d", "b")
    assert rules.rotate(pool, 0, 9) == ("a", "b", "c", "d")
    assert rules.rotate(pool, 1, 2, keep_first=False) == ("c", "d")
    assert rules.rotate((), 3, 2) == ()


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"level": "expert"}, "'expert' is not a level"),
        ({"sitting_hours": 25}, "between 0 and 24"),
        ({"minutes_per_day": 2}, "between 5 and 120"),
        ({"goals": ["fame"]}, "'fame' is not a goal"),
        ({"equipment": ["trampoline"]}, "not a kind of equipment"),
    ],
)
def test_invalid_profiles_say_what_is_wrong(kw: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        _profile(**kw)


def test_impossible_dates_are_refused() -> None:
    with pytest.raises(InvalidInputError, match="not a real date"):
        parse_date("2026-02-30")
    assert parse_date(" 2026-02-28 ") == date(2026, 2, 28)


@pytest.mark.parametrize(
    ("score", "why"), [(0, None), (4, None), (5, "it hurt recently (5/10)"), (10, "it hurt recently (10/10)")]
)
def test_recent_pain_drops_an_exercise_from_five_out_of_ten(score: int, why: str | None) -> None:
    # Pain at or above 5/10 leaves the exercise out; below, it stays in its easier version.
    ctx = PlanContext(painful=(("glute-bridge", score),))
    bridge = CAT.exercise("glute-bridge")
    assert rules.exclusion(bridge, _profile(level="intermediate"), ctx) == why  # type: ignore[arg-type]
    assert (
        rules.modification(bridge, Level.INTERMEDIATE, ctx.pain("glute-bridge"))
        == bridge.modifications.beginner[0]
    )


def test_the_highest_recent_score_decides_and_other_exercises_are_untouched() -> None:
    ctx = PlanContext(painful=(("glute-bridge", 4), ("glute-bridge", 5), ("half-bridge", 4)))
    plain = _profile(level="intermediate")
    assert ctx.pain("glute-bridge") == 5
    assert rules.exclusion(CAT.exercise("glute-bridge"), plain, ctx) == "it hurt recently (5/10)"  # type: ignore[arg-type]
    assert rules.exclusion(CAT.exercise("half-bridge"), plain, ctx) is None  # type: ignore[arg-type]
    assert rules.exclusion(CAT.exercise("single-knee-to-chest"), plain, ctx) is None  # type: ignore[arg-type]
