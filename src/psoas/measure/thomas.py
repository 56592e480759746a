"""The Thomas test from a side-on photo or clip: how far the hanging thigh drops, and how far the knee bends.

Position (the seeds' lying edge-of-bed stretch): on the back at the edge of a bed or table, one knee
hugged to the chest (which flattens the pelvis), the other leg hanging over the edge.

Measured in the picture (BlazePose's 2-D landmarks, its most accurate output), per frame:
- thigh angle: the hanging thigh (hip → knee) against horizontal, negative below, positive above. With
  `horizon="image"` (the default) horizontal is the picture's, so the camera must be level; with
  `horizon="trunk"` it is the line of the trunk lying on the bed, for a tilted camera.
- knee flexion of the hanging leg: 0° straight.
Screening reading (Kendall et al., *Muscles: Testing and Function*, 5th ed., 2005; modified Thomas
test): with normal length the back of the thigh rests on the table (thigh at 0° or below) and the knee
bends to about 80°. A thigh above horizontal suggests short one-joint hip flexors (iliopsoas); a knee
bent less than 80° suggests a short rectus femoris. psoas reports these as observations, never as a
diagnosis.

A position that does not fit the test (trunk not flat, hugged hip not bent enough, no leg hanging, joints
unseen) gives the reasons and what to change, and no numbers.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from psoas.vision.frames import IMAGE_SUFFIXES, Frame, open_frames, read_image
from psoas.vision.landmarks import SIDE_JOINTS, Landmark, Side
from psoas.vision.pose import MediaPipeEstimator, PoseSequence, estimate_frames

__all__ = [
    "CANNOT_CHECK",
    "KNEE_CUTOFF_DEG",
    "POSE_ERROR_DEG",
    "Horizon",
    "ThomasFrames",
    "ThomasResult",
    "measure_frames",
    "measure_media",
    "measure_photo",
    "reading",
    "thomas_result",
]

F64 = NDArray[np.float64]
Mask = NDArray[np.bool_]

KNEE_CUTOFF_DEG = 80.0  # Kendall: the hanging knee bends to about 80° when the rectus femoris is not short
THIGH_CUTOFF_DEG = 0.0  # above horizontal suggests short one-joint hip flexors
FLAT_TRUNK_DEG = 15.0  # trunk within this of horizontal (image horizon): lying flat, camera level
HUGGED_MIN_DEG = 100.0  # hugged hip bent at least this far (trunk line to thigh) flattens the pelvis
HANGING_MAX_DEG = 45.0  # the tested hip bent less than this: the leg is down, not hugged
SHIN_DOWN_DEG = 50.0  # the hanging shin within this of vertical: it hangs over the edge
MIN_VISIBILITY = 0.5
# How far a reading may be off: BlazePose's 2-D joint angles are typically about 10° off (the model's
# pose-mapping note says the same), and a valid picture may still tilt the trunk by up to FLAT_TRUNK_DEG.
# A reading within this of a cut-off cannot say which side it is on: borderline, repeat with a helper.
POSE_ERROR_DEG = 10.0
# What a picture of the test cannot check, however good: a helper can.
CANNOT_CHECK = (
    "whether the lower back stays flat on the bed (a helper's hand under it can tell)",
    "the knee-extension step: whether the hanging thigh rises when a helper straightens the knee",
)
STABLE_S = 1.0  # a video's answer comes from its longest steady stretch of at least this long
STEADY_DEG = 3.0  # steady: thigh angle within this of the stretch's median


class Horizon(StrEnum):
    IMAGE = "image"
    TRUNK = "trunk"


ADVICE = {
    "not-lying": "Lie on your back on the bed or table, with the camera level and side-on.",
    "hug-more": "Pull the hugged knee closer to the chest until the lower back rests flat.",
    "no-hanging-leg": "Let the other leg hang over the edge: thigh on the edge, lower leg down.",
    "unseen": "Film from the side with both legs, hips and shoulders in the picture.",
}
REASONS = {
    "not-lying": "the trunk is not lying flat (or the camera is not level)",
    "hug-more": "the hugged hip is not bent enough to flatten the pelvis",
    "no-hanging-leg": "no leg hangs over the edge: this is not a Thomas-test position",
    "unseen": "the hips, knees or ankles are not clearly seen",
}


@dataclass(frozen=True)
class ThomasFrames:
    """Per frame: the tested side's angles and each check."""

    t: F64
    side: Side
    thigh_deg: F64
    knee_deg: F64
    hugged_hip_deg: F64
    trunk_tilt_deg: F64
    checks: dict[str, Mask]  # reason code → frames failing it

    @property
    def valid(self) -> Mask:
        return np.asarray(~np.any(np.stack(list(self.checks.values())), axis=0))


