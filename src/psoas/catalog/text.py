"""What psoas says about an exercise's camera coaching, in one place for the CLI and the web."""

from __future__ import annotations

from psoas.catalog.models import CameraMode, Exercise

__all__ = ["camera_text"]

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
