"""The analysis report: what was counted, timed and corrected, and how much of the clip could be seen."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any

from psoas.model.pose import PsoasSummary

__all__ = [
    "AngleReading",
    "FaultEvent",
    "Hold",
    "Partial",
    "PhotoFault",
    "PhotoMeta",
    "PhotoReport",
    "Quality",
    "QualityIssue",
    "Rep",
    "Report",
    "VideoMeta",
]


@dataclass(frozen=True)
class Rep:
    index: int
    side: str  # "left", "right", "both", or "unknown" (see Hold)
    start_s: float
    peak_s: float
    end_s: float
    peak_angle_deg: float
    in_form: bool
    range_deg: float = 0.0  # how far the drive angle travelled from the rest position


@dataclass(frozen=True)
class Partial:
    """A movement towards the exercise's target that fell short: seen, reported, never counted."""

    side: str
    start_s: float
    end_s: float
    range_deg: float
    peak_angle_deg: float


@dataclass(frozen=True)
class Hold:
    side: str  # "left", "right", "both", or "unknown" where the model's left and right were not kept apart
    start_s: float
    end_s: float
    duration_s: float
    in_form_s: float
    # Already held at the clip's first usable frame / still held at its last: the hold lasted at least
    # duration_s, perhaps longer.
    open_start: bool = False
    open_end: bool = False


@dataclass(frozen=True)
class FaultEvent:
    code: str
    message: str
    cue: str
    start_s: float
    end_s: float
    side: str


@dataclass(frozen=True)
class QualityIssue:
    code: str
    message: str
    frames: int
    fraction: float


@dataclass(frozen=True)
class Quality:
    valid: bool
    usable_fraction: float
    view: str
    position: str | None  # the body position seen in most usable frames
    position_fraction: float  # share of usable frames in a position the exercise is done in
    issues: tuple[QualityIssue, ...]


@dataclass(frozen=True)
class VideoMeta:
    fps: float
    frames: int
    duration_s: float
    width: int
    height: int


@dataclass(frozen=True)
class Report:
    exercise: str
    mode: str
    video: VideoMeta
    quality: Quality
    working_side: str | None
    angle_source: str
    rep_count: int
    reps: tuple[Rep, ...]
    holds: tuple[Hold, ...]
    faults: tuple[FaultEvent, ...]
    timing: dict[str, float]
    psoas: PsoasSummary | None = None  # modelled psoas length over the clip
    counts: dict[str, int] = dataclasses.field(default_factory=dict)  # repetitions per side label
    partials: tuple[Partial, ...] = ()
    notes: tuple[str, ...] = ()  # what the numbers alone would hide: movements too small, wrong leg
    in_region_s: float = 0.0  # holds: seconds the drive angle spent in the position, still or not

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = _rounded(dataclasses.asdict(self))
        return data


@dataclass(frozen=True)
class PhotoMeta:
    width: int
    height: int


@dataclass(frozen=True)
class AngleReading:
    """One angle of a still pose: which series, its value (None where its joints were not seen), and
    what reads it ("drive", "key pose", or the codes of the faults that check it)."""

    name: str  # the series: "hip_flexion_left", or "trunk_lean" for a whole-body angle
    angle: str
    side: str | None
    value_deg: float | None
    used_by: tuple[str, ...]
    label: str = ""  # the angle's name in words: "hip bend"
    read_by: str = ""  # what reads it, in words: "whether you are at the top; form check (...)"


@dataclass(frozen=True)
class PhotoFault:
    """A form rule the still pose breaks: the angle seen and the bounds it should lie within. `side` is
    the leg the angle was read on ("both" averaged for two-legged work), None for a whole-body angle."""

    code: str
    message: str
    cue: str
    side: str | None
    angle: str
    value_deg: float
    min_deg: float | None
    max_deg: float | None


@dataclass(frozen=True)
class PhotoReport:
    """One still pose checked against one exercise: no repetitions or holds, which a single picture
    cannot show, but whether the body is in the exercise's position and shape, whether it is at the
    movement's top (or inside the stretch), the angles that decide it, and the faults seen."""

    exercise: str
    photo: PhotoMeta
    quality: Quality
    working_side: str | None
    angle_source: str
    matches: bool  # in one of the exercise's positions and of its key shape
    at_target: bool | None  # the drive angle past the top (reps) or inside the stretch (holds)
    angles: tuple[AngleReading, ...]
    faults: tuple[PhotoFault, ...]
    not_checked: tuple[str, ...]  # fault codes this view cannot judge, or whose joints were hidden
    notes: tuple[str, ...] = ()
    unchecked: tuple[str, ...] = ()  # not_checked in words: the fault described, and why it was skipped
    mode: str = "photo"

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = _rounded(dataclasses.asdict(self))
        return data


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 3) if math.isfinite(value) else None  # valid JSON: null, never NaN
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_rounded(v) for v in value]
    return value
