"""A process that drives a planned mix of jobs through the engine, for the chaos run.

    python -m support.chaos_driver API_URL HOME [--submit N] [--retry-downloads]

With ``--submit N`` it records the first N jobs of a fixed plan (models, formats, outputs,
seeds all derived from the job's index) and prints ``SUBMITTED ALL``; every run then resumes
whatever is unfinished, waits for it and prints ``ALL DONE``. ``--retry-downloads`` first
presses "Retry download" on jobs the server finished whose download gave up. The engine's
waits are scaled down tenfold so a run takes seconds, not minutes; its rules are unchanged.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any

import numpy as np
import soundfile as sf

from sonodesk.core.jobs.records import JobState
from sonodesk.core.jobs.runner import EngineTiming
from sonodesk.core.net.retry import RetryPolicy
from sonodesk.sandbox.catalog import MUSIC_MODEL_ID, SFX_MODEL_ID, TOOLS_MODEL_ID
from support.clients import engine_for, provider_for

FORMATS = ("wav", "flac", "mp3", "ogg")
SLEEP_SCALE = 0.1
CHAOS_TIMING = EngineTiming(
    refused_backoff=RetryPolicy(attempts=1_000, base_delay=0.5, max_delay=5.0),
    reconcile_grace=0.5,
    reconcile_interval=1.0,
)


def planned_job(index: int, inputs_dir: Path) -> tuple[str, dict[str, Any], dict[str, str]]:
    """(model, params, files) of job ``index``: mostly SFX, every tenth a music sketch, every
    tenth (offset) an audio-tools job that uploads a file; a third of SFX jobs ask for two."""
    fmt = FORMATS[index % len(FORMATS)]
    if index % 10 == 9:
        params = {"prompt": f"chaos groove {index}", "duration": 4, "seed": 1000 + index}
        return MUSIC_MODEL_ID, {**params, "outputFormat": fmt}, {}
    if index % 10 == 4:
        source = inputs_dir / f"input-{index}.wav"
        return TOOLS_MODEL_ID, {"reverse": True, "outputFormat": fmt}, {"audio": str(source)}
    params: dict[str, Any] = {"prompt": f"chaos sound {index}", "duration": 0.5}
    params |= {"seed": 1000 + index, "outputFormat": fmt}
    if index % 3 == 0:
        params["numOutputs"] = 2
    return SFX_MODEL_ID, params, {}


def write_input(path: Path, index: int) -> None:
    rate = 8000
    tone = 0.3 * np.sin(2 * np.pi * (200 + index) * np.arange(rate // 2) / rate)
    path.parent.mkdir(parents=True, exist_ok=True)
    sf.write(path, tone.astype(np.float32), rate, subtype="PCM_16")


async def scaled_sleep(seconds: float) -> None:
    await asyncio.sleep(seconds * SLEEP_SCALE)


async def main(args: argparse.Namespace) -> int:
    home = Path(args.home)
    provider = provider_for(args.api_url)
    engine = engine_for(provider, home, max_concurrent=8, sleep=scaled_sleep, timing=CHAOS_TIMING)
    try:
        resumed = await engine.start()
        print(f"RESUMED {len(resumed)}", flush=True)
        if args.retry_downloads:
            for job in engine.store.jobs():
                if job.state is JobState.FAILED and job.outputs:
                    engine.retry(job.id)
                    print(f"RETRIED {job.id}", flush=True)
        for index in range(args.submit):
            model, params, files = planned_job(index, home / "inputs")
            for path in files.values():
                write_input(Path(path), index)
            engine.submit("sandbox", model, params, files=files, batch_index=index)
        if args.submit:
            print("SUBMITTED ALL", flush=True)
        while unfinished := [
            j for j in engine.store.jobs(unfinished=True) if engine.is_active(j.id)
        ]:
            for job in unfinished:
                await engine.wait(job.id)
        print("ALL DONE", flush=True)
        return 0
    finally:
        await engine.aclose()
        await provider.aclose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("api_url")
    parser.add_argument("home")
    parser.add_argument("--submit", type=int, default=0)
    parser.add_argument("--retry-downloads", action="store_true")
    sys.exit(asyncio.run(main(parser.parse_args())))
