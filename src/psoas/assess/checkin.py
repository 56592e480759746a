"""Check-ins: how the psoas feels today, screened for warning signs, mapped to suggestions, never a diagnosis.

The warning signs ("red flags") follow common low-back-pain triage guidance: signs that a back problem
needs a doctor rather than exercises. Signs of pressure on the nerves at the base of the spine send the
person to an emergency department now, the others to a doctor today. Any of them pauses the whole plan
until a clinician visit is recorded (see psoas.safety). Risk factors that do not change from day to day
(age, a history of cancer, steroids or weakened immunity) are asked once, in the profile, and make new
or unexplained back pain a warning sign. Persistent pain over several check-ins gives the articles' advice:
see a doctor, chiropractor or physical therapist.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from psoas.errors import InvalidInputError
from psoas.safety import (
    CLEAR_HOW,
    SEVERE_PAIN,
    SEVERE_PAIN_REST,
    Pause,
    Urgency,
    referral,
)
from psoas.store.clearances import ClearanceRecord
from psoas.store.records import CheckInRecord

__all__ = [
    "FUNCTION_QUESTION",
    "PERSISTENT_CHECKINS",
    "PERSISTENT_PAIN",
    "RED_FLAGS",
    "SIGNS",
    "Assessment",
    "RedFlag",
    "Sign",
    "assess",
    "check_function",
    "check_hours_sat",
    "check_score",
    "flags_of",
    "make_checkin",
    "pause_from",
    "severe_pain_since",
]

# A patient-specific functional scale, a common clinical approach: the person names a few everyday
# activities that the problem makes hard, once, and rates at each visit how well they manage each today.
# It shows change that matters to that person, which a pain score alone can miss.
FUNCTION_QUESTION = "How well could you manage {activity} today? (0 = not at all, 10 = as well as before)"
PERSISTENT_PAIN = 4  # a worst pain at or above this ...
PERSISTENT_CHECKINS = 3  # ... in this many check-ins in a row counts as persistent
PAUSED = "Your whole plan is paused: no stretching, strength or break routines."
RISK_ONLY = (
    "New or unexplained back pain: at 50 or over, after cancer, or with steroids or weakened immunity "
    "it is a warning sign. If none of these applies and it does not settle in a few weeks, see a doctor."
)


@dataclass(frozen=True)
class RedFlag:
    id: str
    question: str
    urgency: Urgency
    at_risk_only: bool = False  # a warning sign only for someone the profile marks as at higher risk
    advice: str = ""  # said after the referral

    @property
    def urgent(self) -> bool:
        return self.urgency is Urgency.EMERGENCY


_E, _T = Urgency.EMERGENCY, Urgency.TODAY
RED_FLAGS = (
    RedFlag("saddle-numbness", "Numbness or tingling around the groin, buttocks or inner thighs?", _E),
    RedFlag("bladder-bowel", "New trouble holding or passing urine or stool?", _E),
    RedFlag("both-legs", "Pain, numbness, tingling or weakness in both legs?", _E),
    RedFlag("sexual-dysfunction", "New numbness of the genitals or new sexual problems with back pain?", _E),
    RedFlag("leg-weakness", "A leg getting weaker, or a foot that drags or catches?", _T),
    RedFlag("fever-unwell", "Fever, chills or feeling generally unwell along with back pain?", _T),
    RedFlag("trauma", "A recent fall, accident or blow to the back or hip?", _T),
    RedFlag("weight-loss", "Weight loss you cannot explain?", _T),
    RedFlag("night-pain", "Severe pain at night or at rest that does not ease when you change position?", _T),
    RedFlag(
        "calf-swelling",
        "Pain, warmth or swelling in one calf?",
        _T,
        advice="After long sitting a painful, swollen calf can be a blood clot: if you also become short "
        "of breath or have chest pain, call emergency services.",
    ),
    RedFlag(
        "new-pain",
        "Back pain that is new (the last six weeks) or that you cannot explain, e.g. no strain or lifting?",
        _T,
        at_risk_only=True,
        advice="New or unexplained back pain needs a doctor's look at 50 or over, after cancer, or with "
        "steroids or weakened immunity, as your profile says.",
    ),
)


@dataclass(frozen=True)
class Sign:
    """An everyday sign and what tends to help; or, with `referral`, one that exercise is not the answer
    to: it sends the person to a clinician (not urgently, and without pausing the plan)."""

    id: str
    question: str
    exercises: tuple[str, ...]
    habit: str
    referral: str = ""


# The articles' everyday signs of a tight or weak psoas, each with what tends to help; then signs that need
# a clinician rather than exercises (the articles' fatigue and breathlessness among them: that a tight psoas
# causes them is one article's opinion, while their real causes need a doctor).
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
        "Have you been tired or exhausted lately in a way that is new or that you cannot explain?",
        (),
        "Keep moving gently through the day while you wait to see a doctor.",
        referral="New or unexplained tiredness: see a doctor in the next days. It has many possible causes "
        "(blood count, thyroid, heart, lungs, sleep, mood) that stretching does not treat; one of our source "
        "articles blames a tight psoas, but that is an opinion, not evidence.",
    ),
    Sign(
        "breathing",
        "Have you been short of breath, or has your breathing felt tight, in a way that is new to you?",
        (),
        "Slow breathing can calm you, but it is no treatment for breathlessness.",
        referral="New or unexplained breathlessness: see a doctor soon. If it comes on suddenly, with chest "
        "pain, or with a painful swollen calf, call emergency services now.",
    ),
    Sign(
        "leg-symptoms",
        "Pain below the knee, or pins and needles or numbness in a leg or foot?",
        (),
        "Stop any stretch that sends tingling down the leg; walking and changing position often help.",
        referral="Pain below the knee or pins and needles in the leg can come from an irritated nerve in the "
        "back: see a doctor or physiotherapist. If it spreads to both legs, or comes with numbness around "
        "the groin or trouble with the bladder, answer yes to those warning signs.",
    ),
    Sign(
        "groin-deep-bending",
        "Pain deep in the groin when you bend the hip a lot (squatting, knee to chest, putting on socks)?",
        (),
        "Until you have been seen, do not stretch into the groin pain: skip deep hip bending.",
        referral="Groin pain on deep hip bending can come from the hip joint itself rather than a tight "
        "psoas: see a doctor or physiotherapist before stretching into it.",
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
    function: Mapping[str, int] | None = None,
    activities: Sequence[str] = (),
) -> CheckInRecord:
    """A validated check-in; an out-of-range score or unknown id raises one sentence.

    `function` rates each of the profile's `activities` (a subset may be rated), 0–10."""
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
        function=check_function(function or {}, activities),
    )


