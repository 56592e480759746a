"""A prescription: the exact dose of one exercise on one day, and how long it takes to do.

The timing constants are shared with the session timeline, so a plan's minutes are the minutes the
guided session will really take.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["REP_S", "SETUP_S", "SWITCH_S", "Prescription"]

SETUP_S = 10  # get into position, read the first cue
SWITCH_S = 5  # change sides
REP_S = 3  # one controlled repetition, without the hold at the top


@dataclass(frozen=True)
class Prescription:
    sets: int
    per_side: bool
    rest_s: int
    hold_s: int | None = None
    reps: int | None = None
    duration_s: int | None = None

    def work_s(self) -> int:
        """Seconds of one set on one side."""
        if self.reps is not None:
            return self.reps * (REP_S + (self.hold_s or 0))
        if self.hold_s is not None:
            return self.hold_s
        return self.duration_s or 0

    def seconds(self) -> int:
        """Total seconds: setup, every set on every side, side switches, and rests between sets."""
        sides = 2 if self.per_side else 1
        rests = (self.sets - 1) * self.rest_s
        return SETUP_S + sides * self.sets * self.work_s() + (sides - 1) * SWITCH_S * self.sets + rests

    def describe(self) -> str:
        if self.reps is not None:
            amount = f"{self.reps} reps" + (f", {self.hold_s} s hold at the top" if self.hold_s else "")
        elif self.hold_s is not None:
            amount = f"{self.hold_s} s hold"
        else:
            amount = _minutes(self.duration_s or 0)
        sets = f"{self.sets} × " if self.sets > 1 else ""
        return f"{sets}{amount}" + (" per side" if self.per_side else "")

    def to_dict(self) -> dict[str, object]:
        return {
            "sets": self.sets,
            "per_side": self.per_side,
            "rest_s": self.rest_s,
            "hold_s": self.hold_s,
            "reps": self.reps,
            "duration_s": self.duration_s,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Prescription:
        def opt(key: str) -> int | None:
            value = data.get(key)
            return None if value is None else int(str(value))

        return cls(
            sets=int(str(data["sets"])),
            per_side=bool(data["per_side"]),
            rest_s=int(str(data["rest_s"])),
            hold_s=opt("hold_s"),
            reps=opt("reps"),
            duration_s=opt("duration_s"),
        )


def _minutes(seconds: int) -> str:
    """Whole minutes as minutes; from two minutes up, half minutes too ("3.5 min" reads better than
    "210 s"); anything else in seconds."""
    if seconds % 60 == 0 or (seconds >= 120 and seconds % 30 == 0):
        return f"{seconds / 60:g} min"
    return f"{seconds} s"
