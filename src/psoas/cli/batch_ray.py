"""`psoas analyze DIR|GLOB... -e ID --engine ray`: the driver's side of a batch on a Ray cluster.

It expands folders and patterns into clips, skips those the database says are done, shows progress as
results arrive, and for each one writes report.json and angles.csv (atomically) under --out and the
report into the database; a summary table with one row per clip comes last, also after Ctrl+C.
"""

from __future__ import annotations

import csv
import glob
import importlib.util
import io
import json
import signal
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

from psoas._atomic import write_text_atomic
from psoas.cli._edge import INVALID_EXIT, err_console, open_db, print_json, ready_folder, utc_now
from psoas.coach import ray_engine as re
from psoas.errors import InvalidInputError
from psoas.store import batches
from psoas.store import records as rec
from psoas.store.db import Store

__all__ = ["BatchOptions", "expand_clips", "run_ray_batch", "summary_rows"]

VIDEO_SUFFIXES = frozenset({".mp4", ".mov", ".m4v", ".avi", ".mkv", ".webm"})
SUMMARY_FIELDS = ("source", "exercise", "status", "valid", "count", "seconds", "node", "digest", "error")
INTERRUPTED_EXIT = 130  # the shell's code for a run stopped by Ctrl+C


@dataclass(frozen=True)
class BatchOptions:
    exercise_id: str
    spec: re.BatchSpec
    out: Path | None
    address: str | None
    save: bool = True
    force: bool = False
    quiet: bool = False


def expand_clips(inputs: Sequence[Path]) -> list[Path]:
    """Folders become the videos in them and patterns their matches; named files stay, in order."""
    clips: list[Path] = []
    for item in inputs:
        if item.is_dir():
            found = sorted(p for p in item.iterdir() if p.suffix.lower() in VIDEO_SUFFIXES and p.is_file())
        elif not item.exists() and glob.has_magic(str(item)):
            matches = glob.glob(str(item), recursive=True)  # noqa: PTH207 - absolute patterns too
            found = [Path(p) for p in sorted(matches) if Path(p).is_file()]
        else:
            found = [item]
        if not found:
            raise InvalidInputError(f"{item} holds or matches no video files.")
        clips += [p for p in found if p not in clips]
    return clips


@dataclass
class _Tally:
    """The driver's running state: the summary rows so far and what the progress bar shows."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    failed: int = 0
    start: float = field(default_factory=time.perf_counter)

    def rate(self) -> float:
        analysed = sum(1 for r in self.rows if r["status"] == "done")
        return 60.0 * analysed / max(time.perf_counter() - self.start, 1e-6)


def run_ray_batch(inputs: Sequence[Path], opts: BatchOptions) -> None:
    """The whole batch; exits non-zero when a clip failed (or was unreadable), 130 after Ctrl+C."""
    clips = expand_clips(inputs)
    re.ray_module()  # one sentence now, not after the database opened, when Ray is missing
    if opts.out is not None:
        ready_folder(opts.out)
    store = open_db() if opts.save else None
    pipeline = re.pipeline_version(opts.spec.model)
    done: frozenset[str] = frozenset()
    if store is not None and not opts.force:
        done = batches.done_digests(store, opts.exercise_id, pipeline)
    re.connect(opts.address)
    tally = _Tally()
    stopped = False
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} · {task.fields[failed]} failed · {task.fields[rate]}/min"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=err_console(), transient=True, disable=opts.quiet) as progress:
        task = progress.add_task(f"{len(clips)} clips on Ray", total=len(clips), failed=0, rate="--")

        def finished(result: re.ClipResult) -> None:
            with _interrupt_after():  # a clip's files, database row and summary row: all or none
                tally.rows.append(_keep(result, opts, store, pipeline))
            tally.failed += result.failed
            progress.update(task, advance=1, failed=tally.failed, rate=f"{tally.rate():.1f}")

        try:
            re.run_batch(clips, opts.spec, done, finished)
        except KeyboardInterrupt:
            stopped = True
    _summarise(tally.rows, opts, stopped, len(clips))


@contextmanager
def _interrupt_after() -> Iterator[None]:
    """Hold a Ctrl+C that comes during the block until it ends, then raise it: one clip's outputs are
    written whole, never report.json on disk without its database and summary rows."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers belong to the main thread; another thread is never interrupted anyway
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, _frame: caught.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        raise KeyboardInterrupt


