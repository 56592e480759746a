"""Expand a day's plan into the steps a guided session plays: setup, each set and side, switches, rests.

Pure: the same items give the same steps; `Timeline.seconds` equals the plan's estimate by construction
(the step lengths come from the same Prescription arithmetic).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from enum import StrEnum

from psoas.catalog import Catalog
from psoas.plan import PlanItem
from psoas.plan.dose import SETUP_S, SWITCH_S

__all__ = ["Kind", "Step", "Timeline", "expand"]


class Kind(StrEnum):
    SETUP = "setup"
    WORK = "work"
    SWITCH = "switch"
    REST = "rest"


@dataclass(frozen=True)
class Step:
    index: int
    kind: Kind
    exercise_id: str
    name: str
    seconds: int
    text: str  # what to do now, in one line
    side: str | None = None  # "left" | "right" for one-sided work
    set_no: int | None = None
    sets: int | None = None
    reps: int | None = None
    hold_s: int | None = None
    easier: str | None = None  # the exercise's easier version, offered on a pain stop

    def to_dict(self) -> dict[str, object]:
        return {k: (v.value if isinstance(v, Kind) else v) for k, v in asdict(self).items()}

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Step:
        fields = dict(data)
        fields["kind"] = Kind(str(fields["kind"]))
        return cls(**fields)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Timeline:
    steps: tuple[Step, ...]

    @property
    def seconds(self) -> int:
        return sum(s.seconds for s in self.steps)

    def to_list(self) -> list[dict[str, object]]:
        return [s.to_dict() for s in self.steps]

    @classmethod
    def from_list(cls, data: Sequence[dict[str, object]]) -> Timeline:
        return cls(tuple(Step.from_dict(d) for d in data))


def expand(items: Sequence[PlanItem], catalog: Catalog) -> Timeline:
    steps: list[Step] = []

    def add(**fields: object) -> None:
        if fields["seconds"] == 0:  # e.g. no rest prescribed
            return
        steps.append(Step(index=len(steps), easier=ex.modifications.beginner[0], **fields))  # type: ignore[arg-type]

    for item in items:
        ex = catalog.exercise(item.exercise_id)
        rx = item.prescription
        first = item.modification or ex.steps[0]
        needs = f" You need: {', '.join(ex.equipment)}." if ex.equipment else ""
        text = f"Get ready: {first}{needs}"
        add(kind=Kind.SETUP, exercise_id=ex.id, name=ex.name, seconds=SETUP_S, text=text)
        sides: tuple[str | None, ...] = ("left", "right") if rx.per_side else (None,)
        for set_no in range(1, rx.sets + 1):
            for n, side in enumerate(sides):
                cue = ex.cues[(set_no - 1 + n) % len(ex.cues)]
                add(
                    kind=Kind.WORK,
                    exercise_id=ex.id,
                    name=ex.name,
                    seconds=rx.work_s(),
                    text=cue,
                    side=side,
                    set_no=set_no,
                    sets=rx.sets,
                    reps=rx.reps,
                    hold_s=rx.hold_s,
                )
                if side == "left":
                    add(
                        kind=Kind.SWITCH,
                        exercise_id=ex.id,
                        name=ex.name,
                        seconds=SWITCH_S,
                        text="Switch sides: the right side next.",
                    )
            if set_no < rx.sets:
                add(
                    kind=Kind.REST,
                    exercise_id=ex.id,
                    name=ex.name,
                    seconds=rx.rest_s,
                    text=f"Rest. Set {set_no + 1} of {rx.sets} next.",
                )
    return Timeline(tuple(steps))