def check_function(scores: Mapping[str, int], activities: Sequence[str]) -> tuple[tuple[str, int], ...]:
    """(activity, score) in the profile's order; an activity the profile does not name, or a score out of
    0–10, raises one sentence."""
    for name, score in scores.items():
        if name not in activities:
            known = ", ".join(f"'{a}'" for a in activities) or "none yet (add them to your profile)"
            raise InvalidInputError(f"'{name}' is not one of your profile's activities; they are: {known}.")
        check_score(f"How well you could manage '{name}'", score)
    return tuple((a, scores[a]) for a in activities if a in scores)


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

    @property
    def urgency(self) -> Urgency | None:
        if not self.red_flags:
            return None
        return Urgency.EMERGENCY if any(f.urgent for f in self.red_flags) else Urgency.TODAY

    def to_dict(self) -> dict[str, object]:
        return {
            "red_flags": [f.id for f in self.red_flags],
            "urgent": self.urgency is Urgency.EMERGENCY,
            "urgency": None if self.urgency is None else self.urgency.value,
            "paused": bool(self.red_flags),
            "refer": self.refer,
            "messages": list(self.messages),
            "exercises": list(self.exercises),
            "habits": list(self.habits),
        }


def flags_of(record: CheckInRecord, at_risk: bool) -> tuple[RedFlag, ...]:
    """The warning signs a check-in reported; new or unexplained pain counts only for someone at risk."""
    return tuple(f for f in RED_FLAGS if f.id in record.red_flags and (at_risk or not f.at_risk_only))


