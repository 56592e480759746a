"""Frames → report: the pipeline behind `psoas analyze`.

pose sequence → zero-phase smoothing → angles, view, position → per-frame quality gate → rep counter or
hold timer on the exercise's drive angle → form rules from the catalog's faults → Report.
Only frames that pass the gate and show the exercise's body position feed the trackers, so a clip of
something else cannot produce confident reps.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from psoas.catalog import AngleCheck, AngleName, CameraSpec, Exercise, Fault, Phase, default_catalog
from psoas.coach.explain import seen_instead
from psoas.coach.holds import EDGE_S
from psoas.coach.notes import (
    edge_notes,
    movement_notes,
    repeated_side_note,
    side_counts,
    unknown_side_note,
    working_side,
)
from psoas.coach.report import FaultEvent, Hold, Partial, Quality, QualityIssue, Rep, Report, VideoMeta
from psoas.coach.rules import breaks, drive_series, fault_events
from psoas.coach.sides import BOTH, UNKNOWN, distrust_sides, fault_sides, settled_reps
from psoas.coach.trackers import Episode
from psoas.coach.tracking import Movements, find_movements
from psoas.errors import UnsupportedExerciseError
from psoas.model.pose import PsoasSeries, psoas_series, summarise_psoas
from psoas.vision.camera import (
    fix_leg_swaps,
    fix_side_swaps,
    start_vertical,
    tilt_from_level,
    view_angle,
)
from psoas.vision.frames import Frame, VideoInfo, open_frames, probe
from psoas.vision.kinematics import (
    LEG_ANGLES,
    TRUNK_SIDED,
    AngleSeries,
    View,
    column,
    compute_angles,
    midpoint,
    trunk_vector,
)
from psoas.vision.landmarks import KEY_POINTS, SIDE_JOINTS, Landmark, Side
from psoas.vision.models import PoseModel
from psoas.vision.pose import MediaPipeEstimator, PoseEstimator, PoseSequence, estimate_frames
from psoas.vision.smoothing import zero_phase

__all__ = [
    "REASONS",
    "Analysis",
    "analyze_frames",
    "analyze_sequence",
    "analyze_video",
    "camera_spec",
    "checkable",
    "frame_reasons",
    "hide_unseen",
    "smoothed",
    "top_faults",
]

F64 = NDArray[np.float64]
Mask = NDArray[np.bool_]

MIN_VISIBILITY = 0.5  # joints at least this visible count as seen
# A side-on exercise needs the body's left-right line within this many degrees of the camera's axis, read
# per frame from this person's own world landmarks (a fixed shoulder-width ratio passed a view 22° from
# frontal for a broad-shouldered person, and failed lying people seen from the side).
SIDE_FRAME_DEG = 45.0
FRONT_FRAME_DEG = (
    45.0  # a front-view exercise needs the body's left-right line at least this far from the axis
)
TILT_FLAG_DEG = 15.0  # a camera tilted or rolled further than this from level is said in the report
JUMP_TRUNKS = 0.5  # hip centre moving more than this many trunk lengths between frames: a jump
MIN_USABLE = 0.5  # below this usable share the report is invalid
MIN_SECONDS = 0.5  # from first to last frame; below this the report is invalid (a 1-frame clip)
MIN_IN_POSITION = 0.25  # below this share of usable frames in the exercise's position: wrong exercise

REASONS = {
    "no-person": "no person found",
    "out-of-frame": "key joints outside the picture",
    "low-visibility": "key joints hidden or unclear",
    "pose-jump": "the pose jumped (another person, or tracking lost)",
    "wrong-view": "camera not side-on",
    "not-facing": "camera not in front of the person (film this one from the front)",
}


@dataclass(frozen=True)
class Analysis:
    report: Report
    angles: AngleSeries
    usable: Mask
    reasons: dict[str, Mask]
    poses: PoseSequence  # smoothed landmarks, for drawing
    failing: dict[str, Mask]  # per side label: frames breaking a form rule
    psoas: PsoasSeries  # modelled psoas length per side, NaN on unusable frames


def camera_spec(exercise: Exercise) -> CameraSpec:
    if exercise.camera is None:
        raise UnsupportedExerciseError(f"'{exercise.id}': {exercise.camera_note}")
    return exercise.camera


def smoothed(seq: PoseSequence, fps: float) -> PoseSequence:
    return replace(seq, image=zero_phase(seq.image, fps), world=zero_phase(seq.world, fps))


HIP_JOINTS = ("shoulder", "hip", "knee")  # what hip flexion and thigh elevation are drawn from
KNEE_JOINTS = ("hip", "knee", "ankle")
NEEDS = {
    AngleName.HIP_FLEXION: HIP_JOINTS,
    AngleName.THIGH_ELEVATION: HIP_JOINTS,
    AngleName.THIGH_SWING: HIP_JOINTS,
    AngleName.KNEE_FLEXION: KNEE_JOINTS,
}


def _seen(seq: PoseSequence, side: Side, joints: tuple[str, ...]) -> F64:
    """Per frame, the visibility of the least visible of these joints on one side."""
    idx = [getattr(SIDE_JOINTS[side], j) for j in joints]
    return np.asarray(seq.visibility[:, idx].min(axis=1))


def hide_unseen(angles: AngleSeries, seq: PoseSequence) -> AngleSeries:
    """An angle whose joints were not clearly seen becomes NaN: BlazePose guesses hidden joints.

    A trunk's bend or turn needs both shoulders and both hips; the neck needs an ear and a shoulder."""
    values = dict(angles.values)
    both = np.minimum(*(_seen(seq, s, ("shoulder", "hip")) for s in Side)) < MIN_VISIBILITY
    for side in Side:
        for angle in LEG_ANGLES:
            unseen = _seen(seq, side, NEEDS[angle]) < MIN_VISIBILITY
            values[column(angle, side)] = np.where(unseen, np.nan, values[column(angle, side)])
        for angle in TRUNK_SIDED:
            values[column(angle, side)] = np.where(both, np.nan, values[column(angle, side)])
    head = np.maximum(*(_seen(seq, s, ("ear", "shoulder")) for s in Side)) < MIN_VISIBILITY
    neck = AngleName.NECK_FLEXION.value
    values[neck] = np.where(head, np.nan, values[neck])
    return replace(angles, values=values)


