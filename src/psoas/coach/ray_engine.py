"""Many clips on a Ray cluster: a pool of actors, one CPU each, that keep mediapipe and BlazePose loaded.

The driver reads each clip, hashes it (the resume key), and sends its bytes to a free actor, so the nodes
need no shared storage. An actor builds a fresh pose graph per clip (about 0.1 s; tracking must not carry
over from one person's clip to the next) but never pays the import and first model load again (0.7 s and
more). Results come back as they finish; the driver alone writes files and the database. A clip that
cannot be read is an error row; an actor whose process dies is restarted and its clip retried.

Ray is optional (`pip install 'psoas[ray]'`): it is imported only when a batch asks for it.
"""

from __future__ import annotations

import hashlib
import importlib
import logging
import os
import resource
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from psoas import __version__
from psoas.errors import InvalidInputError, PsoasError
from psoas.vision.landmarks import Side
from psoas.vision.models import PoseModel

__all__ = [
    "BatchSpec",
    "ClipResult",
    "ClipWorker",
    "connect",
    "pipeline_version",
    "ray_module",
    "run_batch",
    "sha256_file",
]

MEDIAPIPE = "0.10.21"  # pinned in pyproject; part of the resume key because it changes the poses


def pipeline_version(model: PoseModel) -> str:
    """What decides a clip's result besides its content and exercise: a new one redoes every clip."""
    return f"psoas {__version__}; mediapipe {MEDIAPIPE} {model.value}"


def ray_module() -> ModuleType:
    try:
        return importlib.import_module("ray")
    except ImportError:
        raise InvalidInputError(
            "Ray is not installed; install psoas's ray extra (or pip install ray) to use --engine ray."
        ) from None


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class ClipResult:
    """What an actor sends back for one clip: the report and per-frame angles, or why it failed."""

    source: str
    digest: str
    report: dict[str, Any] | None = None
    angles_csv: str = ""
    error: str = ""
    exit_code: int = 0
    seconds: float = 0.0
    node: str = ""  # Ray node id
    pid: int = 0
    peak_rss_mb: float = 0.0  # the worker process's peak memory so far: what sizes a node
    skipped: bool = False

    @property
    def failed(self) -> bool:
        return self.report is None and not self.skipped


class ClipWorker:
    """One actor's state: the exercise, and mediapipe imported with its model file read once."""

    def __init__(self, exercise_id: str, side: Side | None, model: PoseModel) -> None:
        import numpy as np  # noqa: PLC0415 - the actor's own process pays these imports, once

        from psoas.catalog import default_catalog  # noqa: PLC0415
        from psoas.vision.pose import MediaPipeEstimator  # noqa: PLC0415

        self.exercise = default_catalog().exercise(exercise_id)
        self.side = side
        self.model = model
        with MediaPipeEstimator(model=model) as warm:  # loads the graph's libraries and the model file
            warm.estimate(np.zeros((64, 64, 3), np.uint8), 0.0)

    def analyze(self, name: str, digest: str, data: bytes) -> ClipResult:
        from psoas.coach.analysis import analyze_video  # noqa: PLC0415
        from psoas.coach.export import angles_csv  # noqa: PLC0415

        start = time.perf_counter()
        node, pid = _node_id(), os.getpid()
        with tempfile.TemporaryDirectory(prefix="psoas-clip-") as folder:
            clip = Path(folder) / Path(name).name
            clip.write_bytes(data)
            try:
                analysis = analyze_video(clip, self.exercise, side=self.side, model=self.model)
            except PsoasError as exc:
                message = str(exc).replace(str(clip), name)  # the user's name, not the temporary copy's
                return ClipResult(name, digest, error=message, exit_code=exc.exit_code, node=node, pid=pid)
        seconds = time.perf_counter() - start
        report = analysis.report.to_dict()
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
        return ClipResult(
            name, digest, report, angles_csv(analysis), seconds=seconds, node=node, pid=pid, peak_rss_mb=rss
        )

    def where(self) -> tuple[str, int]:
        return _node_id(), os.getpid()


def _node_id() -> str:
    return str(ray_module().get_runtime_context().get_node_id())


