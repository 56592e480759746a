"""Pure functions from catalog objects to Rich renderables; printing happens in the commands."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from psoas.catalog import Catalog, Exercise, Seed, Topic, camera_text
from psoas.catalog.text import format_dose, format_duration  # re-exported: below the CLI and the web
from psoas.safety import DISCLAIMER  # re-exported: the CLI's commands print it

__all__ = [
    "DISCLAIMER",
    "exercise_panel",
    "exercise_table",
    "format_dose",
    "format_duration",
    "topic_panel",
    "topic_table",
]


def exercise_table(exercises: Iterable[Exercise], *, title: str = "Exercises") -> Table:
    table = Table(title=title, title_justify="left", expand=False)
    table.add_column("id", style="cyan", no_wrap=True)
    table.add_column("name")
    table.add_column("category", style="magenta")
    table.add_column("dose")
    for ex in exercises:
        table.add_row(ex.id, ex.name, ex.category.value, format_dose(ex.dose))
    return table


def _numbered(items: Sequence[str]) -> Text:
    return Text("\n".join(f"{i}. {item}" for i, item in enumerate(items, 1)))


def _bullets(items: Sequence[str]) -> Text:
    return Text("\n".join(f"• {item}" for item in items))


def _faults_table(exercise: Exercise) -> Table:
    table = Table(expand=True, show_lines=False)
    table.add_column("fault", ratio=3)
    table.add_column("fix it", ratio=3, style="green")
    table.add_column("camera check", ratio=2, style="dim")
    for fault in exercise.faults:
        check = fault.check
        seen = "—"
        if check is not None:
            limb = f"{check.limb.value} " if check.limb else ""
            low = "" if check.min_deg is None else f"≥ {check.min_deg:g}°"
            high = "" if check.max_deg is None else f"≤ {check.max_deg:g}°"
            seen = (
                f"{limb}{check.angle.value} {' and '.join(b for b in (low, high) if b)} ({check.phase.value})"
            )
        table.add_row(fault.description, fault.cue, seen)
    return table


def _seed_lines(sources: Sequence[str], seeds: Sequence[Seed]) -> str:
    by_id = {seed.id: seed for seed in seeds}
    return "\n".join(f"{sid}: {by_id[sid].title} ({by_id[sid].publisher})" for sid in sources)


def exercise_panel(exercise: Exercise, catalog: Catalog) -> RenderableType:
    ex = exercise
    dose_lines = [format_dose(ex.dose), f"rest {ex.dose.rest_s} s between sets or sides"]
    dose_lines.append(
        "numbers from the articles" if ex.dose.basis == "seed" else "conventional starting dose"
    )
    if ex.dose.note:
        dose_lines.append(ex.dose.note)
    adapted = [f"With {catalog.condition(a.when).name}: {a.note}" for a in ex.safety.adapt]
    safety = [*ex.safety.stop_if, *ex.safety.contraindications, *adapted, *ex.safety.notes]
    header = Text.assemble(
        (ex.summary, ""),
        ("\n" + " · ".join([ex.category.value, ex.intensity.value, ex.position.value]), "magenta"),
        ("\nequipment: " + (", ".join(ex.equipment) or "none"), "dim"),
        *([("\nalso called: " + ", ".join(ex.aliases), "dim")] if ex.aliases else []),
    )
    parts: list[RenderableType] = [
        header,
        Panel(_numbered(ex.steps), title="Steps", title_align="left"),
        Panel(Text("\n".join(dose_lines)), title="Dose", title_align="left"),
        Panel(_bullets(ex.cues), title="Cues", title_align="left"),
    ]
    if ex.faults:
        parts.append(Panel(_faults_table(ex), title="Common faults", title_align="left"))
    parts.append(Panel(Text(camera_text(ex)), title="Camera", title_align="left"))
    parts += [
        Panel(
            Text.assemble(
                ("Beginner\n", "bold"),
                _bullets(ex.modifications.beginner),
                ("\nAdvanced\n", "bold"),
                _bullets(ex.modifications.advanced),
            ),
            title="Modifications",
            title_align="left",
        ),
        Panel(_bullets(ex.benefits), title="Benefits", title_align="left"),
        Panel(_bullets(safety), title="Safety: stop if it hurts", title_align="left", border_style="red"),
        Text(_seed_lines(ex.sources, catalog.seeds), style="dim"),
    ]
    return Panel(Group(*parts), title=f"[bold]{ex.name}[/] [cyan]({ex.id})[/]", title_align="left")


def topic_table(topics: Iterable[Topic]) -> Table:
    table = Table(title="Learn about the psoas", title_justify="left")
    table.add_column("topic", style="cyan", no_wrap=True)
    table.add_column("title")
    table.add_column("in short")
    for topic in topics:
        table.add_row(topic.id, topic.title, topic.summary)
    return table


def topic_panel(topic: Topic) -> Panel:
    lines = Text()
    for i, fact in enumerate(topic.facts):
        if i:
            lines.append("\n")
        if fact.kind == "opinion":
            lines.append(f"• Opinion ({fact.attribution}): ", style="yellow")
            lines.append(fact.text, style="italic")
        else:
            lines.append(f"• {fact.text}")
        if fact.kind == "practice":
            lines.append(f" [practice: {fact.attribution}]", style="dim")
        else:
            lines.append(f" [{', '.join(s[:3] for s in fact.sources)}]", style="dim")
    body = Group(Text(topic.summary, style="bold"), lines)
    return Panel(body, title=f"[bold]{topic.title}[/] [cyan]({topic.id})[/]", title_align="left")
