"""How the camera follows an exercise, as catalog data: the angles it reads, the checks on them, and the
spec that says what counts as a repetition or a hold."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal, Self

from pydantic import Field, model_validator

from psoas.catalog.base import Position, Text, _Frozen

__all__ = [
    "AngleCheck",
    "AngleName",
    "CameraMode",
    "CameraSpec",
    "Direction",
    "Limb",
    "Phase",
    "SideMode",
]


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
    # The working foot leaves the floor at the start of each repetition (a standing knee raise): where
    # the model's left and right needed repair, the side is read at lift-off (coach.liftoff).
    side_at_lift_off: bool = False
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
