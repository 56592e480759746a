"""Batches on a real local Ray (two CPUs, this machine only): outputs, a corrupt clip, a killed worker,
resuming. They skip only where Ray is not installed or cannot start here."""

from __future__ import annotations

import csv
import json
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rooms import empty_room
from typer.testing import CliRunner

from psoas.cli.app import app
from psoas.cli.batch_ray import expand_clips
from psoas.coach import ray_engine as re
from psoas.errors import InvalidInputError
from psoas.store import open_store
from psoas.store import records as rec
from psoas.store import schema as t
from psoas.vision.models import PoseModel

runner = CliRunner()


@pytest.fixture(scope="module")
def local_ray() -> Iterator[Any]:
    ray = pytest.importorskip("ray", reason="Ray is not installed (pip install 'psoas[ray]')")
    try:
        # "local": a Ray of this test's own, whatever cluster another run left on this machine.
        ray.init(
            "local", num_cpus=2, include_dashboard=False, _node_ip_address="127.0.0.1", log_to_driver=False
        )
    except (ConnectionError, RuntimeError) as exc:
        pytest.skip(f"Ray cannot start here: {exc}")
    yield ray
    ray.shutdown()


def summary(out: Path) -> dict[str, dict[str, str]]:
    with (out / "summary.csv").open(encoding="utf-8") as handle:
        return {Path(r["source"]).name: r for r in csv.DictReader(handle)}


def analyze(inputs: list[Path], out: Path, db: Path, *more: str) -> Any:
    args = ["analyze", *map(str, inputs), "-e", "glute-bridge", "--engine", "ray", "--out", str(out), *more]
    return runner.invoke(app, args, env={"PSOAS_DB_URL": f"sqlite:///{db}"})


def test_a_corrupt_clip_is_its_own_error_row_and_the_batch_goes_on(local_ray: Any, tmp_path: Path) -> None:
    clips = tmp_path / "clips"
    empty_room(clips / "room.mp4")
    (clips / "broken.mp4").write_bytes(b"not a video at all")
    out = tmp_path / "out"
    result = analyze([clips], out, tmp_path / "p.db")
    assert result.exit_code == 4  # a clip failed; the other was analysed all the same
    assert "broken.mp4 could not be opened as a video" in result.stderr
    assert "Traceback" not in result.output
    rows = summary(out)
    assert rows["broken.mp4"]["status"] == "failed"
    assert rows["broken.mp4"]["error"].endswith(
        "could not be opened as a video (unknown format or damaged file)."
    )
    assert (rows["room.mp4"]["status"], rows["room.mp4"]["valid"], rows["room.mp4"]["count"]) == (
        "done",
        "0",
        "0",
    )
    digest = re.sha256_file(clips / "room.mp4")
    report = json.loads((out / f"room-{digest[:8]}" / "report.json").read_text("utf-8"))
    assert (report["exercise"], report["quality"]["valid"], report["video"]["frames"]) == (
        "glute-bridge",
        False,
        15,
    )
    angles = (out / f"room-{digest[:8]}" / "angles.csv").read_text("utf-8").splitlines()
    assert len(angles) == 16  # a header and one row per frame
    assert sorted(p.name for p in out.iterdir()) == [f"room-{digest[:8]}", "summary.csv"]


def test_a_batch_run_again_does_only_what_is_new_and_force_redoes(local_ray: Any, tmp_path: Path) -> None:
    clips, out, db = tmp_path / "clips", tmp_path / "out", tmp_path / "p.db"
    empty_room(clips / "a.mp4", grey=90)
    assert analyze([clips / "*.mp4"], out, db).exit_code == 5  # the room's report is invalid: nobody in it
    empty_room(clips / "b.mp4", grey=150)  # new content
    (clips / "a-renamed.mp4").write_bytes((clips / "a.mp4").read_bytes())  # a's content under a new name
    assert analyze([clips / "*.mp4"], out, db).exit_code == 5
    rows = summary(out)
    assert {n: r["status"] for n, r in rows.items()} == {
        "a.mp4": "skipped",
        "a-renamed.mp4": "skipped",
        "b.mp4": "done",
    }
    store = open_store(f"sqlite:///{db}")
    assert [r.source for r in rec.analyses(store)] == [str(clips / "a.mp4"), str(clips / "b.mp4")]
    assert analyze([clips / "a.mp4"], out, db, "--force").exit_code == 5
    assert summary(out)["a.mp4"]["status"] == "done"
    assert len(rec.analyses(store)) == 3  # every report is kept; the ledger points at the newest
    with store.transaction() as conn:
        ledger = conn.execute(t.batch_clips.select().order_by(t.batch_clips.c.id)).mappings().all()
    assert [(r["source"], r["analysis_id"]) for r in ledger] == [
        (str(clips / "b.mp4"), 2),
        (str(clips / "a.mp4"), 3),
    ]
    assert {r["pipeline"] for r in ledger} == {re.pipeline_version(PoseModel.FULL)}
    store.dispose()


def _kill_first_worker(max_retries: int, clips: list[Path]) -> list[re.ClipResult]:
    results: list[re.ClipResult] = []

    def finished(result: re.ClipResult) -> None:
        if not results:
            os.kill(result.pid, signal.SIGKILL)  # the worker dies between clips, with more queued for it
        results.append(result)

    spec = re.BatchSpec("glute-bridge", None, PoseModel.FULL, actors=2, max_retries=max_retries)
    re.run_batch(clips, spec, frozenset(), finished)
    return results


def test_a_killed_worker_is_restarted_and_its_clip_retried(local_ray: Any, tmp_path: Path) -> None:
    clips = [empty_room(tmp_path / f"c{i}.mp4", grey=40 + 20 * i) for i in range(6)]
    results = _kill_first_worker(2, clips)
    assert sorted(Path(r.source).name for r in results) == [f"c{i}.mp4" for i in range(6)]
    assert [r.error for r in results] == [""] * 6
    assert len({r.pid for r in results}) == 3  # two workers, and the one that replaced the killed one


def test_a_worker_killed_past_its_retries_fails_one_clip_only(local_ray: Any, tmp_path: Path) -> None:
    clips = [empty_room(tmp_path / f"c{i}.mp4", grey=40 + 20 * i) for i in range(6)]
    results = _kill_first_worker(0, clips)
    failed = [r for r in results if r.failed]
    assert len(results) == 6
    assert len(failed) == 1
    assert (
        failed[0].error == f"The worker analysing {failed[0].source} died more often than it may be retried."
    )


def test_without_ray_the_engine_is_one_sentence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # as if `pip install 'psoas[ray]'` had not been run
    result = analyze([empty_room(tmp_path / "a.mp4")], tmp_path / "out", tmp_path / "p.db")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "Error: Ray is not installed; install psoas's ray extra (or pip install ray) to use --engine ray."
    )


def test_folders_and_patterns_become_their_videos_in_order(tmp_path: Path) -> None:
    for name in ("b.mp4", "a.MOV", "notes.txt", "sub/c.mp4"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"")
    assert expand_clips([tmp_path]) == [tmp_path / "a.MOV", tmp_path / "b.mp4"]
    assert expand_clips([tmp_path / "**" / "*.mp4", tmp_path / "b.mp4"]) == [
        tmp_path / "b.mp4",
        tmp_path / "sub" / "c.mp4",
    ]
    with pytest.raises(InvalidInputError, match=r"holds or matches no video files\.$"):
        expand_clips([tmp_path / "*.avi"])