def _keep(result: re.ClipResult, opts: BatchOptions, store: Store | None, pipeline: str) -> dict[str, Any]:
    """Write one finished clip's files and database rows; its summary row."""
    if result.report is not None:
        if opts.out is not None:
            folder = opts.out / _folder_name(result)
            write_text_atomic(folder / "angles.csv", result.angles_csv)
            report_json = json.dumps(result.report, indent=2, ensure_ascii=False) + "\n"
            write_text_atomic(folder / "report.json", report_json)  # last: its folder is complete
        if store is not None:
            record = rec.AnalysisRecord(
                utc_now(),
                opts.exercise_id,
                result.source,
                bool(result.report["quality"]["valid"]),
                result.report,
            )
            batches.record_clip(store, batches.ClipKey(result.digest, opts.exercise_id, pipeline), record)
    return summary_rows(result, opts.exercise_id)


def _folder_name(result: re.ClipResult) -> str:
    # The hash keeps two clips called the same in different folders apart.
    return f"{Path(result.source).stem}-{result.digest[:8]}"


def summary_rows(result: re.ClipResult, exercise_id: str) -> dict[str, Any]:
    report = result.report or {}
    status = "skipped" if result.skipped else "failed" if result.failed else "done"
    count: int | str = ""
    if report:
        count = len(report.get("reps", [])) if report.get("mode") == "reps" else len(report.get("holds", []))
    valid = "" if not report else int(bool(report["quality"]["valid"]))
    return {
        "source": result.source,
        "exercise": exercise_id,
        "status": status,
        "valid": valid,
        "count": count,
        "seconds": f"{result.seconds:.2f}" if result.report else "",
        "node": result.node,
        "digest": result.digest,
        "error": result.error,
    }


def _summarise(rows: list[dict[str, Any]], opts: BatchOptions, stopped: bool, total: int) -> None:
    if opts.out is not None:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=SUMMARY_FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        write_text_atomic(opts.out / "summary.csv", buffer.getvalue())
        _parquet(rows, opts.out / "summary.parquet")
    by_status = {s: sum(r["status"] == s for r in rows) for s in ("done", "skipped", "failed")}
    if opts.quiet:
        print_json(rows)
    for row in rows:
        if row["status"] == "failed":
            err_console().print(f"[bold red]Error:[/] {row['error']}", highlight=False, soft_wrap=True)
    line = ", ".join(f"{n} {s}" for s, n in by_status.items())
    if stopped:
        line = f"Stopped after {len(rows)} of {total} clips ({line}); what finished is kept."
    err_console().print(f"{line}.".replace("..", "."), highlight=False)
    if stopped:
        raise typer.Exit(INTERRUPTED_EXIT)
    failed = [r for r in rows if r["status"] == "failed"]
    if failed:
        raise typer.Exit(4)
    if any(r["valid"] == 0 for r in rows):
        raise typer.Exit(INVALID_EXIT)


def _parquet(rows: list[dict[str, Any]], path: Path) -> None:
    """summary.parquet beside the CSV when pyarrow is installed; psoas does not depend on it."""
    if importlib.util.find_spec("pyarrow") is None:
        return
    pa = importlib.import_module("pyarrow")
    pq = importlib.import_module("pyarrow.parquet")
    tmp = path.with_name(f".{path.name}.tmp")
    table = pa.Table.from_pylist([{k: str(v) for k, v in r.items()} for r in rows])
    pq.write_table(table, tmp)
    tmp.replace(path)