def frame_reasons(seq: PoseSequence, angles: AngleSeries, spec: CameraSpec) -> dict[str, Mask]:
    """For each reason a frame may be unusable, the frames it applies to (a frame may have several)."""
    key = list(KEY_POINTS)
    pts = seq.image[:, key]
    inside = (
        (pts[..., 0] >= 0) & (pts[..., 0] <= seq.width) & (pts[..., 1] >= 0) & (pts[..., 1] <= seq.height)
    )
    hips = midpoint(seq.image, Landmark.LEFT_HIP, Landmark.RIGHT_HIP)
    trunk = np.nanmedian(np.linalg.norm(trunk_vector(seq.image), axis=-1)) if seq.found.any() else np.nan
    step = np.linalg.norm(np.diff(hips, axis=0, prepend=hips[:1]), axis=-1)
    with np.errstate(invalid="ignore"):
        jump = step > JUMP_TRUNKS * trunk
        turned = view_angle(seq.world)
        wrong_view = (turned > SIDE_FRAME_DEG) if spec.view == "side" else np.zeros(len(seq), bool)
        not_facing = (turned < FRONT_FRAME_DEG) if spec.view == "front" else np.zeros(len(seq), bool)
    found = seq.found
    # Side-on the far leg is hidden behind the near one: one clearly seen leg is enough.
    hidden = np.stack([_seen(seq, s, HIP_JOINTS) for s in Side]).max(axis=0) < MIN_VISIBILITY
    return {
        "no-person": ~found,
        "out-of-frame": found & ~inside.all(axis=1),
        "low-visibility": found & hidden,
        "pose-jump": found & jump,
        "wrong-view": found & wrong_view,
        "not-facing": found & not_facing,
    }


