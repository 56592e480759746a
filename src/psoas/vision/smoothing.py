"""Smoothing landmark or angle series. Layout: the first dimension is time.

`zero_phase` is for files (the whole series is known, so filtering forwards and backwards cancels the
lag); `OneEuro` is for live use (causal, little lag when moving fast, strong smoothing when still).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray
from scipy.signal import butter, filtfilt

__all__ = ["OneEuro", "zero_phase"]

F64 = NDArray[np.float64]


def _bridge_gaps(column: F64) -> F64:
    ok = np.isfinite(column)
    idx = np.arange(len(column))
    return np.interp(idx, idx[ok], column[ok])


def zero_phase(x: F64, /, fps: float, *, cutoff_hz: float = 4.0, order: int = 2) -> F64:
    """Butterworth low-pass applied forwards and backwards along axis 0; returns a new array.

    NaN gaps are bridged by linear interpolation while filtering and are NaN again in the result, so
    smoothing never invents data where nothing was seen. At a frame rate too low to hold anything above
    the cut-off (a live run that dropped most frames), the data is returned unfiltered.
    """
    if cutoff_hz >= fps / 2:
        return np.array(x, float)
    b, a = butter(order, cutoff_hz / (fps / 2))
    flat = np.asarray(x, float).reshape(len(x), -1)
    out = np.full_like(flat, np.nan)
    padlen = 3 * max(len(a), len(b))
    for j in range(flat.shape[1]):
        col = flat[:, j]
        ok = np.isfinite(col)
        if ok.sum() <= padlen:
            out[:, j] = col
            continue
        smooth = filtfilt(b, a, _bridge_gaps(col))
        out[:, j] = np.where(ok, smooth, np.nan)
    return out.reshape(np.shape(x))


def _alpha(cutoff: float, dt: float) -> float:
    tau = 1.0 / (2 * math.pi * cutoff)
    return 1.0 / (1.0 + tau / dt)


@dataclass
class OneEuro:
    """The One-Euro filter (Casiez et al., CHI 2012) over arrays of any shape; time comes with each sample."""

    min_cutoff: float = 1.0
    beta: float = 0.05
    d_cutoff: float = 1.0
    _t: float | None = field(default=None, init=False)
    _x: F64 | None = field(default=None, init=False)
    _dx: F64 | None = field(default=None, init=False)

    def __call__(self, t: float, x: F64) -> F64:
        x = np.asarray(x, float)
        if self._t is None or self._x is None or self._dx is None or t <= self._t:
            self._t, self._x, self._dx = t, x.copy(), np.zeros_like(x)
            return x.copy()
        dt = t - self._t
        dx = (x - self._x) / dt
        a_d = _alpha(self.d_cutoff, dt)
        dx_hat = a_d * dx + (1 - a_d) * self._dx
        cutoff = self.min_cutoff + self.beta * np.abs(dx_hat)
        tau = 1.0 / (2 * np.pi * cutoff)
        a = 1.0 / (1.0 + tau / dt)
        x_hat = a * x + (1 - a) * self._x
        self._t, self._x, self._dx = t, x_hat, dx_hat
        return np.asarray(x_hat.copy(), float)
