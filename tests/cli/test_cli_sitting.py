"""`psoas history` shows the sitting the break schedule recorded, against the 40/60-minute rule."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from typer.testing import CliRunner

from psoas.cli.app import app
from psoas.habits.schedule import ScheduleConfig, Seen, Signal, Source, Taken, Tick
from psoas.store import open_store
from psoas.store.breaks_schedule import apply

runner = CliRunner()


def _sit(minutes: float, ended_ago_min: float) -> None:
    """A bout of `minutes` ended by a break `ended_ago_min` minutes ago, in the default database; moved
    to end just before midnight when it would span it, as a day's row counts a bout's breaks only when
    they fall on the day it began."""
    store = open_store()
    config = ScheduleConfig()
    end = datetime.now(UTC) - timedelta(minutes=ended_ago_min)
    midnight = datetime.now().astimezone().replace(hour=0, minute=0, second=0, microsecond=0)
    if end - timedelta(minutes=minutes) < midnight:  # just after midnight: keep the bout within one day
        end = midnight - timedelta(minutes=1)
    t = end - timedelta(minutes=minutes)
    apply(store, Seen(t, Signal.ACTIVE, Source.INPUT), config)
    while t < end - timedelta(minutes=4):
        t += timedelta(minutes=4)  # ticks closer than the idle time: the bout goes on
        apply(store, Tick(t), config)
    apply(store, Taken(end), config)
    store.dispose()


def test_history_lists_the_sitting_bouts_per_day() -> None:
    _sit(65, ended_ago_min=5)
    result = runner.invoke(app, ["history", "--json"])
    assert result.exit_code == 0, result.output
    days = [d for d in json.loads(result.stdout)["sitting"] if d["bouts"]]
    assert len(days) == 1
    day = days[0]
    # The bout, then the one the break started (still open, so not yet counted).
    assert (day["bouts"], day["over_interval"], day["over_max"], day["longest_s"]) == (1, 1, 1, 65 * 60.0)
    assert (day["taken"], day["missed"]) == (1, 1)  # due at 40, missed at 60, then taken
    table = runner.invoke(app, ["history"], env={"COLUMNS": "200"}).stdout
    assert "Sitting, last 7 days" in table and "65 min" in table
