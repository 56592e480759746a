"""Sitting, standing or away from one camera look: a pure classifier over one pose, and a smoother.

The break page looks once every few seconds (opt-in); each look is one frame, one BlazePose pose, one
`Look`. Nothing here keeps a frame: a look is three numbers.

Two ways to read a pose, chosen by what the camera sees:
- LEGS: both hips and at least one knee in view (a webcam across the room, a phone on a shelf). Three cues
  vote: the thigh's direction in the picture (how far the lower knee hangs below the hips, in trunk
  lengths: a seated thigh is roughly level, a standing one hangs straight down), hip flexion (about 90°
  seated, near 0° standing) and knee flexion (about 90° on a chair; a straight knee votes for nothing,
  since people also sit with their legs out). The straighter leg is read, so a knee raise while standing
  still reads standing.
- SHOULDERS: only the upper body in view (typical laptop framing). Standing up lifts the shoulders in the
  picture by about a trunk length, far more than shifting in a chair. Without a calibrated seated
  position there is nothing to compare with, and the look says unknown (posture None) rather than guess.
A look with no person, or too few landmarks seen, is AWAY.

Unknown (None) is no information: the smoother keeps the last posture and the page posts nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from psoas.vision.kinematics import compute_angles
from psoas.vision.landmarks import SIDE_JOINTS, Landmark, Side
from psoas.vision.pose import Pose, PoseSequence

__all__ = [
    "THRESHOLDS",
    "Basis",
    "Look",
    "Posture",
    "Seated",
    "Thresholds",
    "classify",
    "settle",
    "shoulders_of",
]


class Posture(StrEnum):
    """The same strings as the break schedule's camera signals (see the breaks contract)."""

    SITTING = "sitting"
    STANDING = "standing"
    AWAY = "away"


class Basis(StrEnum):
    """What a look was read from."""

    NO_PERSON = "no-person"
    TOO_FEW = "too-few-landmarks"
    LEGS = "legs"
    SHOULDERS = "shoulders"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Thresholds:
    """Limits of the classifier, with why each value.

    Seen side-on, a thigh of ~0.8 trunk lengths hangs ~0.8 trunk lengths below the hip when standing and
    ~0 when seated (thigh level); seen from the front, a seated thigh points at the camera, so the knee
    again sits about level with the hip in the picture. The drop limits leave a wide band between.
    """

    min_visibility: float = 0.5  # BlazePose's own "in view" cut-off, as the coach's quality gate uses
    min_landmarks: int = 3  # fewer of nose, shoulders and hips seen than this: nobody really there
    seated_drop: float = 0.35  # lower knee at most this many trunk lengths below the hips: thigh ~level
    standing_drop: float = 0.6  # at least this: thigh within ~40° of hanging straight down
    seated_hip_deg: float = 60.0  # the straighter hip flexed at least this: sitting (a chair is ~90°)
    standing_hip_deg: float = 30.0  # at most this: standing (upright is ~0°; a stride adds ~20°)
    seated_knee_deg: float = 60.0  # both seen knees bent at least this: sitting on a chair (~90°)
    standing_knee_deg: float = 30.0  # the straighter knee at most this under a hanging thigh: standing
    lying_tilt_deg: float = 55.0  # trunk further than this from vertical with no leg hanging: no reading
    standing_rise: float = 0.8  # shoulders this many shoulder widths above the seated ones: stood up
    seated_band: float = 0.3  # shoulders within this many shoulder widths of the seated ones: sitting
    min_shoulder_width: float = 0.1  # calibrated shoulders narrower (share of the frame's width): side-on
    #   or far away, where a rise counted in shoulder widths is noise; a laptop user's span ~0.25-0.5
    width_change: float = 1.5  # shoulders this many times wider or narrower than calibrated: the person
    #   moved nearer or further (or turned), and the seated height no longer compares
    no_person_confidence: float = 0.9  # the detector misses people now and then in poor light
    too_few_confidence: float = 0.6  # a hand or a shoulder at the frame's edge: probably leaving


THRESHOLDS = Thresholds()
# The landmarks a person at a desk shows in nearly any framing.
CORE = (Landmark.NOSE, Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER, Landmark.LEFT_HIP, Landmark.RIGHT_HIP)


@dataclass(frozen=True)
class Seated:
    """The calibrated seated position for upper-body framing: shoulder centre height and shoulder width,
    both as fractions of the frame's height and width (so any frame size compares)."""

    shoulder_y: float
    shoulder_width: float


@dataclass(frozen=True)
class Look:
    posture: Posture | None  # None: unknown, no information
    confidence: float  # 0–1
    basis: Basis

    def to_dict(self) -> dict[str, object]:
        posture = None if self.posture is None else self.posture.value
        return {"posture": posture, "confidence": round(self.confidence, 2), "basis": self.basis.value}


def _seen(pose: Pose, points: Sequence[Landmark], limits: Thresholds) -> bool:
    return bool(np.all(pose.visibility[list(points)] >= limits.min_visibility))


def shoulders_of(pose: Pose, size: tuple[int, int], limits: Thresholds = THRESHOLDS) -> Seated | None:
    """Where the shoulders are in the picture (as a `Seated` calibration would hold them), if both seen."""
    pair = (Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER)
    if not _seen(pose, pair, limits):
        return None
    left, right = pose.image[Landmark.LEFT_SHOULDER], pose.image[Landmark.RIGHT_SHOULDER]
    width = float(np.linalg.norm(left - right)) / size[0]
    return Seated(float((left[1] + right[1]) / 2) / size[1], width)


