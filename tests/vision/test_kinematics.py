"""Angles, view and position from stick figures whose angles are known by construction."""

from __future__ import annotations

import numpy as np
import pytest

from psoas.catalog import Position
from psoas.vision.kinematics import View, compute_angles, view_of
from synth import Stick, sequence


@pytest.mark.parametrize("facing", [1, -1])
@pytest.mark.parametrize(
    ("hip", "knee", "trunk"),
    [(0, 0, 0), (90, 90, 0), (-20, 10, 0), (120, 130, 5), (45, 0, 20), (30, 60, -10)],
)
def test_sagittal_angles_match_construction(hip: float, knee: float, trunk: float, facing: int) -> None:
    stick = Stick(trunk_deg=trunk, hip_left=hip, hip_right=hip / 2, knee_left=knee, facing=facing)
    a = compute_angles(sequence([stick]))
    assert a.view is View.SIDE
    assert a.source == "image"
    assert a["hip_flexion_left"][0] == pytest.approx(hip, abs=1e-6)
    assert a["hip_flexion_right"][0] == pytest.approx(hip / 2, abs=1e-6)
    assert a["knee_flexion_left"][0] == pytest.approx(knee, abs=1e-6)
    assert a["trunk_lean"][0] == pytest.approx(trunk, abs=1e-6)


@pytest.mark.parametrize(
    ("trunk", "hip", "elevation"), [(0, 90, 0), (0, 0, -90), (0, 120, 30), (10, 90, -10)]
)
def test_thigh_elevation(trunk: float, hip: float, elevation: float) -> None:
    a = compute_angles(sequence([Stick(trunk_deg=trunk, hip_left=hip)]))
    assert a["thigh_elevation_left"][0] == pytest.approx(elevation, abs=1e-6)


def test_world_landmarks_give_the_same_angles() -> None:
    stick = Stick(hip_left=70, knee_left=40, trunk_deg=10)
    a = compute_angles(sequence([stick]), view=View.OBLIQUE)
    assert a.source == "world"
    assert a["hip_flexion_left"][0] == pytest.approx(70, abs=1e-6)
    assert a["knee_flexion_left"][0] == pytest.approx(40, abs=1e-6)


@pytest.mark.parametrize(
    ("stick", "position"),
    [
        (Stick(), Position.STANDING),
        (
            Stick(trunk_deg=-90, hip_left=50, hip_right=50, knee_left=110, knee_right=110),
            Position.LYING_ON_BACK,
        ),
        (Stick(hip_left=-15, knee_left=90, hip_right=90, knee_right=90), Position.HALF_KNEELING),
        (Stick(hip_left=-5, knee_left=90, hip_right=-5, knee_right=90), Position.KNEELING),
        (Stick(hip_left=90, knee_left=90, hip_right=90, knee_right=90), Position.SITTING),
    ],
)
def test_position(stick: Stick, position: Position) -> None:
    assert compute_angles(sequence([stick])).position == (position,)


@pytest.mark.parametrize(("ratio", "view"), [(0.1, View.SIDE), (0.6, View.OBLIQUE), (1.2, View.FRONT)])
def test_view_thresholds(ratio: float, view: View) -> None:
    assert view_of(ratio) is view


def test_front_view_is_detected_from_shoulder_width() -> None:
    a = compute_angles(sequence([Stick(shoulder_width=300)]))
    assert a.view is View.FRONT
    assert float(a.shoulder_ratio[0]) == pytest.approx(300 / 250)


def test_frames_without_a_person_are_nan() -> None:
    seq = sequence([Stick(), Stick()])
    seq.image[1] = np.nan
    a = compute_angles(seq)
    assert np.isnan(a["hip_flexion_left"][1])
    assert a.position == (Position.STANDING, None)
