"""One still photo against one exercise: position, key angles and form faults, or why it cannot be read.

A photo is a one-frame pose sequence through the clip's stages (angles, the quality gate, the catalog's
key pose and form rules), without what needs time: no smoothing, no repetitions or holds. What a still
pose can tell: whether the body is in the exercise's position and shape, whether the drive angle is past
the movement's top (or inside the stretch), and which form rules it breaks. Checks of any phase apply to
it; those of a repetition's top only when the photo shows the top.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from psoas.catalog import AngleCheck, AngleName, CameraMode, CameraSpec, Exercise, Limb, Phase
from psoas.coach.analysis import MIN_VISIBILITY, camera_spec, checkable, frame_reasons, hide_unseen
from psoas.coach.explain import seen_instead
from psoas.coach.photo_words import angle_words, read_by_words, unchecked_words
from psoas.coach.report import AngleReading, PhotoFault, PhotoMeta, PhotoReport, Quality, QualityIssue
from psoas.coach.rules import breaks, drive_series
from psoas.coach.sides import BOTH
from psoas.vision.camera import fix_leg_swaps, fix_side_swaps, view_angle
from psoas.vision.kinematics import SIDED, AngleSeries, column, compute_angles
from psoas.vision.landmarks import KEY_POINTS, Landmark, Side
from psoas.vision.models import PoseModel
from psoas.vision.people import another_person
from psoas.vision.pose import MediaPipeEstimator, PoseSequence

__all__ = ["PHOTO_REASONS", "PhotoAnalysis", "analyze_photo", "analyze_pose", "photo_pose", "photo_reasons"]

EDGE = 0.04  # a hidden joint this close to the picture's border (share of its size) is cut off, not hidden

# Why a photo cannot be read, one sentence each, in the order they are told (the first is the reason).
PHOTO_REASONS = {
    "no-person": "No person was found in the photo.",
    "two-people": "There is more than one person in the photo: take it with only the person exercising "
    "in the picture.",
    "out-of-frame": "The body is cut off ({joints} outside the picture): take the photo with the whole "
    "body in it.",
    "wrong-view": "The camera is not side-on (the body is turned {angle:.0f}° from side-on; at most 45° "
    "reads): take the photo from the side.",
    "low-visibility": "The hips and knees are hidden or unclear: take the photo with the whole body in "
    "clear view.",
}


@dataclass(frozen=True)
class PhotoAnalysis:
    report: PhotoReport
    angles: AngleSeries  # one frame
    poses: PoseSequence  # the one pose, for drawing


def _cut_off(seq: PoseSequence) -> list[Landmark]:
    """Key joints outside the picture, or hidden right at its border (BlazePose guesses those inside)."""
    pts, vis = seq.image[0], seq.visibility[0]
    margin = EDGE * max(seq.width, seq.height)
    out = []
    for j in KEY_POINTS:
        x, y = pts[j]
        outside = not (0 <= x <= seq.width and 0 <= y <= seq.height)
        border = min(x, y, seq.width - x, seq.height - y) <= margin
        if outside or (border and vis[j] < MIN_VISIBILITY):
            out.append(Landmark(j))
    return out


def _joint_names(joints: list[Landmark]) -> str:
    names = sorted({j.name.split("_", 1)[1].lower() + "s" for j in joints})
    return " and ".join(names) if len(names) < 3 else ", ".join(names[:-1]) + " and " + names[-1]


def photo_reasons(seq: PoseSequence, angles: AngleSeries, spec: CameraSpec, *, others: bool) -> list[str]:
    """Why this one-frame pose cannot be read, as sentences (empty when it can), the main reason first."""
    if not seq.found[0]:
        return [PHOTO_REASONS["no-person"]]
    flags = {code: bool(mask[0]) for code, mask in frame_reasons(seq, angles, spec).items()}
    cut = _cut_off(seq)
    flags |= {"two-people": others, "out-of-frame": flags["out-of-frame"] or bool(cut)}
    turned = float(view_angle(seq.world)[0])
    return [
        PHOTO_REASONS[code].format(joints=_joint_names(cut), angle=turned)
        for code in PHOTO_REASONS
        if flags.get(code)
    ]


def _towards(spec: CameraSpec, value: float, than: float) -> bool:
    """Whether `value` lies at or beyond `than` in the direction the exercise moves towards."""
    return value >= than if spec.rising else value <= than


def _value(angles: AngleSeries, angle: AngleName, limb: Limb | None, side: Side | None) -> float | None:
    v = float(drive_series(angles, angle, limb, side)[0])
    return v if np.isfinite(v) else None


def _working(spec: CameraSpec, angles: AngleSeries, chosen: Side | None) -> Side | None:
    """The leg the photo shows working: the chosen one, else the one whose drive angle lies furthest
    towards the exercise's target (the lifted leg, the stretched hip); None for two-legged work."""
    if spec.bilateral:
        return None
    if chosen is not None:
        return chosen
    seen = {s: v for s in Side if (v := _value(angles, spec.angle, spec.limb, s)) is not None}
    if not seen:
        return None
    return max(seen, key=lambda s: seen[s] if spec.rising else -seen[s])


