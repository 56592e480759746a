"""A Ctrl+C while a batch keeps one clip's outputs waits until they are all written."""

from __future__ import annotations

import os
import signal

import pytest

from psoas.cli.batch_ray import _interrupt_after


def test_ctrl_c_during_a_clip_is_raised_once_the_clip_is_kept() -> None:
    kept: list[str] = []
    with pytest.raises(KeyboardInterrupt), _interrupt_after():
        kept.append("report.json")
        os.kill(os.getpid(), signal.SIGINT)  # delivered here, in the main thread, and held
        kept.append("database row")
        kept.append("summary row")
    assert kept == ["report.json", "database row", "summary row"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # Ctrl+C works as before


def test_a_clip_kept_without_ctrl_c_raises_nothing() -> None:
    with _interrupt_after():
        pass
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
