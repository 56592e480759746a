"""`psoas exercises`: list the catalog, or show one exercise in full."""

from __future__ import annotations

from typing import Annotated

import typer

from psoas.catalog import Category, default_catalog
from psoas.cli._edge import console, print_json, user_errors
from psoas.cli._help import PlainFlagsCommand, PlainFlagsGroup
from psoas.cli.render import exercise_panel, exercise_table
from psoas.errors import InvalidInputError

app = typer.Typer(help="Browse the exercise catalog.", no_args_is_help=False, cls=PlainFlagsGroup)

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


@app.callback(invoke_without_command=True)
@user_errors
def list_exercises(
    ctx: typer.Context,
    category: Annotated[
        str | None,
        typer.Option("--category", "-c", help="Only exercises of this category, e.g. stretch or strength."),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """List every exercise (id, name, category, dose); `psoas exercises show ID` for one."""
    if ctx.invoked_subcommand is not None:
        return
    catalog = default_catalog()
    # Only categories the catalog has exercises in are offered: an empty category is no choice.
    offered = [c.value for c in Category if catalog.by_category(c)]
    if category is not None and category not in offered:
        raise InvalidInputError(
            f"'{category}' is not a category with exercises; choose {', '.join(offered)}."
        )
    chosen = None if category is None else Category(category)
    exercises = catalog.by_category(chosen)
    if as_json:
        print_json([ex.model_dump(mode="json") for ex in exercises])
        return
    title = f"Exercises: {category}" if category else "Exercises"
    console().print(exercise_table(exercises, title=title))


@app.command("show", cls=PlainFlagsCommand)
@user_errors
def show_exercise(
    exercise_id: Annotated[str, typer.Argument(help="Exercise id or alias, e.g. kneeling-psoas-stretch.")],
    as_json: JsonOpt = False,
) -> None:
    """Show one exercise: steps, dose, cues, faults, modifications, safety and sources."""
    catalog = default_catalog()
    exercise = catalog.exercise(exercise_id)
    if as_json:
        print_json(exercise.model_dump(mode="json"))
        return
    console().print(exercise_panel(exercise, catalog))
