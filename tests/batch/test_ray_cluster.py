"""The command as a user runs it, in its own process: on a two-node Ray cluster started on this machine,
stopped by Ctrl+C, and on real clips (the same reports as the local engine). Slow: Ray nodes take seconds
to start and real clips take seconds each."""

from __future__ import annotations

import csv
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from rooms import empty_room

from conftest import MEDIA_DIR, REPO
from psoas.coach import ray_engine as re
from psoas.coach.batch import analyze_file

pytestmark = pytest.mark.slow
BIN = Path(sys.executable).parent


def _env(tmp: Path) -> dict[str, str]:
    # The nodes' workers import psoas from this checkout, as the driver does.
    path = os.pathsep.join(p for p in (str(REPO / "src"), os.environ.get("PYTHONPATH", "")) if p)
    return {
        **os.environ,
        "PYTHONPATH": path,
        "PSOAS_DB_URL": f"sqlite:///{tmp / 'p.db'}",
        "RAY_USAGE_STATS_ENABLED": "0",
        # A cluster of this test's own processes on 127.0.0.1: no token to share between them.
        "RAY_AUTH_MODE": "disabled",
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _psoas(args: list[str], tmp: Path) -> subprocess.Popen[str]:
    command = [
        str(BIN / "psoas"),
        "analyze",
        *args,
        "-e",
        "glute-bridge",
        "--engine",
        "ray",
        "--out",
        str(tmp / "out"),
    ]
    return subprocess.Popen(command, env=_env(tmp), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _rows(out: Path) -> list[dict[str, str]]:
    with (out / "summary.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def two_nodes(tmp_path: Path) -> Iterator[str]:
    """A head with one CPU and a second node with one CPU and a `clipnode` resource, both on 127.0.0.1;
    each runs in the foreground (--block) so that ending the process this test started stops its node."""
    pytest.importorskip("ray", reason="Ray is not installed (pip install 'psoas[ray]')")
    port = _free_port()
    address = f"127.0.0.1:{port}"
    common = ["--node-ip-address=127.0.0.1", "--num-cpus=1", "--block", "--disable-usage-stats"]
    head = [str(BIN / "ray"), "start", "--head", f"--port={port}", "--include-dashboard=false", *common]
    worker = [str(BIN / "ray"), "start", f"--address={address}", '--resources={"clipnode": 1}', *common]
    log = (tmp_path / "nodes.log").open("w")
    nodes = [subprocess.Popen(head, env=_env(tmp_path), stdout=log, stderr=subprocess.STDOUT)]
    try:
        _wait_for_nodes(address, 1, tmp_path)
        nodes.append(subprocess.Popen(worker, env=_env(tmp_path), stdout=log, stderr=subprocess.STDOUT))
        _wait_for_nodes(address, 2, tmp_path)
        yield address
    finally:
        for node in reversed(nodes):
            node.send_signal(signal.SIGTERM)
            try:
                node.wait(timeout=60)
            except subprocess.TimeoutExpired:
                node.kill()
        log.close()


def _wait_for_nodes(address: str, count: int, tmp: Path) -> None:
    probe = (
        "import ray, sys; ray.init(address=sys.argv[1], logging_level='ERROR');"
        "print(sum(n['Alive'] for n in ray.nodes()))"
    )
    deadline = time.monotonic() + 120
    done: subprocess.CompletedProcess[str] | None = None
    while time.monotonic() < deadline:
        done = subprocess.run(
            [sys.executable, "-c", probe, address],
            check=False,
            env=_env(tmp),
            capture_output=True,
            text=True,
            timeout=60,
        )
        if done.returncode == 0 and done.stdout.strip().endswith(str(count)):
            return
        time.sleep(1)
    why = done.stderr.strip().splitlines()[-1] if done is not None and done.stderr.strip() else "no answer"
    pytest.skip(f"a {count}-node Ray cluster did not start on 127.0.0.1: {why}")


def test_clips_run_on_both_nodes_of_a_two_node_cluster(two_nodes: str, tmp_path: Path) -> None:
    clips = [empty_room(tmp_path / "clips" / f"c{i}.mp4", grey=40 + 20 * i) for i in range(6)]
    run = _psoas([str(tmp_path / "clips"), "--address", two_nodes, "--workers", "2"], tmp_path)
    _, stderr = run.communicate(timeout=300)
    assert run.returncode == 5, stderr  # every room is empty: reports with no numbers
    rows = _rows(tmp_path / "out")
    assert sorted(Path(r["source"]).name for r in rows) == [c.name for c in clips]
    assert {r["status"] for r in rows} == {"done"}
    assert len({r["node"] for r in rows}) == 2  # one actor (one CPU) per node


def test_ctrl_c_stops_the_batch_and_keeps_what_finished(tmp_path: Path) -> None:
    pytest.importorskip("ray", reason="Ray is not installed (pip install 'psoas[ray]')")
    clips = tmp_path / "clips"
    for i in range(12):
        empty_room(clips / f"c{i:02}.mp4", grey=10 + 20 * i, frames=200)
    run = _psoas([str(clips), "--workers", "1"], tmp_path)
    deadline = time.monotonic() + 240
    while not list((tmp_path / "out").glob("*/report.json")) and time.monotonic() < deadline:
        time.sleep(0.2)
    run.send_signal(signal.SIGINT)
    _, stderr = run.communicate(timeout=120)
    assert run.returncode == 130, stderr
    rows = _rows(tmp_path / "out")
    assert 1 <= len(rows) < 12
    assert {r["status"] for r in rows} == {"done"}
    assert f"Stopped after {len(rows)} of 12 clips" in stderr
    assert len(list((tmp_path / "out").glob("*/report.json"))) == len(rows)


def test_real_clips_give_the_local_engines_reports(tmp_path: Path) -> None:
    pytest.importorskip("ray", reason="Ray is not installed (pip install 'psoas[ray]')")
    names = ["glute_bridges.mp4", "knee_lifts.mp4"]
    if not all((MEDIA_DIR / n).is_file() for n in names):
        pytest.skip(f"the real clips are not in {MEDIA_DIR}")
    run = _psoas([str(MEDIA_DIR / n) for n in names], tmp_path)
    _, stderr = run.communicate(timeout=500)
    assert run.returncode in (0, 5), stderr
    by_name = {Path(r["source"]).name: r for r in _rows(tmp_path / "out")}
    assert by_name["glute_bridges.mp4"]["count"] == "3"  # the three bridges one sees in the clip
    for name in names:
        clip = MEDIA_DIR / name
        ray_report = json.loads(
            (tmp_path / "out" / f"{clip.stem}-{re.sha256_file(clip)[:8]}" / "report.json").read_text("utf-8")
        )
        local_report = analyze_file(clip, "glute-bridge", None, None).report.to_dict()
        for report in (ray_report, local_report):
            report.pop("timing")  # wall-clock seconds differ between any two runs
        assert ray_report == json.loads(json.dumps(local_report))
