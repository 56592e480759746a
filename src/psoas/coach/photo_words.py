"""A photo check's angles and skipped checks said in words, for the CLI and the web alike (the report
keeps the ids for programs: fault codes, "drive", "key pose")."""

from __future__ import annotations

from psoas.catalog import CameraMode, CameraSpec, Exercise, Fault
from psoas.coach.analysis import checkable
from psoas.vision.kinematics import View

__all__ = ["angle_words", "read_by_words", "unchecked_words"]


def angle_words(angle: str) -> str:
    """An angle's name as the report's notes and cues say it: "hip_flexion" → "hip flexion"."""
    return angle.replace("_", " ")


def _fault_words(fault: Fault) -> str:
    """A fault's catalog description as a clause: "the pelvis turns … square"."""
    text = fault.description.strip().rstrip(".")
    return text[:1].lower() + text[1:]


def read_by_words(used_by: tuple[str, ...], exercise: Exercise, spec: CameraSpec) -> str:
    """What an angle is read for: the movement's top or stretch, the exercise's shape, and form checks."""
    faults = {f.code: f for f in exercise.faults}
    top = "whether you are at the top" if spec.mode is CameraMode.REPS else "whether you are in the stretch"
    words = {"drive": top, "key pose": "the exercise's shape"}
    said = [words.get(by) or f"form check ({_fault_words(faults[by])})" for by in used_by]
    return "; ".join(said)


def unchecked_words(code: str, exercise: Exercise, view: View | str) -> str:
    """One sentence for a check the photo could not make: why it was skipped, and the fault it looks for
    in the catalog's words."""
    fault = next(f for f in exercise.faults if f.code == code)
    seen = fault.check is None or checkable(fault.check, View(view))
    why = "the joints it reads were hidden" if seen else "that needs a photo taken from the front"
    return f'Not checked in this photo, as {why}: "{fault.description.strip()}"'
