"""Summaries of the stored history, as plain series: the terminal, the HTML report and the web share them.

Days are local calendar days (records are stored in UTC and converted here).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from psoas.assess.checkin import RED_FLAGS
from psoas.plan import week_start
from psoas.store.records import BreakRecord, CheckInRecord, MeasurementRecord, SessionRecord, StepRecord

if TYPE_CHECKING:
    from psoas.measure.thomas import ThomasResult

__all__ = [
    "THOMAS_THIGH",
    "History",
    "ThomasTrend",
    "flag_days",
    "sparkline",
    "summarise",
    "thomas_records",
    "thomas_trend",
]

THOMAS_THIGH = "thomas-thigh-angle"
THOMAS_KNEE = "thomas-knee-flexion"

BARS = "▁▂▃▄▅▆▇█"


@dataclass(frozen=True)
class History:
    pain: tuple[tuple[date, int], ...]  # worst pain per check-in day
    sessions_per_week: tuple[tuple[date, int], ...]  # completed sessions, per week start
    breaks_per_day: tuple[tuple[date, int], ...]  # breaks taken (done or away), per day
    adherence: tuple[tuple[date, float], ...]  # share of days in each week with any exercise done
    red_flags: tuple[tuple[date, tuple[str, ...]], ...]
    thomas: ThomasTrend | None = None
    # the mean 0–10 activity rating of each check-in day's last rated check-in (higher is better)
    function: tuple[tuple[date, float], ...] = ()
    today: date | None = None  # the day it was summarised on: charts end there, never in the future

    def to_dict(self) -> dict[str, object]:
        def pairs(series: Sequence[tuple[date, object]]) -> list[dict[str, object]]:
            return [{"date": d.isoformat(), "value": v} for d, v in series]

        return {
            "pain": pairs(self.pain),
            "sessions_per_week": pairs(self.sessions_per_week),
            "breaks_per_day": pairs(self.breaks_per_day),
            "adherence": pairs(self.adherence),
            "red_flags": [{"date": d.isoformat(), "flags": list(f)} for d, f in self.red_flags],
            "thomas": None if self.thomas is None else self.thomas.to_dict(),
            "function": pairs(self.function),
        }


@dataclass(frozen=True)
class ThomasTrend:
    """Valid Thomas tests: the hanging thigh's angle per day and side (the day's last test), and the
    latest left-minus-right difference in thigh angle and knee flexion."""

    left: tuple[tuple[date, float], ...]
    right: tuple[tuple[date, float], ...]
    knee_left: tuple[tuple[date, float], ...]
    knee_right: tuple[tuple[date, float], ...]
    thigh_asymmetry_deg: float | None
    knee_asymmetry_deg: float | None

    def by_day(self) -> list[tuple[date, float | None, float | None]]:
        """(day, left thigh, right thigh) for every day with a test on either side, oldest first."""
        left, right = dict(self.left), dict(self.right)
        return [(d, left.get(d), right.get(d)) for d in sorted(left.keys() | right.keys())]

    def to_dict(self) -> dict[str, object]:
        def pairs(series: Sequence[tuple[date, float]]) -> list[dict[str, object]]:
            return [{"date": d.isoformat(), "value": round(v, 1)} for d, v in series]

        return {
            "thigh_left": pairs(self.left),
            "thigh_right": pairs(self.right),
            "knee_left": pairs(self.knee_left),
            "knee_right": pairs(self.knee_right),
            "thigh_asymmetry_deg": self.thigh_asymmetry_deg,
            "knee_asymmetry_deg": self.knee_asymmetry_deg,
        }


def thomas_records(result: ThomasResult, source: str, at: datetime) -> list[MeasurementRecord]:
    """A valid Thomas test as the two stored measurements (thigh angle, knee flexion), details attached."""
    if result.thigh_deg is None or result.knee_deg is None:
        raise ValueError("only a valid Thomas test is stored")
    details = asdict(result)
    return [
        MeasurementRecord(at, THOMAS_THIGH, result.side, result.thigh_deg, "deg", source, details),
        MeasurementRecord(at, THOMAS_KNEE, result.side, result.knee_deg, "deg", source, details),
    ]


def thomas_trend(measurements: Sequence[MeasurementRecord], tz: tzinfo | None = None) -> ThomasTrend | None:
    def series(kind: str, side: str) -> tuple[tuple[date, float], ...]:
        by_day = {_local(m.at, tz): m.value for m in measurements if m.kind == kind and m.side == side}
        return tuple(sorted(by_day.items()))

    left, right = series(THOMAS_THIGH, "left"), series(THOMAS_THIGH, "right")
    knee_left, knee_right = series(THOMAS_KNEE, "left"), series(THOMAS_KNEE, "right")
    if not (left or right):
        return None

    def gap(a: tuple[tuple[date, float], ...], b: tuple[tuple[date, float], ...]) -> float | None:
        return round(a[-1][1] - b[-1][1], 1) if a and b else None

    return ThomasTrend(left, right, knee_left, knee_right, gap(left, right), gap(knee_left, knee_right))


def _local(at: datetime, tz: tzinfo | None) -> date:
    return at.astimezone(tz).date()


def summarise(
    sessions: Sequence[SessionRecord],
    steps: Sequence[StepRecord],
    checkins: Sequence[CheckInRecord],
    breaks: Sequence[BreakRecord],
    today: date,
    tz: tzinfo | None = None,
) -> History:
    worst: dict[date, int] = {}
    function: dict[date, float] = {}
    for c in checkins:
        day = _local(c.at, tz)
        worst[day] = max(worst.get(day, 0), c.worst_pain)
        if c.function_score is not None:
            function[day] = c.function_score
    per_week = Counter(week_start(s.day) for s in sessions if s.status == "completed")
    taken = Counter(_local(b.at, tz) for b in breaks if b.outcome in ("done", "idle"))
    active_days = {_local(s.finished_at, tz) for s in steps if s.outcome == "done"}
    weeks = sorted({week_start(d) for d in active_days} | set(per_week))
    adherence = []
    for start in weeks:
        days = [start + timedelta(days=i) for i in range(7) if start + timedelta(days=i) <= today]
        if days:
            adherence.append((start, round(sum(d in active_days for d in days) / len(days), 3)))
    return History(
        pain=tuple(sorted(worst.items())),
        sessions_per_week=tuple(sorted(per_week.items())),
        breaks_per_day=tuple(sorted(taken.items())),
        adherence=tuple(adherence),
        red_flags=tuple((_local(c.at, tz), c.red_flags) for c in checkins if c.red_flags),
        function=tuple(sorted(function.items())),
        today=today,
    )


def sparkline(values: Sequence[float], top: float | None = None) -> str:
    """One block character per value, scaled from 0 to `top` (default: the largest value)."""
    if not values:
        return ""
    high = top if top is not None else max(values)
    if high <= 0:
        return BARS[0] * len(values)
    return "".join(BARS[min(len(BARS) - 1, int(v / high * (len(BARS) - 1) + 0.5))] for v in values)


def flag_days(history: History) -> list[tuple[str, list[str]]]:
    """Each warning sign reported, in words and once, with the days it was reported (screen order)."""
    days: dict[str, list[str]] = {}
    for day, flags in history.red_flags:
        for flag in flags:
            seen = days.setdefault(flag, [])
            if day.isoformat() not in seen:
                seen.append(day.isoformat())
    return [(f.question, days[f.id]) for f in RED_FLAGS if f.id in days]
