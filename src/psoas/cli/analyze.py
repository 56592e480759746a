"""`psoas analyze VIDEO... --exercise ID` and `psoas analyze --webcam 0 -e ID`: reps, holds and form
faults from a video or a live camera, honestly gated, stored in the database. A photo (`psoas analyze
photo.jpg -e ID`) gets the still-pose check: position, angles and faults."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Group, RenderableType
from rich.live import Live as RichLive
from rich.panel import Panel
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from psoas.catalog import Position, default_catalog
from psoas.cli._edge import (
    INVALID_EXIT,
    SideChoice,
    console,
    err_console,
    open_db,
    print_json,
    ready_folder,
    user_errors,
    utc_now,
    writing,
)
from psoas.coach.report import PhotoReport, Report
from psoas.errors import InvalidInputError, MediaError, PsoasError, UnsupportedExerciseError
from psoas.store import records as rec
from psoas.vision.landmarks import Side
from psoas.vision.models import ModelChoice, PoseModel, choose_model, installed

if TYPE_CHECKING:
    from psoas.coach.analysis import Analysis
    from psoas.coach.batch import Job
    from psoas.coach.photo import PhotoAnalysis
from psoas.coach.explain import exercise_name, explain_numbers, filmed_from
from psoas.coach.live import LiveState
from psoas.coach.notes import counts_text  # used at run time by the summaries


def _psoas_line(report: Report) -> list[str]:
    psoas = report.psoas
    if psoas is None or psoas.peak_length_mm is None or psoas.peak_stretch_pct is None:
        return []
    line = (
        f"psoas (model estimate, {psoas.side}): longest {psoas.peak_length_mm:.0f} mm, "
        f"{psoas.peak_stretch_pct:+.1f}% against standing"
    )
    if psoas.hold_average_pct is not None:
        line += f"; {psoas.hold_average_pct:+.1f}% on average while holding"
    return [line]


def _reps_table(report: Report) -> tuple[str, Table]:
    """The count line and one row per repetition."""
    table = Table(show_header=True, expand=False)
    for col in ("#", "side", "start s", "peak s", "end s", "peak angle", "form"):
        table.add_column(col)
    for r in report.reps:
        table.add_row(
            str(r.index),
            r.side,
            f"{r.start_s:.1f}",
            f"{r.peak_s:.1f}",
            f"{r.end_s:.1f}",
            f"{r.peak_angle_deg:.0f}°",
            "good" if r.in_form else "fault",
        )
    sides = counts_text(report.counts)
    headline = (
        f"{report.rep_count} repetitions{f' ({sides})' if sides else ''}, "
        f"{sum(r.in_form for r in report.reps)} in good form"
        + (f"; {len(report.partials)} too small to count" if report.partials else "")
    )
    return headline, table


def _holds_table(report: Report) -> tuple[str, Table]:
    """The hold count line and one row per hold."""
    table = Table(show_header=True, expand=False)
    for col in ("side", "start s", "end s", "held s", "in form s"):
        table.add_column(col)
    for h in report.holds:
        at_least = "≥ " if h.open_start or h.open_end else ""  # the clip cut it: it lasted longer
        table.add_row(
            h.side,
            f"{h.start_s:.1f}",
            f"{h.end_s:.1f}",
            f"{at_least}{h.duration_s:.1f}",
            f"{h.in_form_s:.1f}",
        )
    return f"{len(report.holds)} hold(s)", table


def report_view(report: Report) -> RenderableType:
    """A person-readable summary; an invalid report shows why, and no numbers."""
    q = report.quality
    filmed = f"{report.video.duration_s:.1f} s · {filmed_from(q.view)}"
    head = Text(f"{exercise_name(report.exercise)} · {filmed}", style="bold")
    why = Text("\n".join(f"• {i.message} ({i.fraction:.0%} of frames)" for i in q.issues), style="yellow")
    if not q.valid:
        notes = Text("\n".join(f"• {n}" for n in report.notes), style="yellow")
        # Another exercise: what was seen is the answer; the other issues follow.
        other = next((i.message for i in q.issues if i.code == "wrong-exercise"), None)
        rest = Text(
            "\n".join(
                f"• {i.message} ({i.fraction:.0%} of frames)" for i in q.issues if i.code != "wrong-exercise"
            )
        )
        lead = other or "Not enough of the exercise could be seen to give numbers:"
        return Group(head, Text(lead, style="red"), rest, notes)
    seen = [f"usable frames {q.usable_fraction:.0%}"]
    seen += [f"position {q.position}"] if q.position else []  # never a bare "None" for a person to read
    seen += [f"working side {report.working_side}"] if report.working_side else []
    lines = ["; ".join(seen)]
    headline, table = _reps_table(report) if report.mode == "reps" else _holds_table(report)
    lines.insert(0, headline)
    lines += _psoas_line(report)
    faults = Text("\n".join(f"• {f.start_s:.1f}–{f.end_s:.1f} s ({f.side}): {f.cue}" for f in report.faults))
    parts: list[RenderableType] = [head, Text("\n".join(lines))]
    if table.row_count:
        parts.append(table)
    psoas = bool(_psoas_line(report))
    meaning = explain_numbers(
        default_catalog().exercise(report.exercise),
        reps=bool(report.reps),
        holds=bool(report.holds),
        psoas=psoas,
    )
    if meaning:
        parts.append(Text("\n".join(meaning), style="dim"))
    if report.notes:
        parts.append(Text("\n".join(f"• {n}" for n in report.notes), style="yellow"))
    if report.faults:
        parts += [Text("Cues:", style="bold"), faults]
    if q.issues:
        parts.append(why)
    return Group(*parts)


def photo_view(report: PhotoReport) -> RenderableType:
    """A still photo's check for people: why it cannot be read, or position, angles, faults and cues."""
    q = report.quality
    size = f"photo {report.photo.width}×{report.photo.height}"
    head = Text(f"{exercise_name(report.exercise)} · {size} · {filmed_from(q.view)}", style="bold")
    if not q.valid:
        why = q.issues[0].message if q.issues else "The photo could not be read."  # the main reason first
        return Group(head, Text(why, style="yellow"))
    shape = "in the exercise's position" if report.matches else "not in the exercise's shape"
    top = {True: "yes", False: "no", None: "not seen"}[report.at_target]
    summary = (
        f"position {q.position}, {shape}; at the top or in the stretch: {top}; side {report.working_side}"
    )
    table = Table(show_header=True, expand=False)
    for col in ("angle", "side", "value", "read for"):
        table.add_column(col)
    for a in report.angles:
        value = "--" if a.value_deg is None else f"{a.value_deg:.0f}°"
        table.add_row(a.label, a.side or "", value, a.read_by)
    parts: list[RenderableType] = [head, Text(summary), table]
    if report.faults:
        cues = "\n".join(f"• {f.cue} ({f.angle.replace('_', ' ')} {f.value_deg:.0f}°)" for f in report.faults)
        parts += [Text("Faults and cues:", style="bold"), Text(cues)]
    if report.notes:
        parts.append(Text("\n".join(f"• {n}" for n in report.notes), style="yellow"))
    if report.unchecked:
        parts.append(Text("\n".join(report.unchecked), style="dim"))
    return Group(*parts)


