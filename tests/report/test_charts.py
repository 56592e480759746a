"""The history charts: a day axis at least a week wide, and no empty charts."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import matplotlib.dates as _mdates
import matplotlib.pyplot as plt

from psoas.report.charts import _days_axis, figures, render_html
from psoas.report.history import summarise
from psoas.store.records import CheckInRecord

mdates: Any = _mdates  # untyped


def test_one_day_sits_in_a_week_of_day_ticks() -> None:
    fig, ax = plt.subplots()
    day = date(2026, 11, 20)
    xs: Any = [day]
    ax.plot(xs, [4])
    _days_axis(ax, {"": [(day, 4.0)]})
    low, high = ax.get_xlim()
    assert (mdates.num2date(low).date(), mdates.num2date(high).date()) == (
        date(2026, 11, 17),
        date(2026, 11, 23),
    )
    ticks = [mdates.num2date(t).date() for t in ax.get_xticks()]
    assert ticks == [date(2026, 11, d) for d in range(17, 24)]  # one tick a day, no hours
    plt.close(fig)


def test_a_week_started_today_ends_at_today_not_in_the_future() -> None:
    """Adherence's bar for this week sits on its Monday, today: the axis shows the week before it and
    half a day past today (the bar whole), no empty days to come."""
    fig, ax = plt.subplots()
    today = date(2026, 11, 30)
    _days_axis(ax, {"": [(today, 0.5)]}, today)
    low, high = ax.get_xlim()
    assert (mdates.num2date(low).date(), high) == (date(2026, 11, 24), mdates.date2num(today) + 0.5)
    ticks = [mdates.num2date(t).date() for t in ax.get_xticks()]
    assert max(ticks) == today
    plt.close(fig)


def test_a_long_range_keeps_its_own_ends() -> None:
    fig, ax = plt.subplots()
    series = [(date(2026, 9, 1), 1.0), (date(2026, 11, 20), 3.0)]
    _days_axis(ax, {"": series})
    low, high = ax.get_xlim()
    assert (mdates.num2date(low).date(), mdates.num2date(high).date()) == (
        date(2026, 8, 31),
        date(2026, 11, 21),
    )
    plt.close(fig)


def test_nothing_stored_draws_no_chart() -> None:
    empty = summarise([], [], [], [], today=date(2026, 11, 25), tz=UTC)
    assert figures(empty) == []
    assert "Nothing to chart yet." in render_html(empty, "now", "x")
    one = CheckInRecord(datetime(2026, 11, 20, 9, tzinfo=UTC), 3, 0, 0, 0, 2, (), (), "")
    only_pain = summarise([], [], [one], [], today=date(2026, 11, 25), tz=UTC)
    assert len(figures(only_pain)) == 1 and "Worst pain" in figures(only_pain)[0]
