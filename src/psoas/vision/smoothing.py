"""Smoothing landmark or angle series. Layout: the first dimension is time.

`zero_phase` is for files (the whole series is known, so filtering forwards and backwards cancels the
lag); `OneEuro` is for live use (causal, little lag when moving fast, strong smoothing when still).
The Butterworth design and forward-backward filter are SciPy's (`butter`, `filtfilt` with odd padding),
written out in numpy: importing scipy.signal costs half a second, more than filtering a whole clip.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

__all__ = ["OneEuro", "butter_lowpass", "zero_phase"]

F64 = NDArray[np.float64]


def _bridge_gaps(column: F64) -> F64:
    ok = np.isfinite(column)
    idx = np.arange(len(column))
    return np.interp(idx, idx[ok], column[ok])


def butter_lowpass(order: int, wn: float) -> tuple[F64, F64]:
    """`scipy.signal.butter(order, wn)`: the analog prototype's poles, pre-warped, bilinear-transformed.

    `wn` is the cut-off as a fraction of the Nyquist frequency; returns (b, a) with a[0] == 1.
    """
    poles = -np.exp(1j * np.pi * np.arange(-order + 1, order, 2) / (2 * order))
    fs2 = 4.0  # twice SciPy's normalised sampling rate of 2
    warped = fs2 * np.tan(np.pi * wn / 2)
    analog = warped * poles
    digital = (fs2 + analog) / (fs2 - analog)
    gain = np.real(warped**order / np.prod(fs2 - analog))
    return gain * np.poly(-np.ones(order)), np.real(np.poly(digital))


def _steady_state(b: F64, a: F64) -> F64:
    """`scipy.signal.lfilter_zi`: the filter's state for a step input of 1 that has always been there."""
    n = len(a) - 1
    companion = np.eye(n, k=-1)
    companion[0] = -a[1:]
    return np.linalg.solve(np.eye(n) - companion.T, b[1:] - a[1:] * b[0])


def _lfilter(b: F64, a: F64, x: F64, state: F64) -> F64:
    """Direct form II transposed along axis 0 of (T, C) data, all columns at once."""
    z = state.copy()
    y = np.empty_like(x)
    for i, xi in enumerate(x):
        yi = b[0] * xi + z[0]
        z[:-1] = b[1:-1, None] * xi + z[1:] - a[1:-1, None] * yi
        z[-1] = b[-1] * xi - a[-1] * yi
        y[i] = yi
    return y


def _filtfilt(b: F64, a: F64, x: F64, padlen: int) -> F64:
    """`scipy.signal.filtfilt(b, a, x, axis=0)` with its default odd extension of `padlen` samples."""
    ext = np.concatenate([2 * x[0] - x[padlen:0:-1], x, 2 * x[-1] - x[-2 : -padlen - 2 : -1]])
    zi = _steady_state(b, a)[:, None]
    forward = _lfilter(b, a, ext, zi * ext[0])
    backward = _lfilter(b, a, forward[::-1], zi * forward[-1])[::-1]
    return backward[padlen:-padlen]


def zero_phase(x: F64, /, fps: float, *, cutoff_hz: float = 4.0, order: int = 2) -> F64:
    """Butterworth low-pass applied forwards and backwards along axis 0; returns a new array.

    NaN gaps are bridged by linear interpolation while filtering and are NaN again in the result, so
    smoothing never invents data where nothing was seen. At a frame rate too low to hold anything above
    the cut-off (a live run that dropped most frames), the data is returned unfiltered.
    """
    if cutoff_hz >= fps / 2:
        return np.array(x, float)
    b, a = butter_lowpass(order, cutoff_hz / (fps / 2))
    flat = np.asarray(x, float).reshape(len(x), -1)
    out = flat.copy()
    padlen = 3 * (order + 1)  # filtfilt's default: three times the number of coefficients
    ok = np.isfinite(flat)
    cols = np.flatnonzero(ok.sum(axis=0) > padlen)  # shorter columns are left as they are
    if len(cols):
        bridged = np.column_stack([_bridge_gaps(flat[:, j]) for j in cols])
        out[:, cols] = np.where(ok[:, cols], _filtfilt(b, a, bridged, padlen), np.nan)
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
