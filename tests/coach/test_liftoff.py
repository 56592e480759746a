"""The side of a knee raise read at lift-off: exact answers from stick figures with known angles."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from psoas.coach.liftoff import lift_off_side
from psoas.coach.sides import settle_sides
from psoas.vision.landmarks import Side
from synth import Stick, ramp, sequence

LIFT = ramp(0, 90, 15) + [90.0] * 10 + ramp(90, 0, 15)
T0, PEAK = 10 / 30, 24 / 30  # the raise starts at frame 10 and tops out at frame 24


def _raise(left: list[float], right: list[float]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    postures = [
        Stick(hip_left=a, knee_left=a, hip_right=b, knee_right=b) for a, b in zip(left, right, strict=True)
    ]
    seq = sequence(postures)
    return seq.image, seq.t


def test_the_foot_that_leaves_the_floor_names_the_leg() -> None:
    still = [0.0] * 50
    image, t = _raise([0.0] * 10 + LIFT, still)
    assert lift_off_side(image, t, T0, PEAK) is Side.LEFT
    image, t = _raise(still, [0.0] * 10 + LIFT)
    assert lift_off_side(image, t, T0, PEAK) is Side.RIGHT


def test_no_side_when_both_feet_leave_together_or_neither_does() -> None:
    both = [0.0] * 10 + LIFT
    assert lift_off_side(*_raise(both, both), T0, PEAK) is None  # a jump tucks both knees at once
    # A lift of 20° raises the ankle 200 px x (1 - cos 20°) = 12 px, under a quarter of the 250 px trunk.
    small = [0.0] * 10 + ramp(0, 20, 15) + [0.0] * 25
    assert lift_off_side(*_raise(small, [0.0] * 50), T0, PEAK) is None


def test_the_second_foot_must_trail_by_more_than_a_frame() -> None:
    late = [0.0] * 11 + LIFT[:-1]  # the right foot leaves one frame after the left
    assert lift_off_side(*_raise([0.0] * 10 + LIFT, late), T0, PEAK) is None
    later = [0.0] * 12 + LIFT[:-2]  # two frames after: the left led
    assert lift_off_side(*_raise([0.0] * 10 + LIFT, later), T0, PEAK) is Side.LEFT


def test_a_reading_is_kept_only_where_it_differs_from_both_neighbours() -> None:
    def read(i: int) -> Side | None:
        return {1: Side.RIGHT, 3: Side.LEFT}.get(i)

    # Raise 2 read right between two lefts: kept. Raise 4 read left next to a left: not vouched for.
    sides, read_count, runs = settle_sides(
        ["left", "unknown", "left", "unknown", "left"], alternating=True, front=False, read=read
    )
    assert (sides, read_count, runs) == (("left", "right", "left", "unknown", "left"), 1, 0)


def test_a_same_leg_run_is_read_again_at_lift_off() -> None:
    # right, right in an alternating set filmed side-on: both withheld, then read left and right.
    def read(i: int) -> Side | None:
        return (Side.LEFT, Side.RIGHT)[i]

    assert settle_sides(["right", "right"], alternating=True, front=False, read=read) == (
        ("left", "right"),
        2,
        0,
    )
    assert settle_sides(["right", "right"], alternating=True, front=False) == (("unknown", "unknown"), 0, 2)