def assess(
    current: CheckInRecord, earlier: Sequence[CheckInRecord] = (), *, at_risk: bool = False
) -> Assessment:
    """What this check-in (and the ones before it, oldest first) suggest; never a diagnosis.

    `at_risk`: the profile says 50 or over, a history of cancer, or steroids or weakened immunity."""
    flags = flags_of(current, at_risk)
    persistent = _persistent([*earlier, current])
    exercises, habits = _suggestions(current)
    if flags or current.worst_pain >= SEVERE_PAIN:  # no exercise advice beyond calm breathing and walking
        exercises = tuple(e for e in exercises if e in ("diaphragmatic-breathing", "walking-break"))
    if flags:  # paused: no exercise at all until a clinician has seen them
        exercises = ()
    messages = _messages(current, flags, persistent)
    if "new-pain" in current.red_flags and not at_risk:
        messages += (RISK_ONLY,)
    referrals = tuple(s.referral for s in SIGNS if s.referral and s.id in current.signs)
    messages += referrals
    return Assessment(
        red_flags=flags,
        messages=messages,
        refer=bool(flags) or persistent or current.worst_pain >= SEVERE_PAIN or bool(referrals),
        exercises=exercises,
        habits=habits,
    )


def _messages(current: CheckInRecord, flags: Sequence[RedFlag], persistent: bool) -> tuple[str, ...]:
    messages: list[str] = []
    if flags:
        messages.append(referral(Urgency.EMERGENCY if any(f.urgent for f in flags) else Urgency.TODAY))
        messages.extend(f.advice for f in flags if f.advice)
        messages.append(f"{PAUSED} {CLEAR_HOW}")
    if persistent:
        messages.append(
            f"Your pain has been {PERSISTENT_PAIN}/10 or more in your last {PERSISTENT_CHECKINS} check-ins: "
            "talk to a doctor, chiropractor or physical therapist, as the articles advise."
        )
    if current.worst_pain >= SEVERE_PAIN:
        messages.append(SEVERE_PAIN_REST)
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
        habits.append("Knee pain: kneel on a cushion, or use the standing stretch at the desk instead.")
    if current.stiffness >= 6:
        habits.append("Stiff today: warm up for a few minutes before stretching.")
    return tuple(dict.fromkeys(exercises)), tuple(dict.fromkeys(habits))


def _persistent(history: Sequence[CheckInRecord]) -> bool:
    recent = history[-PERSISTENT_CHECKINS:]
    return len(recent) == PERSISTENT_CHECKINS and all(c.worst_pain >= PERSISTENT_PAIN for c in recent)


def pause_from(
    history: Sequence[CheckInRecord], clearances: Sequence[ClearanceRecord], *, at_risk: bool = False
) -> Pause | None:
    """The pause the newest warning-sign check-in set, unless a clinician visit was recorded after it.

    A check-in without warning signs does not lift a pause: only a recorded visit does."""
    flagged = [c for c in history if flags_of(c, at_risk)]
    if not flagged:
        return None
    last = max(flagged, key=lambda c: c.at)
    if any(c.at > last.at for c in clearances):
        return None
    flags = flags_of(last, at_risk)
    urgency = Urgency.EMERGENCY if any(f.urgent for f in flags) else Urgency.TODAY
    return Pause(last.at, tuple(f.id for f in flags), urgency)


def severe_pain_since(history: Sequence[CheckInRecord]) -> datetime | None:
    """When the newest check-in scored pain at or above SEVERE_PAIN (the plan rests until a milder one)."""
    if history and history[-1].worst_pain >= SEVERE_PAIN:
        return history[-1].at
    return None