def _target(spec: CameraSpec) -> float | None:
    return spec.target_deg if spec.mode is CameraMode.REPS else spec.enter_deg


def _applies(check: AngleCheck, at_target: bool | None) -> bool:
    """A top-of-repetition check judges a photo of the top only; any other phase judges any still pose."""
    return check.phase is not Phase.TOP or bool(at_target)


def _breaks(check: AngleCheck, value: float | None) -> bool:
    return value is not None and bool(breaks(check, np.array([value]))[0])


@dataclass(frozen=True)
class _Pose:
    """What the exercise's rules read from the still pose."""

    side: Side | None
    drive: float | None
    at_target: bool | None
    shaped: bool


def _read(spec: CameraSpec, angles: AngleSeries, chosen: Side | None) -> _Pose:
    side = _working(spec, angles, chosen)
    drive = _value(angles, spec.angle, spec.limb, side)
    target = _target(spec)
    at_target = None if drive is None or target is None else _towards(spec, drive, target)
    shaped = not any(
        _breaks(c, _value(angles, c.angle, c.limb, side)) for c in spec.key_pose if _applies(c, at_target)
    )
    return _Pose(side, drive, at_target, shaped)


def _leg(angle: AngleName, limb: Limb | None, side: Side | None) -> str | None:
    """Which leg an angle is read on, for people: "left", "right", "both" (averaged) or None (whole body)."""
    if angle not in SIDED:
        return None
    if side is None:
        return BOTH
    return (side.other if limb is Limb.OTHER else side).value


def _faults(
    exercise: Exercise, angles: AngleSeries, pose: _Pose
) -> tuple[tuple[PhotoFault, ...], tuple[str, ...]]:
    """The faults the pose shows, and the codes of checks this photo cannot judge."""
    found, unjudged = [], []
    for fault in exercise.faults:
        check = fault.check
        if check is None or not _applies(check, pose.at_target):
            continue
        value = _value(angles, check.angle, check.limb, pose.side)
        if not checkable(check, angles.view) or value is None:
            unjudged.append(fault.code)
        elif _breaks(check, value):
            found.append(
                PhotoFault(
                    fault.code,
                    fault.description,
                    fault.cue,
                    _leg(check.angle, check.limb, pose.side),
                    check.angle.value,
                    value,
                    check.min_deg,
                    check.max_deg,
                )
            )
    return tuple(found), tuple(unjudged)


def _reading(
    angles: AngleSeries, angle: AngleName, limb: Limb | None, side: Side | None, by: str
) -> AngleReading:
    leg = _leg(angle, limb, side)
    name = column(angle, Side(leg)) if leg in ("left", "right") else angle.value
    seen = checkable(AngleCheck(angle=angle, min_deg=0), angles.view)  # pelvis level: front view only
    return AngleReading(name, angle.value, leg, _value(angles, angle, limb, side) if seen else None, (by,))


def _readings(
    exercise: Exercise, spec: CameraSpec, angles: AngleSeries, side: Side | None
) -> tuple[AngleReading, ...]:
    """The drive angle, the key pose's angles and each checked fault's angle, once each."""
    wanted: list[tuple[AngleName, Limb | None, str]] = [(spec.angle, spec.limb, "drive")]
    wanted += [(c.angle, c.limb, "key pose") for c in spec.key_pose]
    wanted += [(f.check.angle, f.check.limb, f.code) for f in exercise.faults if f.check is not None]
    out: dict[str, AngleReading] = {}
    for angle, limb, by in wanted:
        r = _reading(angles, angle, limb, side, by)
        old = out.get(r.name)
        out[r.name] = r if old is None else replace(old, used_by=(*old.used_by, by))
    return tuple(
        replace(r, label=angle_words(r.angle), read_by=read_by_words(r.used_by, exercise, spec))
        for r in out.values()
    )


