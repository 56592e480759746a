"""Camera placement from stick figures seen through cameras of known tilt, roll and view angle."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.typing import NDArray

from psoas.vision.camera import (
    MIRROR,
    camera_tilt,
    estimate_vertical,
    far_side,
    fix_leg_swaps,
    fix_side_swaps,
    leg_tracker,
    mirror,
    mirror_legs,
    side_confidence,
    start_vertical,
    tilt_from_level,
    upright_frames,
    view_angle,
    view_from_angle,
)
from psoas.vision.kinematics import View, compute_angles
from psoas.vision.landmarks import Landmark, Side
from synth import Stick, ramp, rotation, seen_by, sequence

STAND = Stick(shoulder_width=0)
LIFT = Stick(hip_left=90, knee_left=90, trunk_deg=10, shoulder_width=0)


@pytest.mark.parametrize("tilt", [0.0, 18.0, 34.0])
@pytest.mark.parametrize("roll", [0.0, -12.0])
def test_a_standing_figure_gives_back_the_camera_tilt(tilt: float, roll: float) -> None:
    rot = rotation(tilt=tilt, roll=roll)
    up = estimate_vertical(seen_by(sequence([STAND, LIFT, STAND]), rot).world)
    assert up is not None
    np.testing.assert_allclose(up, rot @ np.array([0.0, -1.0, 0.0]), atol=1e-12)
    assert camera_tilt(up) == pytest.approx(tilt, abs=1e-9)


def test_a_step_stance_counts_as_standing() -> None:
    step = Stick(hip_left=25, hip_right=-25, shoulder_width=0)  # ankles even: mass over their middle
    seq = seen_by(sequence([step]), rotation(tilt=30))
    assert upright_frames(seq.world).tolist() == [True]
    up = estimate_vertical(seq.world)
    assert up is not None
    assert camera_tilt(up) == pytest.approx(30, abs=1e-9)


def test_no_standing_frame_gives_no_vertical() -> None:
    sitting = Stick(hip_left=90, hip_right=90, knee_left=90, knee_right=90)
    assert estimate_vertical(sequence([sitting, LIFT]).world) is None


def test_angles_in_the_estimated_vertical_undo_the_tilt() -> None:
    seq = seen_by(sequence([STAND, LIFT]), rotation(tilt=30, roll=-8))
    level = compute_angles(seq, view=View.OBLIQUE)
    fixed = compute_angles(seq, view=View.OBLIQUE, up=estimate_vertical(seq.world))
    assert fixed["thigh_elevation_right"][0] == pytest.approx(-90, abs=1e-9)
    assert fixed["thigh_elevation_left"][1] == pytest.approx(-10, abs=1e-9)  # 90° flexion, trunk 10° forward
    assert fixed["trunk_lean"][1] == pytest.approx(10, abs=1e-9)
    assert fixed["hip_flexion_left"][1] == pytest.approx(90, abs=1e-9)
    assert abs(level["thigh_elevation_right"][0] + 90) > 25  # a level camera is assumed today


def test_a_rolled_side_on_camera_measures_in_the_image_with_the_estimated_vertical() -> None:
    seq = seen_by(sequence([STAND, LIFT]), rotation(roll=15))
    a = compute_angles(seq, up=estimate_vertical(seq.world))
    assert a.source == "image"
    assert a["trunk_lean"][1] == pytest.approx(10, abs=1e-9)
    assert a["thigh_elevation_left"][1] == pytest.approx(-10, abs=1e-9)


def test_an_explicit_level_vertical_changes_nothing() -> None:
    seq = sequence([LIFT])
    for view in (View.SIDE, View.OBLIQUE):
        a, b = compute_angles(seq, view=view), compute_angles(seq, view=view, up=np.array([0.0, -1.0, 0.0]))
        for name, values in a.values.items():
            np.testing.assert_array_equal(values, b[name])


@pytest.mark.parametrize("yaw", [0.0, 22.0, 45.0, 68.0, 90.0])
def test_view_angle_is_the_body_turn_whatever_the_tilt(yaw: float) -> None:
    seq = seen_by(sequence([STAND, LIFT]), rotation(tilt=25, yaw=yaw))
    up = estimate_vertical(seq.world)
    np.testing.assert_allclose(view_angle(seq.world, up), [yaw, yaw], atol=1e-6)


@pytest.mark.parametrize(("deg", "view"), [(10, View.SIDE), (45, View.OBLIQUE), (68, View.FRONT)])
def test_view_from_angle(deg: float, view: View) -> None:
    assert view_from_angle(deg) is view


def test_mirror_exchanges_left_and_right_only() -> None:
    assert MIRROR[Landmark.LEFT_HIP] == Landmark.RIGHT_HIP
    assert MIRROR[Landmark.MOUTH_RIGHT] == Landmark.MOUTH_LEFT
    assert MIRROR[Landmark.NOSE] == Landmark.NOSE
    np.testing.assert_array_equal(MIRROR[MIRROR], np.arange(33))


def _walk(n: int = 40) -> list[Stick]:
    """Legs passing each other: left from -20° to 30°, right the other way."""
    return [Stick(hip_left=a, hip_right=10 - a, knee_left=20) for a in ramp(-20, 30, n)]


def test_a_swap_found_frame_to_frame_is_undone() -> None:
    clean = seen_by(sequence(_walk()), rotation(yaw=50))
    swapped = np.zeros(len(clean), bool)
    swapped[12:30] = True
    fixed, found = fix_side_swaps(mirror(clean, swapped))
    assert found.tolist() == swapped.tolist()
    np.testing.assert_array_equal(fixed.image, clean.image)
    np.testing.assert_array_equal(fixed.world, clean.world)


def test_legs_passing_each_other_are_not_a_swap() -> None:
    seq = sequence(_walk())
    fixed, found = fix_side_swaps(seq)
    assert not found.any()
    np.testing.assert_array_equal(fixed.image, seq.image)


def test_side_confidence_and_far_side() -> None:
    seq = sequence([STAND, STAND])
    seq.visibility[:, [Landmark.LEFT_HIP, Landmark.LEFT_KNEE, Landmark.LEFT_ANKLE]] = [0.3, 0.6, 0.9]
    seq.world[1] = np.nan
    conf = side_confidence(seq)
    np.testing.assert_allclose(conf[Side.LEFT], [0.6, 0.6])
    np.testing.assert_allclose(conf[Side.RIGHT], [1.0, 1.0])
    assert far_side(seq) == (Side.LEFT, None)  # the synthetic left side is 5 cm further away


def test_a_legs_only_swap_is_undone_and_the_trunk_kept() -> None:
    # A knee raise seen side-on, BlazePose trading the legs' labels (not the trunk's) for 18 frames.
    clean = sequence([Stick(hip_left=a, knee_left=a, hip_right=0) for a in ramp(0, 90, 45) + ramp(90, 0, 45)])
    swapped = np.zeros(len(clean), bool)
    swapped[20:38] = True
    fixed, found = fix_leg_swaps(mirror_legs(clean, swapped))
    assert found.tolist() == swapped.tolist()
    np.testing.assert_array_equal(fixed.image, clean.image)


def test_the_swap_tracker_is_the_same_frame_by_frame() -> None:
    clean = sequence([Stick(hip_left=a, knee_left=a, hip_right=0) for a in ramp(0, 90, 45) + ramp(90, 0, 45)])
    swapped = np.zeros(len(clean), bool)
    swapped[20:38] = True
    raw = mirror_legs(clean, swapped)
    tracker = leg_tracker()
    assert [tracker.update(raw.image[i]) for i in range(len(raw))] == fix_leg_swaps(raw)[1].tolist()


KNEES = (Landmark.LEFT_KNEE, Landmark.RIGHT_KNEE)


def _legs_at(model_left: float, model_right: float) -> NDArray[np.float64]:
    """A standing figure's image with the knee and ankle the model calls left moved `model_left` trunk
    lengths to the side, and the right ones `model_right`."""
    image: NDArray[np.float64] = sequence([STAND]).image[0].copy()
    trunk = float(np.linalg.norm(image[Landmark.LEFT_SHOULDER] - image[Landmark.LEFT_HIP]))
    for joints, dx in (
        ((Landmark.LEFT_KNEE, Landmark.LEFT_ANKLE), model_left),
        ((Landmark.RIGHT_KNEE, Landmark.RIGHT_ANKLE), model_right),
    ):
        for j in joints:
            image[j] = image[Landmark.LEFT_HIP] + [dx * trunk, 300.0 if j in KNEES else 600.0]
    return image


# The far leg F stays at 0; the near leg N starts 0.3 trunk lengths away and swings 1.0 further in
# one frame. With the labels traded at that frame, the traded reading is closer to the last frame than
# the untraded one by 0.5 / 0.8 = 0.625 of it: weaker than a trade must be (0.5), yet closer.
G, D = 0.3, 1.0


def test_a_weak_trade_back_to_the_models_own_labels_is_followed() -> None:
    tracker = leg_tracker()
    frames = [_legs_at(0.0, G), _legs_at(G, 0.0), _legs_at(0.0, G + D)]  # right, traded, right again
    assert [tracker.update(f) for f in frames] == [False, True, False]


def test_the_same_weak_trade_away_from_the_models_own_labels_is_not() -> None:
    tracker = leg_tracker()
    frames = [_legs_at(0.0, G), _legs_at(G + D, 0.0)]  # the model's labels are believed
    assert [tracker.update(f) for f in frames] == [False, False]


def test_the_start_vertical_is_read_while_standing_at_the_start() -> None:
    rot = rotation(tilt=20, roll=15)
    seq = seen_by(sequence([STAND] * 30 + [LIFT] * 30), rot)
    up = start_vertical(seq.world, seq.t)
    assert up is not None
    np.testing.assert_allclose(up, rot @ np.array([0.0, -1.0, 0.0]), atol=1e-12)
    assert tilt_from_level(up) == pytest.approx(24.81, abs=0.01)  # pitch and roll together


def test_no_start_vertical_when_the_person_stands_only_later() -> None:
    sitting = Stick(hip_left=90, hip_right=90, knee_left=90, knee_right=90)
    seq = seen_by(sequence([sitting] * 90 + [STAND] * 30), rotation(tilt=20))
    assert start_vertical(seq.world, seq.t) is None


def test_a_straight_body_lying_down_is_no_vertical() -> None:
    """A plank's hips and knees are as straight as standing ones; its axis is no camera's 'up'."""
    plank = Stick(trunk_deg=-80, shoulder_width=0)
    seq = sequence([plank] * 30)
    assert upright_frames(seq.world).all()
    assert start_vertical(seq.world, seq.t) is None
