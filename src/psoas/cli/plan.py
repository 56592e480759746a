"""`psoas plan`: today's part of the weekly plan (or the whole week), with why each exercise is there."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from psoas.catalog import default_catalog
from psoas.cli._edge import console, local_today, open_db, print_json, user_errors, utc_now
from psoas.plan import DAY_NAMES, PlanDay, parse_date
from psoas.today import week_plan

__all__ = ["plan"]


@user_errors
def plan(
    week: Annotated[bool, typer.Option("--week", help="Show all seven days.")] = False,
    on: Annotated[str | None, typer.Option("--date", help="Plan for this day (YYYY-MM-DD).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the plan as JSON.")] = False,
) -> None:
    """Your plan for today (or the week): stretching daily, strength 2–3 days, within your minutes."""
    day = parse_date(on) if on else local_today()
    weekly = week_plan(open_db(), default_catalog(), day, utc_now())
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
        table.add_row(item.name, item.prescription.describe(), "\n".join([*item.why, *extra]))
    if day.rest and not day.items:
        table.add_row("Rest", "—", day.rest)
    elif not day.items:
        table.add_row("—", "—", "Nothing fits: raise your minutes with `psoas profile --minutes`.")
    return table
