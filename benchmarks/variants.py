"""The labelled clips as other people would film them: mirrored, at half the frame rate, small, tilted,
from farther away; and done twice as fast. Each variant changes the frames BlazePose sees and, where it
must, the labels.

A rep counter tuned on a few clips can depend on things that change from one person's phone to the next
(which way they face, the frame rate, the resolution, how straight the phone stands, how far away it
is). Running the same labelled clips through such changes shows whether the counts hold, without new
labels: the truth carries over (a mirrored clip's left leg is the original's right; the others keep
every label). benchmarks/counting.py --variant NAME scores a variant; benchmarks/posecache.py keeps
its poses (numbers only, never frames).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import cv2
import numpy as np
from clip_labels import Clip
from numpy.typing import NDArray

__all__ = ["VARIANTS", "Variant"]

RGB = NDArray[np.uint8]
SWAP = {"left": "right", "right": "left"}


@dataclass(frozen=True)
class Variant:
    name: str
    what: str
    frame: Callable[[RGB], RGB]
    every: int = 1  # keep one frame in `every` (the clip's frame rate divided by it)
    mirrored: bool = False
    speed: float = 1.0  # the kept frames played this many times faster (their times divided by it)
    frames_of: str | None = None  # the variant whose frames (and so poses) these are, if another's

    @property
    def holds(self) -> bool:
        """Whether holds are scored: played faster, a held stretch is shorter and may not be one."""
        return self.speed == 1.0

    def labels(self, clip: Clip) -> Clip:
        events = clip.events
        if self.mirrored:
            events = tuple(replace(e, side=SWAP.get(e.side, e.side)) for e in events)
        if self.speed != 1.0:
            k = 1.0 / self.speed
            events = tuple(
                replace(e, start_s=e.start_s * k, peak_s=e.peak_s * k, end_s=e.end_s * k)
                for e in events
                if e.kind != "hold"
            )
            return replace(clip, span=(clip.span[0] * k, clip.span[1] * k), events=events)
        return replace(clip, events=events)


def _mirror(rgb: RGB) -> RGB:
    return np.ascontiguousarray(rgb[:, ::-1])


def _small(rgb: RGB) -> RGB:
    """Long side 360 pixels, as a clip sent through a messenger arrives."""
    h, w = rgb.shape[:2]
    k = 360 / max(h, w)
    if k >= 1:
        return rgb
    return np.asarray(cv2.resize(rgb, (round(w * k), round(h * k)), interpolation=cv2.INTER_AREA), np.uint8)


def _tilt(rgb: RGB) -> RGB:
    """Rolled 10 degrees, as a phone leant against something; the corners filled grey."""
    h, w = rgb.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), 10.0, 1.0)
    out = cv2.warpAffine(rgb, m, (w, h), borderMode=cv2.BORDER_CONSTANT, borderValue=(128, 128, 128))
    return np.asarray(out, np.uint8)


def _far(rgb: RGB) -> RGB:
    """The person at 60% of the size, centred in a grey frame of the same size: filmed from farther."""
    h, w = rgb.shape[:2]
    small = cv2.resize(rgb, (round(w * 0.6), round(h * 0.6)), interpolation=cv2.INTER_AREA)
    out = np.full_like(rgb, 128)
    y, x = (h - small.shape[0]) // 2, (w - small.shape[1]) // 2
    out[y : y + small.shape[0], x : x + small.shape[1]] = small
    return out


def _same(rgb: RGB) -> RGB:
    return rgb


VARIANTS = {
    v.name: v
    for v in (
        Variant("mirror", "flipped left to right: the person faces the other way", _mirror, mirrored=True),
        Variant("half-fps", "every other frame: 12-15 frames a second, as a slow phone or browser", _same, 2),
        Variant("small", "scaled to 360 pixels on the long side", _small),
        Variant("tilt", "rolled 10 degrees", _tilt),
        Variant("far", "the person at 60% of the size, in a grey frame", _far),
        # Every other frame at the clip's own rate: the same movements done twice as fast (a quick
        # bridge, knee raises near high-knees pace). Repetitions only; the poses are half-fps's.
        Variant(
            "fast",
            "twice as fast: every other frame, played at the clip's frame rate",
            _same,
            2,
            speed=2.0,
            frames_of="half-fps",
        ),
    )
}
