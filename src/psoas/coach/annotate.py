"""annotated.mp4: the clip again, with the skeleton, the drive angle, rep count, hold timer and the cue.

What is drawn at a frame is what the report says about that moment (reps finished so far, in-form seconds
of the hold so far, the fault cue whose span covers it), so the video and report.json never disagree.
Frames are decoded a second time and streamed to the encoder; nothing is held in memory but one frame.
"""

from __future__ import annotations

import itertools
import os
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

import cv2
import numpy as np
from numpy.typing import NDArray

from psoas._atomic import write_bytes_atomic
from psoas.catalog import AngleName, default_catalog
from psoas.coach.analysis import REASONS, Analysis, camera_spec
from psoas.coach.notes import counts_text
from psoas.coach.photo import PhotoAnalysis
from psoas.coach.report import PhotoFault
from psoas.coach.rules import drive_series
from psoas.vision.frames import open_frames
from psoas.vision.landmarks import SIDE_JOINTS, Side
from psoas.vision.landmarks import Landmark as L

__all__ = ["BONES", "Overlay", "draw", "draw_photo", "overlays", "write_annotated", "write_annotated_photo"]

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
        sides = counts_text({k: sum(r.side == k for r in done) for k in report.counts})
        value = float(drive[i]) if np.isfinite(drive[i]) else None
        out.append(Overlay(reps, holds[i], exercise_angle_label, value, cue, bool(covering), sides))
    return out


def _text(
    img: NDArray[np.uint8], text: str, org: tuple[int, int], scale: float, color: tuple[int, ...]
) -> None:
    thick = max(1, round(scale * 2))
    text = _ascii(text)
    cv2.putText(img, text, org, cv2.FONT_HERSHEY_SIMPLEX, scale, (0, 0, 0), thick + 3, cv2.LINE_AA)
    cv2.putText(img, text, org, cv2.FONT_HERSHEY_SIMPLEX, scale, color, thick, cv2.LINE_AA)


_PLAIN = str.maketrans({"\u00b0": " deg", "\u2013": "-", "\u2014": "-", "\u2018": "'", "\u2019": "'"})


def _ascii(text: str) -> str:
    """OpenCV's fonts draw ASCII only: degrees and dashes in words, anything else dropped."""
    return text.translate(_PLAIN).encode("ascii", "ignore").decode()


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


def _fault_bones(fault: PhotoFault) -> list[tuple[int, int]]:
    """The bones whose angle a fault reads, to draw in the fault colour."""
    if fault.angle == AngleName.PELVIS_LEVEL.value:
        return [(L.LEFT_HIP, L.RIGHT_HIP)]
    sides = [Side(fault.side)] if fault.side in ("left", "right") else list(Side)
    bones: list[tuple[int, int]] = []
    for side in sides:
        j = SIDE_JOINTS[side]
        bones += {
            AngleName.HIP_FLEXION.value: [(j.shoulder, j.hip), (j.hip, j.knee)],
            AngleName.KNEE_FLEXION.value: [(j.hip, j.knee), (j.knee, j.ankle)],
            AngleName.THIGH_ELEVATION.value: [(j.hip, j.knee)],
        }.get(fault.angle, [(j.shoulder, j.hip)])  # trunk lean, hip lift: the trunk
    return bones


_SHORT = {"hip_flexion": "hip", "knee_flexion": "knee", "thigh_elevation": "thigh", "trunk_lean": "trunk"}


def _photo_lines(analysis: PhotoAnalysis) -> tuple[list[str], list[str]]:
    """The photo's headline (top) and its cues or reasons (bottom), as the report says them."""
    report = analysis.report
    q = report.quality
    name = default_catalog().exercise(report.exercise).name
    if not q.valid:
        return [name], [i.message for i in q.issues[:1]]
    drive = next((a for a in report.angles if "drive" in a.used_by), None)
    head = [f"{name}: " + ("in position" if report.matches else "not its shape")]
    if drive is not None and drive.value_deg is not None:
        head.append(f"{drive.name.replace('_', ' ')} {drive.value_deg:.0f} deg")
    bottom = [f.cue for f in report.faults] or list(report.notes)
    return head, bottom


def draw_photo(bgr: NDArray[np.uint8], analysis: PhotoAnalysis) -> NDArray[np.uint8]:
    """A copy of the photo with the skeleton (faulted bones red), each fault's angle and the cues."""
    report, pose = analysis.report, analysis.poses
    points, visibility = pose.image[0], pose.visibility[0]
    good = report.quality.valid and report.matches and not report.faults
    overlay = Overlay(None, None, "", None, None, not good)
    img = draw(bgr, points, visibility, replace(overlay, angle_label="", cue=None))
    h, w = img.shape[:2]
    scale = max(h, w) / 1000
    labelled: list[int] = []
    for fault in report.faults:
        for a, b in _fault_bones(fault):
            if np.isfinite(points[[a, b]]).all():
                pa, pb = (tuple(int(v) for v in points[j]) for j in (a, b))
                cv2.line(img, pa, pb, FAULT, max(3, round(7 * scale)), cv2.LINE_AA)
        vertex = _fault_bones(fault)[0][1 if fault.angle != AngleName.PELVIS_LEVEL.value else 0]
        if np.isfinite(points[vertex]).all():
            below = labelled.count(vertex)  # a second label at one joint goes under the first
            labelled.append(vertex)
            org = (
                int(points[vertex, 0]) + round(12 * scale),
                int(points[vertex, 1]) + round(35 * scale) * below,
            )
            label = f"{_SHORT.get(fault.angle, fault.angle)} {fault.value_deg:.0f} deg"
            _text(img, label, org, 0.8 * scale, (0, 220, 255))
    head, bottom = _photo_lines(analysis)
    for k, line in enumerate(head):
        _text(img, line, (round(20 * scale), round((50 + 45 * k) * scale)), 1.0 * scale, WHITE)
    lines = [part for text in bottom for part in _wrap(text, max(20, int(w / (20 * scale))))]
    for k, line in enumerate(reversed(lines)):
        _text(img, line, (round(20 * scale), h - round((25 + 40 * k) * scale)), 0.9 * scale, (0, 220, 255))
    return img


def write_annotated_photo(rgb: NDArray[np.uint8], analysis: PhotoAnalysis, out: Path) -> Path:
    """Draw the photo's report on it and write `out` (JPEG or PNG, by its suffix) atomically."""
    drawn = draw_photo(np.asarray(cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR), np.uint8), analysis)
    ok, data = cv2.imencode(out.suffix.lower(), drawn)
    if not ok:
        raise ValueError(f"cannot encode an annotated photo as {out.suffix}")
    write_bytes_atomic(out, data.tobytes())
    return out
