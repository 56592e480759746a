"""Many videos at once: each file analysed (and its outputs written) in its own worker process.

Each process runs its own estimator; the machine's cores are shared out between them (psoas.vision.inference
gives each process's network that many threads), so a batch neither idles cores nor oversubscribes them.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from psoas.catalog import default_catalog
from psoas.coach.analysis import Analysis, analyze_video
from psoas.coach.export import write_outputs
from psoas.errors import PsoasError
from psoas.vision.inference import default_threads
from psoas.vision.landmarks import Side
from psoas.vision.models import PoseModel

__all__ = ["Job", "analyze_file", "analyze_files", "core_share"]

Job = tuple[Path, Path | None]  # the video, and the folder for its outputs (None: no files)


def analyze_file(
    video: Path,
    exercise_id: str,
    side: Side | None,
    out: Path | None,
    progress: Callable[[int], None] | None = None,
    model: PoseModel = PoseModel.FULL,
) -> Analysis:
    """Analyse one file and write its outputs when `out` is given."""
    exercise = default_catalog().exercise(exercise_id)
    analysis = analyze_video(video, exercise, side=side, progress=progress, model=model)
    if out is not None:
        write_outputs(analysis, out, video)
    return analysis


def core_share(threads: int, workers: int, jobs: int) -> int:
    """Inference threads for each worker when `workers` processes (no more than there are jobs) share
    `threads`; at least one."""
    return max(1, threads // max(1, min(workers, jobs)))


def _share_cores(threads: int) -> None:
    os.environ["OMP_NUM_THREADS"] = str(threads)  # read by each estimator this worker builds


def analyze_files(
    jobs: Sequence[Job],
    exercise_id: str,
    side: Side | None,
    workers: int,
    on_done: Callable[[Path], None] | None = None,
    model: PoseModel = PoseModel.FULL,
) -> list[Analysis | PsoasError]:
    """Each job's analysis, or the user-facing error that stopped it, in the order given."""
    share = core_share(default_threads(), workers, len(jobs))
    # Spawned, not forked: a fork of a process that has run MediaPipe or OpenCV threads can crash.
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_share_cores,
        initargs=(share,),
    ) as pool:
        futures = [
            pool.submit(analyze_file, video, exercise_id, side, out, None, model) for video, out in jobs
        ]
        results: list[Analysis | PsoasError] = []
        for (video, _), future in zip(jobs, futures, strict=True):
            try:
                results.append(future.result())
            except PsoasError as exc:
                results.append(exc)
            if on_done:
                on_done(video)
    return results
