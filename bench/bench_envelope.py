"""4. Envelope: the waveform envelope of a 10-minute 48 kHz stereo clip, in memory.

``compute_envelope(samples, 4096)`` as the player keeps it (sonodesk.ui.player.qt_player's
ENVELOPE_BINS), default workers (two threads for long clips on a multi-core machine). Side by
side, alternating: the same call on one thread, and a plain numpy reshape-and-reduce of the
same clip (a reference for what one pass over 460 MB of float32 costs here).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common
from common import Config, Metric

TARGET_MS = 50.0
RATE = 48_000
SECONDS = 600
BINS = 4096


def naive(samples: np.ndarray, bins: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    frames = (len(samples) // bins) * bins
    view = samples[:frames].reshape(bins, -1)
    return view.min(axis=1), view.max(axis=1), np.sqrt(np.mean(view * view, axis=1))


def run(cfg: Config) -> list[Metric]:
    from sonodesk.core.audio.envelope import compute_envelope
    from sonodesk.ui.player.qt_player import ENVELOPE_BINS

    assert ENVELOPE_BINS == BINS
    repeats = cfg.repeats(30, 8)
    common.log(f"envelope: synthesising {SECONDS} s of {RATE} Hz stereo float32")
    clip = common.synth_clip(SECONDS, RATE, seed=3)
    assert clip.dtype == np.float32 and clip.flags.c_contiguous and clip.shape[1] == 2
    compute_envelope(clip, BINS)  # warm the thread pool and the pages once
    default_ms, single_ms, naive_ms = [], [], []
    for _ in range(repeats):
        t = time.perf_counter()
        env = compute_envelope(clip, BINS)
        default_ms.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        compute_envelope(clip, BINS, workers=1)
        single_ms.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        naive(clip.reshape(-1), BINS)
        naive_ms.append((time.perf_counter() - t) * 1000)
    assert env.bins == BINS and env.complete
    common.log(
        f"envelope: {common.median(default_ms):.1f} ms (1 thread "
        f"{common.median(single_ms):.1f} ms, numpy reshape {common.median(naive_ms):.1f} ms)"
    )
    target = common.median(default_ms)
    return [
        Metric(
            "envelope",
            "10 min 48 kHz stereo, 4096 bins",
            "ms",
            default_ms,
            f"<= {TARGET_MS:g} ms",
            common.at_most(target, TARGET_MS),
            note="compute_envelope, default workers",
        ),
        Metric("envelope", "same, one thread", "ms", single_ms),
        Metric("envelope", "plain numpy min/max/rms (reference)", "ms", naive_ms),
    ]


if __name__ == "__main__":
    common.child_main(run)
