"""Sitting per day against the seeds' rule (a break at least every 40 minutes, never past 60): pure
counts from the stored bouts and breaks, for the stats endpoint, the Breaks page and the history."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from psoas.habits.schedule import ScheduleConfig
from psoas.store import Store
from psoas.store.breaks_schedule import BoutRecord, ScheduledBreak, bouts_between, scheduled_breaks

__all__ = ["SittingDay", "sitting_days", "sitting_history"]

TAKEN = frozenset({"done", "idle"})


@dataclass(frozen=True)
class SittingDay:
    day: date
    bouts: int
    sitting_s: float
    longest_s: float
    over_interval: int  # bouts longer than the interval (40 min by default)
    over_max: int  # bouts longer than the ceiling (60 min)
    meeting_bouts: int
    taken: int
    verified: int  # taken with the camera seeing the person stand
    missed: int

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "day": self.day.isoformat()}


def sitting_days(
    bouts: Sequence[BoutRecord],
    breaks: Sequence[ScheduledBreak],
    *,
    last_day: date,
    days: int,
    tz: tzinfo | None,
    limits: tuple[float, float],
) -> list[SittingDay]:
    """One SittingDay for each of the `days` days ending with `last_day` (local days in `tz`), oldest
    first; a bout belongs to the day it began. `limits` is (interval_s, max_s)."""
    first = last_day - timedelta(days=days - 1)
    by_day: dict[date, list[BoutRecord]] = {first + timedelta(days=i): [] for i in range(days)}
    marks: dict[date, list[ScheduledBreak]] = {d: [] for d in by_day}
    for b in bouts:
        by_day.get(_day(b.start, tz), []).append(b)
    for k in breaks:
        marks.get(_day(k.at, tz), []).append(k)
    return [_one(d, by_day[d], marks[d], limits) for d in by_day]


def _one(
    day: date, bouts: Sequence[BoutRecord], breaks: Sequence[ScheduledBreak], limits: tuple[float, float]
) -> SittingDay:
    interval_s, max_s = limits
    lengths = [b.seconds for b in bouts]
    taken = [k for k in breaks if k.outcome in TAKEN]
    return SittingDay(
        day=day,
        bouts=len(bouts),
        sitting_s=round(sum(lengths), 1),
        longest_s=round(max(lengths, default=0.0), 1),
        over_interval=sum(s > interval_s for s in lengths),
        over_max=sum(s > max_s for s in lengths),
        meeting_bouts=sum(b.meeting for b in bouts),
        taken=len(taken),
        verified=sum(k.verified for k in taken),
        missed=sum(k.outcome == "missed" for k in breaks),
    )


def _day(at: datetime, tz: tzinfo | None) -> date:
    return at.astimezone(tz).date()


def sitting_history(store: Store, *, days: int, now: datetime, config: ScheduleConfig) -> list[SittingDay]:
    """The last `days` local days up to the day of `now` (an aware local time), from the store."""
    end = datetime.combine(now.date() + timedelta(days=1), datetime.min.time(), now.tzinfo)
    start = end - timedelta(days=days)
    return sitting_days(
        bouts_between(store, start, end),
        scheduled_breaks(store, start, end),
        last_day=now.date(),
        days=days,
        tz=now.tzinfo,
        limits=(config.interval_s, config.max_s),
    )
