"""Waveform envelopes: per-bin min, max and RMS across channels, one-shot or fed block by block.

Pure numpy (plus a two-thread pool for long clips); no files, no drawing, no Qt.

Bin ``i`` of ``bins`` over ``frames`` covers ``[i * frames // bins, (i + 1) * frames // bins)``.
When a clip has fewer frames than bins, each bin shows the frame under it.
"""

from __future__ import annotations

import itertools
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sonodesk.core.lazy_import import lazy_module

if TYPE_CHECKING:
    import numpy as np
else:
    np = lazy_module("numpy")

# Frames per reduction step: ~2 MB of stereo float32 stays in L2/L3 while max, min and the
# sum of squares pass over it, instead of streaming the whole clip from RAM three times.
_CHUNK_FRAMES = 262_144
# Below this many samples a second thread costs more than it saves.
_PARALLEL_MIN_SAMPLES = 4_000_000

_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


@dataclass(frozen=True, eq=False)
class Envelope:
    """Per-bin ``min``, ``max`` and ``rms`` (float32, one value per bin, across all channels).

    ``frames`` is the clip length the bins were laid over. Bins ``[0, filled)`` are final; later
    bins are partial or zero while decoding is still under way.
    """

    min: np.ndarray
    max: np.ndarray
    rms: np.ndarray
    frames: int
    filled: int

    @property
    def bins(self) -> int:
        return len(self.max)

    @property
    def complete(self) -> bool:
        return self.filled >= self.bins

    def rebin(self, bins: int) -> Envelope:
        """Fewer (or more) bins for a narrower (or wider) view; RMS is weighted by frames."""
        if bins <= 0:
            raise ValueError("bins must be positive")
        if bins == self.bins or self.bins == 0:
            return self
        if bins > self.bins:
            pick = (np.arange(bins, dtype=np.int64) * self.bins) // bins
            filled = int(np.searchsorted(pick, self.filled, side="left"))
            return Envelope(self.min[pick], self.max[pick], self.rms[pick], self.frames, filled)
        starts = (np.arange(bins, dtype=np.int64) * self.bins) // bins
        weights = np.diff(bin_edges(max(self.frames, self.bins), self.bins)).astype(np.float64)
        power = np.add.reduceat(self.rms.astype(np.float64) ** 2 * weights, starts)
        rms = np.sqrt(power / np.add.reduceat(weights, starts)).astype(np.float32)
        ends = np.append(starts[1:], self.bins)
        filled = int(np.count_nonzero(ends <= self.filled))
        return Envelope(
            np.minimum.reduceat(self.min, starts),
            np.maximum.reduceat(self.max, starts),
            rms,
            self.frames,
            filled,
        )


def bin_edges(frames: int, bins: int) -> np.ndarray:
    """``bins + 1`` int64 frame indices; bin ``i`` is ``[edges[i], edges[i+1])``."""
    return (np.arange(bins + 1, dtype=np.int64) * int(frames)) // int(bins)


def _as_2d(samples: np.ndarray) -> np.ndarray:
    data = np.asarray(samples)
    if data.ndim == 1:
        data = data[:, np.newaxis]
    if data.ndim != 2:
        raise ValueError("samples must have shape (frames,) or (frames, channels)")
    # Copies only when the caller hands something other than contiguous float32.
    return np.ascontiguousarray(data, dtype=np.float32)


class _Accumulator:
    """Running per-bin reductions over a fixed bin layout; blocks may straddle bin edges."""

    def __init__(self, edges: np.ndarray, channels: int) -> None:
        bins = len(edges) - 1
        self.edges = edges
        self.channels = channels
        self.mn = np.full(bins, np.inf, dtype=np.float32)
        self.mx = np.full(bins, -np.inf, dtype=np.float32)
        self.ss = np.zeros(bins, dtype=np.float64)
        self.count = np.zeros(bins, dtype=np.int64)

    def add(self, block: np.ndarray, first_frame: int, scratch: np.ndarray) -> None:
        """Fold frames ``[first_frame, first_frame + len(block))`` into their bins.

        Frames past the last edge (a length estimate that was too short) land in the last bin.
        ``scratch`` holds the squares: one per thread, at least ``block.size`` long.
        """
        n = len(block)
        if n == 0:
            return
        edges, last = self.edges, len(self.edges) - 2
        f0, f1 = first_frame, first_frame + n
        b0 = min(int(np.searchsorted(edges, f0, side="right")) - 1, last)
        b1 = min(int(np.searchsorted(edges, f1 - 1, side="right")) - 1, last)
        starts = np.maximum(edges[b0 : b1 + 1] - f0, 0)
        idx = starts * self.channels
        flat = block.reshape(-1)
        sl = slice(b0, b1 + 1)
        np.maximum(self.mx[sl], np.maximum.reduceat(flat, idx), out=self.mx[sl])
        np.minimum(self.mn[sl], np.minimum.reduceat(flat, idx), out=self.mn[sl])
        squares = scratch[: len(flat)]
        np.multiply(flat, flat, out=squares)
        self.ss[sl] += np.add.reduceat(squares, idx)
        hi = np.minimum(edges[b0 + 1 : b1 + 2], f1)
        if b1 == last:
            hi[-1] = f1
        self.count[sl] += hi - np.maximum(edges[b0 : b1 + 1], f0)

    def add_chunked(self, data: np.ndarray, first_frame: int) -> None:
        scratch = np.empty(min(len(data), _CHUNK_FRAMES) * self.channels, dtype=np.float32)
        for start in range(0, len(data), _CHUNK_FRAMES):
            self.add(data[start : start + _CHUNK_FRAMES], first_frame + start, scratch)

    def result(self, frames: int, filled: int, bins: int) -> Envelope:
        valid = self.count > 0
        mn = np.where(valid, self.mn, 0.0).astype(np.float32)
        mx = np.where(valid, self.mx, 0.0).astype(np.float32)
        denom = np.maximum(self.count, 1) * self.channels
        rms = np.where(valid, np.sqrt(self.ss / denom), 0.0).astype(np.float32)
        own_bins = len(mn)
        if own_bins == bins:
            return Envelope(mn, mx, rms, frames, filled)
        # Fewer frames than bins: every bin shows the frame under it.
        pick = (np.arange(bins, dtype=np.int64) * own_bins) // bins
        expanded_filled = int(np.searchsorted(pick, filled, side="left"))
        return Envelope(mn[pick], mx[pick], rms[pick], frames, expanded_filled)


