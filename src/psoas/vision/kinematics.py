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
    "LEG_ANGLES",
    "SIDED",
    "TRUNK_SIDED",
    "AngleSeries",
    "View",
    "column",
    "compute_angles",
    "hip_lift",
    "image_up",
    "midpoint",
    "neck_flexion",
    "side_bend",
    "trunk_rotation",
    "trunk_vector",
    "view_of",
]

F64 = NDArray[np.float64]

SIDE_MAX_RATIO = 0.5  # shoulder width / trunk length below this: side-on
FRONT_MIN_RATIO = 0.8  # above this: facing the camera
LYING_TILT_DEG = 55.0  # trunk further than this from vertical: lying (unless the feet are far below)
TRUNK_RISES = 0.45  # sitting up: the trunk's world direction at least this much vertical (within ~63°)
# Lying with the nose this share of the trunk's length below the ears' midpoint: face down or to the side.
# On the labelled clips lying on the back reads at most 0.04 (most frames -0.2 to 0), planks, front and
# side lying 0.05 to 0.25.
FACE_DOWN_TRUNKS = 0.1
FEET_BELOW_TRUNKS = 1.0  # both ankles this many trunk lengths below the hips: on the feet, not lying
FLAT_SHIN = 0.4  # knee-to-ankle drop / shin length below this: shin near the floor, knee down
FRONTAL_HIPS = 0.25  # hip width / trunk length in the image at least this: the hips are seen from the front


class View(StrEnum):
    SIDE = "side"
    FRONT = "front"
    OBLIQUE = "oblique"


LEG_ANGLES = (
    AngleName.HIP_FLEXION,
    AngleName.KNEE_FLEXION,
    AngleName.THIGH_ELEVATION,
    AngleName.THIGH_SWING,
)
# Trunk angles read per side: the side named is where the trunk bends or turns (see AngleName).
TRUNK_SIDED = (AngleName.SIDE_BEND, AngleName.TRUNK_ROTATION)
SIDED = LEG_ANGLES + TRUNK_SIDED


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


def _sided(p: F64, side: Side, axes: tuple[F64, F64, F64], up: F64) -> dict[str, F64]:
    trunk, anterior, forward = axes
    j = SIDE_JOINTS[side]
    thigh = p[:, j.knee] - p[:, j.hip]
    horizontal = np.linalg.norm(_reject(thigh, np.broadcast_to(up, thigh.shape)), axis=-1)
    return {
        column(AngleName.HIP_FLEXION, side): _deg(_dot(thigh, anterior), -_dot(thigh, trunk)),
        column(AngleName.KNEE_FLEXION, side): 180.0 - _interior(p[:, j.hip], p[:, j.knee], p[:, j.ankle]),
        column(AngleName.THIGH_ELEVATION, side): _deg(_dot(thigh, up), horizontal),
        column(AngleName.THIGH_SWING, side): _deg(_dot(thigh, forward), -_dot(thigh, up)),
    }


def _angles(p: F64, up: F64, pixels: F64) -> dict[str, F64]:
    trunk, anterior, forward = _body_axes(p, up)
    values: dict[str, F64] = {}
    for side in Side:
        values |= _sided(p, side, (trunk, anterior, forward), up)
    values[AngleName.TRUNK_LEAN.value] = _deg(_dot(trunk, forward), _dot(trunk, up))
    hips = pixels[:, Landmark.LEFT_HIP] - pixels[:, Landmark.RIGHT_HIP]
    values[AngleName.PELVIS_LEVEL.value] = _deg(-hips[:, 1], np.abs(hips[:, 0]))
    values[AngleName.HIP_LIFT.value] = hip_lift(pixels)
    values[AngleName.NECK_FLEXION.value] = neck_flexion(p, trunk)
    bend = side_bend(pixels)  # towards the person's left: the right flank lengthens
    values[column(AngleName.SIDE_BEND, Side.RIGHT)] = bend
    values[column(AngleName.SIDE_BEND, Side.LEFT)] = -bend
    return values


def neck_flexion(p: F64, trunk: F64) -> F64:
    """The face's direction (ears to nose) against the perpendicular of the trunk's unit axis: the face
    turns up along the trunk as the head goes back, whichever way the body faces. The nose sits a little
    below the ears, so a relaxed upright head reads about 15–25°."""
    face = _unit(p[:, Landmark.NOSE] - midpoint(p, Landmark.LEFT_EAR, Landmark.RIGHT_EAR))
    return np.asarray(np.degrees(np.arccos(np.clip(_dot(face, trunk), -1.0, 1.0))) - 90.0, dtype=float)