def _legs_seen(pose: Pose, limits: Thresholds) -> list[Side]:
    return [s for s in Side if _seen(pose, (SIDE_JOINTS[s].hip, SIDE_JOINTS[s].knee), limits)]


def _votes(pose: Pose, legs: list[Side], limits: Thresholds) -> tuple[int, int, bool]:
    """Sitting votes, standing votes, and whether the knee could vote (an ankle was seen)."""
    hips = (pose.image[Landmark.LEFT_HIP] + pose.image[Landmark.RIGHT_HIP]) / 2
    shoulders = (pose.image[Landmark.LEFT_SHOULDER] + pose.image[Landmark.RIGHT_SHOULDER]) / 2
    trunk = shoulders - hips
    length = float(np.linalg.norm(trunk))
    if length == 0:
        return 0, 0, False  # shoulders on the hips: a broken pose, not a posture
    angles = compute_angles(PoseSequence.stack([pose.t], [pose], width=1, height=1))
    tilt = float(np.degrees(np.arctan2(abs(trunk[0]), -trunk[1])))
    drop = max(float(pose.image[SIDE_JOINTS[s].knee][1] - hips[1]) for s in legs) / length
    hip = min(float(angles[f"hip_flexion_{s.value}"][0]) for s in legs)
    sit = int(drop <= limits.seated_drop) + int(hip >= limits.seated_hip_deg)
    stand = int(drop >= limits.standing_drop) + int(hip <= limits.standing_hip_deg)
    shins = [s for s in legs if _seen(pose, (SIDE_JOINTS[s].ankle,), limits)]
    if shins:
        knee = min(float(angles[f"knee_flexion_{s.value}"][0]) for s in shins)
        sit += int(knee >= limits.seated_knee_deg)
        # A straight knee under a hanging thigh is a standing leg; under a level one, legs out on the floor.
        stand += int(knee <= limits.standing_knee_deg and drop >= limits.standing_drop)
    if tilt > limits.lying_tilt_deg and drop < limits.standing_drop:
        return 0, 0, len(shins) > 0  # lying or folded over with no leg hanging: neither sitting nor standing
    return sit, stand, len(shins) > 0


def _from_legs(pose: Pose, legs: list[Side], limits: Thresholds) -> Look:
    sit, stand, knee_voted = _votes(pose, legs, limits)
    if sit == stand:
        return Look(None, 0.0, Basis.UNKNOWN)
    used = [Landmark.LEFT_HIP, Landmark.RIGHT_HIP] + [SIDE_JOINTS[s].knee for s in legs]
    seen = float(np.mean(pose.visibility[used]))
    # The margin over all the cues that could vote: a cue that abstains makes the look less sure.
    margin = abs(sit - stand) / (3 if knee_voted else 2)
    return Look(Posture.SITTING if sit > stand else Posture.STANDING, margin * seen, Basis.LEGS)


def _from_shoulders(pose: Pose, size: tuple[int, int], seated: Seated, limits: Thresholds) -> Look:
    now = shoulders_of(pose, size, limits)
    if now is None or seated.shoulder_width < limits.min_shoulder_width:
        return Look(None, 0.0, Basis.UNKNOWN)
    if not 1 / limits.width_change <= now.shoulder_width / seated.shoulder_width <= limits.width_change:
        return Look(None, 0.0, Basis.UNKNOWN)
    # In shoulder widths of the seated calibration: the same body at the same distance.
    rise = (seated.shoulder_y - now.shoulder_y) * size[1] / (seated.shoulder_width * size[0])
    seen = float(np.mean(pose.visibility[[Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER]]))
    if rise >= limits.standing_rise:
        return Look(Posture.STANDING, min(1.0, rise / (2 * limits.standing_rise)) * seen, Basis.SHOULDERS)
    if abs(rise) <= limits.seated_band:
        return Look(Posture.SITTING, (1.0 - abs(rise) / (2 * limits.seated_band)) * seen, Basis.SHOULDERS)
    return Look(None, 0.0, Basis.UNKNOWN)


def classify(
    pose: Pose | None,
    size: tuple[int, int],
    *,
    seated: Seated | None = None,
    limits: Thresholds = THRESHOLDS,
) -> Look:
    """One look: the posture, how sure, and what it was read from. `size` is the frame's (width, height);
    `seated` the calibrated seated shoulders, used only when the legs are out of view."""
    if pose is None:
        return Look(Posture.AWAY, limits.no_person_confidence, Basis.NO_PERSON)
    if sum(_seen(pose, (p,), limits) for p in CORE) < limits.min_landmarks:
        return Look(Posture.AWAY, limits.too_few_confidence, Basis.TOO_FEW)
    legs = _legs_seen(pose, limits)
    hips = _seen(pose, (Landmark.LEFT_HIP, Landmark.RIGHT_HIP), limits)
    shoulders = _seen(pose, (Landmark.LEFT_SHOULDER, Landmark.RIGHT_SHOULDER), limits)
    if hips and shoulders and legs:
        return _from_legs(pose, legs, limits)
    if seated is not None:
        return _from_shoulders(pose, size, seated, limits)
    return Look(None, 0.0, Basis.UNKNOWN)


def settle(looks: Sequence[Posture | None], *, current: Posture | None, agree: int = 2) -> Posture | None:
    """The posture after these looks (oldest first): it changes only when the last `agree` looks all name
    the same new posture; an unknown look breaks a run but never changes the posture by itself."""
    last = list(looks[-agree:])
    if len(last) == agree and last[0] is not None and all(p is last[0] for p in last):
        return last[0]
    return current
