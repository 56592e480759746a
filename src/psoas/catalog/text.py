"""Words psoas shows for catalog data (camera coaching, profile choices), in one place for the CLI and the
web."""

from __future__ import annotations

from collections.abc import Mapping

from psoas.catalog.camera_spec import CameraMode
from psoas.catalog.models import Amount, Dose, Exercise, Range

__all__ = ["camera_text", "format_dose", "format_duration", "option_text"]

VIEW_WORDS = {"side": "from the side", "front": "from the front", "any": "from the side or the front"}


def camera_text(exercise: Exercise) -> str:
    """One sentence for people: what the camera coach does with an exercise, or why it does not follow it
    (the CLI, the exercise page and the live coach's menu all say it this way)."""
    spec = exercise.camera
    if spec is None:
        return exercise.camera_note or "The camera does not follow this one."
    what = (
        "counts repetitions, per side" if spec.mode is CameraMode.REPS else "times holds, in form and still"
    )
    return f"The camera {what}: film {VIEW_WORDS[spec.view]}, whole body in the picture."


# Choices whose id alone would not say it (the others read well once the dash is a space).
_OPTION_WORDS = {
    "cancer-history": "A history of cancer",
    "steroids-or-low-immunity": "Long-term steroids, or a weakened immune system",
}


def option_text(value: str, conditions: Mapping[str, str] | None = None) -> str:
    """A profile choice in words for a form or a listing: "pain-relief" → "Pain relief"; a condition
    by its catalog name ("hip-replacement" → "A hip replacement")."""
    words = _OPTION_WORDS.get(value) or (conditions or {}).get(value) or value.replace("-", " ")
    return words[:1].upper() + words[1:]


def format_duration(seconds: Range) -> str:
    if seconds.min % 60 == 0 and seconds.max % 60 == 0:
        return f"{Range(min=seconds.min // 60, max=seconds.max // 60)} min"
    return f"{seconds} s"


def _frequency(per_week: Range) -> str:
    return "daily" if per_week.min == 7 else f"{per_week}×/week"


def format_dose(dose: Dose) -> str:
    """One line, e.g. 'hold 20–30 s × 2–3 sets, each side · daily'; with a beginner's own amount,
    e.g. '10–12 reps, 2–3 s pause at the top × 2–3 sets (beginners: 3–5 holds of 10–30 s) · 2–3×/week'."""
    if dose.reps and dose.hold_s:
        amount = [f"{dose.reps} reps", f"{dose.hold_s} s pause at the top"]
    else:
        amount = [
            *([f"{dose.reps} reps"] if dose.reps else []),
            *([f"hold {dose.hold_s} s"] if dose.hold_s else []),
            *([format_duration(dose.duration_s)] if dose.duration_s else []),
        ]
    text = ", ".join(amount)
    if dose.sets and dose.sets.max > 1:
        text += f" × {dose.sets} sets"
    if dose.per_side:
        text += ", each side"
    if dose.beginner is not None:
        text += f" (beginners: {_beginner(dose.beginner)})"
    return f"{text} · {_frequency(dose.per_week)}"


def _beginner(own: Amount) -> str:
    sets = f"{own.sets} " if own.sets else ""
    if own.reps is not None:
        return f"{sets}× {own.reps} reps"
    return f"{sets}holds of {own.hold_s} s"
