"""What the counts alone would hide, in one sentence each: movements too small to count, a set done on
the other leg, two legs where the exercise works one, a position reached but never held still.

Also the per-side summary of a report (which leg worked, how many repetitions per leg). Pure functions
of what the counter and timer found; the wording for people lives here, once, for the CLI, web and video.
"""

from __future__ import annotations

from collections.abc import Sequence

from psoas.catalog import CameraMode, CameraSpec, Exercise
from psoas.coach.report import Hold
from psoas.coach.sides import BOTH, UNKNOWN
from psoas.coach.tracking import Movements
from psoas.vision.landmarks import Side

__all__ = [
    "counts_text",
    "edge_notes",
    "movement_notes",
    "repeated_side_note",
    "side_counts",
    "unknown_side_note",
    "working_side",
]

# Both-leg work read with the legs' angles further apart than this (median): the view is poor. Side-on,
# the labelled bridges read 0-11° apart; one filmed from the feet, 23-51°.
LEGS_APART_DEG = 20.0


def _sides_seen(found: Movements) -> list[str]:
    labels = [r.side for r in found.reps] + [side for side, _ in found.holds]
    return sorted(set(labels))


def _one_leg(found: Movements) -> list[str]:
    """The legs that made repetitions alone in two-legged work (a single-leg bridge: sides.one_leg_too)."""
    return sorted({r.side for r in found.reps if r.side != BOTH})


def working_side(spec: CameraSpec, found: Movements, chosen: Side | None) -> str | None:
    """ "both" for two-legged work, or the one leg that worked alone in it; the one leg that moved; None
    when legs took turns."""
    if spec.bilateral:
        alone = _one_leg(found)
        if not alone:
            return BOTH
        return alone[0] if len(alone) == 1 and all(r.side != BOTH for r in found.reps) else None
    if spec.mode is CameraMode.HOLD and found.holds:
        return max(found.holds, key=lambda h: h[1].duration_s)[0]
    seen = _sides_seen(found)
    if len(seen) == 1:
        return seen[0]
    return chosen.value if chosen and not seen else None


def side_counts(spec: CameraSpec, sides: Sequence[str]) -> dict[str, int]:
    """Repetitions per side label, from the side each reported repetition carries: "both" for two-legged
    work and "left" and "right" for one-leg work always, and any other label a repetition carries (a
    single-leg bridge's leg, "both" for two legs in one-leg work, "unknown"); empty for holds. The file
    analysis and the live coach both count here, so their counts agree."""
    if spec.mode is CameraMode.HOLD:
        return {}
    labels = [BOTH] if spec.bilateral else ["left", "right"]
    labels += [s for s in (BOTH, "left", "right", UNKNOWN) if s not in labels and s in sides]
    return {label: sum(s == label for s in sides) for label in labels}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _rep_notes(exercise: Exercise, spec: CameraSpec, found: Movements) -> list[str]:
    notes = []
    short = len(found.partials)
    name = exercise.name.lower()
    if short and not found.reps:
        notes.append(f"{_plural(short, 'movement')} seen, too small to count as {name}: {spec.range_cue}.")
    elif short:
        notes.append(f"{_plural(short, 'more movement')} fell short and were not counted: {spec.range_cue}.")
    if found.two_legged:
        notes.append(
            f"{_plural(found.two_legged, 'movement')} moved both legs together and were not counted: "
            f"{name} works one leg at a time."
        )
    return notes


def _hold_notes(spec: CameraSpec, found: Movements) -> list[str]:
    if found.holds or found.region_s < 1.0:
        return []
    if found.region_s < spec.min_s:
        return [
            f"In the position for {found.region_s:.1f} s: a hold counts from {spec.min_s:.0f} s held still."
        ]
    return [
        f"In the position for {found.region_s:.0f} s in all, but never still for {spec.min_s:.0f} s: "
        "settle into the stretch and keep still to time the hold."
    ]


def _still_note(exercise: Exercise, spec: CameraSpec, found: Movements) -> str:
    """Why nothing counted when nothing was set aside either: no movement, or none from a rest."""
    assert spec.min_range_deg is not None
    if found.moved_deg < spec.min_range_deg:
        return f"No {exercise.name.lower()} movement was seen: the angle moved only {found.moved_deg:.0f}°."
    return (
        f"The angle moved {found.moved_deg:.0f}°, but no movement went from a rest position to the top and "
        "back within the clip: start the clip at rest and film whole repetitions."
    )


