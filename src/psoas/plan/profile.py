"""Who the plan is for: level, sitting, goals, limitations, time and equipment, validated once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TypeVar

from psoas.catalog import Gear
from psoas.errors import InvalidInputError

__all__ = [
    "MAX_MINUTES",
    "MIN_MINUTES",
    "Goal",
    "Level",
    "Limitation",
    "Profile",
    "check_minutes",
    "check_sitting_hours",
    "make_profile",
    "parse_choice",
    "parse_choices",
    "parse_date",
]

MIN_MINUTES = 5  # the shortest useful routine: one psoas stretch, both sides, with its sets
MAX_MINUTES = 120


class Level(StrEnum):
    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


class Goal(StrEnum):
    FLEXIBILITY = "flexibility"
    STRENGTH = "strength"
    PAIN_RELIEF = "pain-relief"
    POSTURE = "posture"
    SPORT = "sport"


class Limitation(StrEnum):
    KNEE_PAIN = "knee-pain"  # kneeling only on a cushion, else avoided
    LOW_BACK_PAIN = "low-back-pain"  # no intense core or back-bending work
    BALANCE = "balance"  # one-legged standing work next to a wall or chair


@dataclass(frozen=True)
class Profile:
    level: Level
    sitting_hours: float
    goals: frozenset[Goal]
    limitations: frozenset[Limitation]
    minutes_per_day: int
    equipment: frozenset[Gear]
    started: date  # the plan progresses with the weeks since this day

    def to_dict(self) -> dict[str, object]:
        return {
            "level": self.level.value,
            "sitting_hours": self.sitting_hours,
            "goals": sorted(g.value for g in self.goals),
            "limitations": sorted(x.value for x in self.limitations),
            "minutes_per_day": self.minutes_per_day,
            "equipment": sorted(g.value for g in self.equipment),
            "started": self.started.isoformat(),
        }


E = TypeVar("E", bound=StrEnum)


def parse_choice(kind: type[E], value: str, what: str) -> E:
    """One enum member from loose text (any case, spaces trimmed), or a sentence listing the choices."""
    try:
        return kind(value.strip().lower())
    except ValueError:
        choices = ", ".join(m.value for m in kind)
        raise InvalidInputError(f"'{value}' is not a {what}; choose one of: {choices}.") from None


def parse_choices(kind: type[E], values: Iterable[str], what: str) -> frozenset[E]:
    """Members from repeated and/or comma-separated values; "none" or blanks mean no member."""
    parts = (p for v in values for p in v.split(","))
    return frozenset(parse_choice(kind, p, what) for p in parts if p.strip() and p.strip().lower() != "none")


def check_sitting_hours(hours: float) -> float:
    if not 0 <= hours <= 24:
        raise InvalidInputError(f"Hours sitting per day must be between 0 and 24, not {hours:g}.")
    return float(hours)


def check_minutes(minutes: int) -> int:
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise InvalidInputError(
            f"Minutes per day must be between {MIN_MINUTES} and {MAX_MINUTES}, not {minutes}."
        )
    return int(minutes)


def make_profile(  # noqa: PLR0913 (keyword-only: one argument per field)
    *,
    level: str,
    sitting_hours: float,
    goals: Iterable[str] = (),
    limitations: Iterable[str] = (),
    minutes_per_day: int = 15,
    equipment: Iterable[str] = (),
    started: date,
) -> Profile:
    """A validated profile from loose user input; a bad value raises one sentence naming it."""
    return Profile(
        level=parse_choice(Level, level, "level"),
        sitting_hours=check_sitting_hours(sitting_hours),
        goals=parse_choices(Goal, goals, "goal"),
        limitations=parse_choices(Limitation, limitations, "limitation"),
        minutes_per_day=check_minutes(minutes_per_day),
        equipment=parse_choices(Gear, equipment, "kind of equipment"),
        started=started,
    )


def parse_date(text: str) -> date:
    """An ISO date (YYYY-MM-DD) or a clear sentence saying why it is not one."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInputError(f"'{text}' is not a real date in the form YYYY-MM-DD.") from None