@dataclass(frozen=True)
class ThomasResult:
    side: str
    valid: bool
    reasons: tuple[str, ...]  # why not valid (codes)
    advice: tuple[str, ...]
    horizon: str
    thigh_deg: float | None  # median over the steady stretch
    thigh_spread_deg: float | None  # half the 10–90 percentile range
    knee_deg: float | None
    knee_spread_deg: float | None
    window_s: tuple[float, float] | None
    frames_used: int
    frames: int
    thigh_above_horizontal: bool | None
    knee_below_cutoff: bool | None
    # Each number with its uncertainty and what it may mean, e.g. "+3° ± 10°: borderline, repeat with a
    # helper" (None when not valid).
    thigh_reading: str | None = None
    knee_reading: str | None = None


def _error(spread: float) -> float:
    """The pose error and the reading's own spread over the clip, combined."""
    return float(np.hypot(POSE_ERROR_DEG, spread))


def reading(value: float, spread: float, cutoff: float, above: str, below: str) -> str:
    """A number with its uncertainty and what it suggests; within the uncertainty of the cut-off it is
    borderline: `above`/`below` are said only when the whole error band lies on one side."""
    error = _error(spread)
    if abs(value - cutoff) <= error:
        meaning = "borderline, repeat with a helper"
    else:
        meaning = above if value > cutoff else below
    return f"{value:+.0f}° ± {error:.0f}°: {meaning}"


def _deg(y: F64, x: F64) -> F64:
    return np.asarray(np.degrees(np.arctan2(y, x)), float)


def _interior(a: F64, b: F64, c: F64) -> F64:
    u, v = a - b, c - b
    with np.errstate(invalid="ignore", divide="ignore"):
        cos = np.einsum("ij,ij->i", u, v) / (np.linalg.norm(u, axis=1) * np.linalg.norm(v, axis=1))
    return np.asarray(np.degrees(np.arccos(np.clip(cos, -1, 1))), float)


def _hip_flexion(p: F64, side: Side) -> F64:
    """Trunk line to thigh, 0 when the thigh continues the trunk line, + towards the chest."""
    j = SIDE_JOINTS[side]
    shoulders = (p[:, Landmark.LEFT_SHOULDER] + p[:, Landmark.RIGHT_SHOULDER]) / 2
    return 180.0 - _interior(shoulders, p[:, j.hip], p[:, j.knee])


def _seen(seq: PoseSequence, joints: list[int]) -> Mask:
    return np.asarray(seq.found & (seq.visibility[:, joints].min(axis=1) >= MIN_VISIBILITY))


def _thigh_angle(p: F64, side: Side, horizon: Horizon) -> F64:
    j = SIDE_JOINTS[side]
    thigh = p[:, j.knee] - p[:, j.hip]
    if horizon is Horizon.IMAGE:
        return _deg(-thigh[:, 1], np.abs(thigh[:, 0]))
    hips = (p[:, Landmark.LEFT_HIP] + p[:, Landmark.RIGHT_HIP]) / 2
    shoulders = (p[:, Landmark.LEFT_SHOULDER] + p[:, Landmark.RIGHT_SHOULDER]) / 2
    along = hips - shoulders  # the trunk line, continued past the hips towards the feet
    along /= np.linalg.norm(along, axis=1, keepdims=True)
    normal = np.stack([along[:, 1], -along[:, 0]], axis=1)
    normal *= np.where(normal[:, 1:2] > 0, -1.0, 1.0)  # the side away from the bed: up in the picture
    return _deg(np.einsum("ij,ij->i", thigh, normal), np.einsum("ij,ij->i", thigh, along))


def measure_frames(
    seq: PoseSequence, side: Side | None = None, horizon: Horizon = Horizon.IMAGE
) -> ThomasFrames:
    """Angles and checks for every frame; with no side given, the leg that hangs lower is tested."""
    p = seq.image
    flexion = {s: _hip_flexion(p, s) for s in Side}
    if side is None:
        lower = {s: np.nanmedian(flexion[s]) if np.isfinite(flexion[s]).any() else np.inf for s in Side}
        side = min(Side, key=lambda s: lower[s])
    other = side.other
    j, o = SIDE_JOINTS[side], SIDE_JOINTS[other]
    trunk = (p[:, Landmark.LEFT_SHOULDER] + p[:, Landmark.RIGHT_SHOULDER]) / 2 - (
        p[:, Landmark.LEFT_HIP] + p[:, Landmark.RIGHT_HIP]
    ) / 2
    tilt = np.abs(_deg(-trunk[:, 1], np.abs(trunk[:, 0])))
    shin = p[:, j.ankle] - p[:, j.knee]
    shin_from_vertical = np.abs(_deg(shin[:, 0], shin[:, 1]))  # 0 when hanging straight down
    seen = _seen(seq, [j.hip, j.knee, j.ankle, o.hip, o.knee, j.shoulder])
    with np.errstate(invalid="ignore"):
        checks = {
            "unseen": ~seen,
            "not-lying": seen & ~(tilt <= FLAT_TRUNK_DEG)
            if horizon is Horizon.IMAGE
            else np.zeros(len(seq), bool),
            "no-hanging-leg": seen
            & ~((flexion[side] < HANGING_MAX_DEG) & (shin_from_vertical < SHIN_DOWN_DEG)),
            "hug-more": seen & ~(flexion[other] >= HUGGED_MIN_DEG),
        }
    knee = 180.0 - _interior(p[:, j.hip], p[:, j.knee], p[:, j.ankle])
    return ThomasFrames(seq.t, side, _thigh_angle(p, side, horizon), knee, flexion[other], tilt, checks)


