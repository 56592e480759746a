"""`psoas plan`: today's part of the weekly plan (or the whole week), with why each exercise is there."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer
from rich.table import Table

from psoas.catalog import default_catalog
from psoas.cli._edge import console, local_today, open_db, print_json, user_errors, utc_now
from psoas.plan import DAY_NAMES, PlanDay, parse_date
from psoas.store import Store
from psoas.store import records as rec
from psoas.today import STARTER, context_for, custom_items, week_plan

__all__ = ["plan"]


@user_errors
def plan(
    week: Annotated[bool, typer.Option("--week", help="Show all seven days.")] = False,
    on: Annotated[str | None, typer.Option("--date", help="Plan for this day (YYYY-MM-DD).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the plan as JSON.")] = False,
) -> None:
    """Your plan for today (or the week): stretching daily, strength 2–3 days, within your minutes."""
    day = parse_date(on) if on else local_today()
    store = open_db()
    if rec.latest_profile(store) is None:  # the same first routine the web's Today page shows
        return _starter(store, day, as_json=as_json)
    weekly = week_plan(store, default_catalog(), day, utc_now())
    if as_json:
        data = weekly.to_dict()
        if not week:
            data["days"] = [weekly.day(day).to_dict()]
        print_json(data)
        return
    out = console()
    paused = all(d.rest and not d.items for d in weekly.days)  # a warning sign: the note is the referral
    for note in weekly.notes:
        out.print(f"[bold red]{note}[/]" if paused else f"[dim]•[/] {note}")
    for d in weekly.days if week else (weekly.day(day),):
        out.print(day_table(d))
    if weekly.excluded and week:
        out.print("[dim]Left out: " + "; ".join(f"{i} ({w})" for i, w in weekly.excluded) + "[/]")
    if not week:
        out.print("[dim]`psoas session` plays today's plan; `psoas session --dry-run` lists its steps.[/]")


STARTER_NOTE = "No profile yet: `psoas profile` builds a weekly plan of your own. Meanwhile, a first routine:"


def _starter(store: Store, day: date, *, as_json: bool) -> None:
    """The starter routine, dosed for a beginner (refused while a warning sign pauses the plan)."""
    items, _ = custom_items(STARTER, default_catalog(), None, context_for(store, utc_now()), day)
    if as_json:
        print_json({"source": "starter", "note": STARTER_NOTE, "items": [i.to_dict() for i in items]})
        return
    out = console()
    out.print(STARTER_NOTE)
    table = Table(title="A first routine", title_justify="left")
    table.add_column("exercise")
    table.add_column("dose")
    for i in items:
        table.add_row(i.name, "\n".join(filter(None, (i.prescription.describe(), i.needs))))
    out.print(table)
    out.print("[dim]`psoas session` plays it; `psoas session --dry-run` lists its steps.[/]")


def day_table(day: PlanDay) -> Table:
    title = f"{DAY_NAMES[day.day.weekday()]} {day.day.isoformat()} · {day.seconds / 60:.0f} min"
    title += " · strength day" if day.strength else ""
    title += " · rest" if day.rest else ""
    table = Table(title=title, title_justify="left")
    table.add_column("Exercise", style="cyan")
    table.add_column("Dose")
    table.add_column("Why")
    for item in day.items:
        extra = [f"[magenta]{item.modification}[/]"] if item.modification else []
        extra += [f"[yellow]{n}[/]" for n in item.notes]
        extra += [f"[cyan]{item.needs}[/]"] if item.needs else []
        table.add_row(item.name, item.prescription.describe(), "\n".join([*item.why, *extra]))
    if day.rest and not day.items:
        table.add_row("Rest", "—", day.rest)
    elif not day.items:
        table.add_row("—", "—", "Nothing fits: raise your minutes with `psoas profile --minutes`.")
    return table
