"""A stick-figure generator with known angles, seen side-on: the ground truth for kinematics and coach tests.

Image coordinates are pixels (x right, y down) in a 1080x1920 portrait frame; world coordinates are the
same points in metres (1 px = 1 mm) with the two body sides 0.1 m apart along z (a side-on camera).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from psoas.vision.landmarks import SIDE_JOINTS, Landmark, Side
from psoas.vision.pose import PoseSequence

W, H = 1080, 1920
TRUNK, THIGH, SHIN = 250.0, 200.0, 200.0
F64 = NDArray[np.float64]


@dataclass(frozen=True)
class Stick:
    """One posture: trunk direction (degrees from 'up', positive towards the face) and joint angles."""

    trunk_deg: float = 0.0
    hip_left: float = 0.0
    hip_right: float = 0.0
    knee_left: float = 0.0
    knee_right: float = 0.0
    facing: int = 1  # +1 faces image right, -1 faces left
    hip_x: float = 540.0
    hip_y: float = 1100.0
    shoulder_width: float = 20.0  # side-on: the shoulders nearly overlap
    neck_deg: float = 0.0  # head tilted from the trunk's line: positive forward, negative back
    twist_deg: float = 0.0  # shoulders turned about the trunk axis: positive towards the left (world)


def _rot(v: F64, facing: int) -> F64:
    """Turn a direction by 90 degrees towards the front of the body."""
    return np.array([-v[1], v[0]], dtype=float) * float(facing)


def _points(s: Stick) -> tuple[F64, F64]:
    img = np.zeros((33, 2))
    z = np.zeros(33)
    rad = math.radians(s.trunk_deg)
    up = np.array([math.sin(rad) * s.facing, -math.cos(rad)])
    front = _rot(up, s.facing)
    hip = np.array([s.hip_x, s.hip_y])
    neck = hip + TRUNK * up
    tilt = math.radians(s.neck_deg)
    head_up = math.cos(tilt) * up + math.sin(tilt) * front
    head_front = _rot(head_up, s.facing)
    for side, sign in ((Side.LEFT, 1.0), (Side.RIGHT, -1.0)):
        j = SIDE_JOINTS[side]
        flex = math.radians(s.hip_left if side is Side.LEFT else s.hip_right)
        knee = math.radians(s.knee_left if side is Side.LEFT else s.knee_right)
        thigh = math.cos(flex) * -up + math.sin(flex) * front
        shin = math.cos(knee) * thigh + math.sin(knee) * _rot(thigh, s.facing)
        img[j.hip] = hip
        img[j.knee] = img[j.hip] + THIGH * thigh
        img[j.ankle] = img[j.knee] + SHIN * shin
        # Turning the trunk to the left takes the left shoulder back and the right one forward.
        turn = math.radians(s.twist_deg)
        img[j.shoulder] = hip + TRUNK * up + sign * (s.shoulder_width / 2 - 50 * math.sin(turn)) * front
        img[j.ear] = neck + 60 * head_up + sign * 5 * head_front
        for k in (j.hip, j.knee, j.ankle, j.ear):
            z[k] = 0.05 * sign
        z[j.shoulder] = 0.05 * sign * math.cos(turn)
    img[Landmark.NOSE] = neck + 60 * head_up + 25 * head_front
    # The feet on their ankles (a foot leaving the floor names a knee raise's leg: coach.liftoff).
    for ankle, foot in (
        (Landmark.LEFT_ANKLE, (Landmark.LEFT_HEEL, Landmark.LEFT_FOOT_INDEX)),
        (Landmark.RIGHT_ANKLE, (Landmark.RIGHT_HEEL, Landmark.RIGHT_FOOT_INDEX)),
    ):
        img[list(foot)] = img[ankle]
        z[list(foot)] = z[ankle]
    # Remaining landmarks (hands, eyes) sit on the left shoulder; psoas does not read them.
    for i in range(33):
        if not img[i].any():
            img[i] = img[Landmark.LEFT_SHOULDER]
    world = np.column_stack([img / 1000.0, z])
    return img, world


def sequence(postures: list[Stick], fps: float = 30.0) -> PoseSequence:
    pairs = [_points(p) for p in postures]
    image = np.stack([p[0] for p in pairs])
    world = np.stack([p[1] for p in pairs])
    n = len(postures)
    return PoseSequence(np.arange(n) / fps, image, np.ones((n, 33)), world, np.ones(n, bool), W, H)


def ramp(a: float, b: float, n: int) -> list[float]:
    return list(np.linspace(a, b, n))


def bridges(reps: int, fps: float = 30.0) -> list[Stick]:
    """Lying on the back, hips lifting `reps` times: hip flexion 50° (down) → 0° (top, held 1 s) → 50°."""
    down = [50.0] * int(fps)
    angles = list(down)
    for _ in range(reps):
        angles += ramp(50, 0, int(fps)) + [0.0] * int(fps) + ramp(0, 50, int(fps)) + down
    return [Stick(trunk_deg=-90, hip_left=a, hip_right=a, knee_left=110, knee_right=110) for a in angles]


def rotation(*, tilt: float = 0.0, roll: float = 0.0, yaw: float = 0.0) -> F64:
    """World-to-camera rotation for a camera pitched down by `tilt` and rolled by `roll` degrees, looking
    at a body turned by `yaw` degrees about the vertical (y down, z away from the camera)."""
    t, r, y = (math.radians(a) for a in (tilt, roll, yaw))
    pitch = np.array([[1, 0, 0], [0, math.cos(t), -math.sin(t)], [0, math.sin(t), math.cos(t)]])
    spin = np.array([[math.cos(r), -math.sin(r), 0], [math.sin(r), math.cos(r), 0], [0, 0, 1]])
    turn = np.array([[math.cos(y), 0, math.sin(y)], [0, 1, 0], [-math.sin(y), 0, math.cos(y)]])
    return np.asarray(spin @ pitch @ turn, dtype=float)


def seen_by(seq: PoseSequence, rot: F64) -> PoseSequence:
    """The sequence as a camera with rotation `rot` sees it: world landmarks rotated, the image their
    orthographic projection (1 px = 1 mm)."""
    world = seq.world @ rot.T
    return PoseSequence(seq.t, world[..., :2] * 1000.0, seq.visibility, world, seq.found, W, H)


def facing(
    *, bend_deg: float = 0.0, pelvis_deg: float = 0.0, sitting: bool = True, twist_deg: float = 0.0
) -> PoseSequence:
    """One frame of a person facing the camera (world x to the person's left, y down, z away), seated on a
    chair (thighs towards the camera, shins down) or standing, the trunk bent `bend_deg` towards the
    person's left, the hip line tilted `pelvis_deg` (the left hip up) and the shoulders turned
    `twist_deg` to the left. Image = world x, y in millimetres, shifted into the picture."""
    world = np.zeros((33, 3))
    b, pv, tw = (math.radians(a) for a in (bend_deg, pelvis_deg, twist_deg))
    lateral = np.array([math.cos(pv), -math.sin(pv), 0.0])  # right hip → left hip
    up = np.array([math.sin(b - pv), -math.cos(b - pv), 0.0])  # bend measured from the hip line's normal
    across = np.array([math.cos(b - pv), math.sin(b - pv), 0.0])
    toward = np.array([0.0, 0.0, -1.0])  # towards the camera: the face's direction
    shoulder = math.cos(tw) * across + math.sin(tw) * -toward  # the left shoulder goes back as it turns
    neck = 0.25 * up
    for side, sign in ((Side.LEFT, 1.0), (Side.RIGHT, -1.0)):
        j = SIDE_JOINTS[side]
        world[j.hip] = sign * 0.1 * lateral
        world[j.knee] = world[j.hip] + 0.2 * (toward if sitting else np.array([0.0, 1.0, 0.0]))
        world[j.ankle] = world[j.knee] + np.array([0.0, 0.2, 0.0])
        world[j.shoulder] = neck + sign * 0.18 * shoulder
        world[j.ear] = neck + 0.06 * up + sign * 0.05 * across
    world[Landmark.NOSE] = neck + 0.06 * up + 0.025 * toward
    for i in range(33):
        if not world[i].any():
            world[i] = world[Landmark.LEFT_SHOULDER]
    image = world[:, :2] * 1000.0 + np.array([540.0, 1100.0])
    return PoseSequence(np.zeros(1), image[None], np.ones((1, 33)), world[None], np.ones(1, bool), W, H)


def joined(frames: list[PoseSequence], fps: float = 30.0) -> PoseSequence:
    """Single-frame sequences (e.g. from `facing`) as one clip at `fps`."""
    n = len(frames)
    return PoseSequence(
        np.arange(n) / fps,
        np.concatenate([f.image for f in frames]),
        np.concatenate([f.visibility for f in frames]),
        np.concatenate([f.world for f in frames]),
        np.concatenate([f.found for f in frames]),
        W,
        H,
    )


SHOULDERS_ON_FLOOR = np.array([300.0, 1500.0])
FEET_ON_FLOOR = np.array([800.0, 1500.0])


def floor_bridge(lift_deg: float) -> Stick:
    """Lying on the back, shoulders and feet on the floor, the trunk lifted `lift_deg` from it (0: hips
    on the floor): the knee is where a thigh and a shin of their lengths meet between hip and ankle."""
    phi = math.radians(lift_deg)
    up = np.array([-math.cos(phi), math.sin(phi)])  # hips → shoulders
    front = _rot(up, 1)
    hip = SHOULDERS_ON_FLOOR - TRUNK * up
    reach = FEET_ON_FLOOR - hip
    d = float(np.linalg.norm(reach))
    along = reach / d
    rise = math.sqrt(THIGH**2 - (d / 2) ** 2)
    knee = hip + along * d / 2 + rise * np.array([along[1], -along[0]])  # the knee points up
    thigh, shin = (knee - hip) / THIGH, (FEET_ON_FLOOR - knee) / SHIN
    return Stick(
        trunk_deg=-90.0 - lift_deg,
        hip_left=math.degrees(math.atan2(float(thigh @ front), float(thigh @ -up))),
        hip_right=math.degrees(math.atan2(float(thigh @ front), float(thigh @ -up))),
        knee_left=math.degrees(math.atan2(float(shin @ _rot(thigh, 1)), float(shin @ thigh))),
        knee_right=math.degrees(math.atan2(float(shin @ _rot(thigh, 1)), float(shin @ thigh))),
        hip_x=float(hip[0]),
        hip_y=float(hip[1]),
    )


def floor_bridges(tops: list[float], fps: float = 30.0) -> list[Stick]:
    """Bridges with shoulders and feet on the floor, the trunk lifted to each of `tops` (degrees) in turn:
    1 s up, 1 s held, 1 s down, 1 s resting, after 1 s at rest."""
    n = int(fps)
    lifts = [0.0] * n
    for top in tops:
        lifts += ramp(0, top, n) + [top] * n + ramp(top, 0, n) + [0.0] * n
    return [floor_bridge(a) for a in lifts]
