"""`psoas session`: play today's plan (or named exercises) as a guided, timed, resumable session."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from psoas.catalog import default_catalog
from psoas.cli._edge import console, err_console, local_today, open_db, print_json, user_errors, utc_now
from psoas.errors import InvalidInputError, NothingToResumeError
from psoas.session import Outcome, Timeline, expand, play
from psoas.session.recorder import StoreRecorder
from psoas.session.terminal import TerminalIO, Voice
from psoas.store import records as rec
from psoas.today import context_for, custom_items, refuse_if_paused, week_plan

__all__ = ["session"]


@user_errors
def session(
    what: Annotated[list[str] | None, typer.Argument(help="`today` (default) or exercise ids.")] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the steps and total time; play nothing.")
    ] = False,
    voice: Annotated[bool, typer.Option("--voice", help="Speak cues with espeak-ng when installed.")] = False,
    resume: Annotated[bool, typer.Option("--resume", help="Continue the last unfinished session.")] = False,
    speed: Annotated[
        float, typer.Option(help="Play faster than real time (for demos and tests).", hidden=True)
    ] = 1.0,
    as_json: Annotated[bool, typer.Option("--json", help="With --dry-run: the timeline as JSON.")] = False,
) -> None:
    """Guided session: countdowns, sides, sets and cues. Keys: space pause, s skip, p it hurts, q quit."""
    if speed <= 0:
        raise InvalidInputError(f"--speed must be above 0, not {speed:g}.")
    store = open_db()
    catalog = default_catalog()
    now = utc_now()
    refuse_if_paused(store, now)  # a warning sign: no exercise, a resumed session included
    if resume:
        active = rec.open_session(store)
        if active is None:
            raise NothingToResumeError("There is no unfinished session to resume.")
        timeline = Timeline.from_list(active.timeline)
        session_id, done = active.record.id, active.done
        console().print(
            f"Resuming session {session_id}: {len(done)} of {len(timeline.steps)} steps were done."
        )
    else:
        day = local_today()
        ids = [w for w in (what or []) if w.lower() != "today"]
        if ids:
            found = rec.latest_profile(store)
            items, warnings = custom_items(
                ids, catalog, found[1] if found else None, context_for(store, now), day
            )
            for warning in warnings:
                err_console().print(f"[yellow]{warning}[/]")
        else:
            today = week_plan(store, catalog, day, now).day(day)
            items = today.items
            if today.rest:
                err_console().print(f"[yellow]{today.rest}[/]")
        if not items:
            raise InvalidInputError("Nothing to play: no exercise is planned or chosen for this session.")
        timeline = expand(items, catalog)
        if dry_run:
            _print_timeline(timeline, as_json)
            return
        source = "custom" if ids else "plan"
        session_id = rec.start_session(store, timeline.to_list(), timeline.seconds, day, source, now)
        done = frozenset()
    speaker = Voice(voice)
    if voice and not speaker.available:
        err_console().print("[yellow]espeak-ng is not installed: cues are shown, not spoken.[/]")
    recorder = StoreRecorder(store, session_id, utc_now)
    with TerminalIO(console(), speaker) as io:
        outcome = play(timeline, io, recorder, done=done, speed=speed)
    _summary(outcome, recorder, session_id)


def _print_timeline(timeline: Timeline, as_json: bool) -> None:
    if as_json:
        print_json({"total_s": timeline.seconds, "steps": timeline.to_list()})
        return
    table = Table(title=f"Session timeline · {len(timeline.steps)} steps", title_justify="left")
    for col in ("#", "Exercise", "Step", "Side", "Set", "Time", "What to do"):
        table.add_column(col)
    for s in timeline.steps:
        sets = f"{s.set_no}/{s.sets}" if s.set_no else ""
        table.add_row(str(s.index + 1), s.name, s.kind.value, s.side or "", sets, f"{s.seconds} s", s.text)
    out = console()
    out.print(table)
    out.print(f"Total: {timeline.seconds // 60} min {timeline.seconds % 60:02d} s")


def _summary(outcome: Outcome, recorder: StoreRecorder, session_id: int) -> None:
    c = recorder.counts
    out = console(highlight=False)  # scores and counts stay plain text
    if outcome is Outcome.QUIT:
        out.print(f"[yellow]Stopped.[/] Saved: {c['done']} steps done. `psoas session --resume` continues.")
    else:
        out.print(f"[green]Session {session_id} complete:[/] {c['done']} steps done, {c['skipped']} skipped.")
    for exercise_id, score, action in recorder.pains:
        out.print(
            f"[red]Pain {score}/10 during {exercise_id}[/]: {action.value}. It is recorded for your plan."
        )
    if recorder.pains:
        out.print("If pain keeps coming back, see a doctor, chiropractor or physical therapist.")
