"""`psoas profile`: who the plan is for. Prompts when asked (or run bare in a terminal); flags for scripts."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Annotated, TypeVar

import typer
from rich.table import Table

from psoas.catalog import Gear
from psoas.cli._edge import console, err_console, local_today, open_db, print_json, user_errors, utc_now
from psoas.errors import InvalidInputError
from psoas.plan import Goal, Level, Limitation, Profile, make_profile
from psoas.store import records as rec

__all__ = ["profile"]

T = TypeVar("T")


@user_errors
def profile(
    level: Annotated[str | None, typer.Option(help="beginner, intermediate or advanced.")] = None,
    sitting_hours: Annotated[float | None, typer.Option(help="Hours sitting on a usual day.")] = None,
    goal: Annotated[
        list[str] | None, typer.Option(help="flexibility, strength, pain-relief, posture, sport.")
    ] = None,
    limitation: Annotated[list[str] | None, typer.Option(help="knee-pain, low-back-pain, balance.")] = None,
    minutes: Annotated[int | None, typer.Option(help="Minutes a day for exercise (5–120).")] = None,
    equipment: Annotated[list[str] | None, typer.Option(help="bed, chair, cushion, block.")] = None,
    interactive: Annotated[bool, typer.Option("--interactive", "-i", help="Ask each question.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the profile as JSON.")] = False,
) -> None:
    """Create or change your profile: level, sitting, goals, limitations, time and equipment."""
    store = open_db()
    found = rec.latest_profile(store)
    current = found[1] if found else None
    flags = (level, sitting_hours, goal, limitation, minutes, equipment)
    if interactive or (all(f is None for f in flags) and current is None and sys.stdin.isatty()):
        new = _ask(current)
    elif all(f is None for f in flags):
        if current is None:
            raise InvalidInputError(
                "No profile yet: run `psoas profile -i`, or pass --level and the other options."
            )
        _show(current, as_json)
        return
    else:
        base = current.to_dict() if current else {}
        new = make_profile(
            level=level or str(base.get("level", "beginner")),
            sitting_hours=sitting_hours
            if sitting_hours is not None
            else float(str(base.get("sitting_hours", 8))),
            goals=goal if goal is not None else list(base.get("goals", [])),  # type: ignore[call-overload]
            limitations=limitation if limitation is not None else list(base.get("limitations", [])),  # type: ignore[call-overload]
            minutes_per_day=minutes if minutes is not None else int(str(base.get("minutes_per_day", 15))),
            equipment=equipment if equipment is not None else list(base.get("equipment", [])),  # type: ignore[call-overload]
            started=current.started if current else local_today(),
        )
    rec.save_profile(store, new, utc_now())
    if not as_json:
        console().print("[green]Profile saved.[/] `psoas plan` builds your week from it.")
    _show(new, as_json)


def _show(p: Profile, as_json: bool) -> None:
    if as_json:
        print_json(p.to_dict())
        return
    table = Table(show_header=False, title="Your profile", title_justify="left")
    for key, value in p.to_dict().items():
        table.add_row(
            key.replace("_", " "), ", ".join(value) if isinstance(value, list) else str(value) or "—"
        )
    console().print(table)


def _ask(current: Profile | None) -> Profile:
    base = current.to_dict() if current else {}

    def ask(question: str, default: object, parse: Callable[[str], T]) -> T:
        while True:
            answer = typer.prompt(question, default=str(default))
            try:
                return parse(answer)
            except InvalidInputError as exc:
                err_console().print(f"[red]{exc}[/]")

    def listed(kind: type[Goal] | type[Limitation] | type[Gear], key: str) -> list[str]:
        choices = ", ".join(m.value for m in kind)
        default = ",".join(base.get(key, [])) or "none"  # type: ignore[arg-type]
        return ask(
            f"{key.capitalize()} (comma-separated: {choices}; or none)", default, lambda a: _check(kind, a)
        )

    level = ask(
        "Level (beginner, intermediate, advanced)",
        base.get("level", "beginner"),
        lambda a: Level(_enum(Level, a)).value,
    )
    hours = ask("Hours sitting on a usual day", base.get("sitting_hours", 8), _hours)
    goals = listed(Goal, "goals")
    limits = listed(Limitation, "limitations")
    minutes = ask("Minutes a day for exercise (5–120)", base.get("minutes_per_day", 15), _int)
    gear = listed(Gear, "equipment")
    started = current.started if current else local_today()
    return make_profile(
        level=level,
        sitting_hours=hours,
        goals=goals,
        limitations=limits,
        minutes_per_day=minutes,
        equipment=gear,
        started=started,
    )


def _enum(kind: type[Level], answer: str) -> str:
    try:
        return kind(answer.strip().lower()).value
    except ValueError:
        raise InvalidInputError(f"'{answer}' is not one of: {', '.join(m.value for m in kind)}.") from None


def _check(kind: type[Goal] | type[Limitation] | type[Gear], answer: str) -> list[str]:
    parts = [p.strip().lower() for p in answer.split(",") if p.strip() and p.strip().lower() != "none"]
    for part in parts:
        if part not in {m.value for m in kind}:
            raise InvalidInputError(f"'{part}' is not one of: {', '.join(m.value for m in kind)}.")
    return parts


def _number(answer: str, what: str) -> float:
    try:
        return float(answer)
    except ValueError:
        raise InvalidInputError(f"{what} must be a number, not '{answer}'.") from None


def _hours(answer: str) -> float:
    value = _number(answer, "Hours")
    if not 0 <= value <= 24:
        raise InvalidInputError(f"Hours sitting per day must be between 0 and 24, not {value:g}.")
    return value


def _int(answer: str) -> int:
    value = _number(answer, "Minutes")
    if value != int(value) or not 5 <= value <= 120:
        raise InvalidInputError(f"Minutes per day must be a whole number from 5 to 120, not {answer}.")
    return int(value)
