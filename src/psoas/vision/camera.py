"""What the camera's placement does to a pose, read from the pose itself.

Phones on the floor film tilted and from any side. These pure functions estimate the true vertical, the
camera's tilt, the view angle of each frame, left/right label swaps and which leg is the far one, so that
angles can be measured in the right frame and doubtful ones flagged.

Layout: `points` are a sequence's landmarks, (T, 33, D): world (D=3, metres, y down, axes the camera's:
x right, y down, z away from the camera) or image (D=2, pixels, y down). Vectors are unit length.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from numpy.typing import NDArray

from psoas.vision.kinematics import View, midpoint
from psoas.vision.landmarks import SIDE_JOINTS, Landmark, Side
from psoas.vision.pose import PoseSequence

__all__ = [
    "SwapTracker",
    "body_tracker",
    "camera_tilt",
    "estimate_vertical",
    "far_side",
    "fix_side_swaps",
    "leg_tracker",
    "mirror",
    "mirror_legs",
    "side_confidence",
    "start_vertical",
    "tilt_from_level",
    "upright_frames",
    "view_angle",
    "view_from_angle",
]

F64 = NDArray[np.float64]
Mask = NDArray[np.bool_]

UPRIGHT_MAX_DEG = 30.0  # hips and knees bent less than this: standing on one's feet
# Body's left-right line within this of the camera's axis: side-on. BlazePose's world depth is shallow,
# which pushes side-on views towards frontal (the side-on knee_lifts clip reads 28°).
SIDE_MAX_DEG = 35.0
FRONT_MIN_DEG = 60.0  # further than this: facing (or turned away from) the camera
SWAP_GAIN = 0.5  # mirrored labels must sit this much closer to the last frame to count as a swap
SWAP_MIN_MOVE = 0.1  # ... and the unmirrored ones move at least this many trunk lengths
# Going back to the labels given needs less: the model names the legs right far more often than not,
# and a trade back made while the legs overlap or swing fast looks only a little like one.
SWAP_BACK_GAIN = 1.0


def _mirror_order() -> NDArray[np.intp]:
    """Every landmark's mirror image: LEFT_X <-> RIGHT_X, MOUTH_LEFT <-> MOUTH_RIGHT; the nose stays."""
    names = {lm.name: int(lm) for lm in Landmark}
    order = np.arange(len(names))
    for name, i in names.items():
        other = name.replace("LEFT", "RIGHT")
        if other != name:
            order[i], order[names[other]] = names[other], i
    return order


MIRROR = _mirror_order()
_KEY = np.array([int(j) for side in Side for j in SIDE_JOINTS[side][:4]])


def _unit(v: F64) -> F64:
    with np.errstate(invalid="ignore", divide="ignore"):
        out: F64 = v / np.linalg.norm(v, axis=-1, keepdims=True)
    return out


def _angle(a: F64, b: F64) -> F64:
    """Degrees between direction vectors, per frame."""
    cos = np.einsum("...i,...i->...", _unit(a), _unit(b))
    return np.asarray(np.degrees(np.arccos(np.clip(cos, -1.0, 1.0))), dtype=float)


def upright_frames(points: F64) -> Mask:
    """Frames where both hips and knees bend less than `UPRIGHT_MAX_DEG` (angles between segments, which
    do not depend on where 'up' is): standing, perhaps in a step stance."""
    trunk = midpoint(points, Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER) - midpoint(
        points, Landmark.LEFT_HIP, Landmark.RIGHT_HIP
    )
    ok = np.isfinite(trunk).all(axis=-1)
    for side in Side:
        j = SIDE_JOINTS[side]
        thigh, shin = points[:, j.hip] - points[:, j.knee], points[:, j.knee] - points[:, j.ankle]
        with np.errstate(invalid="ignore"):
            ok &= (_angle(trunk, thigh) < UPRIGHT_MAX_DEG) & (_angle(thigh, shin) < UPRIGHT_MAX_DEG)
    return np.asarray(ok)


def estimate_vertical(points: F64) -> F64 | None:
    """The true 'up' in the points' frame: the body's axis (ankles → shoulders) over standing frames.

    Standing still, the body's mass sits over the feet, so that axis is near vertical even in a step
    stance or with soft knees. None when the person never stands; callers keep the camera-level default.
    """
    upright = upright_frames(points)
    if not upright.any():
        return None
    axis = midpoint(points, Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER) - midpoint(
        points, Landmark.LEFT_ANKLE, Landmark.RIGHT_ANKLE
    )
    return _unit(np.median(_unit(axis[upright]), axis=0))