def _with_progress(
    video: Path, exercise_id: str, side: Side | None, out: Path | None, quiet: bool, model: PoseModel
) -> Analysis:
    # Imported here: OpenCV, SciPy and mediapipe take seconds to load, and only this command needs them.
    from psoas.coach.batch import analyze_file  # noqa: PLC0415
    from psoas.vision.frames import probe  # noqa: PLC0415

    total = probe(video).frames
    with Progress(*_COLUMNS, console=err_console(), transient=True, disable=quiet) as progress:
        task = progress.add_task(video.name, total=total)

        def step(n: int) -> None:
            progress.update(task, completed=n)
            if n >= total and out is not None:
                progress.update(task, description=f"{video.name}: writing annotated.mp4")

        return analyze_file(video, exercise_id, side, out, step, model)


_COLUMNS = (
    TextColumn("{task.description}"),
    BarColumn(),
    TextColumn("{task.completed}/{task.total}"),
    TimeRemainingColumn(),
)
Outcome = tuple[Path, "Analysis | PhotoAnalysis | PsoasError"]
PHOTO_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".bmp", ".tif", ".tiff"})


def is_photo(path: Path) -> bool:
    return path.suffix.lower() in PHOTO_SUFFIXES and not path.is_dir()


def _photo(
    path: Path, exercise_id: str, side: Side | None, out: Path | None, model: PoseModel
) -> PhotoAnalysis:
    from psoas.coach.export import write_photo_outputs  # noqa: PLC0415 (see _with_progress)
    from psoas.coach.photo import analyze_photo  # noqa: PLC0415
    from psoas.vision.frames import read_image  # noqa: PLC0415

    rgb = read_image(path).rgb
    analysis = analyze_photo(rgb, default_catalog().exercise(exercise_id), side=side, model=model)
    if out is not None:
        write_photo_outputs(analysis, rgb, out)
    return analysis


def _target(out: Path | None, video: Path, many: bool) -> Path | None:
    return None if out is None else out / video.stem if many else out


def _in_workers(
    jobs: list[Job], exercise_id: str, side: Side | None, workers: int, quiet: bool, model: PoseModel
) -> list[Outcome]:
    from psoas.coach.batch import analyze_files  # noqa: PLC0415 (see _with_progress)

    with Progress(*_COLUMNS, console=err_console(), transient=True, disable=quiet) as progress:
        task = progress.add_task(f"{len(jobs)} videos on {workers} workers", total=len(jobs))
        results = analyze_files(
            jobs, exercise_id, side, workers, on_done=lambda _: progress.advance(task), model=model
        )
    return [(video, result) for (video, _), result in zip(jobs, results, strict=True)]


