"""Pure formatting of doses and durations."""

from __future__ import annotations

import pytest

from psoas.catalog import Range, default_catalog
from psoas.cli.render import format_dose, format_duration


@pytest.mark.parametrize(
    ("exercise_id", "expected"),
    [
        ("kneeling-psoas-stretch", "hold 20–30 s × 2–3 sets, each side · daily"),
        (
            "glute-bridge",
            "10–12 reps, 2–3 s pause at the top × 2–3 sets (beginners: 3–5 holds of 10–30 s) · 2–3×/week",
        ),
        ("half-kneeling-lunge-stretch", "hold 20 s × 4 sets, each side · daily"),
        ("walking-break", "2–5 min · 5–7×/week"),
        ("marching-in-place", "30–60 s × 2–3 sets · 2–7×/week"),
    ],
)
def test_format_dose(exercise_id: str, expected: str) -> None:
    assert format_dose(default_catalog().exercise(exercise_id).dose) == expected


@pytest.mark.parametrize(
    ("low", "high", "expected"), [(60, 180, "1–3 min"), (30, 60, "30–60 s"), (600, 600, "10 min")]
)
def test_format_duration(low: int, high: int, expected: str) -> None:
    assert format_duration(Range(min=low, max=high)) == expected
