"""The break schedule's numbers, read once at the edge: the catalog's walking break sets how long a break
must last, and environment knobs (for trying things out, and for tests that cannot wait 40 minutes)
override the rest."""

from __future__ import annotations

from collections.abc import Mapping

from psoas.catalog import Catalog
from psoas.errors import InvalidInputError
from psoas.habits.schedule import ScheduleConfig

__all__ = [
    "ENV_BREAK_S",
    "ENV_IDLE_S",
    "ENV_INTERVAL_S",
    "ENV_TICK_S",
    "break_length_s",
    "schedule_config",
    "tick_seconds",
]

ENV_INTERVAL_S = "PSOAS_BREAK_INTERVAL_S"
ENV_BREAK_S = "PSOAS_BREAK_S"
ENV_IDLE_S = "PSOAS_BREAK_IDLE_S"
ENV_TICK_S = "PSOAS_BREAK_TICK_S"
WALKING_BREAK = "walking-break"


def break_length_s(catalog: Catalog) -> float:
    """The walking break's shortest dose (2 minutes): up and away that long counts as a break."""
    dose = catalog.exercise(WALKING_BREAK).dose.duration_s
    return float(dose.min) if dose is not None and dose.min > 0 else 120.0


def schedule_config(
    catalog: Catalog, env: Mapping[str, str], *, interval_s: float | None = None
) -> ScheduleConfig:
    """The rules: 40 minutes (or `interval_s`, or $PSOAS_BREAK_INTERVAL_S), never past 60; idle after 5
    minutes; a break as long as the catalog's shortest walking break."""
    base = ScheduleConfig(break_s=break_length_s(catalog))
    interval = interval_s if interval_s is not None else _seconds(env, ENV_INTERVAL_S, base.interval_s)
    # A shortened interval (tests, demos) shortens the hour with it, so "missed" keeps its meaning.
    max_s = base.max_s if interval >= 60 else interval * base.max_s / base.interval_s
    return ScheduleConfig(
        interval_s=interval,
        max_s=max(max_s, interval),
        idle_s=_seconds(env, ENV_IDLE_S, base.idle_s),
        break_s=_seconds(env, ENV_BREAK_S, base.break_s),
        snooze_s=base.snooze_s if interval >= 60 else max(interval / 8, 1.0),
    )


def tick_seconds(env: Mapping[str, str]) -> float:
    """How often the server advances the schedule on its own (15 s; tests shorten it)."""
    return _seconds(env, ENV_TICK_S, 15.0)


def _seconds(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise InvalidInputError(f"{name} must be a number of seconds, not '{raw}'.") from None
    if not 0 < value <= 86_400:
        raise InvalidInputError(f"{name} must be above 0 and at most 86400 seconds, not {raw}.")
    return value
