"""Shared helpers for the benchmarks: statistics, metrics, child-process protocol, subprocesses,
RSS from /proc, test media, a sandbox child, and outputs that note the first sound.

Every benchmark module defines ``run(cfg) -> list[Metric]`` and ends with
``common.child_main(run)``; ``bench/run.py`` starts each module in its own interpreter (so one
benchmark's imports, threads and memory never colour another's) and collects the JSON it writes.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import shutil
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"
WORK = BENCH / "work"
MEDIA = WORK / "media"
PYTHON = sys.executable
SONODESK = str(Path(sys.executable).with_name("sonodesk"))


# -- statistics ---------------------------------------------------------------------------------


def percentile(values: Sequence[float], pct: float) -> float:
    """Linear-interpolated percentile (numpy's default); NaN for no values."""
    if not values:
        return math.nan
    return float(np.percentile(np.asarray(values, dtype=float), pct))


def median(values: Sequence[float]) -> float:
    return percentile(values, 50.0)


def log(message: str) -> None:
    """Progress for the person running the benchmarks (stderr, so stdout stays clean)."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


@dataclass
class Metric:
    """One figure in the table: raw samples, the statistic the target applies to, the verdict.

    ``value`` is what the target is checked against (by default the median of the samples);
    ``passed`` is None for figures reported without a target.
    """

    bench: str
    name: str
    unit: str
    samples: list[float]
    target: str = ""
    passed: bool | None = None
    value: float | None = None
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.samples = [float(v) for v in self.samples]
        if self.value is None:
            self.value = median(self.samples)

    @property
    def p95(self) -> float:
        return percentile(self.samples, 95.0)

    @property
    def p99(self) -> float:
        return percentile(self.samples, 99.0)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.update(
            median=median(self.samples),
            p95=self.p95,
            p99=self.p99,
            min=min(self.samples) if self.samples else math.nan,
            max=max(self.samples) if self.samples else math.nan,
            n=len(self.samples),
        )
        return {k: _json_safe(v) for k, v in data.items()}


def at_most(metric_value: float, limit: float) -> bool:
    return bool(metric_value <= limit)


def _json_safe(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    return value


# -- child protocol -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Config:
    quick: bool = False
    runs: int | None = None  # overrides each benchmark's own repeat count
    work: Path = WORK

    def repeats(self, full: int, quick: int) -> int:
        if self.runs:
            return self.runs
        return quick if self.quick else full


def child_main(run: Callable[[Config], list[Metric]]) -> None:
    """Entry point of a benchmark module: ``python bench/bench_x.py --out FILE [--quick]``."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--runs", type=int)
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    cfg = Config(quick=args.quick, runs=args.runs)
    started = time.monotonic()
    try:
        metrics = run(cfg)
        payload: dict[str, Any] = {"metrics": [m.to_dict() for m in metrics], "error": None}
    except Skipped as exc:
        payload = {"metrics": [], "error": None, "skipped": str(exc)}
    except BaseException as exc:  # report, never hang the runner
        traceback.print_exc()
        payload = {"metrics": [], "error": f"{type(exc).__name__}: {exc}"}
    payload["seconds"] = round(time.monotonic() - started, 2)
    args.out.write_text(json.dumps(payload, indent=1))
    remove_scratch()
    sys.stdout.flush()
    sys.stderr.flush()
    # Qt, qasync and audio threads can make a normal interpreter exit slow or noisy; the
    # result is written, so leave at once.
    os._exit(0)


class Skipped(Exception):
    """The benchmark cannot run here (e.g. ffmpeg is missing); the message says why."""


# -- processes, memory, caches ------------------------------------------------------------------


def clean_env(**extra: str) -> dict[str, str]:
    """The environment for app subprocesses: offscreen Qt, no account, no inherited home."""
    env = dict(os.environ)
    for name in list(env):
        if name.startswith(("SONODESK_SCENARIO_", "SCENARIO_")) or name == "SONODESK_HOME":
            env.pop(name)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.update(extra)
    return env


