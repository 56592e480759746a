"""`psoas clear`: record that a clinician has seen you after a warning sign; the paused plan resumes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer

from psoas.cli._edge import console, local_today, open_db, print_json, user_errors, utc_now
from psoas.plan import parse_date
from psoas.safety import RESUMED
from psoas.today import current_pause, record_clearance

__all__ = ["clear"]


@user_errors
def clear(
    seen_on: Annotated[
        str | None, typer.Option("--seen-on", help="The day a clinician saw you (YYYY-MM-DD; default today).")
    ] = None,
    note: Annotated[str, typer.Option(help="Who saw you or what they said (optional).")] = "",
    status: Annotated[bool, typer.Option("--status", help="Only say whether the plan is paused.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """After a warning sign: record that a doctor or other clinician has seen you, so the plan resumes."""
    store = open_db()
    if status:
        pause = current_pause(store, utc_now())
        if as_json:
            print_json(None if pause is None else pause.to_dict())
        else:
            console().print(
                "Your plan is not paused." if pause is None else f"[bold red]{pause.to_dict()['message']}[/]"
            )
        return
    day = parse_date(seen_on) if seen_on else local_today()
    pause = record_clearance(store, day, note, utc_now(), datetime.now().astimezone().tzinfo)
    if as_json:
        print_json({"seen_on": day.isoformat(), "cleared": pause.to_dict(), "message": RESUMED})
    else:
        console().print(f"[green]{RESUMED}[/] (seen on {day.isoformat()})")
