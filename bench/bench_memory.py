"""7. Memory: resident memory after 50 generations played in a row, in the real window.

Each round clicks Generate (the sandbox music model, a 30 s MP3, so one decoded take is about
10 MB of float32), waits until the take auto-plays (its first audio reaches the output) and
lets it play for half a second before the next click. RSS is read from /proc/self/status
(VmRSS) after every round; VmHWM gives the peak. If decoded audio were kept for every take,
50 takes would add about 500 MB. Each run of 50 is a fresh process; the figure is the median
of three runs.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import appdriver
import common
from common import Config, Metric

TARGET_MB = 250.0
TAKE_SECONDS = 30


async def measure(cfg: Config) -> dict[str, list[float]]:
    rounds = 10 if cfg.quick else 50
    home = common.fresh_dir("memory-home")
    app = await appdriver.open_app(home, time_scale=0.05)
    try:
        await appdriver.choose_music(app, duration=TAKE_SECONDS, fmt="mp3")
        await asyncio.sleep(0.5)
        baseline = common.rss_mb()[0]
        after: list[float] = []
        for i in range(rounds):
            app.output.reset()
            job_id = appdriver.press_generate(app)[0]
            await appdriver.wait_first_sound(app, job_id)
            await asyncio.sleep(0.5)
            after.append(common.rss_mb()[0])
            if (i + 1) % 10 == 0:
                common.log(f"memory: {i + 1}/{rounds} generations played, RSS {after[-1]:.0f} MB")
        await asyncio.sleep(1.0)
        gc.collect()
        final, peak = common.rss_mb()
        takes = len(app.session.store.jobs(limit=10_000))
    finally:
        await app.close()
    return {"baseline": [baseline], "after": after, "final": [final], "peak": [peak], "n": [takes]}


def one_process(out: Path, quick: bool) -> None:
    """One measurement in this (fresh) process; the result goes to ``out`` as JSON."""
    result = appdriver.run_qt(lambda: measure(Config(quick=quick)))
    out.write_text(json.dumps(result))
    common.remove_scratch()
    os._exit(0)


def run(cfg: Config) -> list[Metric]:
    # A fresh process per measurement: the figure is this process's memory, nothing else's.
    runs: list[dict[str, list[float]]] = []
    for i in range(cfg.repeats(3, 1)):
        out = common.WORK / f"memory-run-{i}.json"
        out.unlink(missing_ok=True)
        argv = [common.PYTHON, __file__, "--one", str(out)] + (["--quick"] if cfg.quick else [])
        subprocess.run(argv, env=common.clean_env(), check=True, timeout=900)
        runs.append(json.loads(out.read_text()))
    rounds = len(runs[0]["after"])
    finals = [r["final"][0] for r in runs]
    growth = []
    for r in runs:
        after = r["after"]
        first = min(4, len(after) - 1)
        growth.append((after[-1] - after[first]) / max(1, len(after) - 1 - first))
    return [
        Metric(
            "memory",
            f"RSS after {rounds} generations played",
            "MB",
            finals,
            f"<= {TARGET_MB:g} MB",
            common.at_most(common.median(finals), TARGET_MB),
            note=f"{TAKE_SECONDS} s MP3 takes, real window, embedded sandbox in its own process",
        ),
        Metric("memory", "peak RSS (VmHWM)", "MB", [r["peak"][0] for r in runs]),
        Metric(
            "memory",
            "RSS with the window open, before generating",
            "MB",
            [r["baseline"][0] for r in runs],
        ),
        Metric(
            "memory",
            "RSS growth per generation after the 5th",
            "MB",
            growth,
            extra={"rss_after_each": [r["after"] for r in runs]},
        ),
    ]


if __name__ == "__main__":
    if "--one" in sys.argv:
        one_process(Path(sys.argv[sys.argv.index("--one") + 1]), "--quick" in sys.argv)
    common.child_main(run)
