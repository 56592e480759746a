"""The catalog's stretches ranked by how much they lengthen the psoas in the model, in their target pose."""

from __future__ import annotations

from dataclasses import dataclass, replace

from psoas.catalog import Catalog, HipPose
from psoas.model.surrogate import MuscleLength, surrogate

__all__ = ["POSE_GUESS_DEG", "RankedStretch", "model_pose_length", "rank_stretches"]

# The target poses are our guesses, and a camera reads a hip angle about 10° off: each stretch's change
# comes with the range for its hip flexion 10° either way. That, not the surrogate's fit error (a few
# hundredths of a millimetre), is the uncertainty that matters.
POSE_GUESS_DEG = 10.0


@dataclass(frozen=True)
class RankedStretch:
    exercise_id: str
    name: str
    leg: str  # "stretched" or "other": the leg whose psoas lengthens most
    pose: HipPose
    psoas: MuscleLength
    clipped: bool  # a target angle lay outside the fitted range and was held to its edge
    note: str
    change_range_pct: tuple[float, float] = (0.0, 0.0)  # the change with the hip flexion ±POSE_GUESS_DEG

    def overlaps(self, other: RankedStretch) -> bool:
        """Within each other's range: the model cannot tell which lengthens the psoas more."""
        lo, hi = self.change_range_pct
        return lo <= other.change_range_pct[1] and other.change_range_pct[0] <= hi


def _clip(pose: HipPose) -> tuple[HipPose, bool]:
    ranges = surrogate().ranges
    values = {}
    for field, name in (
        ("flexion_deg", "hip_flexion"),
        ("adduction_deg", "hip_adduction"),
        ("rotation_deg", "hip_rotation"),
    ):
        lo, hi = ranges[name]
        values[field] = min(max(getattr(pose, field), lo), hi)
    clipped = HipPose(**values)
    return clipped, clipped != pose


def model_pose_length(pose: HipPose) -> tuple[MuscleLength, bool]:
    """The right psoas (the model is symmetric) in this hip pose, held to the fitted range."""
    inside, clipped = _clip(pose)
    length = surrogate().describe(
        "psoas", "right", inside.flexion_deg, inside.adduction_deg, inside.rotation_deg
    )
    return length, clipped


def rank_stretches(catalog: Catalog) -> list[RankedStretch]:
    """Every exercise with a model pose, most psoas lengthening first (ties by id)."""
    ranked = []
    for ex in catalog.exercises:
        if ex.model_pose is None:
            continue
        legs = []
        for leg, pose in (("stretched", ex.model_pose.stretched), ("other", ex.model_pose.other)):
            length, clipped = model_pose_length(pose)
            legs.append(RankedStretch(ex.id, ex.name, leg, pose, length, clipped, ex.model_pose.note))
        best = max(legs, key=lambda r: r.psoas.length_mm)
        ranked.append(replace(best, change_range_pct=_change_range(best.pose)))
    return sorted(ranked, key=lambda r: (-r.psoas.change_pct, r.exercise_id))


def _change_range(pose: HipPose) -> tuple[float, float]:
    """The psoas change (%) with this pose's hip flexion POSE_GUESS_DEG less and more."""
    changes = [
        model_pose_length(pose.model_copy(update={"flexion_deg": pose.flexion_deg + d}))[0].change_pct
        for d in (-POSE_GUESS_DEG, POSE_GUESS_DEG)
    ]
    return (min(changes), max(changes))
