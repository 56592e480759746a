"""The safety wording, written once: the CLI, the web pages, the plan and the check-in all say these.

A warning sign pauses the whole plan (stretching, strength, break routines) until the person records
that a clinician has seen them. Signs of pressure on the nerves at the base of the spine (cauda equina)
send the person to an emergency department now; every other warning sign to a doctor today.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

__all__ = [
    "CLEAR_HOW",
    "DISCLAIMER",
    "EMERGENCY",
    "RESUMED",
    "SEE_DOCTOR_TODAY",
    "SEVERE_PAIN",
    "SEVERE_PAIN_REST",
    "Pause",
    "Urgency",
    "paused_text",
    "referral",
]

SEVERE_PAIN = 8  # a check-in's worst pain at or above this turns the plan into a rest day


class Urgency(StrEnum):
    EMERGENCY = "emergency"  # cauda-equina signs: treatment within hours
    TODAY = "today"  # every other warning sign


EMERGENCY = (
    "Go to an emergency department now: numbness in the saddle area, new bladder or bowel trouble, "
    "symptoms in both legs or new sexual problems with back pain can mean pressure on the nerves at the "
    "base of the spine, which needs treatment within hours. Do not exercise."
)
SEE_DOCTOR_TODAY = (
    "See a doctor today about the warning sign you reported; psoas cannot tell what is causing it. "
    "Do not exercise until a clinician has seen you."
)
CLEAR_HOW = (
    "When a clinician has seen you, record the date with `psoas clear --seen-on YYYY-MM-DD` or the form "
    "on the Today page, and the plan resumes."
)
RESUMED = "Recorded: a clinician saw you. Your plan resumes; stop any exercise that hurts."
SEVERE_PAIN_REST = (
    f"Rest from exercise: your last check-in scored pain {SEVERE_PAIN}/10 or more, so today's plan is "
    "slow breathing only. A check-in with less pain brings the plan back; if the pain does not settle, "
    "see a professional."
)
DISCLAIMER = (
    "psoas is not a medical device: it does not diagnose or treat. Stop any exercise that hurts. "
    "Numbness in the saddle area, new bladder or bowel trouble, symptoms in both legs or new sexual "
    "problems with back pain: go to an emergency department now. Leg weakness, fever with back pain, "
    "pain after a fall, or a painful, swollen calf: see a doctor today."
)


def referral(urgency: Urgency) -> str:
    return EMERGENCY if urgency is Urgency.EMERGENCY else SEE_DOCTOR_TODAY


@dataclass(frozen=True)
class Pause:
    """The plan is paused: a check-in reported warning signs and no clinician visit is recorded since."""

    flagged_at: datetime  # when the check-in that reported them was saved (UTC)
    flags: tuple[str, ...]
    urgency: Urgency

    @property
    def day(self) -> date:
        return self.flagged_at.date()

    def to_dict(self) -> dict[str, object]:
        return {
            "since": self.flagged_at.isoformat(),
            "flags": list(self.flags),
            "urgency": self.urgency.value,
            "message": paused_text(self),
        }


def paused_text(pause: Pause) -> str:
    """One message for every place that refuses exercise while paused: why, what to do, how to clear."""
    return (
        f"Your plan is paused: the check-in of {pause.day.isoformat()} reported a warning sign. "
        f"{referral(pause.urgency)} {CLEAR_HOW}"
    )
