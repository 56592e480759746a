"""Which sides an alternating set withholds: runs on one leg that are not a set done one leg at a time."""

from __future__ import annotations

import pytest

from psoas.coach.sides import repeated_sides

L, R, U, B = "left", "right", "unknown", "both"


@pytest.mark.parametrize(
    ("sides", "withheld"),
    [
        ([L, R, L, R], [0, 0, 0, 0]),  # in turns: nothing to doubt
        ([R, R], [1, 1]),  # two in a row is no one-leg set
        ([L, R, L, L, R, L], [0, 0, 1, 1, 0, 0]),
        ([L, R, L, R, R, R, L, R, L], [0, 0, 0, 1, 1, 1, 0, 0, 0]),  # mostly in turns: a run of 3 too
        ([R, R, R], [0, 0, 0]),  # one leg at a time
        ([L, L, L, L, R, R, R, R], [0] * 8),  # one leg, then the other
        ([L, U, L, R], [0, 0, 0, 0]),  # an unknown side breaks the run
        ([B, B, L], [0, 0, 0]),  # two-legged work is never a run
    ],
)
def test_side_on_runs_in_an_alternating_set(sides: list[str], withheld: list[int]) -> None:
    assert repeated_sides(sides, alternating=True, front=False) == tuple(bool(w) for w in withheld)


def test_runs_are_believed_from_the_front_and_in_one_sided_exercises() -> None:
    sides = [L, R, L, L, R, L]
    assert not any(repeated_sides(sides, alternating=True, front=True))
    assert not any(repeated_sides(sides, alternating=False, front=False))