def side_bend(pixels: F64) -> F64:
    """Front view: the trunk's bend towards the person's left (negative: to the right), in degrees from
    the perpendicular of the hip line, so a rolled camera does not change it; NaN when the hips are seen
    too narrow to tell left from right (side-on)."""
    across = pixels[:, Landmark.LEFT_HIP] - pixels[:, Landmark.RIGHT_HIP]
    trunk = trunk_vector(pixels)
    lateral = _unit(across)
    normal = np.stack([lateral[:, 1], -lateral[:, 0]], axis=-1)
    with np.errstate(invalid="ignore"):
        normal = np.where((_dot(normal, trunk) < 0)[:, None], -normal, normal)  # towards the shoulders
        frontal = np.linalg.norm(across, axis=-1) >= FRONTAL_HIPS * np.linalg.norm(trunk, axis=-1)
    return np.where(frontal, _deg(_dot(trunk, lateral), _dot(trunk, normal)), np.nan)


def trunk_rotation(world: F64) -> F64:
    """The shoulder line's turn against the hip line about the trunk axis, from world landmarks (a
    right-handed frame: x right, y down, z away); positive when the trunk turns to the person's left."""
    axis = _unit(trunk_vector(world))
    hips = _reject(world[:, Landmark.LEFT_HIP] - world[:, Landmark.RIGHT_HIP], axis)
    shoulders = _reject(world[:, Landmark.LEFT_SHOULDER] - world[:, Landmark.RIGHT_SHOULDER], axis)
    return _deg(_dot(np.cross(hips, shoulders), axis), _dot(hips, shoulders))


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


# Held poses the camera tells apart (thresholds in degrees, or in trunk lengths in the picture).
SPLIT_DEG = 30.0  # legs split: one hip bent and the other opened behind the trunk by at least this
LUNGE_BACK_KNEE = 35.0  # a lunge's back knee bends less than this (a kneeling back knee bends more)
PIGEON_THIGH = 35.0  # floor pigeon: the back thigh lies within this of horizontal, hips near the floor
FOLD_MAX_LEAN = 80.0  # a pigeon folded forward leans its trunk at most this far (lying reads about 90)
UPRIGHT_THIGH = -50.0  # kneeling upright: both thighs steeper than this below horizontal
BACK_BEND_LEAN = -15.0  # kneeling back bend: the trunk leans back further than this
V_SIT_HIP = 60.0  # v-sit: both hips bent at least this
V_SIT_THIGH = 20.0  # and both thighs this far above horizontal
FEET_UP_TRUNKS = 0.25  # v-sit: both ankles at least this far above the hips (feet off the floor)
SIDE_BEND_DEG = 25.0  # seated side bend: the trunk bent this far from the hip line's perpendicular
KNEES_LOW_TRUNKS = 0.5  # knees further than this below the hips: standing, not seated


def _front_back(values: dict[str, F64], name: str) -> tuple[F64, F64]:
    """One leg angle on the front leg (the more bent hip) and on the back leg."""
    left, right = values[f"{name}_left"], values[f"{name}_right"]
    left_front = values["hip_flexion_left"] >= values["hip_flexion_right"]
    return np.where(left_front, left, right), np.where(left_front, right, left)


def _held_poses(
    pixels: F64, values: dict[str, F64], down: tuple[NDArray[np.bool_], ...]
) -> dict[Position, NDArray[np.bool_]]:
    """Per frame, whether the body is in each held pose's position (several may be true)."""
    length = np.linalg.norm(trunk_vector(pixels), axis=-1)
    hips_y = midpoint(pixels, Landmark.LEFT_HIP, Landmark.RIGHT_HIP)[:, 1]
    knees_y = np.fmax(pixels[:, Landmark.LEFT_KNEE, 1], pixels[:, Landmark.RIGHT_KNEE, 1])
    ankles_y = np.fmax(pixels[:, Landmark.LEFT_ANKLE, 1], pixels[:, Landmark.RIGHT_ANKLE, 1])
    thigh_l, thigh_r = values["thigh_elevation_left"], values["thigh_elevation_right"]
    hip_front, hip_back = _front_back(values, "hip_flexion")
    _, thigh_back = _front_back(values, "thigh_elevation")
    _, knee_back = _front_back(values, "knee_flexion")
    front_down = np.where(values["hip_flexion_left"] >= values["hip_flexion_right"], down[0], down[1])
    split = (hip_front >= SPLIT_DEG) & (hip_back <= -SPLIT_DEG)
    # Folded forward over the front leg, the hips' angles to the trunk close up while the legs stay split
    # under the body: the same split read against gravity.
    # Only with the trunk off the floor (lying, "forward" is no direction) and the front knee below the hip.
    swing_front, swing_back = _front_back(values, "thigh_swing")
    with np.errstate(invalid="ignore"):
        folded_split = (
            (swing_front >= SPLIT_DEG)
            & (swing_front <= 90.0)
            & (swing_back <= -SPLIT_DEG)
            & (np.abs(values[AngleName.TRUNK_LEAN.value]) <= FOLD_MAX_LEAN)
        )
    with np.errstate(invalid="ignore", divide="ignore"):
        return {
            Position.SEATED_SIDE_BEND: (np.abs(values["side_bend_right"]) >= SIDE_BEND_DEG)
            & (np.abs(values[AngleName.PELVIS_LEVEL.value]) <= SIDE_BEND_DEG)
            & ((knees_y - hips_y) / length < KNEES_LOW_TRUNKS),
            Position.KNEELING_BACK_BEND: down[0]
            & down[1]
            & (np.fmax(thigh_l, thigh_r) <= UPRIGHT_THIGH)
            & (values[AngleName.TRUNK_LEAN.value] <= BACK_BEND_LEAN),
            Position.V_SIT: (np.fmin(values["hip_flexion_left"], values["hip_flexion_right"]) >= V_SIT_HIP)
            & (np.fmin(thigh_l, thigh_r) >= V_SIT_THIGH)
            & ((hips_y - ankles_y) / length >= FEET_UP_TRUNKS),
            Position.FLOOR_PIGEON: (split | folded_split) & front_down & (np.abs(thigh_back) <= PIGEON_THIGH),
            Position.LUNGE: split & ~front_down & (knee_back <= LUNGE_BACK_KNEE),
        }


