"""The root `psoas` command: sub-commands grouped like git's."""

from __future__ import annotations

import typer

from psoas import __version__
from psoas.cli import (
    analyze,
    breaks,
    checkin,
    clear,
    delete,
    edit,
    exercises,
    history,
    learn,
    model,
    overview,
    plan,
    profile,
    serve,
    session,
    thomas,
)
from psoas.cli._help import PlainFlagsCommand, PlainFlagsGroup

__all__ = ["app", "main"]

app = typer.Typer(
    name="psoas",
    cls=PlainFlagsGroup,
    help="Coach, measure and model the health of your psoas. Not a medical device.",
    add_completion=False,
    rich_markup_mode="rich",
)
app.add_typer(exercises.app, name="exercises")
app.command("learn", cls=PlainFlagsCommand)(learn.learn)
app.command("overview", cls=PlainFlagsCommand)(overview.overview)
app.command("analyze", cls=PlainFlagsCommand)(analyze.analyze)
app.command("profile", cls=PlainFlagsCommand)(profile.profile)
app.command("plan", cls=PlainFlagsCommand)(plan.plan)
app.command("session", cls=PlainFlagsCommand)(session.session)
app.command("checkin", cls=PlainFlagsCommand)(checkin.checkin)
app.command("clear", cls=PlainFlagsCommand)(clear.clear)
app.command("delete", cls=PlainFlagsCommand)(delete.delete)
app.command("edit", cls=PlainFlagsCommand)(edit.edit)
app.command("breaks", cls=PlainFlagsCommand)(breaks.breaks)
app.command("history", cls=PlainFlagsCommand)(history.history)
app.command("report", cls=PlainFlagsCommand)(history.report)
app.command("export", cls=PlainFlagsCommand)(history.export)
app.add_typer(model.app, name="model")
app.command("thomas", cls=PlainFlagsCommand)(thomas.thomas)
app.command("serve", cls=PlainFlagsCommand)(serve.serve)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"psoas {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show version."),
) -> None:
    """Without a command, show the overview."""
    if ctx.invoked_subcommand is None:
        overview.overview(as_json=False)


def main() -> None:
    app()
