"""`psoas analyze VIDEO` without --exercise: say which exercise(s) the clip shows, when, and analyse each
segment as if it had been named."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from psoas.catalog import default_catalog
from psoas.cli._edge import INVALID_EXIT, console, open_db, print_json
from psoas.cli.analyze import analysis_record, is_photo, photo_view, report_view
from psoas.coach.explain import exercise_name
from psoas.coach.recognize import PhotoGuess, Segment, recognise, recognise_pose
from psoas.coach.report import VideoMeta
from psoas.errors import InvalidInputError
from psoas.store import records as rec
from psoas.vision.models import PoseModel

__all__ = ["recognise_files", "segments_view"]


def segments_view(video: Path, segments: list[Segment]) -> RenderableType:
    """A table of the clip's segments (pure: segments in, renderable out)."""
    table = Table(title=f"{video.name}: what it shows", show_header=True, expand=False)
    for col in ("from s", "to s", "position", "exercise", "or"):
        table.add_column(col)
    for s in segments:
        table.add_row(
            f"{s.start_s:.1f}",
            f"{s.end_s:.1f}",
            s.position,
            exercise_name(s.exercise)
            if s.exercise or not s.attempted
            else f"not counted: looks like {exercise_name(s.attempted)}",
            ", ".join(exercise_name(a) for a in s.alternatives),
        )
    if not segments:
        return Group(Text(f"{video.name}: no body position was held long enough to recognise.", style="red"))
    return table


def _segment_dict(s: Segment) -> dict[str, object]:
    return {
        "start_s": round(s.start_s, 3),
        "end_s": round(s.end_s, 3),
        "position": s.position,
        "exercise": s.exercise,
        "alternatives": list(s.alternatives),
        "attempted": s.attempted,
        "report": s.analysis.report.to_dict() if s.analysis else None,
    }


def _recognise_one(video: Path, model: PoseModel) -> list[Segment]:
    # Imported here: OpenCV and mediapipe take seconds to load, and only this path needs them.
    from psoas.vision.frames import open_frames, probe  # noqa: PLC0415
    from psoas.vision.pose import MediaPipeEstimator, estimate_frames  # noqa: PLC0415

    info = probe(video)
    with MediaPipeEstimator(model=model) as estimator:
        seq = estimate_frames(open_frames(video), estimator, source=str(video))
    meta = VideoMeta(info.fps, len(seq), len(seq) / info.fps, info.width, info.height)
    return recognise(seq, meta, default_catalog())


def _photo_guess(photo: Path, model: PoseModel) -> PhotoGuess:
    from psoas.coach.photo import photo_pose  # noqa: PLC0415 (mediapipe loads slowly)
    from psoas.vision.frames import read_image  # noqa: PLC0415

    seq, others = photo_pose(read_image(photo).rgb, model=model)
    return recognise_pose(seq, default_catalog(), others=others)


def _recognise_photos(photos: list[Path], *, as_json: bool, save: bool, model: PoseModel) -> bool:
    """Name the exercise each photo shows and check it as that exercise; whether any was named."""
    guesses = [(photo, _photo_guess(photo, model)) for photo in photos]
    named = [(p, g.analysis.report) for p, g in guesses if g.analysis is not None]
    if save and named:
        store = open_db()
        for photo, report in named:
            rec.add_analysis(store, analysis_record(photo, report))
    for photo, guess in guesses:
        if as_json:
            data = guess.analysis.report.to_dict() if guess.analysis else None
            print_json({"photo_path": str(photo), "exercise": guess.exercise, "report": data})
        elif guess.analysis is None:
            console().print(
                Text(f"{photo.name}: no exercise the camera follows was recognised.", style="red")
            )
        else:
            others = ", ".join(exercise_name(a) for a in guess.alternatives)
            also = f" (or {others})" if others else ""
            console().print(Text(f"{photo.name} shows {exercise_name(guess.exercise)}{also}.", style="bold"))
            console().print(photo_view(guess.analysis.report))
    return bool(named)


def recognise_files(videos: list[Path], *, as_json: bool, save: bool, model: PoseModel) -> None:
    """Recognise each video (or photo), print the segments and each recognised one's report, store those."""
    photos = [v for v in videos if is_photo(v)]
    if photos and len(photos) < len(videos):
        raise InvalidInputError("Recognise videos and photos in separate runs.")
    named = (
        _recognise_photos(photos, as_json=as_json, save=save, model=model)
        if photos
        else _recognise_videos(videos, as_json=as_json, save=save, model=model)
    )
    if not named:
        if not as_json:
            why = "No exercise the camera follows was recognised; name one with --exercise ID."
            console().print(Text(why, style="red"))
        raise typer.Exit(INVALID_EXIT)


def _recognise_videos(videos: list[Path], *, as_json: bool, save: bool, model: PoseModel) -> bool:
    """Cut each video into the exercises it shows and analyse each; whether any was named."""
    found = [(video, _recognise_one(video, model)) for video in videos]
    named = [(v, s) for v, segments in found for s in segments if s.exercise is not None]
    if save and named:
        store = open_db()
        for video, s in named:
            assert s.analysis is not None
            rec.add_analysis(store, analysis_record(video, s.analysis.report))
    if as_json:
        data = [{"video_path": str(v), "segments": [_segment_dict(s) for s in segs]} for v, segs in found]
        print_json(data[0] if len(data) == 1 else data)
        return bool(named)
    for video, segments in found:
        console().print(segments_view(video, segments))
        for s in segments:
            if s.analysis is not None:
                console().print(report_view(s.analysis.report))
    return bool(named)
