"""Clinical content of the plan, read as a physiotherapist would: doses, cues, order and progression."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from psoas.catalog import Category, Intensity, Position, Range, default_catalog
from psoas.cli.render import format_dose
from psoas.habits.breaks import ROUTINES, WALK_ONLY, routines_for_profile
from psoas.plan import Level, PlanContext, Profile, build_plan, make_profile, rules
from psoas.plan.dose import Prescription

CAT = default_catalog()
MONDAY = date(2026, 11, 16)
KNEELING = (Position.KNEELING, Position.HALF_KNEELING)


def test_bridge_dose_by_level_slow_reps_with_a_short_pause_or_short_holds_for_beginners() -> None:
    bridge = CAT.exercise("glute-bridge")
    # beginner: 3 holds of 10 s, 20 s rest: setup 10 + 3 × 10 + 2 × 20 = 80 s
    first = rules.prescribe(bridge, Level.BEGINNER, 0)
    assert first == Prescription(3, False, 20, hold_s=10)
    assert (first.describe(), first.seconds()) == ("3 × 10 s hold", 80)
    assert rules.prescribe(bridge, Level.BEGINNER, 20).hold_s == 30  # 10 + 2 s a week, capped at 30
    # intermediate: 11 reps with a 2 s pause, 2 sets: 10 + 2 × 11 × (3 + 2) + 45 = 165 s
    mid = rules.prescribe(bridge, Level.INTERMEDIATE, 0)
    assert (mid, mid.seconds()) == (Prescription(2, False, 45, hold_s=2, reps=11), 165)
    assert rules.prescribe(bridge, Level.ADVANCED, 0) == Prescription(3, False, 45, hold_s=2, reps=12)
    assert bridge.modifications.beginner[0].startswith("Short holds instead of repetitions")
    assert format_dose(bridge.dose) == (
        "10–12 reps, 2–3 s pause at the top × 2–3 sets (beginners: 3–5 holds of 10–30 s) · 2–3×/week"
    )
    assert not any("20–30 seconds" in step and "repetition" not in step for step in bridge.steps)


def test_side_bend_cues_lean_away_from_the_kneeling_leg_in_both_kneeling_stretches() -> None:
    # The psoas bends the spine towards its own side: leaning away from the kneeling leg lengthens it.
    for ex_id in ("kneeling-psoas-stretch", "half-kneeling-lunge-stretch"):
        advanced = CAT.exercise(ex_id).modifications.advanced
        bends = [m for m in advanced if "sideways" in m]
        assert len(bends) == 1, ex_id
        assert "away from the kneeling leg (towards the front leg)" in bends[0]
    shown = CAT.exercise("kneeling-psoas-stretch").modifications.advanced[0]
    assert "towards the side of the back leg" not in shown


def _profile(**kw: object) -> Profile:
    base: dict[str, object] = {"level": "intermediate", "sitting_hours": 8, "started": MONDAY}
    return make_profile(**{**base, **kw})  # type: ignore[arg-type]


def test_standing_desk_stretch_is_a_psoas_stretch_without_kneeling() -> None:
    desk = CAT.exercise("standing-split-stance-stretch")
    assert (desk.category, desk.position, desk.dose.basis) == (
        Category.STRETCH,
        Position.STANDING,
        "convention",
    )
    assert (desk.dose.hold_s, desk.dose.sets, desk.dose.per_side) == (
        Range(min=20, max=30),
        Range(min=2, max=3),
        True,
    )
    assert desk.camera is None and desk.camera_note is not None and desk.faults
    assert CAT.exercise("desk hip flexor stretch").id == desk.id


def test_knee_pain_without_a_cushion_opens_every_day_with_the_standing_stretch() -> None:
    plan = build_plan(_profile(limitations=["knee-pain"], minutes_per_day=20), MONDAY, CAT)
    for day in plan.days:
        first = next(i for i in day.items if i.category is Category.STRETCH)
        assert (first.exercise_id, first.why[0]) == (
            "standing-split-stance-stretch",
            "Stretch daily: a psoas stretch opens the day.",
        )
        assert not any(CAT.exercise(i.exercise_id).position in KNEELING for i in day.items)
    # with a cushion kneeling is allowed, but a sore knee still opens standing
    padded = build_plan(_profile(limitations=["knee-pain"], equipment=["cushion"]), MONDAY, CAT)
    opening = {next(i for i in d.items if i.category is Category.STRETCH).exercise_id for d in padded.days}
    assert opening == {"standing-split-stance-stretch"}


def test_break_routines_follow_the_profile_and_never_kneel() -> None:
    kneeling = {ex.id for ex in CAT.exercises if ex.position in KNEELING}
    assert not any(set(r.exercises) & kneeling for r in ROUTINES)
    on = MONDAY
    no_chair = _profile()
    titles = [r.title for r in routines_for_profile(no_chair, CAT, PlanContext(), on)]
    assert titles == ["Walk and lunge", "Standing hip opener"]  # the chair reset needs a chair
    with_chair = _profile(equipment=["chair"])
    assert [r.title for r in routines_for_profile(with_chair, CAT, PlanContext(), on)] == [
        "Walk and lunge",
        "Standing hip opener",
        "Chair reset",
    ]
    hurt = PlanContext(painful=(("standing-split-stance-stretch", 6),))
    assert routines_for_profile(no_chair, CAT, hurt, on) == WALK_ONLY
    resting = PlanContext(rest_from=on)
    assert routines_for_profile(with_chair, CAT, resting, on) == WALK_ONLY
    assert routines_for_profile(None, CAT, PlanContext(), on) == ROUTINES


def test_intense_stretches_come_warmed_up_and_one_lunge_variant_a_day() -> None:
    # intermediate, 9 h sitting, every kind of equipment, an hour a day: every stretch is usable
    profile = _profile(sitting_hours=9, minutes_per_day=60, equipment=["bed", "chair", "cushion"])
    plan = build_plan(profile, MONDAY, CAT)
    intense = {ex.id for ex in CAT.exercises if ex.intensity is Intensity.INTENSE}
    assert {"camel-pose", "pigeon-pose"} <= intense
    cold = 0
    for day in plan.days:
        ids = [i.exercise_id for i in day.items]
        if intense & set(ids):
            assert ids[0] == "warm-up", (day.day, ids)
        else:
            cold += 1
        lunges = [i for i in ids if CAT.exercise(i).family == "lunge-stretch"]
        assert lunges == ["kneeling-psoas-stretch"], (day.day, ids)
    assert any("pigeon-pose" in {i.exercise_id for i in d.items} for d in plan.days)
    assert cold < 7
    # the rotation passes over a variant of a position already in the day
    fam = {"a": "x", "b": "x", "c": "y", "d": "y", "e": "z"}
    assert rules.rotate(("a", "b", "c", "d", "e"), 0, 3, families=fam) == ("a", "c", "e")
    assert rules.rotate(("a", "b", "c", "d", "e"), 1, 3, families=fam) == ("a", "d", "e")


def test_strength_progresses_week_by_week_within_the_budget() -> None:
    profile = _profile(level="beginner", sitting_hours=9, minutes_per_day=15)
    bridge = CAT.exercise("glute-bridge")
    # by hand: holds +2 s a week from 10 s, a set more every 4 weeks from 3
    assert [rules.prescribe(bridge, Level.BEGINNER, w).describe() for w in (0, 3, 4, 8, 12)] == [
        "3 × 10 s hold",
        "3 × 16 s hold",
        "4 × 18 s hold",
        "5 × 26 s hold",
        "5 × 30 s hold",
    ]
    knees = CAT.exercise("standing-hip-flexion")  # a repetition more every 2 weeks, to 12
    assert [rules.prescribe(knees, Level.INTERMEDIATE, w).reps for w in (0, 2, 4)] == [11, 12, 12]
    weeks = [build_plan(profile, MONDAY + timedelta(weeks=w), CAT) for w in range(17)]
    for plan in weeks:
        strong = [d for d in plan.days if d.strength]
        assert len(strong) == 2 and all(d.seconds <= 15 * 60 for d in plan.days)
        names = " and ".join(d.day.strftime("%A") for d in strong)
        assert f"Strength on {names}: never two days in a row, so muscles recover." in plan.notes
        for day in strong:  # never two bridges in one session
            assert sum(CAT.exercise(i.exercise_id).family == "bridge" for i in day.items) <= 1
    shapes = [tuple(tuple(i.exercise_id for i in d.items) for d in p.days) for p in weeks]
    assert len(set(shapes[3:])) > 1  # not the same week from week 3 on
    tight = build_plan(_profile(level="beginner", minutes_per_day=5), MONDAY, CAT)
    assert not any(d.strength for d in tight.days)
    assert not any(n.startswith("Strength on") for n in tight.notes)
    assert (
        "No strength work fits 5 minutes a day after the daily stretch: allow a few minutes more to add it."
        in (tight.notes)
    )


def test_every_plan_asks_for_150_minutes_and_back_pain_is_reassured() -> None:
    plain = build_plan(_profile(), MONDAY, CAT)
    assert any("about 150 minutes of moderate activity a week" in n for n in plain.notes)
    assert not any(n.startswith("Most back pain is not serious") for n in plain.notes)
    back = build_plan(_profile(limitations=["low-back-pain"]), MONDAY, CAT)
    assert any(n.startswith("Most back pain is not serious and settles within weeks") for n in back.notes)


DESK_STRENGTH = ("bird-dog", "side-plank", "hip-hinge", "single-leg-bridge")


def test_desk_worker_strength_exercises_have_doses_and_say_why_no_camera() -> None:
    for ex_id in DESK_STRENGTH:
        ex = CAT.exercise(ex_id)
        assert ex.category is Category.STRENGTH and ex.dose.basis == "convention", ex_id
        assert ex.dose.per_week == Range(min=2, max=3) and ex.dose.sets == Range(min=2, max=3)
        assert ex.camera is None and ex.camera_note and ex.faults and ex.safety.stop_if
    assert rules.prescribe(CAT.exercise("bird-dog"), Level.BEGINNER, 0) == Prescription(
        2, True, 30, hold_s=5, reps=6
    )
    assert (
        rules.prescribe(CAT.exercise("side-plank"), Level.BEGINNER, 0).describe() == "2 × 10 s hold per side"
    )


def test_single_leg_bridge_is_a_progression_past_beginner_after_four_weeks() -> None:
    one_leg = CAT.exercise("single-leg-bridge")
    assert (one_leg.progression_of, one_leg.after_weeks, one_leg.family) == ("glute-bridge", 4, "bridge")
    mid = _profile(minutes_per_day=30, goals=["strength"])
    why = "a harder variant: past beginner, after 4 weeks of the plan"
    assert rules.exclusion(one_leg, mid, PlanContext(), on=MONDAY + timedelta(weeks=3, days=6)) == why
    assert rules.exclusion(one_leg, mid, PlanContext(), on=MONDAY + timedelta(weeks=4)) is None
    beginner = _profile(level="beginner")
    assert rules.exclusion(one_leg, beginner, PlanContext(), on=MONDAY + timedelta(weeks=20)) == why
    planned = set()
    for w in range(4, 12):
        for day in build_plan(mid, MONDAY + timedelta(weeks=w), CAT).days:
            ids = [i.exercise_id for i in day.items]
            planned |= set(ids)
            assert sum(CAT.exercise(i).family == "bridge" for i in ids) <= 1
    assert "single-leg-bridge" in planned
    late = _profile(level="advanced", due_date=MONDAY + timedelta(weeks=10))  # 30 weeks on week 0
    assert rules.exclusion(one_leg, late, PlanContext(), on=MONDAY + timedelta(weeks=4)) == (
        "not safe with pregnancy-late"  # without names the ids are used
    )


def test_new_hips_pregnancy_and_osteoporosis_open_the_day_standing_too() -> None:
    due = {"due_date": MONDAY + timedelta(weeks=16)}  # 24 weeks pregnant
    for kw in ({"limitations": ["hip-replacement"]}, due, {"limitations": ["osteoporosis"]}):
        plan = build_plan(_profile(level="beginner", **kw), MONDAY, CAT)
        opening = {next(i for i in d.items if i.category is Category.STRETCH).exercise_id for d in plan.days}
        assert opening == {"standing-split-stance-stretch"}, kw
        assert not any(
            CAT.exercise(i.exercise_id).family == "lunge-stretch"
            and i.exercise_id != ("standing-split-stance-stretch")
            for d in plan.days
            for i in d.items
        )
    assert rules.psoas_stretches(_profile(limitations=["balance"]))[0] == "kneeling-psoas-stretch"


@pytest.mark.parametrize(
    ("duration_s", "shown"),
    [(180, "3 min"), (210, "3.5 min"), (750, "12.5 min"), (90, "90 s"), (45, "45 s"), (200, "200 s")],
)
def test_timed_doses_read_in_minutes_from_two_minutes_up(duration_s: int, shown: str) -> None:
    dose = Prescription(sets=1, per_side=False, rest_s=0, hold_s=None, reps=None, duration_s=duration_s)
    assert dose.describe() == shown
