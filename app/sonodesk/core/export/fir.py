"""Overlap-save FIR filtering with batched FFTs: several filters over one signal in one pass.

numpy has no fast recursive (IIR) filter, but its FFT runs at C speed; long filters are
applied here block by block so memory stays bounded on long takes. No I/O, no Qt.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
from numpy.lib.stride_tricks import as_strided

_BATCH = 16  # FFT frames per batch
_MIN_FFT = 1 << 12


def filter_blocks(
    signal: np.ndarray, firs: np.ndarray, *, delay: int = 0
) -> Iterator[tuple[int, np.ndarray]]:
    """Yield ``(start, out)`` where ``out[p]`` is ``signal`` through ``firs[p]`` from ``start``.

    ``firs`` has shape (filters, taps). ``delay`` shifts the output earlier by that many
    samples (a centred, linear-phase filter passes ``taps // 2``-ish so outputs line up with
    the input). Every sample of the signal's length is yielded exactly once, in order.
    """
    filters, taps = firs.shape
    n = len(signal)
    if n == 0:
        return
    size = max(_MIN_FFT, 1 << int(np.ceil(np.log2(4 * taps))))
    step = size - taps + 1
    spectra = np.fft.rfft(firs, size, axis=1)
    total = n + delay
    frames = -(-total // step)
    padded = np.zeros(taps - 1 + frames * step + taps, dtype=np.float64)
    padded[taps - 1 : taps - 1 + n] = signal
    stride = padded.strides[0]
    windows = as_strided(padded, (frames, size), (stride * step, stride), writeable=False)
    for first in range(0, frames, _BATCH):
        batch = windows[first : first + _BATCH]
        spectrum = np.fft.rfft(batch, axis=1)
        out = np.fft.irfft(spectrum[:, None, :] * spectra[None, :, :], size, axis=2)
        # (frames, filters, step) -> (filters, frames * step): consecutive output samples.
        flat = out[:, :, taps - 1 :].transpose(1, 0, 2).reshape(filters, -1)
        begin = first * step
        lo = max(begin, delay)
        hi = min(begin + flat.shape[1], total)
        if hi > lo:
            yield lo - delay, flat[:, lo - begin : hi - begin]
