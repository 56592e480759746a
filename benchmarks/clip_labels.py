"""The clip labels kept beside the tests (tests/coach/labels/*.toml), read into typed records.

Each file describes clips of one folder of ../shared/media: what a person watching the frames saw (each
repetition, hold or partial movement with its side and times) and which catalog exercises the clip
really shows. The header of each file says how the frames were read.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

__all__ = ["LABELS_DIR", "MEDIA_DIR", "Clip", "Event", "load_clips", "related"]

REPO = Path(__file__).resolve().parents[1]
LABELS_DIR = REPO / "tests" / "coach" / "labels"
MEDIA_DIR = REPO.parent / "shared" / "media"
FOLDERS = {"media": MEDIA_DIR, "people": MEDIA_DIR / "people"}

# The movement words of the labels that make a repetition or hold of each catalog exercise.
MOVEMENTS = {
    "glute-bridge": {"bridge"},
    "half-bridge": {"bridge"},
    "supported-bridge": {"bridge"},
    "standing-hip-flexion": {"knee-raise"},
    "marching-in-place": {"knee-raise", "march"},
    "straight-leg-raise": {"leg-raise"},
    "kneeling-psoas-stretch": {"stretch"},
    "half-kneeling-lunge-stretch": {"stretch"},
    "lying-edge-of-bed-stretch": {"stretch"},
    "single-knee-to-chest": {"knee-hug"},
    "pigeon-pose": {"stretch"},
}


# Exercises so alike that counting one as the other is no false claim: marching is a knee raise at a
# rhythm, a half bridge is a bridge lifted part of the way, the two kneeling stretches differ in stride.
FAMILIES = (
    {"standing-hip-flexion", "marching-in-place"},
    {"glute-bridge", "half-bridge", "supported-bridge"},  # a still bridge top is any of them
    {"kneeling-psoas-stretch", "half-kneeling-lunge-stretch"},
)


def related(a: str, b: str) -> bool:
    return a != b and any(a in f and b in f for f in FAMILIES)


@dataclass(frozen=True)
class Event:
    kind: str  # rep | hold | partial | position (in the position but not still)
    movement: str
    side: str
    start_s: float
    peak_s: float
    end_s: float


@dataclass(frozen=True)
class Clip:
    path: Path
    matches: tuple[str, ...]
    span: tuple[float, float]
    events: tuple[Event, ...]

    @property
    def name(self) -> str:
        return self.path.name

    def reps(self, exercise: str) -> list[Event]:
        words = MOVEMENTS.get(exercise, set())
        return [e for e in self.events if e.kind == "rep" and e.movement in words]

    def holds(self, exercise: str) -> list[Event]:
        words = MOVEMENTS.get(exercise, set())
        return [e for e in self.events if e.kind == "hold" and e.movement in words]

    def rep_sides(self, exercise: str) -> dict[str, int]:
        return dict(Counter(e.side for e in self.reps(exercise)))


def _clip(folder: Path, raw: dict[str, object]) -> Clip:
    events = tuple(
        Event(
            str(e["kind"]),
            str(e["movement"]),
            str(e["side"]),
            float(e["start_s"]),
            float(e["peak_s"]),
            float(e["end_s"]),
        )
        for e in raw.get("event", [])  # type: ignore[attr-defined]
    )
    span = raw["span"]
    assert isinstance(span, list)
    matches = raw.get("matches", [])
    assert isinstance(matches, list)
    return Clip(folder / str(raw["file"]), tuple(matches), (float(span[0]), float(span[1])), events)


def load_clips(labels_dir: Path = LABELS_DIR) -> list[Clip]:
    """Every labelled clip, in file order (media first, then people)."""
    clips = []
    for name, folder in FOLDERS.items():
        path = labels_dir / f"{name}.toml"
        if path.is_file():
            data = tomllib.loads(path.read_text("utf-8"))
            clips += [_clip(folder, raw) for raw in data.get("clip", [])]
    return clips