def _within(t: F64, episodes: Iterable[Episode]) -> Mask:
    mask = np.zeros(len(t), bool)
    for e in episodes:
        mask |= (t >= e.start_s) & (t <= e.end_s)
    return mask


def _label(side: Side | None) -> str:
    return side.value if side else "both"


TOP_WINDOW_S = 0.1  # a top check reads the median angle this close to the rep's peak


def top_faults(fault: Fault, series: F64, t: F64, episodes: list[Episode], side: str) -> list[FaultEvent]:
    """A check at the top of each repetition: judged near its peak, reported over the whole rep."""
    assert fault.check is not None
    events = []
    for e in episodes:
        near = series[np.abs(t - e.peak_s) <= TOP_WINDOW_S]
        near = near[np.isfinite(near)]
        if len(near) and breaks(fault.check, np.array([np.median(near)]))[0]:
            events.append(FaultEvent(fault.code, fault.description, fault.cue, e.start_s, e.end_s, side))
    return events


def checkable(check: AngleCheck, view: View) -> bool:
    """Pelvis level is only seen from the front; every other angle is read in any view."""
    return check.angle is not AngleName.PELVIS_LEVEL or view is View.FRONT


def _faults(
    exercise: Exercise, angles: AngleSeries, active: Mask, tracks: dict[Side | None, list[Episode]]
) -> tuple[list[FaultEvent], dict[Side | None, Mask], list[str]]:
    """Fault events per side, the frames breaking any rule per side, and checks that could not run."""
    events: list[FaultEvent] = []
    failing = {side: np.zeros(len(angles.t), bool) for side in tracks}
    skipped = []
    for fault in exercise.faults:
        check = fault.check
        if check is None:
            continue
        if not checkable(check, angles.view):
            skipped.append(fault.code)
            continue
        for side, episodes in tracks.items():
            label = _label(side)
            series = drive_series(angles, check.angle, check.limb, side)
            if check.phase is Phase.TOP:
                events += top_faults(fault, series, angles.t, episodes, label)
                continue
            phase = active & (_within(angles.t, episodes) if check.phase is Phase.HOLD else True)
            bad = breaks(check, series) & phase
            failing[side] |= bad
            events += fault_events(fault, bad, angles.t, label)
    return sorted(events, key=lambda e: e.start_s), failing, skipped


# Seen from far off side-on and from above, a body lying along the camera's axis looks upright.
_FAR_OFF_SIDE = " If it was, the camera may be too far off side-on to see the position: film from the side."


def _quality(
    reasons: dict[str, Mask],
    angles: AngleSeries,
    spec: CameraSpec,
    exercise: Exercise,
    usable: Mask,
    skipped: list[str],
) -> Quality:
    n = len(angles.t)
    issues = [
        QualityIssue(code, REASONS[code], int(mask.sum()), float(mask.mean()))
        for code, mask in reasons.items()
        if mask.any()
    ]
    seen = Counter(p for p, ok in zip(angles.position, usable, strict=True) if ok and p is not None)
    position = seen.most_common(1)[0][0] if seen else None
    in_position = sum(seen[p] for p in spec.positions) / max(1, int(usable.sum()))
    usable_fraction = float(usable.mean()) if n else 0.0
    if position is not None and in_position < MIN_IN_POSITION:
        issues.append(
            QualityIssue(
                "wrong-exercise",
                seen_instead(position, exercise, spec.positions)
                + ("" if angles.view is View.SIDE else _FAR_OFF_SIDE),
                int(usable.sum()),
                1.0 - in_position,
            )
        )
    issues += [QualityIssue("not-checked", f"{code} needs a front view", 0, 0.0) for code in skipped]
    seconds = float(angles.t[-1] - angles.t[0]) if n else 0.0
    if seconds < MIN_SECONDS:  # one frame, or a blink: no movement or hold can be judged
        issues.append(
            QualityIssue(
                "too-short", f"the clip shows {seconds:.1f} s; at least {MIN_SECONDS} s is needed", n, 1.0
            )
        )
    valid = usable_fraction >= MIN_USABLE and in_position >= MIN_IN_POSITION and seconds >= MIN_SECONDS
    return Quality(
        valid,
        usable_fraction,
        angles.view.value,
        position.value if position else None,
        in_position,
        tuple(issues),
    )