def _executor() -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="sonodesk-envelope")
        return _pool


def compute_envelope(samples: np.ndarray, bins: int, *, workers: int | None = None) -> Envelope:
    """Envelope of a whole clip in one call.

    Args:
        samples: (frames,) or (frames, channels); contiguous float32 avoids a copy.
        bins: number of columns (usually the view's width in pixels, or a fixed resolution
            that :meth:`Envelope.rebin` reduces later).
        workers: threads to split the bins across; None picks 2 for long clips on multi-core
            machines (numpy reductions release the GIL) and 1 otherwise.
    """
    if bins <= 0:
        raise ValueError("bins must be positive")
    data = _as_2d(samples)
    frames, channels = data.shape
    if frames == 0:
        zeros = np.zeros(bins, dtype=np.float32)
        return Envelope(zeros, zeros.copy(), zeros.copy(), 0, bins)
    own_bins = min(bins, frames)
    edges = bin_edges(frames, own_bins)
    acc = _Accumulator(edges, channels)
    if workers is None:
        big = data.size >= _PARALLEL_MIN_SAMPLES
        workers = 2 if big and (os.cpu_count() or 1) > 1 else 1
    workers = max(1, min(workers, own_bins))
    if workers == 1:
        acc.add_chunked(data, 0)
    else:
        # Disjoint bin ranges, so the workers write disjoint slices of the same arrays.
        split = [own_bins * w // workers for w in range(workers + 1)]
        jobs = [
            _executor().submit(acc.add_chunked, data[edges[lo] : edges[hi]], int(edges[lo]))
            for lo, hi in itertools.pairwise(split)
        ]
        for job in jobs:
            job.result()
    return acc.result(frames, own_bins, bins)


class EnvelopeBuilder:
    """Builds an envelope incrementally from consecutive blocks (e.g. as a decoder delivers them).

    ``total_frames`` fixes the bin layout; if more frames arrive they fold into the last bin, if
    fewer arrive the tail stays empty (a decoder that learns the true length should recompute
    with :func:`compute_envelope`). Not thread-safe: one feeder, and snapshots from the same
    thread or under the feeder's lock.
    """

    def __init__(self, total_frames: int, bins: int, channels: int | None = None) -> None:
        if bins <= 0:
            raise ValueError("bins must be positive")
        self.total_frames = max(0, int(total_frames))
        self.bins = int(bins)
        self._own_bins = max(1, min(self.bins, self.total_frames))
        self._edges = bin_edges(max(self.total_frames, 1), self._own_bins)
        self._channels = channels
        self._acc: _Accumulator | None = None
        self.frames_fed = 0

    def feed(self, block: np.ndarray) -> None:
        """Add the next ``len(block)`` frames (shape (frames,) or (frames, channels))."""
        data = _as_2d(block)
        if self._acc is None:
            self._channels = self._channels or data.shape[1]
            self._acc = _Accumulator(self._edges, self._channels)
        if data.shape[1] != self._channels:
            raise ValueError("every block must have the same number of channels")
        self._acc.add_chunked(data, self.frames_fed)
        self.frames_fed += len(data)

    def snapshot(self) -> Envelope:
        """The envelope so far: an independent copy, safe to hand to another thread."""
        if self._acc is None:
            zeros = np.zeros(self.bins, dtype=np.float32)
            return Envelope(zeros, zeros.copy(), zeros.copy(), self.total_frames, 0)
        filled = int(np.count_nonzero(self._edges[1:] <= self.frames_fed))
        return self._acc.result(self.total_frames, filled, self.bins)
