"""`psoas checkin`: today's pain, stiffness and sitting, the psoas signs, and the warning-sign screen."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Annotated, TypeVar

import typer

from psoas.assess.checkin import (
    FUNCTION_QUESTION,
    RED_FLAGS,
    SIGNS,
    Assessment,
    assess,
    check_hours_sat,
    check_score,
    make_checkin,
)
from psoas.catalog import default_catalog
from psoas.cli._edge import console, err_console, local_today, open_db, print_json, user_errors, utc_now
from psoas.cli.render import DISCLAIMER
from psoas.errors import InvalidInputError
from psoas.store import records as rec

__all__ = ["checkin", "parse_function"]

T = TypeVar("T")


@user_errors
def checkin(
    low_back: Annotated[int | None, typer.Option(help="Low-back pain 0–10.")] = None,
    hip: Annotated[int | None, typer.Option(help="Hip pain 0–10.")] = None,
    knee: Annotated[int | None, typer.Option(help="Knee pain 0–10.")] = None,
    stiffness: Annotated[int, typer.Option(help="Stiffness 0–10.")] = 0,
    hours_sat: Annotated[float, typer.Option(help="Hours sat today.")] = 0.0,
    sign: Annotated[
        list[str] | None, typer.Option(help="A sign you notice: " + ", ".join(s.id for s in SIGNS))
    ] = None,
    red_flag: Annotated[
        list[str] | None, typer.Option(help="A warning sign you have: " + ", ".join(f.id for f in RED_FLAGS))
    ] = None,
    no_red_flags: Annotated[
        bool, typer.Option("--no-red-flags", help="None of the warning signs apply.")
    ] = False,
    note: Annotated[str, typer.Option(help="A free note.")] = "",
    function: Annotated[
        list[str] | None,
        typer.Option(
            "--function",
            help="How well you managed one of your profile's activities today, ACTIVITY=0–10 "
            "(0 not at all, 10 as well as before); once per activity.",
        ),
    ] = None,
    interactive: Annotated[bool, typer.Option("--interactive", "-i", help="Ask each question.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the assessment as JSON.")] = False,
) -> None:
    """Check in: pain, stiffness, sitting, signs and warning signs → suggestions or a referral."""
    store = open_db()
    found = rec.latest_profile(store)
    activities = found[1].activities if found else ()
    scripted = any(v is not None for v in (low_back, hip, knee, red_flag)) or no_red_flags
    if interactive or (not scripted and sys.stdin.isatty()):
        record = _ask(activities)
    else:
        if red_flag and no_red_flags:
            raise InvalidInputError("Pass either --red-flag or --no-red-flags, not both.")
        if not red_flag and not no_red_flags:
            raise InvalidInputError(
                "Answer the warning-sign screen: pass --no-red-flags, or --red-flag ID for each that applies."
            )
        record = make_checkin(
            at=utc_now(),
            pain_low_back=low_back or 0,
            pain_hip=hip or 0,
            pain_knee=knee or 0,
            stiffness=stiffness,
            hours_sat=hours_sat,
            signs=sign or [],
            red_flags=red_flag or [],
            note=note,
            function=parse_function(function or []),
            activities=activities,
        )
    earlier = rec.checkins(store)
    rec.add_checkin(store, record)
    result = assess(record, earlier, at_risk=found is not None and found[1].at_risk(local_today()))
    if as_json:
        print_json({**result.to_dict(), "function": dict(record.function)})
    else:
        _show(result, record)


def parse_function(pairs: list[str]) -> dict[str, int]:
    """ACTIVITY=SCORE pairs as a mapping; a pair without '=' or a score that is no whole number is refused."""
    scores: dict[str, int] = {}
    for pair in pairs:
        name, sep, score = pair.rpartition("=")
        if not sep or not name.strip():
            raise InvalidInputError(
                f"--function takes ACTIVITY=SCORE, e.g. 'climbing stairs=6', not '{pair}'."
            )
        try:
            scores[" ".join(name.split())] = int(score)
        except ValueError:
            raise InvalidInputError(f"The score in '{pair}' must be a whole number from 0 to 10.") from None
    return scores


def _show(result: Assessment, record: rec.CheckInRecord) -> None:
    out = console()
    out.print("[green]Check-in saved.[/]")
    if record.function:
        rated = " · ".join(f"{a} {n}/10" for a, n in record.function)
        out.print(f"Function today (0 not at all – 10 as well as before): {rated}.")
    for i, message in enumerate(result.messages):
        style = "bold red" if result.red_flags and i == 0 else "yellow"  # the referral first, in red
        out.print(f"[{style}]{message}[/]")
    catalog = default_catalog()
    if result.exercises:
        names = ", ".join(catalog.exercise(e).name for e in result.exercises)
        out.print(f"Exercises that may help: {names}.")
    for habit in result.habits:
        out.print(f"[dim]•[/] {habit}")
    out.print(f"[dim]{DISCLAIMER}[/]")


def _ask(activities: tuple[str, ...]) -> rec.CheckInRecord:
    def ask(question: str, parse: Callable[[str], T], hint: str) -> T:
        while True:
            try:
                return parse(typer.prompt(question, default="0"))
            except InvalidInputError as exc:
                err_console().print(f"[red]{exc}[/]")
            except ValueError:
                err_console().print(f"[red]{hint}[/]")

    def score_of(question: str, label: str) -> int:
        return ask(question, lambda a: check_score(label, int(a)), "Please type a whole number from 0 to 10.")

    def score(label: str) -> int:
        return score_of(f"{label} (0–10)", label)

    def yes(question: str) -> bool:
        return bool(typer.confirm(question, default=False))

    low_back, hip, knee = score("Low-back pain"), score("Hip pain"), score("Knee pain")
    stiff = score("Stiffness")
    hours_sat = ask(
        "Hours sat today", lambda a: check_hours_sat(float(a)), "Please type a number of hours, e.g. 6.5."
    )
    function = {a: score_of(FUNCTION_QUESTION.format(activity=a), a) for a in activities}
    signs = [s.id for s in SIGNS if yes(s.question)]
    console().print(
        "[bold]Warning signs[/] (answer each; any yes pauses your plan until a clinician sees you):"
    )
    flags = [f.id for f in RED_FLAGS if yes(f.question)]
    note = typer.prompt("A note (optional)", default="", show_default=False)
    return make_checkin(
        at=utc_now(),
        pain_low_back=low_back,
        pain_hip=hip,
        pain_knee=knee,
        stiffness=stiff,
        hours_sat=hours_sat,
        signs=signs,
        red_flags=flags,
        note=note,
        function=function,
        activities=activities,
    )
