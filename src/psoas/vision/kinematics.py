"""Joint angles, camera view and body position from a pose sequence.

Layout: every series has time as its first dimension. Angle conventions are those of
`psoas.catalog.AngleName` (degrees; hip flexion 0 when upright, positive flexed, negative extended).
Sagittal angles come from image pixels when the camera is side-on (BlazePose's 2-D image landmarks are
its most accurate output) and from the 3-D world landmarks otherwise; the choice is reported as `source`.
Vertical is the image's vertical (the camera assumed level) unless the caller passes `up`, e.g. from
`psoas.vision.camera.estimate_vertical`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from numpy.typing import NDArray

from psoas.catalog import AngleName, Position
from psoas.vision.landmarks import SIDE_JOINTS, Landmark, Side
from psoas.vision.pose import PoseSequence

__all__ = [
    "AngleSeries",
    "View",
    "column",
    "compute_angles",
    "hip_lift",
    "image_up",
    "midpoint",
    "trunk_vector",
    "view_of",
]

F64 = NDArray[np.float64]

SIDE_MAX_RATIO = 0.5  # shoulder width / trunk length below this: side-on
FRONT_MIN_RATIO = 0.8  # above this: facing the camera
LYING_TILT_DEG = 55.0  # trunk further than this from vertical: lying (unless the feet are far below)
FEET_BELOW_TRUNKS = 1.0  # both ankles this many trunk lengths below the hips: on the feet, not lying
FLAT_SHIN = 0.4  # knee-to-ankle drop / shin length below this: shin near the floor, knee down


class View(StrEnum):
    SIDE = "side"
    FRONT = "front"
    OBLIQUE = "oblique"


SIDED = (AngleName.HIP_FLEXION, AngleName.KNEE_FLEXION, AngleName.THIGH_ELEVATION)


def column(angle: AngleName, side: Side | None = None) -> str:
    """The series name: `hip_flexion_left`, or plain `trunk_lean` for angles of the whole body."""
    return f"{angle.value}_{side.value}" if angle in SIDED and side else angle.value


@dataclass(frozen=True)
class AngleSeries:
    t: F64
    values: dict[str, F64]
    view: View
    source: str  # "image" or "world"
    position: tuple[Position | None, ...]
    shoulder_ratio: F64

    def __getitem__(self, name: str) -> F64:
        return self.values[name]


def _unit(v: F64) -> F64:
    with np.errstate(invalid="ignore", divide="ignore"):
        out: F64 = v / np.linalg.norm(v, axis=-1, keepdims=True)
    return out


def _dot(a: F64, b: F64) -> F64:
    return np.einsum("...i,...i->...", a, b)  # type: ignore[no-any-return]


def _reject(v: F64, axis: F64) -> F64:
    """The part of `v` perpendicular to the unit vector `axis`."""
    return v - _dot(v, axis)[..., None] * axis


def _deg(y: F64, x: F64) -> F64:
    return np.asarray(np.degrees(np.arctan2(y, x)), dtype=float)


def midpoint(p: F64, a: Landmark, b: Landmark) -> F64:
    return np.asarray((p[:, a] + p[:, b]) / 2, dtype=float)


def trunk_vector(p: F64) -> F64:
    """Hip centre → shoulder centre, per frame."""
    return midpoint(p, Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER) - midpoint(
        p, Landmark.LEFT_HIP, Landmark.RIGHT_HIP
    )


def _body_axes(p: F64, up: F64) -> tuple[F64, F64, F64]:
    """Trunk axis (hips→shoulders), anterior direction (towards the face) and horizontal-forward."""
    trunk = _unit(trunk_vector(p))
    face = p[:, Landmark.NOSE] - midpoint(p, Landmark.LEFT_EAR, Landmark.RIGHT_EAR)
    anterior = _unit(_reject(face, trunk))
    forward = _unit(_reject(anterior, np.broadcast_to(up, anterior.shape)))
    return trunk, anterior, forward


def _interior(a: F64, vertex: F64, b: F64) -> F64:
    u, v = _unit(a - vertex), _unit(b - vertex)
    return np.asarray(np.degrees(np.arccos(np.clip(_dot(u, v), -1.0, 1.0))), dtype=float)


def _sided(p: F64, side: Side, trunk: F64, anterior: F64, up: F64) -> dict[str, F64]:
    j = SIDE_JOINTS[side]
    thigh = p[:, j.knee] - p[:, j.hip]
    horizontal = np.linalg.norm(_reject(thigh, np.broadcast_to(up, thigh.shape)), axis=-1)
    return {
        column(AngleName.HIP_FLEXION, side): _deg(_dot(thigh, anterior), -_dot(thigh, trunk)),
        column(AngleName.KNEE_FLEXION, side): 180.0 - _interior(p[:, j.hip], p[:, j.knee], p[:, j.ankle]),
        column(AngleName.THIGH_ELEVATION, side): _deg(_dot(thigh, up), horizontal),
    }


def _angles(p: F64, up: F64, pixels: F64) -> dict[str, F64]:
    trunk, anterior, forward = _body_axes(p, up)
    values: dict[str, F64] = {}
    for side in Side:
        values |= _sided(p, side, trunk, anterior, up)
    values[AngleName.TRUNK_LEAN.value] = _deg(_dot(trunk, forward), _dot(trunk, up))
    hips = pixels[:, Landmark.LEFT_HIP] - pixels[:, Landmark.RIGHT_HIP]
    values[AngleName.PELVIS_LEVEL.value] = _deg(-hips[:, 1], np.abs(hips[:, 0]))
    values[AngleName.HIP_LIFT.value] = hip_lift(pixels)
    return values


def hip_lift(pixels: F64) -> F64:
    """Lying: the hips' rise off the floor line (shoulders to the lower ankle), in degrees seen from the
    shoulders; positive with the hips above that line (image up). The floor line comes from the body, so a
    rolled camera does not change it; the lower ankle is the one on the floor in a single-leg bridge."""
    shoulders = midpoint(pixels, Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER)
    hips = midpoint(pixels, Landmark.LEFT_HIP, Landmark.RIGHT_HIP)
    left, right = pixels[:, Landmark.LEFT_ANKLE], pixels[:, Landmark.RIGHT_ANKLE]
    with np.errstate(invalid="ignore"):
        ankle = np.where((left[:, 1] >= right[:, 1])[:, None] | np.isnan(right[:, 1:2]), left, right)
    floor = _unit(ankle - shoulders)
    normal = np.stack([floor[:, 1], -floor[:, 0]], axis=-1)
    normal = np.where((normal[:, 1] > 0)[:, None], -normal, normal)  # pointing up the picture
    body = hips - shoulders
    with np.errstate(invalid="ignore", divide="ignore"):
        rise = _dot(body, normal) / np.linalg.norm(body, axis=-1)
    return np.asarray(np.degrees(np.arcsin(np.clip(rise, -1.0, 1.0))), dtype=float)


def shoulder_ratio(pixels: F64) -> F64:
    """Shoulder width over trunk length in the image: small when side-on, large when facing the camera."""
    width = np.linalg.norm(pixels[:, Landmark.LEFT_SHOULDER] - pixels[:, Landmark.RIGHT_SHOULDER], axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio: F64 = width / np.linalg.norm(trunk_vector(pixels), axis=-1)
    return ratio


def view_of(ratio: float) -> View:
    if ratio < SIDE_MAX_RATIO:
        return View.SIDE
    return View.FRONT if ratio > FRONT_MIN_RATIO else View.OBLIQUE


def _knee_down(pixels: F64, side: Side) -> NDArray[np.bool_]:
    j = SIDE_JOINTS[side]
    shin = pixels[:, j.ankle] - pixels[:, j.knee]
    with np.errstate(invalid="ignore", divide="ignore"):
        drop = shin[:, 1] / np.linalg.norm(shin, axis=-1)
    return np.asarray(drop < FLAT_SHIN)


def positions(pixels: F64, values: dict[str, F64]) -> tuple[Position | None, ...]:
    """Per frame: lying, kneeling, half-kneeling, sitting or standing (None where nothing was seen)."""
    trunk = trunk_vector(pixels)
    tilt = np.abs(_deg(trunk[:, 0], -trunk[:, 1]))
    # Lying means the feet are near the hips' height too: a standing forward fold tilts the trunk as far,
    # with both feet a leg's length below the hips.
    hips_y = midpoint(pixels, Landmark.LEFT_HIP, Landmark.RIGHT_HIP)[:, 1]
    with np.errstate(invalid="ignore", divide="ignore"):
        drop = np.fmin(pixels[:, Landmark.LEFT_ANKLE, 1], pixels[:, Landmark.RIGHT_ANKLE, 1]) - hips_y
        feet_low = drop / np.linalg.norm(trunk, axis=-1) > FEET_BELOW_TRUNKS
    down_l, down_r = _knee_down(pixels, Side.LEFT), _knee_down(pixels, Side.RIGHT)
    hip = np.minimum(values["hip_flexion_left"], values["hip_flexion_right"])
    thighs = np.maximum(np.abs(values["thigh_elevation_left"]), np.abs(values["thigh_elevation_right"]))
    out: list[Position | None] = []
    for i in range(len(pixels)):
        if not np.isfinite(tilt[i]):
            out.append(None)
        elif tilt[i] > LYING_TILT_DEG and not feet_low[i]:
            out.append(Position.LYING_ON_BACK)
        elif down_l[i] and down_r[i]:
            out.append(Position.KNEELING)
        elif down_l[i] or down_r[i]:
            out.append(Position.HALF_KNEELING)
        elif hip[i] >= 60 and thighs[i] <= 30:
            out.append(Position.SITTING)
        else:
            out.append(Position.STANDING)
    return tuple(out)


def image_up(up: F64) -> F64:
    """The image's 'up' for a world-frame `up`: MediaPipe's world axes are the camera's, so the true
    vertical seen in the picture is its x-y part (the z part is the camera's tilt)."""
    return _unit(np.asarray(up[:2], dtype=float))


def compute_angles(seq: PoseSequence, *, view: View | None = None, up: F64 | None = None) -> AngleSeries:
    """All angles for every frame; `view` overrides the one read from the clip.

    `up` is the true vertical as a unit vector in the world landmarks' frame (y down); by default the
    camera is taken as level, up = (0, -1, 0). Thigh elevation and trunk lean are measured against it.
    """
    ratio = shoulder_ratio(seq.image)
    seen = ratio[np.isfinite(ratio)]
    chosen = view or (view_of(float(np.median(seen))) if len(seen) else View.OBLIQUE)
    world_up = np.array([0.0, -1.0, 0.0]) if up is None else np.asarray(up, dtype=float)
    if chosen is View.SIDE:
        values = _angles(seq.image, image_up(world_up), seq.image)
        source = "image"
    else:
        values = _angles(seq.world, world_up, seq.image)
        source = "world"
    return AngleSeries(seq.t, values, chosen, source, positions(seq.image, values), ratio)
