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
    for side, sign in ((Side.LEFT, 1.0), (Side.RIGHT, -1.0)):
        j = SIDE_JOINTS[side]
        flex = math.radians(s.hip_left if side is Side.LEFT else s.hip_right)
        knee = math.radians(s.knee_left if side is Side.LEFT else s.knee_right)
        thigh = math.cos(flex) * -up + math.sin(flex) * front
        shin = math.cos(knee) * thigh + math.sin(knee) * _rot(thigh, s.facing)
        img[j.hip] = hip
        img[j.knee] = img[j.hip] + THIGH * thigh
        img[j.ankle] = img[j.knee] + SHIN * shin
        img[j.shoulder] = hip + TRUNK * up + sign * s.shoulder_width / 2 * front
        img[j.ear] = hip + (TRUNK + 60) * up + sign * 5 * front
        for k in (j.hip, j.knee, j.ankle, j.shoulder, j.ear):
            z[k] = 0.05 * sign
    img[Landmark.NOSE] = hip + (TRUNK + 60) * up + 25 * front
    # Remaining landmarks (hands, feet, eyes) sit on their nearest joint; psoas does not read them.
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
