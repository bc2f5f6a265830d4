"""A process that runs the job engine against a sandbox, for kill-and-resume tests.

    python -m support.engine_driver API_URL HOME [--submit N] [--model M]

Submits N jobs (if asked), resumes any unfinished ones, waits for all, exits 0.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from sonodesk.sandbox.catalog import SFX_MODEL_ID
from support.clients import engine_for, provider_for


async def main(args: argparse.Namespace) -> int:
    provider = provider_for(args.api_url)
    engine = engine_for(provider, Path(args.home))
    try:
        resumed = await engine.start()
        print(f"RESUMED {len(resumed)}", flush=True)
        for n in range(args.submit):
            params = {"prompt": "rain", "duration": 1, "seed": 100 + n, "numOutputs": 2}
            job = engine.submit("sandbox", args.model, params)
            print(f"SUBMITTED {job.id}", flush=True)
        for job in engine.store.jobs(unfinished=True):
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
    parser.add_argument("--model", default=SFX_MODEL_ID)
    sys.exit(asyncio.run(main(parser.parse_args())))
