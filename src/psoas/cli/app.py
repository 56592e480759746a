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

__all__ = ["app", "main"]

app = typer.Typer(
    name="psoas",
    help="Coach, measure and model the health of your psoas. Not a medical device.",
    add_completion=False,
    rich_markup_mode="rich",
)
app.add_typer(exercises.app, name="exercises")
app.command("learn")(learn.learn)
app.command("overview")(overview.overview)
app.command("analyze")(analyze.analyze)
app.command("profile")(profile.profile)
app.command("plan")(plan.plan)
app.command("session")(session.session)
app.command("checkin")(checkin.checkin)
app.command("clear")(clear.clear)
app.command("delete")(delete.delete)
app.command("edit")(edit.edit)
app.command("breaks")(breaks.breaks)
app.command("history")(history.history)
app.command("report")(history.report)
app.command("export")(history.export)
app.add_typer(model.app, name="model")
app.command("thomas")(thomas.thomas)
app.command("serve")(serve.serve)


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
