"""Check-ins: every red flag refers and pauses strength; persistent pain refers; bad values are refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from psoas.assess.checkin import RED_FLAGS, SIGNS, assess, make_checkin, red_flag_day
from psoas.errors import InvalidInputError

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


@pytest.mark.parametrize("flag", RED_FLAGS, ids=lambda f: f.id)
def test_every_red_flag_refers_and_pauses_strength(flag) -> None:  # type: ignore[no-untyped-def]
    result = assess(_check(red_flags=[flag.id], signs=["tight-hips"]))
    assert result.refer
    assert result.red_flags == (flag,)
    assert "doctor" in result.messages[0]
    assert ("today" in result.messages[0]) is flag.urgent
    assert "Strength work in your plan is paused" in result.messages[1]
    assert set(result.exercises) <= {"diaphragmatic-breathing", "walking-break"}
    assert red_flag_day([_check(red_flags=[flag.id])]) == T0.date()


def test_a_clear_check_in_lifts_the_pause() -> None:
    assert red_flag_day([_check(red_flags=["trauma"]), _check(1)]) is None
    assert red_flag_day([]) is None


def test_persistent_pain_refers_after_three_check_ins_not_two() -> None:
    history = [_check(0, pain_hip=4), _check(1, pain_low_back=5)]
    assert not assess(history[-1], history[:-1]).refer
    third = _check(2, pain_knee=4)
    result = assess(third, history)
    assert result.refer
    assert "doctor, chiropractor or physical therapist" in result.messages[0]
    broken = [_check(0, pain_hip=4), _check(1, pain_hip=3)]
    assert not assess(_check(2, pain_hip=6), broken).refer


def test_signs_map_to_exercises_and_habits_without_diagnosing() -> None:
    result = assess(_check(signs=["tight-hips", "breathing"], hours_sat=9, pain_low_back=2, stiffness=7))
    assert result.exercises == (
        "kneeling-psoas-stretch",
        "half-kneeling-lunge-stretch",
        "diaphragmatic-breathing",
        "single-knee-to-chest",
        "half-bridge",
    )
    assert len(result.habits) == 4 and any("40 minutes" in h for h in result.habits)
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
    }


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
