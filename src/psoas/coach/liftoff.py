"""The working leg of a standing knee raise read at lift-off: which foot leaves the floor first.

Side-on, BlazePose often names the legs wrongly at the top of a knee raise, where the lifted thigh covers
the trunk and the far leg is guessed, and the frame-to-frame repair cannot always tell a trade from a
real crossing of the legs (sides.distrust_sides then gives no side). At lift-off both feet are on the
floor and apart, and the working foot is the one that rises first while the other stays planted. That
reading uses the model's labels of those frames as they came, with no repair. On the labelled clips it
names every knee raise's leg correctly (benchmarks/liftoff.py, every variant); psoas uses it only where a
repetition's side would otherwise be unknown, and an alternating set still withholds any same-leg run it
makes (sides.repeated_sides).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from psoas.vision.kinematics import midpoint
from psoas.vision.landmarks import Landmark, Side

__all__ = ["FOOT", "lift_off_side"]

F64 = NDArray[np.float64]

FOOT = {
    Side.LEFT: (Landmark.LEFT_ANKLE, Landmark.LEFT_HEEL, Landmark.LEFT_FOOT_INDEX),
    Side.RIGHT: (Landmark.RIGHT_ANKLE, Landmark.RIGHT_HEEL, Landmark.RIGHT_FOOT_INDEX),
}
RISE = 0.25  # a foot has left the floor once it is this many trunk lengths above its lowest point
BEFORE_S = 0.2  # the floor is looked for from this long before the repetition's start ...
AFTER_S = 0.1  # ... to this long after it (fast marching has no pause on both feet)
LEAD_FRAMES = 1.5  # the first foot must leave the floor at least this many frames before the other


def _left_floor(y: F64, t: F64, floor_until: float) -> float:
    """When a foot (image heights, y down) first rose RISE above its lowest point up to `floor_until`;
    inf when it did not (or was never seen)."""
    search = t <= floor_until
    if not np.isfinite(y[search]).any():
        return float("inf")
    k = int(np.nanargmax(np.where(search, y, -np.inf)))
    up = np.nonzero(y[k] - y[k:] >= RISE)[0]
    return float(t[k + up[0]]) if len(up) else float("inf")


def lift_off_side(image: F64, t: F64, start_s: float, peak_s: float) -> Side | None:
    """The leg whose foot left the floor first between a repetition's start and its top, in the labels
    of `image` (T, 33, 2, pixels, y down; the model's own, not repaired); None when neither foot led by
    LEAD_FRAMES or the trunk was not seen."""
    inside = (t >= start_s - BEFORE_S) & (t <= peak_s)
    if inside.sum() < 3:
        return None
    im, ti = image[inside], t[inside]
    trunk = np.linalg.norm(
        midpoint(im, Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER)
        - midpoint(im, Landmark.LEFT_HIP, Landmark.RIGHT_HIP),
        axis=1,
    )
    if not np.isfinite(trunk).any():
        return None
    scale = float(np.nanmedian(trunk))
    left = {s: _left_floor(im[:, list(FOOT[s]), 1].mean(axis=1) / scale, ti, start_s + AFTER_S) for s in Side}
    first, second = sorted(Side, key=lambda s: left[s])
    step = float(np.median(np.diff(ti)))
    return first if np.isfinite(left[first]) and left[second] - left[first] >= LEAD_FRAMES * step else None
