"""Typed, immutable shapes of the catalog's exercises: doses, faults, safety (camera specs in
camera_spec.py, the shared base in base.py).

The data lives in TOML files beside this module (``data/``); these models validate it once at load time,
so the rest of psoas can trust every field.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal, Self

from pydantic import Field, model_validator

from psoas.catalog.base import Position, SeedId, Slug, Text, _Frozen
from psoas.catalog.camera_spec import AngleCheck, CameraSpec

__all__ = [
    "Adaptation",
    "Amount",
    "Category",
    "Condition",
    "ConditionInfo",
    "Dose",
    "Exercise",
    "Fault",
    "Gear",
    "HipPose",
    "Intensity",
    "ModelPose",
    "Modifications",
    "Range",
    "Safety",
]


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


class Fault(_Frozen):
    """A common mistake, the cue that fixes it, and (where a camera could see it) the check."""

    code: Slug
    description: Text
    cue: Text
    joint: str | None = None
    check: AngleCheck | None = None


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
