"""annotated.mp4: the clip again, with the skeleton, the drive angle, rep count, hold timer and the cue.

What is drawn at a frame is what the report says about that moment (reps finished so far, in-form seconds
of the hold so far, the fault cue whose span covers it), so the video and report.json never disagree.
Frames are decoded a second time and streamed to the encoder; nothing is held in memory but one frame.
"""

from __future__ import annotations

import itertools
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from numpy.typing import NDArray

from psoas.catalog import default_catalog
from psoas.coach.analysis import REASONS, Analysis, camera_spec
from psoas.coach.notes import counts_text
from psoas.coach.rules import drive_series
from psoas.vision.frames import open_frames
from psoas.vision.landmarks import Landmark as L
from psoas.vision.landmarks import Side

__all__ = ["BONES", "Overlay", "draw", "overlays", "write_annotated"]

_CHAIN = ("SHOULDER", "HIP", "KNEE", "ANKLE", "HEEL", "FOOT_INDEX")
_ARM = ("SHOULDER", "ELBOW", "WRIST")
BONES = (
    (L.LEFT_SHOULDER, L.RIGHT_SHOULDER),
    (L.LEFT_HIP, L.RIGHT_HIP),
    *(
        (L[f"{side}_{a}"], L[f"{side}_{b}"])
        for side in ("LEFT", "RIGHT")
        for chain in (_CHAIN, _ARM)
        for a, b in itertools.pairwise(chain)
    ),
)
GOOD, FAULT, DIM, WHITE = (80, 200, 80), (40, 60, 230), (150, 150, 150), (255, 255, 255)  # BGR
MIN_VISIBILITY = 0.5


@dataclass(frozen=True)
class Overlay:
    """What the picture says at one frame."""

    reps: int | None  # repetitions finished so far (None for a hold exercise)
    hold_s: float | None  # in-form seconds of the hold under way or just ended
    angle_label: str
    angle_deg: float | None
    cue: str | None  # the fault cue for this moment, or why the frame could not be used
    fault: bool
    sides: str = ""  # repetitions so far per side ("left 2 · right 1"), for one-leg exercises


def _hold_seconds(analysis: Analysis) -> list[float | None]:
    """Per frame, the in-form seconds accumulated in the current (or last) hold."""
    t = analysis.angles.t
    dt = np.diff(t, append=t[-1] if len(t) else 0.0)
    out: list[float | None] = [None] * len(t)
    for hold in analysis.report.holds:
        ok = ~analysis.failing.get(hold.side, np.zeros(len(t), bool))
        inside = (t >= hold.start_s) & (t < hold.end_s)
        running = np.cumsum(np.where(inside & ok, dt, 0.0))
        for i in np.flatnonzero(t >= hold.start_s):
            out[i] = float(running[i])
    return out


def overlays(analysis: Analysis, exercise_angle_label: str, drive: NDArray[np.float64]) -> list[Overlay]:
    """One Overlay per frame, from the finished analysis (pure)."""
    report, t = analysis.report, analysis.angles.t
    holds = _hold_seconds(analysis) if report.mode == "hold" else [None] * len(t)
    out = []
    for i, ti in enumerate(t):
        covering = [f for f in report.faults if f.start_s <= ti <= f.end_s]
        why = next((REASONS[r] for r, mask in analysis.reasons.items() if mask[i]), None)
        cue = covering[0].cue if covering else (why.capitalize() if why else None)
        done = [r for r in report.reps if r.end_s <= ti]
        reps = len(done) if report.mode == "reps" else None
        sides = counts_text({k: sum(r.side == k for r in done) for k in report.counts if k != "both"})
        value = float(drive[i]) if np.isfinite(drive[i]) else None
        out.append(Overlay(reps, holds[i], exercise_angle_label, value, cue, bool(covering), sides))
    return out


