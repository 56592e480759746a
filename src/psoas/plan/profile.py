"""Who the plan is for: level, sitting, goals, limitations, time and equipment, validated once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import TypeVar

from psoas.catalog import Condition, Gear
from psoas.errors import InvalidInputError

__all__ = [
    "MAX_ACTIVITIES",
    "MAX_MINUTES",
    "MIN_MINUTES",
    "Goal",
    "Level",
    "Limitation",
    "Profile",
    "RiskFactor",
    "check_activities",
    "check_birth_year",
    "check_minutes",
    "check_sitting_hours",
    "due_date_for_week",
    "make_profile",
    "parse_choice",
    "parse_choices",
    "parse_date",
]

MIN_MINUTES = 5  # the shortest useful routine: one psoas stretch, both sides, with its sets
MAX_MINUTES = 120
PREGNANCY_DAYS = 280  # 40 weeks from the first day of the last period to the due date
LATE_PREGNANCY_WEEK = 20  # from about here, lying flat on the back is left out
RISK_AGE = 50  # new back pain from this age on is a warning sign
MAX_ACTIVITIES = 3  # the everyday activities whose ease each check-in rates
MAX_ACTIVITY_CHARS = 60


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
    """What a person can tell the planner; each is a catalog Condition that exercises avoid or adapt to."""

    KNEE_PAIN = "knee-pain"  # kneeling only on a cushion, else avoided
    LOW_BACK_PAIN = "low-back-pain"  # no intense core or back-bending work
    BALANCE = "balance"  # one-legged standing work next to a wall or chair
    PREGNANCY = "pregnancy"  # needs the due date: lying on the back stops after about 20 weeks
    HIP_REPLACEMENT = "hip-replacement"
    OSTEOPOROSIS = "osteoporosis"
    SPONDYLOLISTHESIS = "spondylolisthesis"
    SPINAL_STENOSIS = "spinal-stenosis"
    SCIATICA = "sciatica"  # sciatica or other nerve symptoms down the leg
    HERNIA = "hernia"
    POSTPARTUM = "postpartum"  # the months after a birth, until a clinician has checked the core


class RiskFactor(StrEnum):
    """Asked once: with one of these (or age 50+), new or unexplained back pain is a warning sign."""

    CANCER_HISTORY = "cancer-history"
    STEROIDS_OR_LOW_IMMUNITY = "steroids-or-low-immunity"


@dataclass(frozen=True)
class Profile:
    level: Level
    sitting_hours: float
    goals: frozenset[Goal]
    limitations: frozenset[Limitation]
    minutes_per_day: int
    equipment: frozenset[Gear]
    started: date  # the plan progresses with the weeks since this day
    due_date: date | None = None  # set exactly when pregnancy is a limitation
    birth_year: int | None = None
    risk_factors: frozenset[RiskFactor] = frozenset()
    # Everyday activities the person finds hard (their own words, e.g. "sitting through a meeting"):
    # each check-in rates how well they could do each today, a measure of function beside pain.
    activities: tuple[str, ...] = ()

    def pregnancy_week(self, day: date) -> int | None:
        """Completed weeks of pregnancy on `day`, counted back from the due date."""
        if self.due_date is None:
            return None
        return (PREGNANCY_DAYS - (self.due_date - day).days) // 7

    def conditions(self, day: date) -> frozenset[Condition]:
        """The catalog conditions that apply on `day`: the limitations, and late pregnancy from week 20."""
        found = {Condition(x.value) for x in self.limitations}
        week = self.pregnancy_week(day)
        if week is not None and week >= LATE_PREGNANCY_WEEK:
            found.add(Condition.PREGNANCY_LATE)
        return frozenset(found)

    def at_risk(self, day: date) -> bool:
        """50 or over (by birth year, so a few months early at worst), or a risk factor."""
        old = self.birth_year is not None and day.year - self.birth_year >= RISK_AGE
        return old or bool(self.risk_factors)

    def to_dict(self) -> dict[str, object]:
        return {
            "level": self.level.value,
            "sitting_hours": self.sitting_hours,
            "goals": sorted(g.value for g in self.goals),
            "limitations": sorted(x.value for x in self.limitations),
            "minutes_per_day": self.minutes_per_day,
            "equipment": sorted(g.value for g in self.equipment),
            "started": self.started.isoformat(),
            "due_date": None if self.due_date is None else self.due_date.isoformat(),
            "birth_year": self.birth_year,
            "risk_factors": sorted(r.value for r in self.risk_factors),
            "activities": list(self.activities),
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


def check_birth_year(year: int | None, started: date) -> int | None:
    low, high = started.year - 120, started.year
    if year is not None and not low <= year <= high:
        raise InvalidInputError(f"Year of birth must be between {low} and {high}, not {year}.")
    return year


def check_activities(names: Iterable[str]) -> tuple[str, ...]:
    """Up to MAX_ACTIVITIES activities in the person's words, trimmed, blanks and repeats dropped."""
    found = tuple(dict.fromkeys(" ".join(n.split()) for n in names if n.strip()))
    if len(found) > MAX_ACTIVITIES:
        raise InvalidInputError(f"Name at most {MAX_ACTIVITIES} activities, not {len(found)}.")
    for name in found:
        if len(name) > MAX_ACTIVITY_CHARS:
            raise InvalidInputError(
                f"Name each activity in at most {MAX_ACTIVITY_CHARS} characters: '{name[:20]}…' is longer."
            )
    return found


def due_date_for_week(week: int, today: date) -> date:
    """The due date of someone `week` completed weeks pregnant today (what the profile stores)."""
    if not 0 <= week <= 42:
        raise InvalidInputError(f"Weeks of pregnancy must be between 0 and 42, not {week}.")
    return today + timedelta(days=PREGNANCY_DAYS - 7 * week)


def _pregnancy(limits: frozenset[Limitation], due: date | None) -> frozenset[Limitation]:
    """A due date implies pregnancy; pregnancy without one cannot tell when to stop lying on the back."""
    if due is not None:
        return limits | {Limitation.PREGNANCY}
    if Limitation.PREGNANCY in limits:
        raise InvalidInputError(
            "Pregnancy needs the weeks (--pregnancy-week) or the due date, so the plan knows when to stop "
            "exercises lying on the back."
        )
    return limits


def make_profile(  # noqa: PLR0913 (keyword-only: one argument per field)
    *,
    level: str,
    sitting_hours: float,
    goals: Iterable[str] = (),
    limitations: Iterable[str] = (),
    minutes_per_day: int = 15,
    equipment: Iterable[str] = (),
    started: date,
    due_date: date | None = None,
    birth_year: int | None = None,
    risk_factors: Iterable[str] = (),
    activities: Iterable[str] = (),
) -> Profile:
    """A validated profile from loose user input; a bad value raises one sentence naming it."""
    limits = parse_choices(Limitation, limitations, "limitation")
    return Profile(
        level=parse_choice(Level, level, "level"),
        sitting_hours=check_sitting_hours(sitting_hours),
        goals=parse_choices(Goal, goals, "goal"),
        limitations=_pregnancy(limits, due_date),
        minutes_per_day=check_minutes(minutes_per_day),
        equipment=parse_choices(Gear, equipment, "kind of equipment"),
        started=started,
        due_date=due_date,
        birth_year=check_birth_year(birth_year, started),
        risk_factors=parse_choices(RiskFactor, risk_factors, "risk factor"),
        activities=check_activities(activities),
    )


def parse_date(text: str) -> date:
    """An ISO date (YYYY-MM-DD) or a clear sentence saying why it is not one."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInputError(f"'{text}' is not a real date in the form YYYY-MM-DD.") from None
