"""`psoas profile`: who the plan is for. Prompts when asked (or run bare in a terminal); flags for scripts."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from datetime import date
from enum import StrEnum
from typing import Annotated, TypeVar

import typer
from rich.table import Table

from psoas.catalog import Gear
from psoas.cli._edge import console, err_console, local_today, open_db, print_json, user_errors, utc_now
from psoas.errors import InvalidInputError
from psoas.plan.profile import (
    Goal,
    Level,
    Limitation,
    Profile,
    RiskFactor,
    check_activities,
    check_minutes,
    check_sitting_hours,
    due_date_for_week,
    make_profile,
    parse_choice,
    parse_choices,
    parse_date,
)
from psoas.store import records as rec

__all__ = ["profile"]

T = TypeVar("T")
ACTIVITIES_QUESTION = (
    "Up to 3 everyday activities your hips or back make hard, separated by ';' "
    "(e.g. sitting through a meeting; climbing stairs), or blank"
)
E = TypeVar("E", bound=StrEnum)


@user_errors
def profile(
    level: Annotated[str | None, typer.Option(help="beginner, intermediate or advanced.")] = None,
    sitting_hours: Annotated[float | None, typer.Option(help="Hours sitting on a usual day.")] = None,
    goal: Annotated[
        list[str] | None, typer.Option(help="flexibility, strength, pain-relief, posture, sport.")
    ] = None,
    limitation: Annotated[
        list[str] | None, typer.Option(help=", ".join(x.value for x in Limitation) + " (or none).")
    ] = None,
    minutes: Annotated[int | None, typer.Option(help="Minutes a day for exercise (5–120).")] = None,
    equipment: Annotated[list[str] | None, typer.Option(help="bed, chair, cushion, block.")] = None,
    pregnancy_week: Annotated[
        int | None, typer.Option(help="Weeks pregnant today (stored as a due date; implies pregnancy).")
    ] = None,
    due_date: Annotated[str | None, typer.Option(help="Pregnancy due date, YYYY-MM-DD.")] = None,
    birth_year: Annotated[
        int | None, typer.Option(help="Year of birth (new back pain at 50+ is a warning sign).")
    ] = None,
    risk_factor: Annotated[
        list[str] | None, typer.Option(help=", ".join(r.value for r in RiskFactor) + " (or none).")
    ] = None,
    activity: Annotated[
        list[str] | None,
        typer.Option(
            help="An everyday activity your hips or back make hard, in your words (up to 3, e.g. "
            "'climbing stairs'); each check-in rates it 0–10. 'none' clears them."
        ),
    ] = None,
    interactive: Annotated[bool, typer.Option("--interactive", "-i", help="Ask each question.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the profile as JSON.")] = False,
) -> None:
    """Create or change your profile: level, sitting, goals, limitations, time, equipment, risk factors."""
    store = open_db()
    found = rec.latest_profile(store)
    current = found[1] if found else None
    flags: tuple[object, ...] = (level, sitting_hours, goal, limitation, minutes, equipment)
    flags += (pregnancy_week, due_date, birth_year, risk_factor, activity)
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
        base = current or _starting_profile()
        limits = base.limitations if limitation is None else limitation
        new = make_profile(
            level=level or base.level.value,
            sitting_hours=base.sitting_hours if sitting_hours is None else sitting_hours,
            goals=base.goals if goal is None else goal,
            limitations=limits,
            minutes_per_day=base.minutes_per_day if minutes is None else minutes,
            equipment=base.equipment if equipment is None else equipment,
            started=base.started,
            due_date=_due(pregnancy_week, due_date, base, limits),
            birth_year=base.birth_year if birth_year is None else birth_year,
            risk_factors=base.risk_factors if risk_factor is None else risk_factor,
            activities=base.activities if activity is None else [a for a in activity if a.lower() != "none"],
        )
    rec.save_profile(store, new, utc_now())
    if not as_json:
        console().print("[green]Profile saved.[/] `psoas plan` builds your week from it.")
    _show(new, as_json)


def _due(week: int | None, due: str | None, base: Profile, limits: Iterable[str]) -> date | None:
    """The due date from --pregnancy-week or --due-date; the stored one while pregnancy stays listed."""
    if week is not None and due is not None:
        raise InvalidInputError("Give either --pregnancy-week or --due-date, not both.")
    if week is not None:
        return due_date_for_week(week, local_today())
    if due is not None:
        return parse_date(due)
    keeps = Limitation.PREGNANCY.value in {str(x) for x in limits}
    return base.due_date if keeps else None


def _show(p: Profile, as_json: bool) -> None:
    if as_json:
        print_json(p.to_dict())
        return
    table = Table(show_header=False, title="Your profile", title_justify="left")
    for key, value in p.to_dict().items():
        shown = ", ".join(value) if isinstance(value, list) else "" if value is None else str(value)
        table.add_row(key.replace("_", " "), shown or "—")
    week = p.pregnancy_week(local_today())
    if week is not None:
        table.add_row("pregnancy week", f"{week} today")
    console().print(table)


def _starting_profile() -> Profile:
    """What an answer left out means for a new user: a beginner sitting 8 h with 15 minutes a day."""
    return make_profile(level=Level.BEGINNER, sitting_hours=8, minutes_per_day=15, started=local_today())


def _ask(current: Profile | None) -> Profile:
    base = current or _starting_profile()

    def ask(question: str, default: object, parse: Callable[[str], T]) -> T:
        while True:
            answer = typer.prompt(question, default=str(default))
            try:
                return parse(answer)
            except InvalidInputError as exc:
                err_console().print(f"[red]{exc}[/]")

    def listed(kind: type[E], label: str, one: str, now: frozenset[E]) -> frozenset[E]:
        choices = ", ".join(m.value for m in kind)
        default = ",".join(sorted(now)) or "none"
        question = f"{label} (comma-separated: {choices}; or none)"
        return ask(question, default, lambda a: parse_choices(kind, [a], one))

    level = ask(
        "Level (beginner, intermediate, advanced)", base.level, lambda a: parse_choice(Level, a, "level")
    )
    hours = ask("Hours sitting on a usual day", base.sitting_hours, lambda a: check_sitting_hours(_number(a)))
    goals = listed(Goal, "Goals", "goal", base.goals)
    limits = listed(Limitation, "Limitations", "limitation", base.limitations)
    minutes = ask(
        "Minutes a day for exercise (5–120)", base.minutes_per_day, lambda a: check_minutes(_whole(a))
    )
    gear = listed(Gear, "Equipment", "kind of equipment", base.equipment)
    due = None
    if Limitation.PREGNANCY in limits:
        now_week = base.pregnancy_week(local_today())
        week = ask("Weeks pregnant today", "" if now_week is None else now_week, _whole)
        due = due_date_for_week(week, local_today())
    born = ask("Year of birth (optional; blank to skip)", base.birth_year or "", _year)
    risks = frozenset(
        r
        for r, question in (
            (RiskFactor.CANCER_HISTORY, "Have you ever had cancer?"),
            (RiskFactor.STEROIDS_OR_LOW_IMMUNITY, "Do you take steroid tablets or have weakened immunity?"),
        )
        if typer.confirm(question, default=r in base.risk_factors)
    )
    activities = ask(
        ACTIVITIES_QUESTION, "; ".join(base.activities), lambda a: check_activities(a.split(";"))
    )
    return make_profile(
        level=level,
        sitting_hours=hours,
        goals=goals,
        limitations=limits,
        minutes_per_day=minutes,
        equipment=gear,
        started=base.started,
        due_date=due,
        birth_year=born,
        risk_factors=risks,
        activities=activities,
    )


def _year(answer: str) -> int | None:
    return None if not answer.strip() else _whole(answer)


def _number(answer: str) -> float:
    try:
        return float(answer)
    except ValueError:
        raise InvalidInputError(f"Please type a number, not '{answer}'.") from None


def _whole(answer: str) -> int:
    value = _number(answer)
    if value != int(value):
        raise InvalidInputError(f"Please type a whole number, not {answer}.")
    return int(value)