def _set_aside_notes(exercise: Exercise, spec: CameraSpec, found: Movements) -> list[str]:
    """Why movements of a repetition's size were not counted."""
    out: list[str] = []
    if found.off_start:
        out.append(
            f"{_plural(found.off_start, 'movement')} did not start from the starting position of "
            f"{exercise.name.lower()} and were not counted."
        )
    if found.other_leg:
        out.append(
            f"{_plural(found.other_leg, 'movement')} not counted: {exercise.name.lower()} moves one leg "
            "while the other stays still and in view, and here the other leg moved too or was hidden "
            "behind the lifted one (film from the side with both legs in view)."
        )
    if found.off_shape:
        out.append(f"{_plural(found.off_shape, 'movement')} not counted: {spec.key_pose_cue}.")
    if found.legs_opposed:
        out.append(
            f"{_plural(found.legs_opposed, 'movement')} not counted: one leg went down as the other came "
            f"up (changing legs, say), while {exercise.name.lower()} moves both legs the same way together."
        )
    return out


def movement_notes(
    exercise: Exercise, found: Movements, chosen: Side | None, *, valid: bool
) -> tuple[str, ...]:
    """Sentences that belong beside the numbers; nothing when the numbers say it all."""
    spec = exercise.camera
    if spec is None or not valid:
        return ()
    notes = _rep_notes(exercise, spec, found) if spec.mode is CameraMode.REPS else _hold_notes(spec, found)
    notes += _set_aside_notes(exercise, spec, found)
    alone = _one_leg(found) if spec.bilateral else []
    if alone:
        legs = " and the ".join(alone)
        notes.append(
            f"{_plural(sum(r.side != BOTH for r in found.reps), 'repetition')} made by the {legs} leg alone, "
            "the other held still (a single-leg version): counted, with the side."
        )
    elif found.legs_apart_deg > LEGS_APART_DEG:
        notes.append(
            f"The two legs' angles read {found.legs_apart_deg:.0f}° apart though {exercise.name.lower()} "
            "moves them together: from this angle the pose is read poorly and the numbers may be off. "
            "Film from the side, level with the hips."
        )
    if found.too_quick:
        notes.append(
            f"{_plural(found.too_quick, 'movement')} not counted: each took under {spec.min_s:g} s, quicker "
            f"than {exercise.name.lower()} is done; move up and down slowly, under control."
        )
    seen = [s for s in _sides_seen(found) if s != BOTH]
    if chosen is not None and seen and chosen.value not in seen:
        notes.append(
            f"You chose the {chosen.value} leg, but the {seen[0]} leg did the work: it is reported as "
            f"{seen[0]}."
        )
    moved = (
        found.reps
        or found.partials
        or found.off_shape
        or found.two_legged
        or found.off_start
        or found.other_leg
        or found.legs_opposed
        or found.too_quick
    )
    if spec.mode is CameraMode.REPS and not moved:
        notes.append(_still_note(exercise, spec, found))
    return tuple(notes)


def counts_text(counts: dict[str, int]) -> str:
    """Repetitions per side for people: "left 3 · right 2"; "both" only beside a one-leg count (a single-
    leg bridge among two-legged ones), never alone (a count "both 4" beside "4 repetitions" only puzzles),
    and nothing for holds."""
    one_leg = any(n for side, n in counts.items() if side != "both")
    return " · ".join(f"{side} {n}" for side, n in counts.items() if side != "both" or (one_leg and n))


def edge_notes(holds: tuple[Hold, ...]) -> tuple[str, ...]:
    """A hold cut by the clip is reported as a lower bound, never as its whole length."""
    notes = []
    for h in holds:
        if h.open_start or h.open_end:
            cut = (
                "the clip starts and ends while held"
                if h.open_start and h.open_end
                else "the clip starts while held"
                if h.open_start
                else "the clip ends while held"
            )
            notes.append(f"Held at least {h.duration_s:.1f} s: {cut}, so the hold may have been longer.")
    return tuple(notes)


def unknown_side_note(unknown: int) -> tuple[str, ...]:
    """Why some sides are "unknown" (see sides.distrust_sides)."""
    if not unknown:
        return ()
    return (
        f"The side of {_plural(unknown, 'movement')} is not given: the pose model traded the legs' left "
        "and right labels there, so which leg worked could not be told apart (film side-on with both "
        "legs in view, or turn a little towards the camera).",
    )


def repeated_side_note(repeated: int) -> tuple[str, ...]:
    """Why the sides of a same-leg run in an alternating set are "unknown" (see sides.repeated_sides)."""
    if not repeated:
        return ()
    return (
        f"The side of {_plural(repeated, 'movement')} is not given: this exercise takes the legs in turns, "
        "but they read as the same leg in a row, and from this angle the pose model can mistake the hidden "
        "leg for the lifted one (film from the front to get each side).",
    )
