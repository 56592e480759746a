"""BlazePose world landmarks → the OpenSim model's hip coordinates (degrees), per frame.

Pelvis frame: lateral axis from the left to the right hip landmark; 'up' is the hips→shoulders line with
its lateral part removed; anterior = up × right (MediaPipe's world frame is right-handed: x right, y down,
z away from the camera). Femur: hip → knee. With the model's order (flexion about the lateral axis, then
adduction, then rotation) the femur's direction gives flexion = atan2(anterior part, downward part) and
adduction = asin(part towards the midline) exactly. Rotation needs the shank and a bent knee; it is not
read (taken as 0).

How far to trust it: BlazePose's hips are estimates, and the 'up' axis follows the trunk, not the pelvis,
so lumbar flexion or extension (often 10–20° in these exercises) appears as hip angle. Expect errors of
about 10° in flexion (about 7 mm of psoas length) and more in adduction.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from psoas.vision.landmarks import SIDE_JOINTS, Landmark, Side

__all__ = ["HipCoordinates", "hip_coordinates"]

F64 = NDArray[np.float64]


@dataclass(frozen=True)
class HipCoordinates:
    flexion: F64  # degrees, + knee forward
    adduction: F64  # degrees, + knee towards the midline


def _unit(v: F64) -> F64:
    with np.errstate(invalid="ignore", divide="ignore"):
        out: F64 = v / np.linalg.norm(v, axis=-1, keepdims=True)
    return out


def _dot(a: F64, b: F64) -> F64:
    return np.asarray(np.einsum("...i,...i->...", a, b), float)


def hip_coordinates(world: F64, side: Side) -> HipCoordinates:
    """`world` is (T, 33, 3) in metres; NaN frames give NaN."""
    left, right = world[:, Landmark.LEFT_HIP], world[:, Landmark.RIGHT_HIP]
    shoulders = (world[:, Landmark.LEFT_SHOULDER] + world[:, Landmark.RIGHT_SHOULDER]) / 2
    lateral = _unit(right - left)  # towards the person's right
    trunk = shoulders - (left + right) / 2
    up = _unit(trunk - _dot(trunk, lateral)[:, None] * lateral)
    anterior = np.cross(up, lateral)
    j = SIDE_JOINTS[side]
    femur = _unit(world[:, j.knee] - world[:, j.hip])
    flexion = np.degrees(np.arctan2(_dot(femur, anterior), -_dot(femur, up)))
    medial = -lateral if side is Side.RIGHT else lateral
    adduction = np.degrees(np.arcsin(np.clip(_dot(femur, medial), -1.0, 1.0)))
    return HipCoordinates(np.asarray(flexion, float), np.asarray(adduction, float))
