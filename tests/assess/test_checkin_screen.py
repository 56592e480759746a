"""Check-ins: every red flag refers and pauses the plan until a clinician visit is recorded; cauda-equina
signs send to an emergency department; risk factors from the profile make new pain a warning sign;
persistent and severe pain refer; bad values are refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from psoas.assess.checkin import RED_FLAGS, SIGNS, assess, make_checkin, pause_from, severe_pain_since
from psoas.errors import InvalidInputError
from psoas.safety import CLEAR_HOW, EMERGENCY, SEE_DOCTOR_TODAY, SEVERE_PAIN_REST, Pause, Urgency
from psoas.store.clearances import ClearanceRecord

T0 = datetime(2026, 11, 2, 18, 0, tzinfo=UTC)


def _check(day: int = 0, **kw: Any):  # type: ignore[no-untyped-def]
    base: dict[str, Any] = {
        "pain_low_back": 0,
        "pain_hip": 0,
        "pain_knee": 0,
        "stiffness": 0,
        "hours_sat": 0,
    }
    return make_checkin(at=T0 + timedelta(days=day), **{**base, **kw})


CAUDA_EQUINA = {"saddle-numbness", "bladder-bowel", "both-legs", "sexual-dysfunction"}


def test_the_screen_asks_the_reviewed_questions_and_cancer_only_in_the_profile() -> None:
    assert [f.id for f in RED_FLAGS] == [
        "saddle-numbness",
        "bladder-bowel",
        "both-legs",
        "sexual-dysfunction",
        "leg-weakness",
        "fever-unwell",
        "trauma",
        "weight-loss",
        "night-pain",
        "calf-swelling",
        "new-pain",
    ]
    assert {f.id for f in RED_FLAGS if f.urgency is Urgency.EMERGENCY} == CAUDA_EQUINA
    assert not any("cancer" in f.question.lower() for f in RED_FLAGS)


@pytest.mark.parametrize("flag", [f for f in RED_FLAGS if not f.at_risk_only], ids=lambda f: f.id)
def test_every_red_flag_refers_and_pauses_the_whole_plan(flag) -> None:  # type: ignore[no-untyped-def]
    result = assess(_check(red_flags=[flag.id], signs=["tight-hips"]))
    assert result.refer and result.red_flags == (flag,)
    assert result.messages[0] == (EMERGENCY if flag.id in CAUDA_EQUINA else SEE_DOCTOR_TODAY)
    assert result.messages[-1].endswith(CLEAR_HOW) and "whole plan is paused" in result.messages[-1]
    assert result.exercises == ()  # not even breathing suggestions: see a clinician first
    pause = pause_from([_check(red_flags=[flag.id])], [])
    assert pause == Pause(T0, (flag.id,), flag.urgency)


def test_emergency_wording_names_the_department_and_forbids_exercise() -> None:
    assert EMERGENCY.startswith("Go to an emergency department now")
    assert "Do not exercise" in EMERGENCY and "doctor today" in SEE_DOCTOR_TODAY
    mixed = assess(_check(red_flags=["trauma", "both-legs"]))
    assert mixed.messages[0] == EMERGENCY and mixed.to_dict()["urgency"] == "emergency"


def test_a_calf_swelling_answer_warns_of_a_clot() -> None:
    result = assess(_check(red_flags=["calf-swelling"], hours_sat=10))
    assert result.messages[:2] == (
        SEE_DOCTOR_TODAY,
        "After long sitting a painful, swollen calf can be a blood clot: if you also become short of "
        "breath or have chest pain, call emergency services.",
    )


def test_new_pain_is_a_warning_sign_only_for_someone_at_risk() -> None:
    record = _check(red_flags=["new-pain"], pain_low_back=3)
    calm = assess(record)
    assert calm.red_flags == () and not calm.refer
    assert "at 50 or over, after cancer, or with steroids" in calm.messages[-1]
    assert pause_from([record], []) is None
    risky = assess(record, at_risk=True)
    assert [f.id for f in risky.red_flags] == ["new-pain"] and risky.messages[0] == SEE_DOCTOR_TODAY
    assert pause_from([record], [], at_risk=True) == Pause(T0, ("new-pain",), Urgency.TODAY)


def test_a_clear_check_in_does_not_lift_the_pause_only_a_clinician_visit_does() -> None:
    history = [_check(red_flags=["trauma"]), _check(1, red_flags=[])]
    assert pause_from(history, []) == Pause(T0, ("trauma",), Urgency.TODAY)
    before = ClearanceRecord(T0 - timedelta(hours=1), T0.date(), "")
    assert pause_from(history, [before]) is not None, "a visit before the sign does not clear it"
    after = ClearanceRecord(T0 + timedelta(days=1, hours=2), (T0 + timedelta(days=1)).date(), "GP")
    assert pause_from(history, [after]) is None
    again = [*history, _check(2, red_flags=["fever-unwell"])]
    assert pause_from(again, [after]) == Pause(T0 + timedelta(days=2), ("fever-unwell",), Urgency.TODAY)
    assert pause_from([], []) is None


def test_severe_pain_rests_until_a_milder_check_in() -> None:
    severe = _check(pain_hip=8)
    result = assess(severe)
    assert result.refer and result.messages == (SEVERE_PAIN_REST,)
    assert "Rest from exercise" in SEVERE_PAIN_REST
    assert severe_pain_since([severe]) == T0
    assert severe_pain_since([severe, _check(1, pain_hip=5)]) is None
    assert severe_pain_since([_check(pain_hip=7)]) is None


def test_persistent_pain_refers_after_three_check_ins_not_two() -> None:
    history = [_check(0, pain_hip=4), _check(1, pain_low_back=5)]
    assert not assess(history[-1], history[:-1]).refer
    third = _check(2, pain_knee=4)
    result = assess(third, history)
    assert result.refer
    assert "doctor, chiropractor or physical therapist" in result.messages[0]
    assert "Strength" not in " ".join(result.messages)
    broken = [_check(0, pain_hip=4), _check(1, pain_hip=3)]
    assert not assess(_check(2, pain_hip=6), broken).refer


def test_signs_map_to_exercises_and_habits_without_diagnosing() -> None:
    result = assess(_check(signs=["tight-hips"], hours_sat=9, pain_low_back=2, stiffness=7))
    assert result.exercises == (
        "kneeling-psoas-stretch",
        "half-kneeling-lunge-stretch",
        "single-knee-to-chest",
        "half-bridge",
    )
    assert len(result.habits) == 3 and any("40 minutes" in h for h in result.habits)
    assert not result.refer and result.messages == ()
    words = " ".join(result.messages + result.habits).lower()
    assert "you have" not in words and "diagnos" not in words
    assert {s.id for s in SIGNS} == {
        "tight-hips",
        "sitting-discomfort",
        "poor-posture",
        "limited-hip-range",
        "fatigue",
        "breathing",
        "leg-symptoms",
        "groin-deep-bending",
    }


@pytest.mark.parametrize(
    ("sign", "words"),
    [
        ("fatigue", "New or unexplained tiredness: see a doctor"),
        ("breathing", "New or unexplained breathlessness: see a doctor soon"),
        ("leg-symptoms", "irritated nerve in the back: see a doctor or physiotherapist"),
        ("groin-deep-bending", "hip joint itself rather than a tight psoas: see a doctor or physiotherapist"),
    ],
)
def test_tiredness_breathlessness_leg_and_groin_signs_refer_instead_of_suggesting_exercise(
    sign: str, words: str
) -> None:
    result = assess(_check(signs=[sign]))
    assert result.refer and result.exercises == ()
    assert len(result.messages) == 1 and words in result.messages[0]
    assert result.red_flags == () and result.urgency is None  # a clinician soon, not a paused plan
    assert not any("belly breathing" in h or "walks through" in h for h in result.habits)


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"pain_hip": 11}, "Hip pain must be a whole number from 0 to 10, not 11"),
        ({"stiffness": -1}, "Stiffness must be"),
        ({"hours_sat": 30}, "between 0 and 24"),
        ({"signs": ["sore"]}, "'sore' is not a known sign"),
        ({"red_flags": ["headache"]}, "'headache' is not a known warning sign"),
    ],
)
def test_bad_values_are_refused(kw: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        _check(**kw)


@pytest.mark.parametrize(
    "flags",
    [["trauma", "both-legs"], ["both-legs", "trauma"], ["night-pain", "weight-loss", "saddle-numbness"]],
)
def test_one_emergency_sign_among_others_makes_the_whole_answer_an_emergency(flags: list[str]) -> None:
    check = _check(red_flags=flags)
    result = assess(check)
    assert result.urgency is Urgency.EMERGENCY
    assert result.messages[0] == EMERGENCY
    ids = tuple(f.id for f in RED_FLAGS if f.id in flags)
    assert pause_from([check], []) == Pause(T0, ids, Urgency.EMERGENCY)


def test_signs_for_today_only_see_a_doctor_today() -> None:
    check = _check(red_flags=["trauma", "night-pain"])
    assert assess(check).urgency is Urgency.TODAY
    assert assess(check).messages[0] == SEE_DOCTOR_TODAY
    assert pause_from([check], []) == Pause(T0, ("trauma", "night-pain"), Urgency.TODAY)
    assert assess(_check()).urgency is None


SUGGESTED = (
    "kneeling-psoas-stretch",
    "half-kneeling-lunge-stretch",
    "seated-lateral-stretch",
    "walking-break",
)


@pytest.mark.parametrize(("pain", "exercises"), [(7, SUGGESTED), (8, ("walking-break",))])
def test_from_pain_eight_only_breathing_and_walking_are_suggested(
    pain: int, exercises: tuple[str, ...]
) -> None:
    signs = ["tight-hips", "sitting-discomfort"]
    assert assess(_check(pain_hip=pain, signs=signs)).exercises == exercises
    assert assess(_check(pain_knee=pain, signs=signs)).exercises == exercises
