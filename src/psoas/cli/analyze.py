"""`psoas analyze VIDEO... --exercise ID`: reps, holds and form faults from a video, honestly gated."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Group, RenderableType
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from psoas.catalog import default_catalog
from psoas.cli._edge import console, err_console, print_json, user_errors
from psoas.coach.report import Report
from psoas.vision.landmarks import Side

if TYPE_CHECKING:
    from psoas.coach.analysis import Analysis

INVALID_EXIT = 5


class SideChoice(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    AUTO = "auto"


def report_view(report: Report) -> RenderableType:
    """A person-readable summary; an invalid report shows why, and no numbers."""
    q = report.quality
    head = Text(f"{report.exercise} · {report.video.duration_s:.1f} s · view {q.view}", style="bold")
    why = Text("\n".join(f"• {i.message} ({i.fraction:.0%} of frames)" for i in q.issues), style="yellow")
    if not q.valid:
        return Group(
            head, Text("Not enough of the exercise could be seen to give numbers:", style="red"), why
        )
    lines = [
        f"usable frames {q.usable_fraction:.0%}; position {q.position}; working side {report.working_side}"
    ]
    table = Table(show_header=True, expand=False)
    if report.mode == "reps":
        lines.insert(0, f"{report.rep_count} repetitions, {sum(r.in_form for r in report.reps)} in good form")
        for col in ("#", "side", "start s", "peak s", "end s", "peak angle", "form"):
            table.add_column(col)
        for r in report.reps:
            form = "good" if r.in_form else "fault"
            table.add_row(
                str(r.index),
                r.side,
                f"{r.start_s:.1f}",
                f"{r.peak_s:.1f}",
                f"{r.end_s:.1f}",
                f"{r.peak_angle_deg:.0f}°",
                form,
            )
    else:
        for col in ("side", "start s", "end s", "held s", "in form s"):
            table.add_column(col)
        for h in report.holds:
            table.add_row(
                h.side, f"{h.start_s:.1f}", f"{h.end_s:.1f}", f"{h.duration_s:.1f}", f"{h.in_form_s:.1f}"
            )
        lines.insert(0, f"{len(report.holds)} hold(s)")
    faults = Text("\n".join(f"• {f.start_s:.1f}–{f.end_s:.1f} s ({f.side}): {f.cue}" for f in report.faults))
    parts: list[RenderableType] = [head, Text("\n".join(lines)), table]
    if report.faults:
        parts += [Text("Cues:", style="bold"), faults]
    if q.issues:
        parts.append(why)
    return Group(*parts)


def _run(video: Path, exercise_id: str, side: Side | None, quiet: bool) -> Analysis:
    # Imported here: OpenCV, SciPy and mediapipe take seconds to load, and only this command needs them.
    from psoas.coach.analysis import analyze_video, camera_spec  # noqa: PLC0415
    from psoas.vision.frames import probe  # noqa: PLC0415

    exercise = default_catalog().exercise(exercise_id)
    camera_spec(exercise)
    info = probe(video)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=err_console(), transient=True, disable=quiet) as progress:
        task = progress.add_task(video.name, total=info.frames)
        return analyze_video(
            video, exercise, side=side, progress=lambda n: progress.update(task, completed=n)
        )


@user_errors
def analyze(
    videos: Annotated[list[Path], typer.Argument(help="Video file(s), or a folder of images.")],
    exercise: Annotated[str, typer.Option("--exercise", "-e", help="Exercise id, e.g. glute-bridge.")],
    side: Annotated[SideChoice, typer.Option(help="Working side, or auto to detect it.")] = SideChoice.AUTO,
    out: Annotated[Path | None, typer.Option(help="Folder for report.json and angles.csv.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report(s) as JSON.")] = False,
) -> None:
    """Count reps, time holds in good form and list form faults, from a side-on video."""
    chosen = None if side is SideChoice.AUTO else Side(side.value)
    reports = []
    for video in videos:
        analysis = _run(video, exercise, chosen, quiet=as_json)
        reports.append(analysis.report)
        if out is not None:
            target = out / video.stem if len(videos) > 1 else out
            from psoas.coach.export import write_outputs  # noqa: PLC0415 (see _run)

            write_outputs(analysis, target)
        if not as_json:
            console().print(report_view(analysis.report))
    if as_json:
        print_json(reports[0].to_dict() if len(reports) == 1 else [r.to_dict() for r in reports])
    if not all(r.quality.valid for r in reports):
        raise typer.Exit(INVALID_EXIT)