def rss_mb(pid: int | str = "self") -> tuple[float, float]:
    """(current RSS, peak RSS) in MB from /proc/PID/status (VmRSS, VmHWM)."""
    values = {}
    with open(f"/proc/{pid}/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith(("VmRSS:", "VmHWM:")):
                key, amount = line.split(":", 1)
                values[key] = int(amount.split()[0]) / 1024.0
    return values.get("VmRSS", math.nan), values.get("VmHWM", math.nan)


def drop_caches() -> bool:
    """Drop the page cache (root only, and only where the kernel lets a container do it)."""
    try:
        os.sync()
        with open("/proc/sys/vm/drop_caches", "w", encoding="ascii") as handle:
            handle.write("3\n")
        return True
    except OSError:
        return False


def machine_info() -> dict[str, Any]:
    info: dict[str, Any] = {
        "cpus": os.cpu_count(),
        "python": sys.version.split()[0],
        "platform": sys.platform,
    }
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    with contextlib.suppress(OSError, ValueError):
        mem = Path("/proc/meminfo").read_text().split("\n", 1)[0]
        info["memory_gb"] = round(int(mem.split()[1]) / 1024 / 1024, 1)
    with contextlib.suppress(OSError):
        info["kernel"] = Path("/proc/sys/kernel/osrelease").read_text().strip()
    with contextlib.suppress(OSError):
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                info["os"] = line.split("=", 1)[1].strip('"')
    with contextlib.suppress(OSError):
        info["loadavg_at_start"] = Path("/proc/loadavg").read_text().split()[:3]
    return info


def git_info() -> dict[str, Any]:
    def git(*args: str) -> str:
        out = subprocess.run(
            ["git", *args], cwd=REPO, capture_output=True, text=True, timeout=30, check=False
        )
        return out.stdout.strip()

    return {
        "commit": git("rev-parse", "HEAD"),
        "dirty_files": len([line for line in git("status", "--porcelain").splitlines() if line]),
    }


_SCRATCH: list[Path] = []


def compile_sources(tree: Path | None = None) -> bool:
    """Byte-compile the app's sources (``app/`` unless told), as installing it does: pip writes
    the bytecode of what it installs and a PyInstaller build ships bytecode only. Without this,
    a shell with PYTHONDONTWRITEBYTECODE=1 would make every timed start compile the app's 300
    modules again (0.2 s of CPU here), a cost no user's start pays."""
    import compileall

    return bool(compileall.compile_dir(str(tree or REPO / "app"), quiet=1))


def fresh_dir(name: str) -> Path:
    """An empty directory under bench/work (removed first if it exists, and again when the
    benchmark ends unless BENCH_KEEP=1): homes, downloads and exports add up to gigabytes."""
    path = WORK / name
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    _SCRATCH.append(path)
    return path


def remove_scratch() -> None:
    if os.environ.get("BENCH_KEEP") != "1":
        for path in _SCRATCH:
            shutil.rmtree(path, ignore_errors=True)
    _SCRATCH.clear()


@contextlib.contextmanager
def sandbox_child(time_scale: float, name: str = "sandbox", **options: Any) -> Iterator[Any]:
    """A sandbox server in its own process (as the app runs it), in memory, logs to a file."""
    from sonodesk.sandbox.launcher import SandboxOptions, spawn_process

    WORK.mkdir(parents=True, exist_ok=True)
    with open(WORK / f"{name}.log", "ab") as log_file:
        process = spawn_process(
            SandboxOptions(time_scale=time_scale, parent_pid=os.getpid(), **options),
            stderr=log_file,
        )
    try:
        yield process
    finally:
        process.terminate()


# -- media --------------------------------------------------------------------------------------


def sandbox_take(seconds: int = 180, fmt: str = "mp3", seed: int = 4242) -> Path:
    """A music take rendered by the sandbox's own synthesiser (cached under bench/work/media)."""
    path = MEDIA / f"sandbox-music-{seconds}s-{seed}.{fmt}"
    if path.exists():
        return path
    from sonodesk.sandbox import render
    from sonodesk.sandbox.catalog import MUSIC_MODEL_ID

    log(f"rendering a {seconds} s {fmt} take with the sandbox synthesiser (cached)")
    params = {
        "prompt": "upbeat house groove at 124 bpm with warm chords",
        "duration": seconds,
        "outputFormat": fmt,
    }
    output = render.render(render.RenderRequest(MUSIC_MODEL_ID, params, seed, 1), lambda _a: None)
    MEDIA.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(output[0].data)
    tmp.replace(path)
    return path


def synth_clip(seconds: float, rate: int, seed: int) -> np.ndarray:
    """Music-like float32 stereo: a few detuned partials, a pulse and some noise."""
    rng = np.random.default_rng(seed)
    frames = int(seconds * rate)
    t = np.arange(frames, dtype=np.float64) / rate
    base = 110.0 * 2 ** (rng.integers(0, 12) / 12)
    left = np.zeros(frames)
    for k, amp in enumerate((0.3, 0.15, 0.1, 0.05)):
        left += amp * np.sin(2 * np.pi * base * (k + 1) * t + rng.uniform(0, 6))
    pulse = 0.5 + 0.5 * np.sin(2 * np.pi * 2.0 * t) ** 8
    noise = rng.standard_normal(frames) * 0.05
    left = left * pulse + noise
    right = np.roll(left, rate // 100) * 0.9 + rng.standard_normal(frames) * 0.02
    return np.stack([left, right], axis=1).astype(np.float32) * 0.8


def long_mp3(index: int, seconds: int = 300) -> Path:
    """A 5-minute 44.1 kHz stereo MP3 (cached), for the decode/envelope load."""
    path = MEDIA / f"long-{seconds}s-{index}.mp3"
    if path.exists():
        return path
    import soundfile as sf

    log(f"encoding {path.name} (cached)")
    MEDIA.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.stem + ".tmp.mp3")
    sf.write(tmp, synth_clip(seconds, 44100, 100 + index), 44100, format="MP3")
    tmp.replace(path)
    return path


# -- outputs ------------------------------------------------------------------------------------


class FirstSoundOutput:
    """A NullOutput (real-time pulls on a thread, no device) that notes when the player first
    hands it audio from the take rather than silence: the first callback after which the
    player's position (frames taken from the source) is past zero.

    ``position`` is a callable reading the player's source position in frames.
    """

    def __init__(self, block_frames: int = 1024) -> None:
        from sonodesk.core.audio import NullOutput

        self._null = NullOutput(block_frames)
        self.position: Callable[[], int] = lambda: 0
        self.first_sound: float | None = None  # time.monotonic()
        self.opened: float | None = None
        self.first_pull: float | None = None
        self.stream: Any = None

    def reset(self) -> None:
        self.first_sound = self.first_pull = self.opened = None

    def open(self, sample_rate: int, channels: int, callback: Callable[[Any], None]) -> Any:
        def wrapped(out: Any) -> None:
            callback(out)
            now = time.monotonic()
            if self.first_pull is None:
                self.first_pull = now
            if self.first_sound is None and self.position() > 0:
                self.first_sound = now

        self.opened = time.monotonic()
        self.stream = self._null.open(sample_rate, channels, wrapped)
        return self.stream


def wait_until(predicate: Callable[[], bool], timeout: float, step: float = 0.01) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return predicate()


class Ticker:
    """A background thread that calls ``fn`` every ``period`` seconds until stopped."""

    def __init__(self, fn: Callable[[], None], period: float) -> None:
        self._fn, self._period = fn, period
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Ticker:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self._period):
            self._fn()