def positions(pixels: F64, values: dict[str, F64], world: F64 | None = None) -> tuple[Position | None, ...]:
    """Per frame: a held pose's position (seated side bend, kneeling back bend, v-sit, floor pigeon,
    lunge), else lying on the back or face down, kneeling, half-kneeling, sitting or standing (None where
    nothing was seen)."""
    trunk = trunk_vector(pixels)
    tilt = np.abs(_deg(trunk[:, 0], -trunk[:, 1]))
    # Lying means the feet are near the hips' height too: a standing forward fold tilts the trunk as far,
    # with both feet a leg's length below the hips.
    hips_y = midpoint(pixels, Landmark.LEFT_HIP, Landmark.RIGHT_HIP)[:, 1]
    length = np.linalg.norm(trunk, axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        drop = np.fmin(pixels[:, Landmark.LEFT_ANKLE, 1], pixels[:, Landmark.RIGHT_ANKLE, 1]) - hips_y
        feet_low = drop / length > FEET_BELOW_TRUNKS
        ears_y = midpoint(pixels, Landmark.LEFT_EAR, Landmark.RIGHT_EAR)[:, 1]
        face_down = (pixels[:, Landmark.NOSE, 1] - ears_y) / length > FACE_DOWN_TRUNKS
    down_l, down_r = _knee_down(pixels, Side.LEFT), _knee_down(pixels, Side.RIGHT)
    held = _held_poses(pixels, values, (down_l, down_r))
    if world is not None:
        # Sitting up, the trunk rises in the world too; a person lying with the feet towards the camera
        # shows an upright-looking trunk in the picture while it lies along the camera's axis.
        trunk_world = trunk_vector(world)
        with np.errstate(invalid="ignore", divide="ignore"):
            rises = np.abs(trunk_world[:, 1]) / np.linalg.norm(trunk_world, axis=-1) >= TRUNK_RISES
        held[Position.SEATED_SIDE_BEND] &= rises | ~np.isfinite(trunk_world[:, 1])
    hip = np.minimum(values["hip_flexion_left"], values["hip_flexion_right"])
    thighs = np.maximum(np.abs(values["thigh_elevation_left"]), np.abs(values["thigh_elevation_right"]))
    out: list[Position | None] = []
    for i in range(len(pixels)):
        # Folded forward over the front leg, a pigeon's trunk may lie as low as lying's.
        lying = tilt[i] > LYING_TILT_DEG and not feet_low[i] and not held[Position.FLOOR_PIGEON][i]
        if not np.isfinite(tilt[i]):
            out.append(None)
        elif held[Position.SEATED_SIDE_BEND][i] or held[Position.KNEELING_BACK_BEND][i]:
            # Before lying: both tilt the trunk far from vertical.
            out.append(
                Position.SEATED_SIDE_BEND
                if held[Position.SEATED_SIDE_BEND][i]
                else Position.KNEELING_BACK_BEND
            )
        elif lying:
            out.append(Position.FACE_DOWN if face_down[i] else Position.LYING_ON_BACK)
        elif pose := next(
            (p for p in (Position.V_SIT, Position.FLOOR_PIGEON, Position.LUNGE) if held[p][i]), None
        ):
            out.append(pose)
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
    turn = trunk_rotation(seq.world)  # depth is only in the world landmarks, whatever the view
    values[column(AngleName.TRUNK_ROTATION, Side.LEFT)] = turn
    values[column(AngleName.TRUNK_ROTATION, Side.RIGHT)] = -turn
    return AngleSeries(seq.t, values, chosen, source, positions(seq.image, values, seq.world), ratio)
