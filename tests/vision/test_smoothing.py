"""Smoothing on synthetic signals with known answers."""

from __future__ import annotations

import numpy as np
import pytest

from psoas.vision.smoothing import OneEuro, zero_phase


def test_zero_phase_removes_noise_without_lag() -> None:
    fps = 30.0
    t = np.arange(0, 10, 1 / fps)
    clean = 40 * np.sin(2 * np.pi * 0.5 * t)
    noisy = clean + np.random.default_rng(1).normal(0, 3, t.size)
    smooth = zero_phase(noisy, fps, cutoff_hz=2.0)
    assert np.sqrt(np.mean((smooth - clean) ** 2)) < 1.2  # noise RMS was 3
    assert int(np.argmax(smooth[:60])) == int(np.argmax(clean[:60]))  # peaks stay where they were


def test_zero_phase_keeps_gaps_as_gaps_and_works_per_column() -> None:
    x = np.column_stack([np.linspace(0, 1, 100), np.linspace(1, 0, 100)])
    x[40:45, 0] = np.nan
    out = zero_phase(x, 30.0)
    assert out.shape == x.shape
    assert np.isnan(out[40:45, 0]).all()
    assert np.isfinite(out[:, 1]).all()
    assert out[10, 1] == pytest.approx(x[10, 1], abs=1e-3)  # a straight line passes through unchanged


def test_one_euro_settles_on_a_constant_and_follows_a_step() -> None:
    f = OneEuro(min_cutoff=1.0, beta=0.1)
    out = [f(i / 30, np.array([10.0])) for i in range(10)]
    assert out[-1][0] == pytest.approx(10.0)
    after = [f((10 + i) / 30, np.array([50.0]))[0] for i in range(60)]
    assert 10 < after[0] < 50  # smooths the jump
    assert after[-1] == pytest.approx(50.0, abs=0.5)  # and catches up within two seconds


def test_zero_phase_at_a_frame_rate_below_twice_the_cutoff_returns_the_data_unfiltered() -> None:
    # 5 fps cannot hold anything above its 2.5 Hz Nyquist limit, so a 4 Hz low-pass has nothing to remove
    # (a live run that dropped most of its frames ends up here).
    x = np.array([[0.0, 1.0], [5.0, np.nan], [2.0, 3.0]])
    out = zero_phase(x, fps=5.0)
    np.testing.assert_array_equal(out, x)
    assert out is not x