def _tilted(up: F64 | None) -> tuple[QualityIssue, ...]:
    """A flag when the vertical found while the person stood shows a camera far from level: angles
    against gravity (thigh elevation, trunk lean) were measured from that vertical, not the picture's."""
    if up is None or (deg := tilt_from_level(up)) <= TILT_FLAG_DEG:
        return ()
    message = (
        f"the camera is tilted {deg:.0f}° from level; angles against gravity are measured from the "
        "vertical of the body standing at the start (for the best view, set the phone level at hip height)"
    )
    return (QualityIssue("camera-tilted", message, 0, 0.0),)


def _reps(found: Movements, events: list[FaultEvent]) -> tuple[Rep, ...]:
    """Each rep, in form when no reported fault of its side overlaps it."""
    reps = []
    for i, r in enumerate(found.reps, 1):
        e = r.excursion
        bad = any(f.side == r.side and f.start_s <= e.end_s and f.end_s >= e.start_s for f in events)
        reps.append(Rep(i, r.side, e.start_s, e.peak_s, e.end_s, e.peak_deg, not bad, e.range_deg))
    return tuple(reps)


def _partials(found: Movements) -> tuple[Partial, ...]:
    return tuple(
        Partial(p.side, p.excursion.start_s, p.excursion.end_s, p.excursion.range_deg, p.excursion.peak_deg)
        for p in found.partials
    )


def _holds(found: Movements, failing: dict[Side | None, Mask], t: F64, usable: Mask) -> tuple[Hold, ...]:
    """Each hold with its in-form time, and whether the clip's first or last usable frame cut it."""
    dt = np.diff(t, append=t[-1] if len(t) else 0.0)
    seen = t[usable] if usable.any() else t
    step = float(np.median(dt[:-1])) if len(t) > 1 else 0.0
    holds = []
    for label, e in found.holds:
        side = None if label == BOTH else Side(label)
        inside = (t >= e.start_s) & (t < e.end_s)
        in_form = float(dt[inside & ~failing[side]].sum())
        open_start = bool(e.start_s <= seen[0] + max(EDGE_S, 2 * step))
        open_end = bool(e.end_s >= seen[-1] - max(EDGE_S, 2 * step))
        holds.append(Hold(label, e.start_s, e.end_s, e.duration_s, in_form, open_start, open_end))
    return tuple(holds)


def _working(
    spec: CameraSpec, found: Movements, chosen: Side | None, reps: tuple[Rep, ...], read: int
) -> str | None:
    """The working side; from the reported reps once some sides were read at lift-off."""
    if not read:
        return working_side(spec, found, chosen)
    sides = {r.side for r in reps}
    return sides.pop() if len(sides) == 1 else None


