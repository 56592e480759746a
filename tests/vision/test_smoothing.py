"""Smoothing on synthetic signals with known answers."""

from __future__ import annotations

import numpy as np
import pytest

from psoas.vision.smoothing import OneEuro, butter_lowpass, zero_phase


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


@pytest.mark.parametrize("order", [1, 2, 4])
@pytest.mark.parametrize("wn", [0.05, 0.27, 0.6])
def test_butterworth_and_zero_phase_match_scipy(order: int, wn: float) -> None:
    from scipy.signal import butter, filtfilt  # noqa: PLC0415 - the reference, used only here

    b, a = butter(order, wn)
    ours_b, ours_a = butter_lowpass(order, wn)
    np.testing.assert_allclose(ours_b, b, rtol=1e-12)
    np.testing.assert_allclose(ours_a, a, rtol=1e-12, atol=1e-15)
    x = np.random.default_rng(order).normal(size=(120, 4)).cumsum(axis=0)
    fps = 30.0
    expected = filtfilt(b, a, x, axis=0)
    np.testing.assert_allclose(zero_phase(x, fps, cutoff_hz=wn * fps / 2, order=order), expected, atol=1e-9)


def test_zero_phase_filters_bridged_gaps_like_scipy_and_leaves_short_columns_alone() -> None:
    from scipy.signal import butter, filtfilt  # noqa: PLC0415

    x = np.column_stack([np.sin(np.arange(60) / 5.0), np.full(60, np.nan)])
    x[20:25, 0] = np.nan
    x[:9, 1] = 2.0  # 9 values: not more than filtfilt's padding (9), so left unfiltered
    b, a = butter(2, 4.0 / 15.0)
    bridged = np.interp(np.arange(60), np.flatnonzero(np.isfinite(x[:, 0])), x[np.isfinite(x[:, 0]), 0])
    expected = np.where(np.isfinite(x[:, 0]), filtfilt(b, a, bridged), np.nan)
    out = zero_phase(x, 30.0)
    np.testing.assert_allclose(out[:, 0], expected, atol=1e-9)
    np.testing.assert_array_equal(out[:, 1], x[:, 1])
