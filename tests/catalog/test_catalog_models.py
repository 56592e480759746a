"""Validation rules of the catalog models, each checked with the smallest input that breaks it."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from psoas.catalog import AngleCheck, Dose, Fact, Range

WEEK = {"min": 2, "max": 3}


def test_range_orders_and_prints() -> None:
    assert str(Range(min=20, max=30)) == "20–30"
    assert str(Range(min=4, max=4)) == "4"
    with pytest.raises(ValidationError, match=r"min \(5\) must not exceed max \(3\)"):
        Range(min=5, max=3)


def test_dose_needs_an_amount() -> None:
    with pytest.raises(ValidationError, match="at least one of hold_s, reps or duration_s"):
        Dose(per_side=False, rest_s=0, per_week=Range(**WEEK), basis="seed")


@pytest.mark.parametrize("week", [{"min": 0, "max": 3}, {"min": 2, "max": 8}])
def test_dose_days_per_week_between_one_and_seven(week: dict[str, int]) -> None:
    with pytest.raises(ValidationError, match="per_week must lie between 1 and 7"):
        Dose(reps=Range(min=1, max=2), per_side=False, rest_s=0, per_week=Range(**week), basis="seed")


@pytest.mark.parametrize(
    ("bounds", "message"),
    [({}, "needs min_deg, max_deg or both"), ({"min_deg": 10, "max_deg": 0}, "min_deg must not exceed")],
)
def test_angle_check_bounds(bounds: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        AngleCheck(angle="knee_flexion", **bounds)


def test_opinion_needs_attribution() -> None:
    with pytest.raises(ValidationError, match="an opinion needs an attribution"):
        Fact(text="The psoas is the seat of the soul.", sources=("000_4d916cde51164e80",), kind="opinion")


def test_models_are_frozen() -> None:
    r = Range(min=1, max=2)
    with pytest.raises(ValidationError):
        r.min = 5  # type: ignore[misc]
