"""Angles, view and position from stick figures whose angles are known by construction."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest
from numpy.typing import NDArray

from psoas.catalog import Position
from psoas.vision.kinematics import View, compute_angles, hip_lift, view_of
from psoas.vision.landmarks import Landmark
from synth import Stick, facing, rotation, seen_by, sequence


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
        # Warrior I: back leg long behind, front knee bent over the ankle.
        (Stick(hip_left=-40, knee_left=0, hip_right=90, knee_right=90), Position.LUNGE),
        (Stick(hip_right=-40, knee_right=0, hip_left=80, knee_left=80, facing=-1), Position.LUNGE),
        # A bent back knee near the floor is a kneeling lunge, not a standing one.
        (Stick(hip_left=-40, knee_left=60, hip_right=90, knee_right=90), Position.HALF_KNEELING),
        # Boat: leaning back on the sitting bones, thighs and feet lifted (full boat, then half boat with
        # the shins level).
        (Stick(trunk_deg=-30, hip_left=100, hip_right=100), Position.V_SIT),
        (Stick(trunk_deg=-30, hip_left=105, hip_right=105, knee_left=45, knee_right=45), Position.V_SIT),
        # Camel: kneeling, thighs upright, trunk back; still kneeling when it leans past the lying tilt.
        (
            Stick(trunk_deg=-40, hip_left=-40, hip_right=-40, knee_left=90, knee_right=90),
            Position.KNEELING_BACK_BEND,
        ),
        (
            Stick(trunk_deg=-65, hip_left=-65, hip_right=-65, knee_left=90, knee_right=90),
            Position.KNEELING_BACK_BEND,
        ),
        (Stick(trunk_deg=-10, hip_left=-10, hip_right=-10, knee_left=90, knee_right=90), Position.KNEELING),
        # Pigeon: front shin folded on the floor, back thigh along the floor.
        (Stick(hip_left=-80, knee_left=10, hip_right=90, knee_right=165), Position.FLOOR_PIGEON),
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


def _lying_points(
    lift_deg: float, *, roll_deg: float = 0.0, raised_ankle: bool = False
) -> NDArray[np.float64]:
    """Shoulders at the origin, the lower ankle 800 px along the floor, the hips 400 px along it and
    raised `lift_deg` above it as seen from the shoulders; the picture rolled by `roll_deg`."""
    p = np.zeros((1, 33, 2))
    hip = np.array([400.0, -400.0 * math.tan(math.radians(lift_deg))])
    for lm in (Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER):
        p[0, lm] = (0.0, 0.0)
    for lm in (Landmark.LEFT_HIP, Landmark.RIGHT_HIP):
        p[0, lm] = hip
    p[0, Landmark.LEFT_ANKLE] = (800.0, 0.0)
    p[0, Landmark.RIGHT_ANKLE] = (700.0, -300.0) if raised_ankle else (800.0, 0.0)
    r = math.radians(roll_deg)
    rot = np.array([[math.cos(r), -math.sin(r)], [math.sin(r), math.cos(r)]])
    return np.asarray(p @ rot.T + 500.0)


@pytest.mark.parametrize(
    ("lift", "roll", "raised"),
    [(20.0, 0.0, False), (20.0, 30.0, False), (0.0, -15.0, False), (25.0, 0.0, True)],
)
def test_hip_lift_is_read_against_the_bodys_own_floor_line(lift: float, roll: float, raised: bool) -> None:
    # A rolled camera does not change it, and a raised leg (single-leg bridge) is not the floor.
    got = hip_lift(_lying_points(lift, roll_deg=roll, raised_ankle=raised))
    assert got[0] == pytest.approx(lift, abs=1e-9)


@pytest.mark.parametrize(
    ("kwargs", "position"),
    [
        ({}, Position.SITTING),
        ({"bend_deg": 10.0}, Position.SITTING),  # a small lean is still plain sitting
        ({"bend_deg": 30.0}, Position.SEATED_SIDE_BEND),
        ({"bend_deg": -40.0, "pelvis_deg": 10.0}, Position.SEATED_SIDE_BEND),
        ({"bend_deg": 30.0, "sitting": False}, Position.STANDING),
    ],
)
def test_seated_side_bend_seen_from_the_front(kwargs: dict[str, float], position: Position) -> None:
    assert compute_angles(facing(**kwargs)).position == (position,)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("bend", "pelvis"), [(0.0, 0.0), (30.0, 0.0), (-25.0, 0.0), (-40.0, 10.0), (20.0, -8.0)]
)
def test_side_bend_is_read_against_the_hip_line(bend: float, pelvis: float) -> None:
    # Leaning to the left lengthens the right flank: side_bend_right is the bend, side_bend_left its opposite.
    a = compute_angles(facing(bend_deg=bend, pelvis_deg=pelvis))
    assert a.view is View.FRONT
    assert a["side_bend_right"][0] == pytest.approx(bend, abs=1e-6)
    assert a["side_bend_left"][0] == pytest.approx(-bend, abs=1e-6)
    assert a["pelvis_level"][0] == pytest.approx(pelvis, abs=1e-6)


def test_side_bend_is_not_read_side_on() -> None:
    a = compute_angles(sequence([Stick()]))
    assert np.isnan(a["side_bend_left"][0]) and np.isnan(a["side_bend_right"][0])


@pytest.mark.parametrize("twist", [0.0, 30.0, -45.0])
@pytest.mark.parametrize(
    "stick",
    [
        Stick(shoulder_width=0),
        Stick(trunk_deg=-90, hip_left=90, knee_left=90, hip_right=40, shoulder_width=0),
    ],
)
def test_trunk_rotation_from_world_landmarks(stick: Stick, twist: float) -> None:
    a = compute_angles(sequence([replace(stick, twist_deg=twist)]))
    assert a["trunk_rotation_left"][0] == pytest.approx(twist, abs=1e-6)
    assert a["trunk_rotation_right"][0] == pytest.approx(-twist, abs=1e-6)


@pytest.mark.parametrize("twist", [0.0, 20.0, -35.0])
def test_trunk_rotation_facing_the_camera(twist: float) -> None:
    a = compute_angles(facing(twist_deg=twist))
    assert a["trunk_rotation_left"][0] == pytest.approx(twist, abs=1e-6)


@pytest.mark.parametrize("facing_dir", [1, -1])
@pytest.mark.parametrize(("neck", "trunk"), [(0.0, 0.0), (-40.0, -60.0), (30.0, 20.0), (-60.0, 0.0)])
def test_neck_flexion(neck: float, trunk: float, facing_dir: int) -> None:
    a = compute_angles(sequence([Stick(trunk_deg=trunk, neck_deg=neck, facing=facing_dir)]))
    assert a["neck_flexion"][0] == pytest.approx(neck, abs=1e-6)


@pytest.mark.parametrize("yaw", [50.0, 60.0, 70.0, 80.0])
def test_lying_with_the_feet_towards_the_camera_is_not_a_seated_side_bend(yaw: float) -> None:
    # Seen from near the feet, the lying trunk looks upright and leaning in the picture; in the world it
    # lies along the camera's axis.
    lying = Stick(trunk_deg=-90, hip_left=50, hip_right=50, knee_left=110, knee_right=110)
    seq = seen_by(sequence([lying] * 3), rotation(yaw=yaw))
    assert set(compute_angles(seq).position) == {Position.LYING_ON_BACK}


@pytest.mark.parametrize(
    ("yaw", "view"), [(0.0, View.OBLIQUE), (40.0, View.OBLIQUE), (90.0, View.FRONT), (-135.0, View.FRONT)]
)
def test_trunk_lean_and_thigh_elevation_off_the_side_use_the_world_vertical(yaw: float, view: View) -> None:
    # Off the side the angles come from the world landmarks, measured against world up (y down, so up
    # is -y): a trunk 10° forward stays 10°, not 170° as against a flipped vertical. The stick's narrow
    # shoulders read as side-on, so the view is given.
    stick = Stick(trunk_deg=10, hip_left=70, hip_right=20, knee_left=40)
    a = compute_angles(seen_by(sequence([stick]), rotation(yaw=yaw)), view=view)
    assert a.source == "world"
    assert a["trunk_lean"][0] == pytest.approx(10, abs=1e-6)
    assert a["hip_flexion_left"][0] == pytest.approx(70, abs=1e-6)
    assert a["knee_flexion_left"][0] == pytest.approx(40, abs=1e-6)
    # Thigh against the horizontal: hip flexion less the trunk's lean, less the 90° from hanging.
    assert a["thigh_elevation_left"][0] == pytest.approx(70 - 10 - 90, abs=1e-6)
    assert a["thigh_elevation_right"][0] == pytest.approx(20 - 10 - 90, abs=1e-6)


@pytest.mark.parametrize(
    ("trunk", "hip", "swing"), [(0, 0, 0), (0, 90, 90), (0, -30, -30), (60, 0, -60), (65, 125, 60)]
)
def test_thigh_swing_is_the_thigh_against_gravity_whatever_the_trunk(
    trunk: float, hip: float, swing: float
) -> None:
    """The thigh's angle from straight down, + forward: a trunk leaning 60° forward over a hip at 0°
    leaves the thigh 60° behind the vertical, as a pigeon folded forward leaves its back leg."""
    a = compute_angles(sequence([Stick(trunk_deg=trunk, hip_left=hip)]))
    assert a["thigh_swing_left"][0] == pytest.approx(swing, abs=1e-9)
    assert a["thigh_swing_right"][0] == pytest.approx(-trunk, abs=1e-9)


def test_lying_with_one_leg_raised_is_no_folded_pigeon() -> None:
    """Lying, 'forward' against gravity is no direction, and the raised knee is above the hip."""
    a = compute_angles(sequence([Stick(trunk_deg=-90, hip_right=120, knee_right=0)]))
    assert a.position[0] is Position.LYING_ON_BACK


def test_a_pigeon_folded_forward_is_a_floor_pigeon() -> None:
    a = compute_angles(sequence([Stick(trunk_deg=65, hip_left=-5, hip_right=125, knee_right=140)]))
    assert a.position[0] is Position.FLOOR_PIGEON


@pytest.mark.parametrize(("trunk_deg", "expected"), [(-90, Position.LYING_ON_BACK), (90, Position.FACE_DOWN)])
def test_lying_face_up_and_face_down_are_told_apart(trunk_deg: float, expected: Position) -> None:
    # The same stick lying flat, turned from upright away from the face (on the back: the nose points
    # up) or towards it (face down). The stick's nose sits 25 px ahead of its ears; a person's is about
    # 40 px on a 310 px trunk (0.13 of it, as on the labelled clips), so it is moved 15 px further.
    seq = sequence([Stick(trunk_deg=trunk_deg, hip_left=10, hip_right=10)] * 5)
    image = seq.image.copy()
    image[:, Landmark.NOSE, 1] += 15 if trunk_deg > 0 else -15
    assert set(compute_angles(replace(seq, image=image)).position) == {expected}