def _steady_window(frames: ThomasFrames) -> tuple[int, int] | None:
    """The longest run of valid frames whose thigh angle stays within STEADY_DEG of the run's median."""
    valid, thigh = frames.valid, frames.thigh_deg
    best: tuple[int, int] | None = None
    i, n = 0, len(valid)
    while i < n:
        if not valid[i]:
            i += 1
            continue
        j, run = i, [float(thigh[i])]  # kept sorted, so each median is a lookup, not a sort
        while j + 1 < n and valid[j + 1]:
            bisect.insort(run, float(thigh[j + 1]))
            mid = len(run) // 2
            median = run[mid] if len(run) % 2 else (run[mid - 1] + run[mid]) / 2
            if abs(thigh[j + 1] - median) > STEADY_DEG:
                break
            j += 1
        if best is None or j - i > best[1] - best[0]:
            best = (i, j)
        i = j + 1
    return best


def _spread(x: F64) -> float:
    lo, hi = np.percentile(x, [10, 90])
    return float(hi - lo) / 2


def thomas_result(frames: ThomasFrames, horizon: Horizon, *, photo: bool) -> ThomasResult:
    """The test's answer: a photo uses its one frame; a clip its steadiest valid stretch of >= 1 s."""
    n = len(frames.t)
    window = _steady_window(frames)
    long_enough = window is not None and (photo or frames.t[window[1]] - frames.t[window[0]] >= STABLE_S)
    if window is None or not long_enough:
        counts = {code: int(mask.sum()) for code, mask in frames.checks.items()}
        failing = sorted((c for c in counts if counts[c]), key=lambda c: -counts[c]) or ["unseen"]
        return ThomasResult(
            frames.side.value, False, tuple(failing), tuple(ADVICE[c] for c in failing), horizon.value,
            None, None, None, None, None, 0, n, None, None,
        )  # fmt: skip
    a, b = window
    thigh, knee = frames.thigh_deg[a : b + 1], frames.knee_deg[a : b + 1]
    thigh_mid, knee_mid = float(np.median(thigh)), float(np.median(knee))
    return ThomasResult(
        side=frames.side.value,
        valid=True,
        reasons=(),
        advice=(),
        horizon=horizon.value,
        thigh_deg=thigh_mid,
        thigh_spread_deg=_spread(thigh),
        knee_deg=knee_mid,
        knee_spread_deg=_spread(knee),
        window_s=(float(frames.t[a]), float(frames.t[b])),
        frames_used=b - a + 1,
        frames=n,
        thigh_above_horizontal=thigh_mid > THIGH_CUTOFF_DEG,
        knee_below_cutoff=knee_mid < KNEE_CUTOFF_DEG,
        thigh_reading=reading(
            thigh_mid,
            _spread(thigh),
            THIGH_CUTOFF_DEG,
            "above horizontal, which suggests short one-joint hip flexors (iliopsoas)",
            "below horizontal, no sign of short one-joint hip flexors",
        ),
        knee_reading=reading(
            knee_mid,
            _spread(knee),
            KNEE_CUTOFF_DEG,
            f"bent more than {KNEE_CUTOFF_DEG:.0f}°, no sign of a short rectus femoris",
            f"bent less than {KNEE_CUTOFF_DEG:.0f}°, which suggests a short rectus femoris",
        ),
    )


def measure_media(path: Path, side: Side | None, horizon: Horizon) -> tuple[ThomasResult, ThomasFrames]:
    """Run BlazePose over a photo (still-image mode) or a clip and measure."""
    if path.suffix.lower() in IMAGE_SUFFIXES:
        return measure_photo(read_image(path), str(path), side, horizon)
    with MediaPipeEstimator() as estimator:
        seq = estimate_frames(open_frames(path), estimator, source=str(path))  # streamed, never held whole
    measured = measure_frames(seq, side, horizon)
    return thomas_result(measured, horizon, photo=False), measured


def measure_photo(
    frame: Frame, source: str, side: Side | None, horizon: Horizon
) -> tuple[ThomasResult, ThomasFrames]:
    with MediaPipeEstimator(static_images=True) as estimator:
        seq = estimate_frames([frame], estimator, source=source)
    measured = measure_frames(seq, side, horizon)
    return thomas_result(measured, horizon, photo=True), measured
