"""What a camera report's numbers mean, in words, for the CLI and the web alike; and what a clip or photo
showed instead when it was not the exercise chosen."""

from __future__ import annotations

from collections.abc import Sequence

from psoas.catalog import AngleName, Exercise, Position, default_catalog
from psoas.errors import PsoasError

__all__ = [
    "ANGLE_MEANING",
    "exercise_name",
    "explain_numbers",
    "filmed_from",
    "position_words",
    "seen_instead",
]

# What each drive angle's degrees mean (the conventions of catalog.models.AngleName, said plainly).
ANGLE_MEANING = {
    AngleName.HIP_FLEXION: "the hip angle: 0° with thigh and trunk in one line (standing tall, or a bridge's "
    "line from shoulders to knees), positive with the hip bent forward, negative with the thigh behind the "
    "trunk",
    AngleName.KNEE_FLEXION: "the knee angle: 0° with the leg straight, about 90° at a right angle",
    AngleName.TRUNK_LEAN: "the trunk's lean from upright: positive forward, negative backward",
    AngleName.THIGH_ELEVATION: "the thigh's angle from horizontal: positive with the knee above the hip",
    AngleName.PELVIS_LEVEL: "the tilt of the hips' line from level: 0° when square",
    AngleName.HIP_LIFT: "how far the hips rise off the floor, as an angle seen from the shoulders: "
    "0° with the hips down",
}
PSOAS_MEANING = (
    "psoas: a model's estimate of the muscle's length from the pose, not a measurement; the percentage "
    "compares it with standing upright (negative: shorter, positive: lengthened)."
)
HOLD_MEANING = "Held s: seconds still in the position; in form s: the part of them without a fault."


# How a person says each position: after "this looks like", and after "which is done".
_LOOKS_LIKE = {
    "lying-on-back": "lying on the back",
    "any": "any position",
    "lunge": "a lunge",
    "v-sit": "a V-sit, balanced on the sitting bones",
    "kneeling-back-bend": "kneeling with the trunk leaning back",
    "floor-pigeon": "a pigeon on the floor",
    "seated-side-bend": "a seated side bend",
    "face-down": "lying face down or on the side",
}
_DONE = {
    **_LOOKS_LIKE,
    "any": "in any position",
    "lunge": "in a lunge",
    "v-sit": "in a V-sit",
    "floor-pigeon": "in a pigeon on the floor",
    "seated-side-bend": "as a seated side bend",
}


def position_words(position: Position | str, *, done: bool = False) -> str:
    """A position as a person says it: "lunge" → "a lunge" ("in a lunge" after "done")."""
    key = str(position)
    return (_DONE if done else _LOOKS_LIKE).get(key, key.replace("-", " ") if key != "half-kneeling" else key)


def exercise_name(exercise_id: str | None) -> str:
    """An exercise's name for people; no exercise is "nothing the camera follows", and an id the catalog
    does not hold stays as it is."""
    if exercise_id is None:
        return "nothing the camera follows"
    try:
        return default_catalog().exercise(exercise_id).name
    except PsoasError:
        return exercise_id


def filmed_from(view: str) -> str:
    """The camera's angle as a person says it: "filmed from the side", "filmed from an angle"."""
    return "filmed from an angle" if view == "oblique" else f"filmed from the {view}"


def seen_instead(seen: Position | str, exercise: Exercise, wanted: Sequence[Position]) -> str:
    """One sentence for a clip or photo of another exercise: what it looks like, and why it is not the
    one chosen."""
    positions = " or ".join(position_words(p, done=True) for p in wanted)
    name = exercise.name.lower()
    return (
        f"This looks like {position_words(seen)}, not the {name}, which is done {positions}: "
        "choose the exercise you did, or leave the exercise empty to have it recognised."
    )


def explain_numbers(exercise: Exercise, *, reps: bool, holds: bool, psoas: bool) -> tuple[str, ...]:
    """One line for each kind of number a valid report shows."""
    lines = []
    spec = exercise.camera
    if reps and spec is not None:
        meaning = ANGLE_MEANING.get(spec.angle, spec.angle.value.replace("_", " "))
        lines.append(f"Peak angle: {meaning}, read at the top of each repetition.")
    if holds:
        lines.append(HOLD_MEANING)
    if psoas:
        lines.append(PSOAS_MEANING)
    return tuple(lines)
