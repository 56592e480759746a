"""Typed, immutable shapes of the catalog's exercises: doses, faults, camera specs, safety.

The data lives in TOML files beside this module (``data/``); these models validate it once at load time,
so the rest of psoas can trust every field.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

__all__ = [
    "Adaptation",
    "Amount",
    "AngleCheck",
    "AngleName",
    "CameraMode",
    "CameraSpec",
    "Category",
    "Condition",
    "ConditionInfo",
    "Direction",
    "Dose",
    "Exercise",
    "Fault",
    "Gear",
    "HipPose",
    "Intensity",
    "Limb",
    "ModelPose",
    "Modifications",
    "Phase",
    "Position",
    "Range",
    "Safety",
    "SideMode",
]

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
SeedId = Annotated[str, StringConstraints(pattern=r"^\d{3}_[0-9a-f]{16}$")]
Text = Annotated[str, StringConstraints(min_length=2, strip_whitespace=True)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Category(StrEnum):
    STRETCH = "stretch"
    STRENGTH = "strength"
    MOBILITY = "mobility"
    RELAXATION = "relaxation"
    WARM_UP = "warm-up"
    HABIT = "habit"


class Intensity(StrEnum):
    """How demanding an exercise is; plans balance intense work with gentle, restorative work."""

    GENTLE = "gentle"
    MODERATE = "moderate"
    INTENSE = "intense"


class Position(StrEnum):
    STANDING = "standing"
    KNEELING = "kneeling"
    HALF_KNEELING = "half-kneeling"
    LYING_ON_BACK = "lying-on-back"
    SITTING = "sitting"
    WALKING = "walking"
    ANY = "any"
    # Positions the camera tells apart for held poses (an exercise's own `position` stays the plain one).
    LUNGE = "lunge"  # standing, legs split: front knee bent, back leg long with the foot on the floor
    V_SIT = "v-sit"  # balancing on the sitting bones, thighs and feet lifted (boat)
    KNEELING_BACK_BEND = "kneeling-back-bend"  # kneeling upright, thighs upright, trunk leaning back
    FLOOR_PIGEON = "floor-pigeon"  # front shin folded on the floor, back leg long behind, hips low
    SEATED_SIDE_BEND = "seated-side-bend"  # seen from the front: seated, trunk bent to one side
    # Trunk along the floor but the face turned down or to the side (a plank, lying on the front or on
    # one side, a pigeon folded forward): not lying on the back. No exercise is done in it; the camera
    # names it so a back-lying exercise is not counted there.
    FACE_DOWN = "face-down"


class Condition(StrEnum):
    """A condition the planner enforces: exercises list the ones they are left out with, or adapted for.

    Every value but PREGNANCY_LATE is a limitation a person can record in the profile; PREGNANCY_LATE
    (after about 20 weeks) follows from the due date."""

    KNEE_PAIN = "knee-pain"
    LOW_BACK_PAIN = "low-back-pain"
    BALANCE = "balance"
    PREGNANCY = "pregnancy"
    PREGNANCY_LATE = "pregnancy-late"
    HIP_REPLACEMENT = "hip-replacement"
    OSTEOPOROSIS = "osteoporosis"
    SPONDYLOLISTHESIS = "spondylolisthesis"
    SPINAL_STENOSIS = "spinal-stenosis"
    SCIATICA = "sciatica"
    HERNIA = "hernia"
    POSTPARTUM = "postpartum"


class ConditionInfo(_Frozen):
    """What psoas says about a condition: its name in a sentence and the advice the plan notes carry."""

    id: Condition
    name: Text
    advice: Text


class Gear(StrEnum):
    """Equipment an exercise cannot be done without (a mat or a towel is always assumed to be at hand)."""

    BED = "bed"
    CHAIR = "chair"
    CUSHION = "cushion"
    BLOCK = "block"


class AngleName(StrEnum):
    """Angles a camera can estimate, all in degrees (conventions fixed here, used by kinematics).

    hip_flexion: thigh relative to trunk; 0 in upright standing, positive flexed, negative extended.
    knee_flexion: 0 with the leg straight, about 90 at a right angle.
    trunk_lean: trunk from vertical in the sagittal plane; positive forward, negative backward.
    thigh_elevation: thigh from horizontal; positive with the knee above the hip.
    thigh_swing: thigh from the vertical below the hip, in the sagittal plane, against gravity: 0
        hanging straight down, positive with the knee in front of the hip, negative behind it (a pigeon's
        back leg reads about -60 to -90 whether the trunk is upright or folded forward over the front
        leg, where hip flexion, measured from the trunk, goes to 0).
    pelvis_level: tilt of the line between the hips from horizontal (front view); 0 when square.
    hip_lift: lying, how far the hips rise off the floor, seen from the shoulders: the angle between the
        floor line (shoulders to the lower ankle) and the line to the hips; 0 with the hips down.
    neck_flexion: the face's direction (ears to nose) against the perpendicular of the trunk's line;
        positive with the chin down towards the chest, negative with the head thrown back (the face turned
        up along the trunk); a relaxed upright head reads about 15–25 (the nose sits below the ears).
    side_bend: front view, the trunk's sideways bend from the perpendicular of the hip line, per side: the
        side named is the flank being lengthened (leaning to the left stretches the right side, so
        side_bend_right is positive and side_bend_left negative); NaN when the hips are seen side-on.
    trunk_rotation: the shoulder line turned against the hip line about the trunk's axis (world
        landmarks), per side: positive when the trunk turns towards that side (the other shoulder comes
        across, as the right elbow does towards the left knee in a bicycle crunch).
    """

    HIP_FLEXION = "hip_flexion"
    KNEE_FLEXION = "knee_flexion"
    TRUNK_LEAN = "trunk_lean"
    THIGH_ELEVATION = "thigh_elevation"
    THIGH_SWING = "thigh_swing"
    PELVIS_LEVEL = "pelvis_level"
    HIP_LIFT = "hip_lift"
    NECK_FLEXION = "neck_flexion"
    SIDE_BEND = "side_bend"
    TRUNK_ROTATION = "trunk_rotation"


class Limb(StrEnum):
    """Which leg an angle is read on: the one being worked or stretched, or the other one."""

    WORKING = "working"
    OTHER = "other"


class Phase(StrEnum):
    """When a check applies: throughout, during a hold, or at the top of each repetition."""

    ANY = "any"
    HOLD = "hold"
    TOP = "top"


class Range(_Frozen):
    """An inclusive range of whole numbers (seconds, reps, sets, days)."""

    min: int = Field(ge=0)
    max: int = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.min > self.max:
            raise ValueError(f"min ({self.min}) must not exceed max ({self.max})")
        return self

    def __str__(self) -> str:
        return str(self.min) if self.min == self.max else f"{self.min}–{self.max}"


class Amount(_Frozen):
    """A beginner's own amount, in place of the dose's holds, reps and sets (a beginner's bridge is a few
    short holds, not repetitions); rest_s, when given, replaces the dose's rest."""

    hold_s: Range | None = None
    reps: Range | None = None
    sets: Range | None = None
    rest_s: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _has_amount(self) -> Self:
        if self.hold_s is None and self.reps is None:
            raise ValueError("a beginner's amount needs hold_s or reps")
        return self