LEVEL_UP = np.array([0.0, -1.0, 0.0])  # a level camera's 'up' in the world landmarks' frame
# A vertical found further than this from a level camera's is no standing body's axis but a straight body
# lying down (a plank's hips and knees are as straight as standing ones); the level default stays.
MAX_UP_DEG = 45.0
START_S = 2.0  # the vertical is read while the person stands at the start of the clip


def tilt_from_level(up: F64) -> float:
    """Degrees between `up` and a level camera's up (pitch and roll together)."""
    return float(_angle(up, LEVEL_UP))


def start_vertical(points: F64, t: F64, *, seconds: float = START_S) -> F64 | None:
    """The true 'up' read from standing frames in the first `seconds` of a clip (see
    `estimate_vertical`), or None when the person does not start upright or the result is no standing
    axis (MAX_UP_DEG)."""
    if not len(t):
        return None
    up = estimate_vertical(points[t <= t[0] + seconds])
    return None if up is None or tilt_from_level(up) > MAX_UP_DEG else up


def camera_tilt(up: F64) -> float:
    """Degrees the camera looks down (negative: up) for a world-frame `up` (y down, z forward)."""
    return float(np.degrees(np.arcsin(np.clip(-up[2], -1.0, 1.0))))


def _horizontal(v: F64, up: F64) -> F64:
    return _unit(v - np.einsum("...i,i->...", v, up)[..., None] * up)


def view_angle(world: F64, up: F64 | None = None) -> F64:
    """Per frame, degrees of the body's left-right line from the camera's axis, in the horizontal plane.

    0 is side-on, 90 facing or turned away from the camera; the line is the mean of the shoulders' and
    hips' in world landmarks, so it is this person's own, not a width compared with one fixed ratio.
    """
    up = np.array([0.0, -1.0, 0.0]) if up is None else up
    across = _unit(world[:, Landmark.LEFT_SHOULDER] - world[:, Landmark.RIGHT_SHOULDER]) + _unit(
        world[:, Landmark.LEFT_HIP] - world[:, Landmark.RIGHT_HIP]
    )
    axis = _horizontal(np.array([0.0, 0.0, 1.0]), up)
    cos = np.abs(np.einsum("ti,i->t", _horizontal(across, up), axis))
    return np.asarray(np.degrees(np.arccos(np.clip(cos, 0.0, 1.0))), dtype=float)


def view_from_angle(degrees: float) -> View:
    if degrees < SIDE_MAX_DEG:
        return View.SIDE
    return View.FRONT if degrees > FRONT_MIN_DEG else View.OBLIQUE


def mirror(seq: PoseSequence, frames: Mask) -> PoseSequence:
    """The sequence with left and right labels exchanged on `frames`."""
    order = np.where(frames[:, None], MIRROR, np.arange(len(MIRROR)))
    return replace(
        seq,
        image=np.take_along_axis(seq.image, order[..., None], axis=1),
        visibility=np.take_along_axis(seq.visibility, order, axis=1),
        world=np.take_along_axis(seq.world, order[..., None], axis=1),
    )


class SwapTracker:
    """Frame-to-frame left/right continuity of a set of joints: `update(image)` says whether this frame's
    labels are to be exchanged (a small state machine; the file analysis and the live coach share it).

    The state toggles when the exchanged joints sit much closer (SWAP_GAIN) to the previous frame's than
    the frame's own labels do, and the own labels jumped (SWAP_MIN_MOVE trunk lengths); back to the
    labels it is given (the model's own, or for the legs the whole body's repair), merely closer
    (SWAP_BACK_GAIN) is enough. A swap present from the first frame cannot be seen this way.
    """

    def __init__(self, joints: NDArray[np.intp], mirrored: NDArray[np.intp]) -> None:
        self._joints = joints
        self._mirrored = mirrored  # positions within `joints` of each joint's mirror image
        self._prev: F64 | None = None
        self._state = False

    def update(self, image: F64) -> bool:
        points = image[self._joints]
        if not np.isfinite(points).all():
            return self._state  # nothing to compare: keep the labels as they were
        cur = points[self._mirrored] if self._state else points
        if self._prev is not None:
            keep = float(np.mean(np.linalg.norm(cur - self._prev, axis=-1)))
            swap = float(np.mean(np.linalg.norm(cur[self._mirrored] - self._prev, axis=-1)))
            scale = float(np.linalg.norm(image[Landmark.LEFT_SHOULDER] - image[Landmark.LEFT_HIP]))
            gain = SWAP_BACK_GAIN if self._state else SWAP_GAIN
            if swap < gain * keep and keep > SWAP_MIN_MOVE * scale:
                self._state, cur = not self._state, cur[self._mirrored]
        self._prev = cur
        return self._state


