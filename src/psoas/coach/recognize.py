"""Which catalog exercise a clip shows, and when: built from the same stages as a named analysis.

The clip is cut where the body position changes (lying, kneeling, standing…, each kept for at least
MIN_SEGMENT_S); each stretch of time is then analysed as every exercise the camera follows in that
position, and the exercise whose own rules find the most in it wins: counted repetitions, or held
seconds against the exercise's shortest hold. Nothing here is a rule about one exercise: positions,
counting, key poses and holds all come from the catalog. Siblings that fit as well (a glute bridge and
a half bridge) are named as alternatives rather than guessed between.

Layout: per-frame arrays have time as the first dimension.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from psoas.catalog import CameraMode, Catalog, Exercise, Position
from psoas.coach.analysis import Analysis, analyze_sequence, hide_unseen, smoothed
from psoas.coach.photo import PhotoAnalysis, analyze_pose
from psoas.coach.report import Report, VideoMeta
from psoas.vision.kinematics import compute_angles
from psoas.vision.pose import PoseSequence

__all__ = [
    "MIN_SEGMENT_S",
    "PhotoGuess",
    "Segment",
    "attempt",
    "evidence",
    "likely_exercise",
    "position_segments",
    "recognise",
    "recognise_pose",
    "with_likely",
]

MIN_SEGMENT_S = 2.0  # a position held shorter than this is a transition, not a segment
TIE = 0.8  # alternatives found at least this share of the winner's evidence


@dataclass(frozen=True)
class Segment:
    """A stretch of the clip in one body position, and what it shows."""

    start_s: float
    end_s: float
    position: str
    exercise: str | None  # the best catalog id, None when no followed exercise found anything
    alternatives: tuple[str, ...]  # siblings that fit about as well
    evidence: float  # repetitions, or held seconds per shortest hold
    analysis: Analysis | None  # the segment analysed as `exercise` (or as `attempted`)
    attempted: str | None = None  # nothing counted, but this exercise was tried (its notes say why)


def _runs(labels: list[Position | None], t: NDArray[np.float64]) -> list[tuple[int, int, Position]]:
    """Runs of one position at least MIN_SEGMENT_S long; brief other labels inside a run are absorbed."""
    runs: list[tuple[int, int, Position]] = []
    for i, label in enumerate(labels):
        if label is None:
            continue
        if runs and runs[-1][2] == label:
            runs[-1] = (runs[-1][0], i, label)
        else:
            runs.append((i, i, label))
    long = [(a, b, p) for a, b, p in runs if t[b] - t[a] >= MIN_SEGMENT_S]
    merged: list[tuple[int, int, Position]] = []
    for a, b, p in long:
        if merged and merged[-1][2] == p:
            merged[-1] = (merged[-1][0], b, p)
        else:
            merged.append((a, b, p))
    return merged


def position_segments(seq: PoseSequence, fps: float) -> list[tuple[float, float, Position]]:
    """(start s, end s, position) of each stretch of the clip held in one position."""
    if not len(seq):
        return []
    smooth = smoothed(seq, fps)
    positions = list(hide_unseen(compute_angles(smooth), smooth).position)
    return [(float(seq.t[a]), float(seq.t[b]), p) for a, b, p in _runs(positions, seq.t)]


PARTIAL_WEIGHT = 0.5  # ranking only: a movement that fell short, or unsteady time in the position


def evidence(exercise: Exercise, report: Report) -> float:
    """How much of this exercise the report found: repetitions, or holds in units of the shortest hold.
    Nothing counted, no evidence; where something was, partial repetitions and unsteady time in the
    position add half, so the exercise that fits the whole segment best ranks first."""
    spec = exercise.camera
    if spec is None or not report.quality.valid:
        return 0.0
    if spec.mode is CameraMode.REPS:
        return report.rep_count + PARTIAL_WEIGHT * len(report.partials) if report.rep_count else 0.0
    held = sum(h.duration_s for h in report.holds)
    if not held:
        return 0.0
    return (held + PARTIAL_WEIGHT * max(0.0, report.in_region_s - held)) / spec.min_s


def attempt(exercise: Exercise, report: Report) -> float:
    """Evidence that this exercise was tried though nothing counted: movements that fell short, or time
    in the position never held still (each in units of one repetition or one shortest hold)."""
    spec = exercise.camera
    if spec is None or not report.quality.valid:
        return 0.0
    if spec.mode is CameraMode.REPS:
        return float(len(report.partials))
    return report.in_region_s / spec.min_s


def _demand(exercise: Exercise) -> float:
    spec = exercise.camera
    return (spec.min_range_deg or 0.0) if spec else 0.0


Scored = tuple[float, Exercise, Analysis]  # evidence, the exercise, the segment analysed as it


def _segment(start: float, end: float, position: Position, scored: list[Scored]) -> Segment:
    # Ties go to the more demanding exercise whose rules the movement met (a knee raise's larger range
    # over marching's), so the name says the most the camera saw.
    scored = sorted(scored, key=lambda s: (-s[0], -_demand(s[1])))
    if scored and scored[0][0] > 0:
        top, winner, analysis = scored[0]
        alternatives = tuple(e.id for score, e, _ in scored[1:] if score >= TIE * top)
        return Segment(start, end, position.value, winner.id, alternatives, top, analysis)
    tried = max(scored, key=lambda s: attempt(s[1], s[2].report), default=None)
    if tried is None or attempt(tried[1], tried[2].report) < 1.0:
        return Segment(start, end, position.value, None, (), 0.0, None)
    return Segment(start, end, position.value, None, (), 0.0, tried[2], attempted=tried[1].id)


def recognise(seq: PoseSequence, video: VideoMeta, catalog: Catalog) -> list[Segment]:
    """Each position segment of the clip with the exercise it shows (or None)."""
    followed = [e for e in catalog.exercises if e.camera is not None]
    segments = []
    for start, end, position in position_segments(seq, video.fps):
        part = seq.window(start, end)
        meta = VideoMeta(video.fps, len(part), end - start, video.width, video.height)
        candidates = [e for e in followed if e.camera is not None and position in e.camera.positions]
        analyses = [(e, analyze_sequence(part, e, meta)) for e in candidates]
        scored = [(evidence(e, a.report), e, a) for e, a in analyses]
        segments.append(_segment(start, end, position, scored))
    return segments


def likely_exercise(segments: list[Segment], chosen: str) -> str | None:
    """The exercise the clip seems to show instead of the one chosen, when the chosen one found nothing
    and another did; None when the choice fits or nothing else does."""
    found = [s for s in segments if s.exercise is not None]
    if any(s.exercise == chosen or chosen in s.alternatives for s in found):
        return None
    best = max(found, key=lambda s: s.evidence, default=None)
    return best.exercise if best else None


def with_likely(analysis: Analysis, seq: PoseSequence, catalog: Catalog) -> Analysis:
    """A named analysis that found nothing, with a note naming the exercise the clip seems to show."""
    report = analysis.report
    if report.rep_count or report.holds:
        return analysis
    other = likely_exercise(recognise(seq, report.video, catalog), report.exercise)
    if other is None:
        return analysis
    chosen, likely = catalog.exercise(report.exercise), catalog.exercise(other)
    note = (
        f"This looks like {likely.name.lower()} rather than {chosen.name.lower()}: "
        f"analyse it with --exercise {likely.id}."
    )
    return replace(analysis, report=replace(report, notes=(*report.notes, note)))


@dataclass(frozen=True)
class PhotoGuess:
    """The exercise a still pose shows, by the same rules as a named photo check."""

    exercise: str | None
    alternatives: tuple[str, ...]
    analysis: PhotoAnalysis | None  # the pose checked as `exercise`


def _photo_fit(analysis: PhotoAnalysis) -> float:
    """How well one still pose fits one exercise: in its position and shape, more at its top (or inside
    the stretch), less for each fault seen; 0 when it does not fit at all."""
    report = analysis.report
    if not report.quality.valid or not report.matches:
        return 0.0
    return (2.0 if report.at_target else 1.0) - 0.25 * len(report.faults)


def recognise_pose(seq: PoseSequence, catalog: Catalog, *, others: bool = False) -> PhotoGuess:
    """The exercise a one-frame sequence (a photo) shows; siblings that fit as well are alternatives."""
    scored = []
    for exercise in (e for e in catalog.exercises if e.camera is not None):
        analysis = analyze_pose(seq, exercise, others=others)
        scored.append((_photo_fit(analysis), exercise, analysis))
    scored.sort(key=lambda s: (-s[0], -_demand(s[1])))
    if not scored or scored[0][0] <= 1.0:  # only in position, not at the top: too little to name it
        return PhotoGuess(None, (), None)
    top, winner, analysis = scored[0]
    return PhotoGuess(winner.id, tuple(e.id for fit, e, _ in scored[1:] if fit >= top), analysis)
