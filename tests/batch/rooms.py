"""Real video files with nobody in them: the cheapest clips a batch can analyse for real."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np


def empty_room(path: Path, grey: int = 90, frames: int = 15) -> Path:
    """A real clip (1.5 s by default) of a plain picture: nobody in it, so its report is invalid, no reps."""
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"mp4v"), 10.0, (160, 120))
    for _ in range(frames):
        writer.write(np.full((120, 160, 3), grey, np.uint8))
    writer.release()
    return path