class Dose(_Frozen):
    """How much: holds, reps, sets, or a duration; per side or not; rest; how often per week.

    `basis` says where the numbers come from: "seed" when a seed article gives them, "convention" when
    the seeds name the exercise without a dose and we use a common conservative starting dose.
    """

    hold_s: Range | None = None
    reps: Range | None = None
    sets: Range | None = None
    duration_s: Range | None = None
    per_side: bool
    rest_s: int = Field(ge=0)
    per_week: Range
    basis: Literal["seed", "convention"]
    note: str = ""
    beginner: Amount | None = None  # a beginner's amount, when it differs from the range's low end

    @model_validator(mode="after")
    def _has_amount(self) -> Self:
        if self.hold_s is None and self.reps is None and self.duration_s is None:
            raise ValueError("a dose needs at least one of hold_s, reps or duration_s")
        if self.per_week.max > 7 or self.per_week.min < 1:
            raise ValueError("per_week must lie between 1 and 7 days")
        return self


class AngleCheck(_Frozen):
    """A camera check: the angle must stay within [min_deg, max_deg] during `phase`."""

    angle: AngleName
    limb: Limb | None = None
    min_deg: float | None = None
    max_deg: float | None = None
    phase: Phase = Phase.ANY

    @model_validator(mode="after")
    def _bounded(self) -> Self:
        if self.min_deg is None and self.max_deg is None:
            raise ValueError("an angle check needs min_deg, max_deg or both")
        if self.min_deg is not None and self.max_deg is not None and self.min_deg > self.max_deg:
            raise ValueError("min_deg must not exceed max_deg")
        return self