def _pose_model(choice: ModelChoice, positions: tuple[Position, ...]) -> PoseModel:
    """The model to run; a note on stderr (stdout may be JSON) when it is not the one asked for."""
    pick = choose_model(choice, positions, heavy_installed=installed(PoseModel.HEAVY))
    if pick.note:
        err_console().print(f"[yellow]Note:[/] {pick.note}", highlight=False, soft_wrap=True)
    return pick.model


def analysis_record(video: Path, report: Report | PhotoReport) -> rec.AnalysisRecord:
    return rec.AnalysisRecord(utc_now(), report.exercise, str(video), report.quality.valid, report.to_dict())


class Engine(StrEnum):
    """Where a batch of files runs."""

    LOCAL = "local"
    RAY = "ray"


def _check_inputs(videos: list[Path] | None, exercise: str, webcam: int | None, workers: int) -> None:
    if workers < 1:
        raise InvalidInputError(f"--workers must be at least 1, not {workers}.")
    if (webcam is None) == (not videos):
        raise InvalidInputError("Give either video files or --webcam INDEX, not both or neither.")
    if not exercise and webcam is not None:
        raise InvalidInputError(
            "Say which exercise to coach live with --exercise ID (see `psoas exercises`)."
        )


@user_errors
def analyze(
    videos: Annotated[list[Path] | None, typer.Argument(help="Video file(s), or a folder of images.")] = None,
    exercise: Annotated[str, typer.Option("--exercise", "-e", help="Exercise id, e.g. glute-bridge.")] = "",
    side: Annotated[SideChoice, typer.Option(help="Working side, or auto to detect it.")] = SideChoice.AUTO,
    out: Annotated[
        Path | None, typer.Option(help="Folder for report.json, angles.csv and annotated.mp4.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report(s) as JSON.")] = False,
    workers: Annotated[int, typer.Option(help="Analyse several videos in this many processes.")] = 1,
    webcam: Annotated[
        int | None, typer.Option(help="Coach live from this camera index instead of a file.")
    ] = None,
    seconds: Annotated[float | None, typer.Option(help="With --webcam: stop after this long.")] = None,
    save: Annotated[bool, typer.Option(help="Store each report in the psoas database.")] = True,
    model: Annotated[
        ModelChoice,
        typer.Option(help="Pose model: full, heavy (slower), or auto (heavy for floor positions)."),
    ] = ModelChoice.FULL,
    engine: Annotated[
        Engine, typer.Option(help="local: this machine's processes; ray: a Ray cluster (psoas[ray]).")
    ] = Engine.LOCAL,
    address: Annotated[
        str | None, typer.Option(help="With --engine ray: auto, or ray://HOST:10001; default a local Ray.")
    ] = None,
    force: Annotated[
        bool, typer.Option(help="With --engine ray: analyse again clips the database has done.")
    ] = False,
) -> None:
    """Count reps, time holds in good form and list form faults, from a side-on video or a webcam.
    Without --exercise, say which exercise(s) each video shows and analyse each."""
    _check_inputs(videos, exercise, webcam, workers)
    if not exercise:
        from psoas.cli.recognise import recognise_files  # noqa: PLC0415 - it builds on this module

        assert videos is not None
        recognise_files(videos, as_json=as_json, save=save, model=_pose_model(model, ()))
        return
    ex = default_catalog().exercise(exercise)
    if ex.camera is None:
        raise UnsupportedExerciseError(f"'{ex.id}': {ex.camera_note}")
    chosen = side.side()
    pose_model = _pose_model(model, ex.camera.positions)
    if engine is Engine.RAY:
        if videos is None:
            raise InvalidInputError("--engine ray analyses files; coach live without it.")
        _on_ray(videos, exercise, chosen, pose_model, (out, address, workers, as_json, save, force))
        return
    if webcam is not None:
        _live(webcam, exercise, chosen, seconds, save, pose_model)
        return
    assert videos is not None
    jobs = [(video, _target(out, video, len(videos) > 1)) for video in videos]
    for _, target in jobs:
        if target is not None:
            ready_folder(target)  # before minutes of analysis, not after
    _finish(_run(jobs, _Run(exercise, chosen, workers, as_json, pose_model)), as_json, save)