def _notes(exercise: Exercise, spec: CameraSpec, pose: _Pose, faults: tuple[PhotoFault, ...]) -> list[str]:
    """What the photo shows in words: not the exercise's shape, not at its top, or in good form."""
    name = exercise.name.lower()
    if not pose.shaped:
        return [f"This is not the shape of {name}: {spec.key_pose_cue}."]
    target = _target(spec)
    if pose.at_target is False and pose.drive is not None and target is not None:
        angle = spec.angle.value.replace("_", " ")
        where = "the top of the movement" if spec.mode is CameraMode.REPS else "the stretch"
        bound = "or more" if spec.rising else "or less"
        return [
            f"Not at {where} of {name} ({angle} {pose.drive:.0f}°; {where} is at {target:.0f}° {bound}): "
            f"{spec.range_cue}."
        ]
    if pose.at_target and not faults:
        return [f"In the position of {name}, with none of the faults the camera checks."]
    return []


def _quality(spec: CameraSpec, angles: AngleSeries, reasons: list[str], exercise: Exercise) -> Quality:
    """Valid when the photo can be read and the body is in one of the exercise's positions."""
    position = angles.position[0] if len(angles.position) else None
    issues = [QualityIssue("unusable", r, 1, 1.0) for r in reasons]
    in_position = not reasons and position in spec.positions
    if not reasons and position is not None and not in_position:
        issues.append(
            QualityIssue(
                "wrong-exercise",
                seen_instead(position, exercise, spec.positions),
                1,
                1.0,
            )
        )
    usable = 0.0 if reasons else 1.0
    seen = position.value if position and not reasons else None
    return Quality(in_position, usable, angles.view.value, seen, float(in_position), tuple(issues))


def analyze_pose(
    seq: PoseSequence, exercise: Exercise, *, side: Side | None = None, others: bool = False
) -> PhotoAnalysis:
    """Check one still pose (a one-frame sequence) against one exercise (pure: same pose, same report).
    `others` says whether another person was found in the picture."""
    spec = camera_spec(exercise)
    seq = fix_leg_swaps(fix_side_swaps(seq)[0])[0]
    angles = hide_unseen(compute_angles(seq), seq)
    reasons = photo_reasons(seq, angles, spec, others=others)
    quality = _quality(spec, angles, reasons, exercise)
    pose = _read(spec, angles, side)
    label = pose.side.value if pose.side else BOTH
    judged = quality.valid and pose.shaped
    faults, unjudged = _faults(exercise, angles, pose) if judged else ((), ())
    report = PhotoReport(
        exercise=exercise.id,
        photo=PhotoMeta(seq.width, seq.height),
        quality=quality,
        working_side=label if quality.valid else None,
        angle_source=angles.source,
        matches=quality.valid and pose.shaped,
        at_target=pose.at_target if quality.valid else None,
        angles=_readings(exercise, spec, angles, pose.side) if quality.valid else (),
        faults=faults,
        not_checked=unjudged,
        unchecked=tuple(unchecked_words(code, exercise, angles.view) for code in unjudged),
        notes=tuple(_notes(exercise, spec, pose, faults)) if quality.valid else (),
    )
    return PhotoAnalysis(report, angles, seq)


def analyze_photo(
    rgb: NDArray[np.uint8],
    exercise: Exercise,
    *,
    side: Side | None = None,
    model: PoseModel = PoseModel.FULL,
) -> PhotoAnalysis:
    """Run BlazePose on one picture (still-image mode), look for a second person, and check the pose."""
    camera_spec(exercise)  # refuse unsupported exercises before loading the model
    seq, others = photo_pose(rgb, model=model)
    return analyze_pose(seq, exercise, side=side, others=others)


def photo_pose(rgb: NDArray[np.uint8], *, model: PoseModel = PoseModel.FULL) -> tuple[PoseSequence, bool]:
    """The picture's pose as a one-frame sequence, and whether another person is in it."""
    h, w = rgb.shape[:2]
    with MediaPipeEstimator(model=model, static_images=True) as estimator:
        pose = estimator.estimate(rgb, 0.0)
        others = pose is not None and another_person(rgb, pose, estimator)
    return PoseSequence.stack([0.0], [pose], width=w, height=h), others
