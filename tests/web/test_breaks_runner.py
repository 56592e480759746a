"""The server's break runner on a virtual clock over a real SQLite file: with no page watching, a due break
becomes a desktop notification; with a page asking for the state, the page reminds instead."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from psoas.catalog import default_catalog
from psoas.habits.schedule import ScheduleConfig, Seen, Signal, Source, Tick
from psoas.store import open_store
from psoas.web.breaks_api import BreakRunner


def _runner(tmp_path: Path, shown: list[tuple[str, str]]) -> tuple[BreakRunner, datetime]:
    def desktop(title: str, body: str) -> bool:
        shown.append((title, body))
        return True

    store = open_store(f"sqlite:///{tmp_path / 'psoas.db'}")
    runner = BreakRunner(
        store,
        default_catalog(),
        ScheduleConfig(interval_s=60, max_s=120),
        tick_s=15,
        notifier=desktop,
    )
    return runner, datetime.now(UTC)


def _sit(runner: BreakRunner, start: datetime, seconds: int) -> None:
    runner.observe(Seen(start, Signal.ACTIVE, Source.INPUT))
    for s in range(15, seconds + 1, 15):
        runner.observe(Tick(start + timedelta(seconds=s)))


def test_with_no_page_open_the_server_shows_a_desktop_notification(tmp_path: Path) -> None:
    shown: list[tuple[str, str]] = []
    runner, t0 = _runner(tmp_path, shown)
    _sit(runner, t0, 90)
    assert shown == [
        (
            "Time to stand up",
            "Walk and lunge: Walk for a minute, then a standing lunge stretch with a hand on the desk, "
            "20 s each side.",
        )
    ]
    assert runner.desktop_notices == 1
    runner.store.dispose()


def test_while_a_page_watches_the_page_reminds_and_the_server_stays_quiet(tmp_path: Path) -> None:
    shown: list[tuple[str, str]] = []
    runner, t0 = _runner(tmp_path, shown)
    runner.observe(Seen(t0, Signal.ACTIVE, Source.INPUT))
    assert runner.current(from_page=True)["state"] == "sitting"  # a page asked: it is watching
    _sit(runner, t0, 90)
    assert shown == [] and runner.view(t0 + timedelta(seconds=90))["state"] == "due"
    runner.store.dispose()


def test_the_default_notifier_runs_notify_send_with_the_reminder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real notify(): a notify-send on PATH (here a script that writes down its arguments, as this
    machine has no desktop) is run with psoas's app name, the title and the routine."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    seen = tmp_path / "notify-send.args"
    script = bin_dir / "notify-send"
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > {seen}\n')
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("DISPLAY", ":0")
    store = open_store(f"sqlite:///{tmp_path / 'psoas.db'}")
    runner = BreakRunner(store, default_catalog(), ScheduleConfig(interval_s=60, max_s=120), tick_s=15)
    _sit(runner, datetime.now(UTC), 90)
    assert seen.read_text().splitlines() == [
        "--app-name=psoas",
        "Time to stand up",
        "Walk and lunge: Walk for a minute, then a standing lunge stretch with a hand on the desk, "
        "20 s each side.",
    ]
    assert runner.desktop_notices == 1
    store.dispose()
