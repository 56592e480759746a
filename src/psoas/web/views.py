"""What the pages and the API show, read from the store as plain data (no HTML here)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

from psoas.assess.checkin import RED_FLAGS, SIGNS, assess
from psoas.catalog import Catalog
from psoas.habits.breaks import daily_stats
from psoas.plan import PlanItem
from psoas.report.history import History, summarise, thomas_trend
from psoas.safety import SEVERE_PAIN_REST
from psoas.store import Store
from psoas.store import records as rec
from psoas.store.erase import Kind, record_ids
from psoas.today import STARTER, context_for, current_pause, custom_items, week_plan

__all__ = [
    "ChartCache",
    "Clock",
    "dashboard",
    "history",
    "history_lists",
    "rest_today",
    "streak",
    "today_items",
]


@dataclass(frozen=True)
class Clock:
    """The moment a request is served: UTC for records, the local day and zone for calendars."""

    now: datetime
    today: date
    tz: tzinfo | None

    @classmethod
    def current(cls) -> Clock:
        local = datetime.now().astimezone()
        return cls(local.astimezone(UTC), local.date(), local.tzinfo)


def today_items(store: Store, catalog: Catalog, clock: Clock) -> tuple[tuple[PlanItem, ...], str]:
    """Today's planned items and where they came from: the weekly plan, the starter routine when there
    is no profile yet, or nothing ("paused") while a warning sign pauses the plan."""
    ctx = context_for(store, clock.now)
    if ctx.paused is not None:
        return (), "paused"
    found = rec.latest_profile(store)
    if found is None:
        items, _ = custom_items(STARTER, catalog, None, ctx, clock.today)
        return items, "starter"
    return week_plan(store, catalog, clock.today, clock.now).day(clock.today).items, "plan"


def rest_today(store: Store, clock: Clock) -> str | None:
    """Why today is a rest day after severe pain, or None."""
    rest_from = context_for(store, clock.now).rest_from
    return SEVERE_PAIN_REST if rest_from is not None and clock.today >= rest_from else None


def streak(steps: Sequence[rec.StepRecord], today: date, tz: tzinfo | None) -> int:
    """Days in a row with at least one exercise step done, ending today (or yesterday, so a streak is
    not lost before today's session)."""
    days = {s.finished_at.astimezone(tz).date() for s in steps if s.outcome == "done"}
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


def history(store: Store, clock: Clock) -> History:
    summary = summarise(
        rec.sessions(store),
        rec.session_steps(store),
        rec.checkins(store),
        rec.breaks_between(store),
        clock.today,
        clock.tz,
    )
    return replace(summary, thomas=thomas_trend(rec.measurements(store), clock.tz))


class ChartCache:
    """The history's charts, drawn once per distinct History and kept for the next requests.

    The charts depend only on the History value (frozen, hashable), so a write that changes what they
    show changes the key and nothing needs invalidating. Drawing holds a lock: pyplot's figure registry
    is not thread-safe, and 20 clients asking at once then wait for one drawing instead of making 20,
    which on two cores took seconds each. Pages are served from a threadpool, so the wait never blocks
    the event loop."""

    def __init__(self, size: int = 8) -> None:
        self._size = size
        self._drawn: OrderedDict[History, tuple[str, ...]] = OrderedDict()
        self._lock = threading.Lock()

    def figures(self, summary: History) -> tuple[str, ...]:
        with self._lock:
            found = self._drawn.get(summary)
            if found is None:
                from psoas.report.charts import figures  # noqa: PLC0415 (matplotlib loads slowly)

                found = self._drawn[summary] = tuple(figures(summary))
                while len(self._drawn) > self._size:
                    self._drawn.popitem(last=False)
            self._drawn.move_to_end(summary)
            return found


def breaks_today(store: Store, clock: Clock) -> dict[str, int]:
    start = datetime.combine(clock.today, datetime.min.time(), clock.tz)
    return daily_stats(rec.breaks_between(store, start, start + timedelta(days=1)))


def dashboard(store: Store, catalog: Catalog, clock: Clock) -> dict[str, Any]:
    items, _ = today_items(store, catalog, clock)
    checkins = rec.checkins(store)
    last = checkins[-1] if checkins else None
    trend = thomas_trend(rec.measurements(store), clock.tz)
    pause = current_pause(store, clock.now)
    found = rec.latest_profile(store)
    at_risk = found is not None and found[1].at_risk(clock.today)
    return {
        "date": clock.today.isoformat(),
        "has_profile": found is not None,
        "pause": None if pause is None else pause.to_dict(),
        "rest": rest_today(store, clock),
        "plan": [
            {
                "id": i.exercise_id,
                "name": i.name,
                "dose": i.prescription.describe(),
                "why": list(i.why),
                "needs": i.needs,
            }
            for i in items
        ],
        "plan_minutes": round(sum(i.seconds for i in items) / 60),
        "streak_days": streak(rec.session_steps(store), clock.today, clock.tz),
        "last_checkin": None
        if last is None
        else {
            "at": last.at.astimezone(clock.tz).strftime("%Y-%m-%d %H:%M"),
            "worst_pain": last.worst_pain,
            "red_flags": list(last.red_flags),
            "messages": list(assess(last, checkins[:-1], at_risk=at_risk).messages),
        },
        "breaks_today": breaks_today(store, clock),
        "thomas": None if trend is None else trend.to_dict(),
    }


def history_lists(store: Store, catalog: Catalog, clock: Clock, limit: int = 30) -> dict[str, Any]:
    """The newest sessions and check-ins, in words, for the history page's lists (newest first)."""
    names = {e.id: e.name for e in catalog.exercises}
    steps = rec.session_steps(store)
    when = "%Y-%m-%d %H:%M"
    sessions = []
    for s in rec.sessions(store)[-limit:][::-1]:  # sessions carry their own id
        own = [x for x in steps if x.session_id == s.id and x.kind == "work"]
        sessions.append(
            {
                "id": s.id,
                "at": s.started_at.astimezone(clock.tz).strftime(when),
                "status": s.status,
                "done": sum(x.outcome == "done" for x in own),
                "not_done": sum(x.outcome != "done" for x in own),
                "exercises": list(dict.fromkeys(names.get(x.exercise_id, x.exercise_id) for x in own)),
            }
        )
    signs = {x.id: x.question for x in SIGNS}
    flags = {f.id: f.question for f in RED_FLAGS}
    checkins: list[dict[str, Any]] = [
        {
            "at": c.at.astimezone(clock.tz).strftime(when),
            "pain": {"low back": c.pain_low_back, "hip": c.pain_hip, "knee": c.pain_knee},
            "function": dict(c.function),
            "stiffness": c.stiffness,
            "hours_sat": c.hours_sat,
            "signs": [signs.get(x, x) for x in c.signs],
            "red_flags": [flags.get(x, x) for x in c.red_flags],
            "note": c.note,
        }
        for c in rec.checkins(store)[-limit:][::-1]
    ]
    for row, row_id in zip(checkins, record_ids(store, Kind.CHECKIN)[-limit:][::-1], strict=True):
        row["id"] = row_id
    return {"sessions": sessions, "checkins": checkins}