def _positions(joints: NDArray[np.intp], images: NDArray[np.intp]) -> NDArray[np.intp]:
    where = {int(j): k for k, j in enumerate(joints)}
    return np.array([where[int(m)] for m in images], dtype=np.intp)


def body_tracker() -> SwapTracker:
    """Continuity of the whole body's labels (shoulders, hips, knees, ankles)."""
    return SwapTracker(_KEY, _positions(_KEY, MIRROR[_KEY]))


def leg_tracker() -> SwapTracker:
    """Continuity of the legs' labels alone (knees and ankles)."""
    return SwapTracker(_LEGS, _LEG_MIRROR)


def _swapped(seq: PoseSequence, tracker: SwapTracker) -> Mask:
    return np.array([tracker.update(seq.image[i]) if seq.found[i] else False for i in range(len(seq))], bool)


def fix_side_swaps(seq: PoseSequence) -> tuple[PoseSequence, Mask]:
    """Undo left/right label swaps of the whole body found frame to frame (see SwapTracker); returns the
    fixed sequence and the swapped frames."""
    swapped = _swapped(seq, body_tracker())
    return mirror(seq, swapped), swapped


_LEGS = np.array(
    [int(j) for side in Side for j in (SIDE_JOINTS[side].knee, SIDE_JOINTS[side].ankle)], dtype=np.intp
)
_LEG_MIRROR = np.array([2, 3, 0, 1])  # left knee, left ankle, right knee, right ankle -> mirrored
_LEG_PAIRS = (
    (Landmark.LEFT_KNEE, Landmark.RIGHT_KNEE),
    (Landmark.LEFT_ANKLE, Landmark.RIGHT_ANKLE),
    (Landmark.LEFT_HEEL, Landmark.RIGHT_HEEL),
    (Landmark.LEFT_FOOT_INDEX, Landmark.RIGHT_FOOT_INDEX),
)


def fix_leg_swaps(seq: PoseSequence) -> tuple[PoseSequence, Mask]:
    """Undo swaps of the legs alone (knees and ankles; BlazePose often trades the legs of a side-on
    person as they cross while the trunk keeps its labels), by the same continuity test."""
    swapped = _swapped(seq, leg_tracker())
    return mirror_legs(seq, swapped), swapped


def mirror_legs(seq: PoseSequence, mask: Mask) -> PoseSequence:
    """The sequence with the legs' left and right labels exchanged on `mask`."""
    order = np.arange(seq.image.shape[1])
    for a, b in _LEG_PAIRS:
        order[a], order[b] = b, a
    image, world, vis = seq.image.copy(), seq.world.copy(), seq.visibility.copy()
    image[mask] = seq.image[mask][:, order]
    world[mask] = seq.world[mask][:, order]
    vis[mask] = seq.visibility[mask][:, order]
    return replace(seq, image=image, world=world, visibility=vis)


def side_confidence(seq: PoseSequence) -> dict[Side, F64]:
    """Per side and frame, the mean visibility of hip, knee and ankle: low on the far, hidden leg."""
    return {s: np.asarray(seq.visibility[:, list(SIDE_JOINTS[s][1:4])].mean(axis=1)) for s in Side}


def far_side(seq: PoseSequence) -> tuple[Side | None, ...]:
    """Per frame, the leg further from the camera by world depth (None where nothing was seen)."""
    depth = {s: seq.world[:, list(SIDE_JOINTS[s][1:4]), 2].mean(axis=1) for s in Side}
    out: list[Side | None] = []
    for left, right in zip(depth[Side.LEFT], depth[Side.RIGHT], strict=True):
        out.append(None if not np.isfinite(left - right) else Side.LEFT if left > right else Side.RIGHT)
    return tuple(out)