def connect(address: str | None, cpus: int | None = None) -> None:
    """Join the cluster at `address` (auto or ray://HOST:10001), or start Ray on this machine alone."""
    ray = ray_module()
    if ray.is_initialized():
        return
    quiet: dict[str, Any] = {"log_to_driver": False, "logging_level": logging.WARNING}
    try:
        if address:
            ray.init(address=address, **quiet)
        else:
            # "local": a Ray of its own, never a cluster some earlier `ray start` left on this machine.
            ray.init("local", num_cpus=cpus, include_dashboard=False, _node_ip_address="127.0.0.1", **quiet)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        where = address or "this machine"
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InvalidInputError(f"Could not start or reach Ray on {where}: {first}") from None


@dataclass(frozen=True)
class BatchSpec:
    exercise_id: str
    side: Side | None
    model: PoseModel
    actors: int = 0  # 0: one per CPU the cluster has
    max_retries: int = 2  # restarts of a dead actor, and retries of the clip it held
    resources: dict[str, float] = field(default_factory=dict)  # e.g. a custom node resource


def run_batch(
    clips: Sequence[Path],
    spec: BatchSpec,
    done: frozenset[str],
    on_result: Callable[[ClipResult], None],
) -> None:
    """Analyse `clips` on the connected cluster; `on_result` gets each one as it finishes, skipped ones
    (their hash in `done`) first as they are read. Ctrl+C stops the actors; what finished was delivered."""
    ray = ray_module()
    pending = _readings(clips, done, on_result)
    size = spec.actors or max(1, int(ray.cluster_resources().get("CPU", 1)))
    actor_class = ray.remote(
        num_cpus=1,
        resources=spec.resources or None,
        max_restarts=spec.max_retries,
        max_task_retries=spec.max_retries,
    )(ClipWorker)
    actors: list[Any] = []
    try:
        make = lambda: actor_class.remote(spec.exercise_id, spec.side, spec.model)  # noqa: E731
        _drive(ray, pending, make, size, on_result, actors)
    finally:
        for actor in actors:
            ray.kill(actor, no_restart=True)


def _readings(
    clips: Sequence[Path], done: frozenset[str], on_result: Callable[[ClipResult], None]
) -> Iterator[tuple[str, str, bytes]]:
    """Each clip still to do, read once: its name, hash and bytes; the others reported as skipped."""
    for clip in clips:
        try:
            data = clip.read_bytes()
        except OSError as exc:
            on_result(ClipResult(str(clip), "", error=f"Cannot read {clip}: {exc.strerror}.", exit_code=4))
            continue
        digest = hashlib.sha256(data).hexdigest()
        if digest in done:
            on_result(ClipResult(str(clip), digest, skipped=True))
        else:
            yield str(clip), digest, data


def _drive(
    ray: ModuleType,
    pending: Iterator[tuple[str, str, bytes]],
    make_actor: Callable[[], Any],
    size: int,
    on_result: Callable[[ClipResult], None],
    actors: list[Any],
) -> None:
    """Keep every actor busy with one clip until none are left; deliver results in finishing order."""
    running: dict[Any, tuple[Any, str, str]] = {}  # result ref -> (actor, name, digest)

    def submit(actor: Any) -> None:
        job = next(pending, None)
        if job is not None:
            running[actor.analyze.remote(*job)] = (actor, job[0], job[1])
        else:
            actors.remove(actor)
            ray.kill(actor, no_restart=True)

    first = next(pending, None)
    if first is None:
        return
    pending = _chain(first, pending)
    for _ in range(size):
        actors.append(make_actor())
        submit(actors[-1])
    while running:
        ready, _ = ray.wait(list(running), num_returns=1)
        actor, name, digest = running.pop(ready[0])
        try:
            on_result(ray.get(ready[0]))
        except ray.exceptions.RayActorError:
            on_result(ClipResult(name, digest, error=_DIED.format(name=name), exit_code=1))
            actors.remove(actor)
            actor = make_actor()
            actors.append(actor)
        except ray.exceptions.RayTaskError as exc:
            on_result(ClipResult(name, digest, error=_crash(name, exc), exit_code=1))
        submit(actor)


_DIED = "The worker analysing {name} died more often than it may be retried."


def _crash(name: str, exc: Exception) -> str:
    cause = getattr(exc, "cause", None) or exc
    return f"Analysing {name} failed: {type(cause).__name__}: {str(cause).strip().splitlines()[0]}"


def _chain(
    first: tuple[str, str, bytes], rest: Iterator[tuple[str, str, bytes]]
) -> Iterator[tuple[str, str, bytes]]:
    yield first
    yield from rest
