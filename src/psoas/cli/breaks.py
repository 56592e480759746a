"""`psoas breaks`: sitting-break reminders with a short psoas routine each time, logged for your history."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Annotated, Any

import typer
from rich.panel import Panel
from rich.table import Table

from psoas._keys import KeyReader
from psoas.catalog import default_catalog
from psoas.cli._edge import console, err_console, open_db, print_json, user_errors, utc_now
from psoas.errors import InvalidInputError
from psoas.habits.break_rules import schedule_config, tick_seconds
from psoas.habits.breaks import (
    DEFAULT_INTERVAL_MIN,
    MAX_ADVISED_MIN,
    BreakConfig,
    Routine,
    daily_stats,
    idle_seconds,
    notify,
    run_breaks,
)
from psoas.habits.schedule import Observation, ScheduleConfig, summary
from psoas.safety import paused_text
from psoas.store import Store
from psoas.store import records as rec
from psoas.store.breaks_schedule import apply
from psoas.today import break_routines, current_pause

__all__ = ["breaks"]

HELP = "[dim]d[/] took a break  [dim]p[/] a 60-minute meeting  [dim]q[/] quit"
ANSWER = "[bold]d[/] done  [bold]z[/] snooze  [bold]s[/] skip  [bold]q[/] quit"


class _TerminalBreakIO:
    def __init__(self, keys: KeyReader) -> None:
        self.keys = keys
        self.out = console()

    def now(self) -> datetime:
        return datetime.now().astimezone()

    def key(self, timeout: float) -> str | None:
        return self.keys.key(timeout)

    def remind(self, routine: Routine, n: int, *, silent: bool) -> None:
        shown = notify("Time to stand up", f"{routine.title}: {routine.text}")
        if not silent:  # the terminal bell, heard even when the desktop shows nothing
            self.out.print("\a", end="")
        where = "" if shown else " (no desktop notifications here: shown in the terminal)"
        body = f"{routine.text}\n\n{ANSWER}"
        self.out.print(Panel(body, title=f"Break {n + 1}: {routine.title}{where}", title_align="left"))

    def status(self, text: str) -> None:
        self.out.print(f"[dim]{text}[/]")

    def idle_s(self) -> float | None:
        return idle_seconds()


@user_errors
def breaks(
    interval: Annotated[float, typer.Option(help="Minutes between reminders.")] = DEFAULT_INTERVAL_MIN,
    snooze: Annotated[float, typer.Option(help="Minutes a snooze lasts.")] = 5.0,
    pause: Annotated[float, typer.Option(help="Suspend reminders for this many minutes first.")] = 0.0,
    count: Annotated[int | None, typer.Option(help="Stop after this many reminders.")] = None,
    stats: Annotated[bool, typer.Option("--stats", help="Show today's break counts and exit.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="With --stats: print JSON.")] = False,
) -> None:
    """Remind you to get up every 40 minutes (the articles: never more than 40–60 minutes sitting)."""
    store = open_db()
    if stats:
        _stats(store, as_json)
        return
    config = replace(BreakConfig.from_minutes(interval, snooze), tick_s=tick_seconds(os.environ))
    if pause < 0 or (count is not None and count < 1):
        raise InvalidInputError("--pause must be 0 or more minutes and --count at least 1.")
    if interval > MAX_ADVISED_MIN:
        err_console().print(
            f"[yellow]The articles advise getting up at least every {MAX_ADVISED_MIN:g} minutes: "
            f"the reminders come after {MAX_ADVISED_MIN:g}.[/]"
        )
    pause_now = current_pause(store, utc_now())
    if pause_now is not None:  # reminders to move stay; the exercise routines do not
        err_console().print(f"[bold red]{paused_text(pause_now)}[/]")
    catalog = default_catalog()
    routines = break_routines(store, catalog, utc_now())
    # The shared schedule keeps to the seeds' hour at most; a longer --interval is the user's choice.
    rules = schedule_config(catalog, os.environ, interval_s=min(interval, MAX_ADVISED_MIN) * 60)
    rules = replace(rules, snooze_s=config.snooze_s)
    config = replace(config, idle_reset_s=rules.idle_s)
    console().print(f"Break reminders every {interval:g} min, shared with psoas serve. {HELP}")
    with KeyReader() as keys:
        run_breaks(
            config,
            _TerminalBreakIO(keys),
            _StoreLink(store, rules),
            count=count,
            pause_s=pause * 60,
            routines=routines,
        )
    _stats(store, as_json=False)


class _StoreLink:
    """The break schedule the web server also runs, in the same database."""

    def __init__(self, store: Store, config: ScheduleConfig) -> None:
        self.store = store
        self.config = config

    def step(self, obs: Observation) -> Mapping[str, Any]:
        state, _ = apply(self.store, obs, self.config)
        return summary(state, obs.at, self.config)

    def skipped(self, due_at: datetime, at: datetime) -> None:
        rec.add_break(self.store, rec.BreakRecord(due_at=due_at, at=at, outcome="skipped", routine=None))


def _stats(store: Store, as_json: bool) -> None:
    start = datetime.now().astimezone().replace(hour=0, minute=0, second=0, microsecond=0)
    today = daily_stats(rec.breaks_between(store, start, start + timedelta(days=1)))
    if as_json:
        print_json({"date": start.date().isoformat(), **today})
        return
    table = Table(title=f"Breaks today ({start.date().isoformat()})", title_justify="left")
    for outcome in today:
        table.add_column(outcome)
    table.add_row(*(str(n) for n in today.values()))
    console().print(table)
