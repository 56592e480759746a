"""Check-ins: how the psoas feels today, screened for warning signs, mapped to suggestions, never a diagnosis.

The warning signs ("red flags") follow common low-back-pain triage guidance: signs that a back problem
needs a doctor rather than exercises. Any yes gives a referral, pauses strength work in the plan and is
stored. Persistent pain over several check-ins gives the seeds' advice: see a doctor, chiropractor or
physical therapist.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from psoas.errors import InvalidInputError
from psoas.store.records import CheckInRecord

__all__ = [
    "PERSISTENT_CHECKINS",
    "PERSISTENT_PAIN",
    "RED_FLAGS",
    "SIGNS",
    "Assessment",
    "RedFlag",
    "Sign",
    "assess",
    "check_hours_sat",
    "check_score",
    "make_checkin",
    "red_flag_day",
]

PERSISTENT_PAIN = 4  # a worst pain at or above this ...
PERSISTENT_CHECKINS = 3  # ... in this many check-ins in a row counts as persistent
SEVERE_PAIN = 8


@dataclass(frozen=True)
class RedFlag:
    id: str
    question: str
    urgent: bool  # possible nerve compression: same-day emergency care, not a routine appointment


RED_FLAGS = (
    RedFlag("saddle-numbness", "Numbness or tingling around the groin, buttocks or inner thighs?", True),
    RedFlag("bladder-bowel", "New trouble holding or passing urine or stool?", True),
    RedFlag("leg-weakness", "A leg getting weaker, or a foot that drags or catches?", True),
    RedFlag("fever-unwell", "Fever, chills or feeling generally unwell along with back pain?", False),
    RedFlag("trauma", "A recent fall, accident or blow to the back or hip?", False),
    RedFlag("weight-loss", "Weight loss you cannot explain?", False),
    RedFlag("cancer-history", "Any history of cancer?", False),
    RedFlag(
        "night-pain", "Severe pain at night or at rest that does not ease when you change position?", False
    ),
)


@dataclass(frozen=True)
class Sign:
    id: str
    question: str
    exercises: tuple[str, ...]
    habit: str


# The seeds' everyday signs of a tight or weak psoas, each with what tends to help.
SIGNS = (
    Sign(
        "tight-hips",
        "Do your hips feel tight or stiff?",
        ("kneeling-psoas-stretch", "half-kneeling-lunge-stretch"),
        "Stretch the psoas daily; hold each side 20–30 s.",
    ),
    Sign(
        "sitting-discomfort",
        "Is long sitting (or standing) uncomfortable?",
        ("seated-lateral-stretch", "walking-break"),
        "Get up at least every 40 minutes: `psoas breaks` reminds you.",
    ),
    Sign(
        "poor-posture",
        "Do you notice a slumped or tilted posture?",
        ("glute-bridge", "warrior-one"),
        "A rolled blanket behind the low back while sitting lifts the hips slightly.",
    ),
    Sign(
        "limited-hip-range",
        "Is it hard to straighten the hip fully, e.g. in a long stride?",
        ("lying-edge-of-bed-stretch", "pigeon-pose"),
        "Measure it: the Thomas test tracks hip extension over time.",
    ),
    Sign(
        "fatigue",
        "Have you felt unusually tired or sluggish?",
        ("walking-break", "diaphragmatic-breathing"),
        "Short walks through the day; regular sleep.",
    ),
    Sign(
        "breathing",
        "Does your breathing feel shallow or tight?",
        ("diaphragmatic-breathing",),
        "A few minutes of slow belly breathing, lying down.",
    ),
)


def make_checkin(  # noqa: PLR0913 (keyword-only: one argument per field)
    *,
    at: datetime,
    pain_low_back: int,
    pain_hip: int,
    pain_knee: int,
    stiffness: int,
    hours_sat: float,
    signs: Sequence[str] = (),
    red_flags: Sequence[str] = (),
    note: str = "",
) -> CheckInRecord:
    """A validated check-in; an out-of-range score or unknown id raises one sentence."""
    for label, score in (
        ("Low-back pain", pain_low_back),
        ("Hip pain", pain_hip),
        ("Knee pain", pain_knee),
        ("Stiffness", stiffness),
    ):
        check_score(label, score)
    check_hours_sat(hours_sat)
    _known(signs, [s.id for s in SIGNS], "sign")
    _known(red_flags, [f.id for f in RED_FLAGS], "warning sign")
    return CheckInRecord(
        at=at,
        pain_low_back=pain_low_back,
        pain_hip=pain_hip,
        pain_knee=pain_knee,
        stiffness=stiffness,
        hours_sat=float(hours_sat),
        signs=tuple(dict.fromkeys(signs)),
        red_flags=tuple(dict.fromkeys(red_flags)),
        note=note.strip(),
    )


def check_score(label: str, score: int) -> int:
    if not 0 <= score <= 10:
        raise InvalidInputError(f"{label} must be a whole number from 0 to 10, not {score}.")
    return score


def check_hours_sat(hours: float) -> float:
    if not 0 <= hours <= 24:
        raise InvalidInputError(f"Hours sat today must be between 0 and 24, not {hours:g}.")
    return float(hours)


def _known(values: Sequence[str], known: Sequence[str], what: str) -> None:
    for value in values:
        if value not in known:
            raise InvalidInputError(f"'{value}' is not a known {what}; known: {', '.join(known)}.")


@dataclass(frozen=True)
class Assessment:
    red_flags: tuple[RedFlag, ...]
    messages: tuple[str, ...]  # the referral and other advice, most important first
    refer: bool  # a professional is recommended
    exercises: tuple[str, ...]  # suggested exercise ids, most relevant first
    habits: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "red_flags": [f.id for f in self.red_flags],
            "urgent": any(f.urgent for f in self.red_flags),
            "refer": self.refer,
            "messages": list(self.messages),
            "exercises": list(self.exercises),
            "habits": list(self.habits),
        }


def assess(current: CheckInRecord, earlier: Sequence[CheckInRecord] = ()) -> Assessment:
    """What this check-in (and the ones before it, oldest first) suggest; never a diagnosis."""
    flags = tuple(f for f in RED_FLAGS if f.id in current.red_flags)
    persistent = _persistent([*earlier, current])
    exercises, habits = _suggestions(current)
    if flags or current.worst_pain >= SEVERE_PAIN:  # no exercise advice beyond calm breathing and walking
        exercises = tuple(e for e in exercises if e in ("diaphragmatic-breathing", "walking-break"))
    return Assessment(
        red_flags=flags,
        messages=_messages(current, flags, persistent),
        refer=bool(flags) or persistent or current.worst_pain >= SEVERE_PAIN,
        exercises=exercises,
        habits=habits,
    )


def _messages(current: CheckInRecord, flags: Sequence[RedFlag], persistent: bool) -> tuple[str, ...]:
    messages: list[str] = []
    if any(f.urgent for f in flags):
        messages.append(
            "See a doctor today: numbness in the saddle area, new bladder or bowel trouble or a weakening "
            "leg need urgent care (an emergency department if no doctor is available). Do not exercise."
        )
    elif flags:
        messages.append(
            "Please see a doctor promptly about the warning sign you reported before going on with "
            "strength work; psoas cannot tell what is causing it."
        )
    if flags:
        messages.append("Strength work in your plan is paused until a check-in with no warning signs.")
    if persistent:
        messages.append(
            f"Your pain has been {PERSISTENT_PAIN}/10 or more in your last {PERSISTENT_CHECKINS} check-ins: "
            "talk to a doctor, chiropractor or physical therapist, as the seed articles advise."
        )
    elif current.worst_pain >= SEVERE_PAIN:
        messages.append(
            "Pain of 8/10 or more: rest from exercise and, if it does not settle, see a professional."
        )
    return tuple(messages)


def _suggestions(current: CheckInRecord) -> tuple[tuple[str, ...], tuple[str, ...]]:
    exercises: list[str] = []
    habits: list[str] = []
    for sign in SIGNS:
        if sign.id in current.signs:
            exercises.extend(sign.exercises)
            habits.append(sign.habit)
    if current.hours_sat >= 6:
        habits.append(f"You sat {current.hours_sat:g} h: take a break at least every 40 minutes.")
        exercises.append("kneeling-psoas-stretch")
    if current.pain_low_back > 0:
        exercises.extend(("single-knee-to-chest", "half-bridge"))
    if current.pain_knee > 0:
        habits.append("Knee pain: kneel on a cushion, or use the lying edge-of-bed stretch instead.")
    if current.stiffness >= 6:
        habits.append("Stiff today: warm up for a few minutes before stretching.")
    return tuple(dict.fromkeys(exercises)), tuple(dict.fromkeys(habits))


def _persistent(history: Sequence[CheckInRecord]) -> bool:
    recent = history[-PERSISTENT_CHECKINS:]
    return len(recent) == PERSISTENT_CHECKINS and all(c.worst_pain >= PERSISTENT_PAIN for c in recent)


def red_flag_day(history: Sequence[CheckInRecord]) -> date | None:
    """The day of the newest check-in if it reported a warning sign (a clear check-in lifts the pause)."""
    if history and history[-1].red_flags:
        return history[-1].at.date()
    return None
