"""`psoas edit`: correct a check-in (scores, sitting hours, note, activity ratings) or the outcome of one
step of a session, after showing the change and asking."""

from __future__ import annotations

from typing import Annotated

import typer

from psoas.assess.edit import CheckInChanges, edit_stored_checkin
from psoas.cli._edge import console, open_db, print_json, user_errors
from psoas.cli.checkin import parse_function
from psoas.errors import InvalidInputError
from psoas.store.edits import StepOutcome, checkin_by_id, edit_step

__all__ = ["edit"]

KINDS = ("checkin", "step")


@user_errors
def edit(
    what: Annotated[str, typer.Argument(help="checkin, or step (of a session).")],
    record_id: Annotated[
        int, typer.Argument(help="The check-in's id, or the session's (see psoas delete --list).")
    ],
    step: Annotated[int | None, typer.Argument(help="For a step: its number in the session.")] = None,
    low_back: Annotated[int | None, typer.Option(help="Low-back pain 0–10.")] = None,
    hip: Annotated[int | None, typer.Option(help="Hip pain 0–10.")] = None,
    knee: Annotated[int | None, typer.Option(help="Knee pain 0–10.")] = None,
    stiffness: Annotated[int | None, typer.Option(help="Stiffness 0–10.")] = None,
    hours_sat: Annotated[float | None, typer.Option(help="Hours sat.")] = None,
    note: Annotated[str | None, typer.Option(help="The note, replaced.")] = None,
    function: Annotated[
        list[str] | None, typer.Option("--function", help="ACTIVITY=0–10, once per activity.")
    ] = None,
    outcome: Annotated[str | None, typer.Option(help="For a step: done, skipped or stopped.")] = None,
    yes: Annotated[bool, typer.Option("--yes", help="Change without asking.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Correct a check-in or a session step recorded by mistake (warning signs are not editable)."""
    if what not in KINDS:
        raise InvalidInputError(f"'{what}' is not something psoas can edit; choose checkin or step.")
    store = open_db()
    if what == "step":
        _edit_step(record_id, step, outcome, yes=yes, as_json=as_json)
        return
    changes = CheckInChanges(
        low_back=low_back, hip=hip, knee=knee, stiffness=stiffness, hours_sat=hours_sat, note=note,
        function=parse_function(function) if function else None,
    )  # fmt: skip
    if checkin_by_id(store, record_id) is None:
        raise InvalidInputError(
            f"There is no check-in {record_id}; `psoas delete checkin --list` lists them."
        )
    if not yes and not changes.empty and not typer.confirm(f"Change check-in {record_id}?"):
        raise typer.Exit(1)
    new = edit_stored_checkin(store, record_id, changes)
    if new is None:  # deleted meanwhile by another process
        raise InvalidInputError(f"There is no check-in {record_id}.")
    if as_json:
        print_json(
            {"id": record_id, "worst_pain": new.worst_pain, "note": new.note, "function": dict(new.function)}
        )
    else:
        console().print(f"Changed check-in {record_id}: worst pain {new.worst_pain}/10.")


def _edit_step(session_id: int, step: int | None, outcome: str | None, *, yes: bool, as_json: bool) -> None:
    choices = [o.value for o in StepOutcome]
    if step is None or outcome not in choices:
        raise InvalidInputError(
            f"Give the session, the step and --outcome ({', '.join(choices)}), "
            "e.g. `psoas edit step 3 4 --outcome skipped`."
        )
    if not yes and not typer.confirm(f"Mark step {step} of session {session_id} as {outcome}?"):
        raise typer.Exit(1)
    if not edit_step(open_db(), session_id, step, StepOutcome(outcome)):
        raise InvalidInputError(f"Session {session_id} has no recorded step {step}.")
    if as_json:
        print_json({"session": session_id, "index": step, "outcome": outcome})
    else:
        console().print(f"Step {step} of session {session_id} is now {outcome}.")