class Fault(_Frozen):
    """A common mistake, the cue that fixes it, and (where a camera could see it) the check."""

    code: Slug
    description: Text
    cue: Text
    joint: str | None = None
    check: AngleCheck | None = None


class CameraMode(StrEnum):
    REPS = "reps"
    HOLD = "hold"


class SideMode(StrEnum):
    """How the legs share the work: together, all reps on one side then the other, or taking turns."""

    BILATERAL = "bilateral"
    ONE_SIDED = "one-sided"
    ALTERNATING = "alternating"


class Direction(StrEnum):
    """Which way the drive angle moves towards the exercise's target."""

    RISING = "rising"
    FALLING = "falling"


class HipPose(_Frozen):
    """One hip's angles in the psoas model's terms (degrees): flexion + forward, adduction + inwards,
    rotation + inwards."""

    flexion_deg: float = Field(ge=-90, le=150)
    adduction_deg: float = Field(default=0.0, ge=-60, le=60)
    rotation_deg: float = Field(default=0.0, ge=-90, le=90)


class ModelPose(_Frozen):
    """The target pose of a stretch, for the psoas model: the stretched leg and the other one.

    These angles are our estimate of a typical pose, not numbers from the seeds; `note` says what they
    assume."""

    stretched: HipPose
    other: HipPose
    note: Text


class CameraSpec(_Frozen):
    """How the camera follows an exercise: one drive angle, counted as repetitions or timed as holds.

    Repetitions are excursions from the person's own rest position towards the target and back: at least
    `min_range_deg` of movement in `direction`, with the top past `target_deg` when given; movements of
    at least `partial_range_deg` that fall short are reported as partial. `min_s`/`max_s` bound one
    repetition's duration (tempo), or give a hold's shortest time.

    Holds are stays inside a region of the drive angle, entered when it passes `enter_deg` and left when it
    passes `exit_deg` on the way back (hysteresis), while the body is still: the tracked angles change
    slower than `still_deg_s` and swing less than `sway_deg` over a few seconds.

    `sides` says whether the legs work together (both averaged), one side per set, or in turns; the
    working side is found from the movement. `limb` says on which leg, relative to the working one, the
    drive angle is read.
    """

    mode: CameraMode
    positions: tuple[Position, ...] = Field(min_length=1)
    view: Literal["side", "front", "any"] = "side"  # "front": a sideways bend is only seen from the front
    angle: AngleName
    limb: Limb = Limb.WORKING
    sides: SideMode = SideMode.ONE_SIDED
    direction: Direction | None = None
    min_range_deg: float | None = Field(default=None, gt=0)
    partial_range_deg: float | None = Field(default=None, gt=0)
    target_deg: float | None = None
    enter_deg: float | None = None
    exit_deg: float | None = None
    still_deg_s: float = Field(default=15.0, gt=0)
    # Holds also need the still angles to swing less than this (degrees, 10th-90th percentile) within
    # holds.SWAY_WINDOW_S: a slow rock in and out of a stretch stays under the speed limit.
    sway_deg: float = Field(default=12.0, gt=0)
    # The angles (a leg angle on both legs) whose speed decides stillness in a hold, besides the drive
    # angle on the leg timed: the hips by default; a pigeon's trunk instead (its front hip is hidden under
    # the body, and folded forward the hips' angles to the trunk are no longer the legs').
    still_angles: tuple[AngleName, ...] = (AngleName.HIP_FLEXION,)
    range_cue: Text = "move further towards the target position"  # said when movements fall short
    # The shape that makes a movement this exercise, checked at each repetition's top or over each hold
    # (e.g. a bridge's knees are bent, a straight-leg raise's knee is straight); movements of another
    # shape are not counted.
    key_pose: tuple[AngleCheck, ...] = ()
    # Where a repetition starts: the drive angle at rest lies in this range (a bridge starts with the
    # feet on the floor, not from a knee hugged to the chest).
    rest_min_deg: float | None = None
    # One-leg work where the other leg must stay still and in view: a far leg hidden behind the lifted
    # one may be lifting with it (a double-leg raise), and one that moves too is another exercise
    # (flutter kicks), so such movements are not counted as this exercise's.
    other_leg_still: bool = False
    rest_max_deg: float | None = None
    key_pose_cue: Text = "this does not look like the exercise chosen"
    min_s: float = Field(default=0.6, gt=0)
    max_s: float | None = Field(default=None, gt=0)  # longer stays are not this exercise (e.g. a squat)

    @model_validator(mode="after")
    def _complete(self) -> Self:
        if self.mode is CameraMode.REPS:
            if self.direction is None or self.min_range_deg is None:
                raise ValueError("a repetition spec needs direction and min_range_deg")
            if self.partial_range_deg is not None and self.partial_range_deg > self.min_range_deg:
                raise ValueError("partial_range_deg must not exceed min_range_deg")
            return self
        if self.enter_deg is None or self.exit_deg is None:
            raise ValueError("a hold spec needs enter_deg and exit_deg")
        if self.enter_deg == self.exit_deg:
            raise ValueError("enter_deg and exit_deg must differ (they form the hysteresis band)")
        return self

    @property
    def rising(self) -> bool:
        if self.direction is not None:
            return self.direction is Direction.RISING
        assert self.enter_deg is not None and self.exit_deg is not None
        return self.enter_deg > self.exit_deg

    @property
    def bilateral(self) -> bool:
        return self.sides is SideMode.BILATERAL