def _on_ray(
    videos: list[Path],
    exercise: str,
    side: Side | None,
    model: PoseModel,
    rest: tuple[Path | None, str | None, int, bool, bool, bool],
) -> None:
    from psoas.cli.batch_ray import BatchOptions, run_ray_batch  # noqa: PLC0415 (see _with_progress)
    from psoas.coach.ray_engine import BatchSpec  # noqa: PLC0415

    out, address, workers, as_json, save, force = rest
    spec = BatchSpec(exercise, side, model, actors=workers if workers > 1 else 0)
    run_ray_batch(videos, BatchOptions(exercise, spec, out, address, save, force, quiet=as_json))


@dataclass(frozen=True)
class _Run:
    exercise_id: str
    side: Side | None
    workers: int
    quiet: bool
    model: PoseModel


def _run(jobs: list[Job], run: _Run) -> list[Outcome]:
    """Each file's analysis in the order given: clips in worker processes when asked, photos here."""
    clips = [job for job in jobs if not is_photo(job[0])]
    done: dict[Path, Analysis | PhotoAnalysis | PsoasError] = {}
    if run.workers > 1 and len(clips) > 1:
        workers = min(run.workers, len(clips))
        done |= dict(_in_workers(clips, run.exercise_id, run.side, workers, run.quiet, run.model))
    for video, target in (job for job in jobs if job[0] not in done):
        try:
            with writing(target or Path()):  # an unwritable --out is one sentence, not a traceback
                if is_photo(video):
                    done[video] = _photo(video, run.exercise_id, run.side, target, run.model)
                else:
                    done[video] = _with_progress(
                        video, run.exercise_id, run.side, target, run.quiet, run.model
                    )
        except PsoasError as exc:
            if len(jobs) == 1:
                raise
            done[video] = exc
    return [(video, done[video]) for video, _ in jobs]


def _finish(results: list[Outcome], as_json: bool, save: bool) -> None:
    reports: list[dict[str, object]] = []
    readable = any(not isinstance(r, PsoasError) for _, r in results)
    store = open_db() if save and readable else None  # opened (and migrated) once for the whole batch
    for video, result in results:
        if isinstance(result, PsoasError):
            err_console().print(f"[bold red]Error:[/] {result}", highlight=False, soft_wrap=True)
            reports.append({"video_path": str(video), "error": str(result)})
            continue
        if store is not None:
            rec.add_analysis(store, analysis_record(video, result.report))
        reports.append(result.report.to_dict())
        if not as_json:
            view = result.report
            console().print(photo_view(view) if isinstance(view, PhotoReport) else report_view(view))
    if as_json:
        print_json(reports[0] if len(reports) == 1 else reports)
    failed = [r for _, r in results if isinstance(r, PsoasError)]
    if failed:
        raise typer.Exit(failed[0].exit_code)
    if not all(r.report.quality.valid for _, r in results if not isinstance(r, PsoasError)):
        raise typer.Exit(INVALID_EXIT)


def live_view(state: LiveState, exercise_id: str) -> RenderableType:
    """The live terminal panel: count or hold timer, the angle, and the cue (or why nothing counts)."""
    if state.holding or state.hold_s:
        big = f"hold {state.hold_in_form_s:5.1f} s in form ({state.hold_s:.1f} s held)"
    else:
        sides = counts_text(state.counts)
        big = f"{state.reps} reps ({f'{sides}; ' if sides else ''}{state.reps_in_form} in form)"
    angle = "--" if state.angle_deg is None else f"{state.angle_deg:.0f}°"
    lines = [
        Text(big, style="bold green"),
        Text(
            f"side {state.side or '?'} · angle {angle} · position {state.position or '?'} · view {state.view}"
        ),
        Text(state.cue or "Good form.", style="yellow" if state.cue else "green"),
        *(Text(note, style="yellow") for note in state.notes),  # e.g. why a side is "unknown"
        Text("q to finish", style="dim"),
    ]
    return Panel(Group(*lines), title=f"psoas live · {exercise_id}")


def _live(
    index: int, exercise_id: str, side: Side | None, seconds: float | None, save: bool, model: PoseModel
) -> None:
    from psoas._keys import KeyReader  # noqa: PLC0415
    from psoas.coach.live import LiveCoach, run_live  # noqa: PLC0415 (see _with_progress)
    from psoas.vision.frames import webcam_frames  # noqa: PLC0415
    from psoas.vision.pose import MediaPipeEstimator  # noqa: PLC0415

    coach = LiveCoach(default_catalog().exercise(exercise_id), side=side)
    frames = webcam_frames(index)
    estimator = MediaPipeEstimator(model=model)
    with estimator, KeyReader() as keys, RichLive(console=console()) as screen:

        def show(state: LiveState) -> bool:
            screen.update(live_view(state, exercise_id))
            return keys.key(0) != "q" and (seconds is None or state.t < seconds)

        analysis = run_live(frames, coach, estimator, show)
    if analysis is None:
        raise MediaError(f"Camera {index} gave no frames.")
    _finish([(Path(f"webcam:{index}"), analysis)], as_json=False, save=save)
