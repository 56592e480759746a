"""`psoas overview` (also plain `psoas`): what psoas is, a starter routine, and where to go next."""

from __future__ import annotations

from collections import Counter
from typing import Annotated

import typer
from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from psoas.catalog import Catalog, default_catalog
from psoas.cli._edge import console, print_json, user_errors
from psoas.cli.render import DISCLAIMER, format_dose
from psoas.today import STARTER

# A first routine for a desk day, in order: warm up, stretch, strengthen, relax. The weekly planner
# replaces this with a personal plan; until then it is the overview's suggestion.

NEXT_STEPS = (
    ("psoas profile", "tell psoas your level, sitting hours, goals and limits"),
    ("psoas plan", "this week's plan, built from your profile"),
    ("psoas session", "play today's plan: countdowns, spoken cues, a pain stop"),
    ("psoas checkin", "how you feel today, with a screen for warning signs"),
    ("psoas serve", "the same in your browser, with the camera coach"),
    ("psoas exercises", "every exercise with its dose"),
    ("psoas exercises show ID", "steps, cues, faults, modifications, safety"),
    ("psoas learn", "anatomy, causes, signs, habits, when to see a professional"),
)


def overview_data(catalog: Catalog) -> dict[str, object]:
    counts = Counter(ex.category.value for ex in catalog.exercises)
    return {
        "disclaimer": DISCLAIMER,
        "exercises": len(catalog.exercises),
        "by_category": dict(sorted(counts.items())),
        "starter": [
            {"id": ex.id, "name": ex.name, "dose": format_dose(ex.dose)}
            for ex in (catalog.exercise(i) for i in STARTER)
        ],
        "break_every_min": 40,
        "next": [cmd for cmd, _ in NEXT_STEPS],
    }


def overview_panel(data: dict[str, object], catalog: Catalog) -> Group:
    starter = Table(title="A first routine for a desk day", title_justify="left", show_header=False)
    starter.add_column(style="cyan")
    starter.add_column()
    for i, ex_id in enumerate(STARTER, 1):
        ex = catalog.exercise(ex_id)
        starter.add_row(f"{i}. {ex.name}", format_dose(ex.dose))
    nxt = Table(show_header=False, box=None)
    for cmd, what in NEXT_STEPS:
        nxt.add_row(f"[cyan]{cmd}[/]", what)
    counts = ", ".join(f"{n} {cat}" for cat, n in dict(data["by_category"]).items())  # type: ignore[call-overload]
    intro = Text.assemble(
        ("psoas", "bold"),
        " looks after the psoas, the deep hip flexor that links your lower spine to your thighs. "
        "Long sitting keeps it short; daily stretching, strength work a few times a week and regular "
        "breaks keep it supple.\n",
        (f"The catalog holds {data['exercises']} exercises: {counts}.", "dim"),
    )
    breaks = Text(
        "Sitting all day? Stand up and walk for 2–5 minutes at least every 40 minutes (never more than 60).",
        style="yellow",
    )
    return Group(
        Panel(intro, title="psoas", title_align="left"),
        Panel(Text(DISCLAIMER), border_style="red", title="Not a medical device", title_align="left"),
        starter,
        breaks,
        Panel(nxt, title="Next", title_align="left"),
    )


@user_errors
def overview(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """What psoas is, a starter routine from the catalog, and what to try next."""
    catalog = default_catalog()
    data = overview_data(catalog)
    if as_json:
        print_json(data)
    else:
        console().print(overview_panel(data, catalog))