class Modifications(_Frozen):
    beginner: tuple[Text, ...] = Field(min_length=1)
    advanced: tuple[Text, ...] = Field(min_length=1)


class Adaptation(_Frozen):
    """With this condition the exercise stays in the plan, carrying this note."""

    when: Condition
    note: Text


class Safety(_Frozen):
    """`avoid_with`: the planner leaves the exercise out for anyone with one of these conditions;
    `adapt`: it keeps it, with the note. The contraindications say the same in words."""

    stop_if: tuple[Text, ...] = Field(min_length=1)
    contraindications: tuple[Text, ...] = ()
    notes: tuple[Text, ...] = ()
    avoid_with: tuple[Condition, ...] = ()
    adapt: tuple[Adaptation, ...] = ()

    @model_validator(mode="after")
    def _avoid_or_adapt(self) -> Self:
        both = set(self.avoid_with) & {a.when for a in self.adapt}
        if both:
            raise ValueError(
                f"a condition is either avoided or adapted for, not both: {sorted(c.value for c in both)}"
            )
        return self

    def adaptations(self, conditions: frozenset[Condition]) -> tuple[str, ...]:
        return tuple(a.note for a in self.adapt if a.when in conditions)


class Exercise(_Frozen):
    """One exercise or practice from the seeds, in our own words."""

    id: Slug
    name: Text
    aliases: tuple[Text, ...] = ()
    category: Category
    intensity: Intensity
    position: Position
    equipment: tuple[Text, ...] = ()
    requires: tuple[Gear, ...] = ()
    summary: Text
    steps: tuple[Text, ...] = Field(min_length=1)
    dose: Dose
    cues: tuple[Text, ...] = Field(min_length=1)
    faults: tuple[Fault, ...] = ()
    benefits: tuple[Text, ...] = Field(min_length=1)
    modifications: Modifications
    safety: Safety
    sources: tuple[SeedId, ...] = Field(min_length=1)
    camera: CameraSpec | None = None
    # Why the camera does not follow an exercise without a camera spec (breathing has no movement it
    # could see): shown where the camera coach would be offered.
    camera_note: Text | None = None
    model_pose: ModelPose | None = None
    # Variants of one position share a family (the kneeling, half-kneeling and standing lunge stretches):
    # a day's session holds at most one exercise of each family.
    family: Slug | None = None
    # A harder variant: planned only past beginner and from `after_weeks` weeks into the plan, when the
    # easier exercise it progresses from has had time to build the strength for it.
    progression_of: Slug | None = None
    after_weeks: int = Field(default=0, ge=0)

    @model_validator(mode="after")
    def _unique_fault_codes(self) -> Self:
        codes = [f.code for f in self.faults]
        if len(codes) != len(set(codes)):
            raise ValueError(f"fault codes must be unique, got {codes}")
        return self

    @model_validator(mode="after")
    def _camera_or_why_not(self) -> Self:
        if (self.camera is None) == (self.camera_note is None):
            raise ValueError(
                "an exercise needs either a [camera] spec or a camera_note saying why not, not both"
            )
        return self