def analyze_sequence(
    seq: PoseSequence, exercise: Exercise, video: VideoMeta, *, side: Side | None = None
) -> Analysis:
    """Analyse a whole clip's poses for one exercise (pure: same poses in, same report out)."""
    spec = camera_spec(exercise)
    raw = seq  # the model's own labels, for reading a side at lift-off
    seq, body_swaps = fix_side_swaps(seq)
    seq, leg_swaps = fix_leg_swaps(seq)
    smooth = smoothed(seq, video.fps)
    up = start_vertical(smooth.world, smooth.t)  # None unless the person starts upright
    angles = hide_unseen(compute_angles(smooth, up=up), smooth)
    reasons = frame_reasons(seq, angles, spec)  # raw landmarks: smoothing would hide a jump
    usable = ~np.any(np.stack(list(reasons.values())), axis=0) if len(seq) else np.zeros(0, bool)
    in_position = np.array([p in spec.positions for p in angles.position], bool)
    active = usable & in_position
    found = find_movements(spec, angles, angles.t, active)
    tracks = found.episodes()
    events, failing, skipped = _faults(exercise, angles, active, tracks)
    counted, timed = _reps(found, events), _holds(found, failing, angles.t, usable)
    reps, holds = distrust_sides(counted, timed, angles.t, body_swaps | leg_swaps)
    reps, read, repeated = settled_reps(spec, reps, front=angles.view is View.FRONT, image=raw.image, t=raw.t)
    events = fault_sides(events, [*zip(counted, reps, strict=True), *zip(timed, holds, strict=True)])
    unknown = sum(r.side == UNKNOWN for r in reps) + sum(h.side == UNKNOWN for h in holds)
    traded = unknown - repeated
    working = None if unknown else _working(spec, found, side, reps, read)
    model = psoas_series(angles, smooth, usable)
    in_holds = _within(angles.t, [e for _, e in found.holds]) if found.holds else None
    quality = _quality(reasons, angles, spec, exercise, usable, skipped)
    quality = replace(quality, issues=quality.issues + _tilted(up))
    report = Report(
        exercise=exercise.id,
        mode=spec.mode.value,
        video=video,
        quality=quality,
        working_side=working,
        angle_source=angles.source,
        rep_count=len(reps),
        reps=reps,
        holds=holds,
        faults=tuple(events),
        timing={},
        # no model numbers from a clip that could not be read as this exercise
        psoas=summarise_psoas(model, working if working in ("left", "right") else None, in_holds)
        if quality.valid
        else None,
        counts=side_counts(spec, [r.side for r in reps]),
        partials=_partials(found),
        notes=movement_notes(exercise, found, side, valid=quality.valid)
        + (
            edge_notes(holds) + unknown_side_note(traded) + repeated_side_note(repeated)
            if quality.valid
            else ()
        ),
        in_region_s=found.region_s,
    )
    failing_by_label = {_label(k): v for k, v in failing.items()}
    return Analysis(report, angles, usable, reasons, smooth, failing_by_label, model)


def analyze_frames(
    frames: Iterable[Frame],
    info: VideoInfo,
    exercise: Exercise,
    *,
    estimator: PoseEstimator,
    side: Side | None = None,
    progress: Callable[[int], None] | None = None,
) -> Analysis:
    """Run pose estimation over streamed frames, then analyse; timing covers the whole run."""
    camera_spec(exercise)  # refuse unsupported exercises before any decoding
    start = time.perf_counter()
    seq = estimate_frames(frames, estimator, source=info.source, progress=progress)
    n = len(seq)
    meta = VideoMeta(info.fps, n, n / info.fps, info.width, info.height)
    # recognize.py builds on this module; it is needed only here, to name what the clip seems to show.
    from psoas.coach.recognize import with_likely  # noqa: PLC0415

    analysis = with_likely(analyze_sequence(seq, exercise, meta, side=side), seq, default_catalog())
    seconds = time.perf_counter() - start
    timing = {"frames": float(n), "seconds": seconds, "fps": n / seconds if seconds else 0.0}
    return replace(analysis, report=replace(analysis.report, timing=timing))


def analyze_video(
    path: Path,
    exercise: Exercise,
    *,
    side: Side | None = None,
    progress: Callable[[int], None] | None = None,
    model: PoseModel = PoseModel.FULL,
) -> Analysis:
    info = probe(path)
    with MediaPipeEstimator(model=model) as estimator:
        return analyze_frames(
            open_frames(path), info, exercise, estimator=estimator, side=side, progress=progress
        )
