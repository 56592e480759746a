"""The presence classifier on stick figures with known angles (tests/synth.py), and the smoother.

Expected answers follow from the figure's geometry: trunk 250 px, thigh and shin 200 px each, so with
both hips flexed θ (knees straight) the knees hang 200·cos θ px = 0.8·cos θ trunk lengths below the hips.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from psoas.habits.presence import THRESHOLDS, Basis, Look, Posture, Seated, classify, settle, shoulders_of
from psoas.vision.landmarks import SIDE_JOINTS, Landmark, Side
from psoas.vision.pose import Pose, PoseSequence
from synth import H, Stick, W, facing, sequence

SIZE = (W, H)
S, T, A = Posture.SITTING, Posture.STANDING, Posture.AWAY


def _pose(seq: PoseSequence, hidden: tuple[Landmark, ...] = (), dy: float = 0.0) -> Pose:
    vis = seq.visibility[0].copy()
    vis[list(hidden)] = 0.0
    image = seq.image[0] + np.array([0.0, dy])
    return Pose(0.0, image, vis, seq.world[0])


def _stick(**kw: float) -> Pose:
    return _pose(sequence([Stick(**kw)]))  # type: ignore[arg-type]


LEGS_BELOW_HIPS = tuple(
    j for s in Side for j in (SIDE_JOINTS[s].hip, SIDE_JOINTS[s].knee, SIDE_JOINTS[s].ankle)
)


@pytest.mark.parametrize(
    ("stick", "posture", "confidence"),
    [
        # Standing upright: knees 0.8 trunk lengths down, hips 0°, knees straight: all three cues stand.
        ({}, T, 1.0),
        # On a chair: thighs level (drop 0), hips 90°, knees 90°: all three sit.
        ({"hip_left": 90, "hip_right": 90, "knee_left": 90, "knee_right": 90}, S, 1.0),
        # A knee raise while standing: the straighter leg still hangs straight, so it stands.
        ({"hip_left": 90, "knee_left": 90}, T, 1.0),
        # Hips 40°: drop 0.8·cos 40° = 0.61 ≥ 0.6 (stand) and straight knees under it (stand); 40° hip
        # is between 30° and 60° (no vote): two of three.
        ({"hip_left": 40, "hip_right": 40}, T, 2 / 3),
        # Hips 65°, legs out: drop 0.8·cos 65° = 0.34 ≤ 0.35 and hip ≥ 60° sit; a straight knee under a
        # level thigh votes for nothing: two of three.
        ({"hip_left": 65, "hip_right": 65}, S, 2 / 3),
        # Hips 45°: drop 0.57 (between 0.35 and 0.6), hip between the limits, knee straight but thigh not
        # hanging: no cue votes, so no information.
        ({"hip_left": 45, "hip_right": 45}, None, 0.0),
    ],
)
def test_side_on_stick_figures(stick: dict[str, float], posture: Posture | None, confidence: float) -> None:
    look = classify(_stick(**stick), SIZE)
    assert look.posture is posture
    assert look.confidence == pytest.approx(confidence)


def test_the_boundary_drop_angles_follow_from_the_thigh_length() -> None:
    # Drop 0.6 at cos θ = 0.75 (θ = 41.4°): just above it the thigh no longer counts as hanging.
    edge = math.degrees(math.acos(THRESHOLDS.standing_drop / 0.8))
    assert classify(_stick(hip_left=edge - 0.5, hip_right=edge - 0.5), SIZE).posture is T
    assert classify(_stick(hip_left=edge + 0.5, hip_right=edge + 0.5), SIZE).posture is None


@pytest.mark.parametrize(("sitting", "posture"), [(True, S), (False, T)])
def test_facing_the_camera(sitting: bool, posture: Posture) -> None:
    # Seated facing the camera the thigh points at it: the knee sits level with the hip in the picture.
    look = classify(_pose(facing(sitting=sitting)), SIZE)
    assert (look.posture, look.confidence, look.basis) == (posture, 1.0, Basis.LEGS)


def test_lying_down_is_neither() -> None:
    look = classify(_stick(trunk_deg=-90, hip_left=50, hip_right=50, knee_left=110, knee_right=110), SIZE)
    assert look == Look(None, 0.0, Basis.UNKNOWN)


def test_no_person_and_too_few_landmarks_are_away() -> None:
    assert classify(None, SIZE) == Look(A, THRESHOLDS.no_person_confidence, Basis.NO_PERSON)
    only_hips = tuple(Landmark(i) for i in range(33) if i not in (Landmark.LEFT_HIP, Landmark.RIGHT_HIP))
    assert classify(_pose(facing(), only_hips), SIZE) == Look(A, THRESHOLDS.too_few_confidence, Basis.TOO_FEW)


def test_upper_body_only_needs_a_calibrated_seat() -> None:
    seated = _pose(facing(), LEGS_BELOW_HIPS)
    assert classify(seated, SIZE) == Look(None, 0.0, Basis.UNKNOWN)
    calibration = shoulders_of(seated, SIZE)
    assert calibration is not None
    # facing(): shoulders 0.36 m = 360 px apart; rises are in those widths (image y grows downwards).
    assert calibration == Seated(pytest.approx((1100 - 250) / H), pytest.approx(360 / W))  # type: ignore[arg-type]
    cases = [(0.0, S, 1.0), (-100, S, 1 - (100 / 360) / 0.6), (-200, None, 0.0), (-300, T, (300 / 360) / 1.6)]
    for dy, posture, confidence in cases:
        look = classify(_pose(facing(), LEGS_BELOW_HIPS, dy), SIZE, seated=calibration)
        assert (look.posture, look.basis) == (posture, Basis.SHOULDERS if posture else Basis.UNKNOWN)
        assert look.confidence == pytest.approx(confidence)


def test_upper_body_needs_a_calibration_facing_the_camera_at_the_same_distance() -> None:
    pose = _pose(facing(), LEGS_BELOW_HIPS)
    # Calibrated side-on (shoulders 0.09 of the frame wide, under 0.1): the shoulders' rise is no measure.
    assert classify(pose, SIZE, seated=Seated(850 / H, 0.09)).posture is None
    # Now 360 px = 0.333 of the width: 1.5 times a 0.222 calibration is the widest still compared.
    assert classify(pose, SIZE, seated=Seated(850 / H, 0.333 / 1.5 + 1e-3)).posture is S
    assert classify(pose, SIZE, seated=Seated(850 / H, 0.333 / 1.5 - 1e-3)).posture is None
    assert classify(pose, SIZE, seated=Seated(850 / H, 0.333 * 1.5 + 1e-3)).posture is None


def test_to_dict() -> None:
    assert Look(S, 0.666, Basis.LEGS).to_dict() == {"posture": "sitting", "confidence": 0.67, "basis": "legs"}
    assert Look(None, 0.0, Basis.UNKNOWN).to_dict()["posture"] is None


@pytest.mark.parametrize(
    ("looks", "current", "after"),
    [
        ([], None, None),
        ([T], S, S),  # one look is not enough
        ([S, T], S, S),
        ([T, T], S, T),
        ([T, None], S, S),  # an unknown look breaks the run
        ([None, None], S, S),  # and never changes the posture
        ([A, A], T, A),
        ([S, A, A], S, A),
        ([T, T, S], T, T),
    ],
)
def test_settle_needs_two_agreeing_looks(
    looks: list[Posture | None], current: Posture | None, after: Posture | None
) -> None:
    assert settle(looks, current=current) is after


def test_posture_strings_are_the_contracts() -> None:
    assert [p.value for p in Posture] == ["sitting", "standing", "away"]


def test_a_pose_with_the_shoulders_on_the_hips_is_no_reading() -> None:
    seq = facing()
    image = seq.image[0].copy()
    for shoulder, hip in (
        (Landmark.LEFT_SHOULDER, Landmark.LEFT_HIP),
        (Landmark.RIGHT_SHOULDER, Landmark.RIGHT_HIP),
    ):
        image[shoulder] = image[hip]
    assert classify(Pose(0.0, image, seq.visibility[0], seq.world[0]), SIZE) == Look(None, 0.0, Basis.UNKNOWN)
