"""Is anyone else in the picture? BlazePose follows one person, so a photo is searched again with the
first person covered: a second body of comparable size found there means two people.

Only for still photos: a clip's tracker would lock on one person and its jumps are caught per frame.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from psoas.vision.landmarks import KEY_POINTS
from psoas.vision.pose import Pose, PoseEstimator

__all__ = ["another_person", "cover"]

MARGIN = 0.15  # the covered box reaches this share of the body's size beyond its landmarks
MIN_SEEN = 0.5  # the other body's key joints at least this visible (median): not a shadow or a poster
MIN_SIZE = 0.4  # and at least this share of the first body's size: not a passer-by far behind


def _box(pose: Pose) -> tuple[float, float, float, float]:
    """The landmarks' bounding box (x0, y0, x1, y1) in pixels."""
    pts = pose.image[np.isfinite(pose.image).all(axis=1)]
    x0, y0 = pts.min(axis=0)
    x1, y1 = pts.max(axis=0)
    return float(x0), float(y0), float(x1), float(y1)


def _size(pose: Pose) -> float:
    x0, y0, x1, y1 = _box(pose)
    return max(x1 - x0, y1 - y0)


def cover(rgb: NDArray[np.uint8], pose: Pose) -> NDArray[np.uint8]:
    """A copy of the picture with the person's box (plus a margin) filled with the picture's mean colour."""
    h, w = rgb.shape[:2]
    x0, y0, x1, y1 = _box(pose)
    pad = MARGIN * _size(pose)
    left, top = max(0, int(x0 - pad)), max(0, int(y0 - pad))
    right, bottom = min(w, int(x1 + pad) + 1), min(h, int(y1 + pad) + 1)
    out = rgb.copy()
    out[top:bottom, left:right] = rgb.reshape(-1, rgb.shape[-1]).mean(axis=0).astype(np.uint8)
    return out


def another_person(rgb: NDArray[np.uint8], pose: Pose, estimator: PoseEstimator) -> bool:
    """Whether a second person, clearly seen and not much smaller than `pose`'s, is in the picture."""
    other = estimator.estimate(cover(rgb, pose), 0.0)
    if other is None:
        return False
    seen = float(np.median(other.visibility[list(KEY_POINTS)]))
    return seen >= MIN_SEEN and _size(other) >= MIN_SIZE * _size(pose)
