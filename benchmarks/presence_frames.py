"""The labelled frames of tests/habits/labels/presence.toml, decoded in memory (never written anywhere).

Shared by the presence tests and benchmarks/presence.py. A frame is an RGB array (height, width, 3).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from numpy.typing import NDArray

__all__ = ["LABELS", "MEDIA", "Labelled", "load_frame", "load_labels"]

REPO = Path(__file__).resolve().parents[1]
MEDIA = REPO.parent / "shared" / "media"
LABELS = REPO / "tests" / "habits" / "labels" / "presence.toml"
RGB = NDArray[np.uint8]


@dataclass(frozen=True)
class Labelled:
    source: str
    expected: str  # sitting, standing, away, or unknown (no honest answer from this framing)
    t_s: float | str | None = None  # seconds into a clip, "last", or None for a photo
    crop: tuple[float, float, float, float] | None = None
    blank: bool = False
    known_miss: str | None = None  # why the classifier answers unknown here (never another posture)

    @property
    def name(self) -> str:
        where = "" if self.t_s is None else f"@{self.t_s}"
        extra = "-blank" if self.blank else ("-crop" if self.crop else "")
        return f"{Path(self.source).stem}{where}{extra}"


def load_labels(path: Path = LABELS) -> list[Labelled]:
    rows = tomllib.loads(path.read_text("utf-8"))["frame"]
    return [
        Labelled(
            r["source"],
            r["expected"],
            r.get("t_s"),
            tuple(r["crop"]) if "crop" in r else None,
            r.get("blank", False),
            r.get("known_miss"),
        )
        for r in rows
    ]


def _clip_frame(path: Path, t_s: float | str) -> NDArray[np.uint8]:
    cap = cv2.VideoCapture(str(path))
    try:
        if t_s == "last":
            cap.set(cv2.CAP_PROP_POS_FRAMES, int(cap.get(cv2.CAP_PROP_FRAME_COUNT)) - 1)
        else:
            cap.set(cv2.CAP_PROP_POS_MSEC, float(t_s) * 1000)
        ok, bgr = cap.read()
    finally:
        cap.release()
    if not ok:
        raise ValueError(f"{path.name} has no frame at {t_s}")
    return np.asarray(bgr, np.uint8)


def load_frame(label: Labelled, media: Path = MEDIA) -> RGB:
    """The labelled frame as RGB: decoded, cropped and blanked as the label says."""
    path = media / label.source
    bgr = (
        _clip_frame(path, label.t_s) if label.t_s is not None else np.asarray(cv2.imread(str(path)), np.uint8)
    )
    if label.crop:
        h, w = bgr.shape[:2]
        x0, y0, x1, y1 = label.crop
        bgr = bgr[int(y0 * h) : int(y1 * h), int(x0 * w) : int(x1 * w)]
    if label.blank:
        bgr = np.zeros_like(bgr)
    return np.ascontiguousarray(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB), dtype=np.uint8)