def _text(
    img: NDArray[np.uint8], text: str, org: tuple[int, int], scale: float, color: tuple[int, ...]
) -> None:
    thick = max(1, round(scale * 2))
    cv2.putText(img, text, org, cv2.FONT_HERSHEY_SIMPLEX, scale, (0, 0, 0), thick + 3, cv2.LINE_AA)
    cv2.putText(img, text, org, cv2.FONT_HERSHEY_SIMPLEX, scale, color, thick, cv2.LINE_AA)


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def draw(
    bgr: NDArray[np.uint8], points: NDArray[np.float64], visibility: NDArray[np.float64], overlay: Overlay
) -> NDArray[np.uint8]:
    """A copy of the frame with skeleton and overlay drawn on it; `points` is (33, 2) in its pixels."""
    img = bgr.copy()
    h, w = img.shape[:2]
    scale = h / 1000
    color = FAULT if overlay.fault else GOOD
    for a, b in BONES:
        if min(visibility[a], visibility[b]) >= MIN_VISIBILITY and np.isfinite(points[[a, b]]).all():
            pa, pb = (tuple(int(v) for v in points[j]) for j in (a, b))
            cv2.line(img, pa, pb, color, max(2, round(4 * scale)), cv2.LINE_AA)
    for j in range(11, 33):
        if visibility[j] >= MIN_VISIBILITY and np.isfinite(points[j]).all():
            cv2.circle(img, (int(points[j, 0]), int(points[j, 1])), max(3, round(6 * scale)), WHITE, -1)
    y = round(60 * scale)
    if overlay.reps is not None:
        label = f"Reps {overlay.reps}" + (f"  ({overlay.sides})" if overlay.sides else "")
        _text(img, label, (round(20 * scale), y), 1.6 * scale, WHITE)
        y += round(60 * scale)
    if overlay.hold_s is not None:
        _text(img, f"Hold {overlay.hold_s:4.1f} s in form", (round(20 * scale), y), 1.4 * scale, WHITE)
        y += round(55 * scale)
    angle = "--" if overlay.angle_deg is None else f"{overlay.angle_deg:.0f} deg"
    _text(img, f"{overlay.angle_label} {angle}", (round(20 * scale), y), 1.0 * scale, WHITE)
    if overlay.cue:
        lines = _wrap(overlay.cue, max(20, int(w / (22 * scale))))
        for k, line in enumerate(reversed(lines)):
            _text(
                img, line, (round(20 * scale), h - round((30 + 45 * k) * scale)), 1.0 * scale, (0, 220, 255)
            )
    return img


# OpenCV's wheel writes MPEG-4 Part 2 (players, not browsers) and VP8 in WebM (browsers).
FOURCC = {".mp4": "mp4v", ".webm": "VP80"}


def write_annotated(video: Path, analysis: Analysis, out: Path, *, max_side: int | None = None) -> Path:
    """Decode `video` again, draw each frame's overlay, and write `out` atomically: MPEG-4 for .mp4,
    VP8 for .webm. `max_side` scales the picture down (VP8 at full 1080p is slow to encode)."""
    if out.suffix not in FOURCC:
        raise ValueError(f"annotated video must be .mp4 or .webm, not {out.suffix}")
    spec = camera_spec(default_catalog().exercise(analysis.report.exercise))
    side = analysis.report.working_side
    chosen = Side(side) if side in ("left", "right") else None
    drive = drive_series(analysis.angles, spec.angle, spec.limb, chosen)
    label = spec.angle.value.replace("_", " ") + (f" ({side})" if side else "")
    frames_overlay = overlays(analysis, label, drive)
    meta = analysis.report.video
    scale = min(1.0, max_side / max(meta.width, meta.height)) if max_side else 1.0
    size = (round(meta.width * scale) // 2 * 2, round(meta.height * scale) // 2 * 2)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.stem}.", suffix=out.suffix)
    os.close(fd)
    writer = cv2.VideoWriter(tmp, cv2.VideoWriter.fourcc(*FOURCC[out.suffix]), meta.fps, size)
    try:
        poses = analysis.poses
        for frame in open_frames(video):
            i = frame.index
            if i >= len(frames_overlay):
                break
            bgr = cv2.cvtColor(frame.rgb, cv2.COLOR_RGB2BGR)
            if bgr.shape[:2] != (meta.height, meta.width):
                bgr = cv2.resize(bgr, (meta.width, meta.height))
            drawn = draw(np.asarray(bgr, np.uint8), poses.image[i], poses.visibility[i], frames_overlay[i])
            writer.write(drawn if scale == 1.0 else cv2.resize(drawn, size, interpolation=cv2.INTER_AREA))
        writer.release()
        Path(tmp).chmod(0o644)
        Path(tmp).replace(out)
    except BaseException:
        writer.release()
        Path(tmp).unlink(missing_ok=True)
        raise
    return out
