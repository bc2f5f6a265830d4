"""3. Time to first sound: from the moment the app learns a job succeeded to the first audio
of the take handed to the output, for a 3-minute MP3 from the sandbox's music model.

The real window, the real path: Generate is clicked, the engine polls the embedded sandbox,
downloads and probes the take, ``controller.on_take_added`` calls ``player.load_take(...,
autoplay=True)``, and the output (a NullOutput pulling 1024-frame blocks in real time, as a
device would) notes the first block in which the player took frames from the take.

The clock starts when the status answer saying ``success`` reaches the app (the poll's return);
how long after the server's own success time that is, is benchmark 5's subject and is shown
here separately. Steps: the download (asset lookup, GET, fsync, rename), the probe, the take's
row and sidecar, ``load_take`` (open the file and start the decoder thread), then the first
decoded block reaching the output.
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import appdriver
import common
from common import Config, Metric

TARGET_MS = 250.0
SECONDS = 180


class Marks:
    """Timestamps (time.monotonic) of one generation's steps, set by the wrappers below."""

    def __init__(self) -> None:
        self.remote_id: str | None = None
        self.values: dict[str, float] = {}
        self.seen_wall: float | None = None

    def mark(self, name: str) -> None:
        self.values.setdefault(name, time.monotonic())


def instrument(app: appdriver.AppUnderTest, marks: list[Marks]) -> None:
    """Wrap the engine's steps (instance attributes only) to note when each happens."""
    from sonodesk.core.jobs import downloads
    from sonodesk.core.providers.status import RemoteStatus

    provider = app.session.provider
    engine = app.session.engine
    get_job, probe, take_added = provider.get_job, engine.probe, engine.take_added
    load_take, download_file = app.player.load_take, downloads.download_file

    async def timed_get_job(remote_id: str) -> Any:
        remote = await get_job(remote_id)
        current = marks[-1]
        if remote.status is RemoteStatus.SUCCESS and remote_id == current.remote_id:
            if "seen" not in current.values:
                current.seen_wall = time.time()
            current.mark("seen")
        return remote

    async def timed_download(*args: Any, **kwargs: Any) -> Any:
        marks[-1].mark("download_start")
        try:
            return await download_file(*args, **kwargs)
        finally:
            marks[-1].mark("download_end")

    def timed_probe(path: Path) -> Any:
        marks[-1].mark("probe_start")
        try:
            return probe(path)
        finally:
            marks[-1].mark("probe_end")

    def timed_take_added(take: Any) -> None:
        marks[-1].mark("take_added")
        take_added(take)

    def timed_load_take(*args: Any, **kwargs: Any) -> bool:
        marks[-1].mark("load_start")
        try:
            return load_take(*args, **kwargs)
        finally:
            marks[-1].mark("load_end")

    provider.get_job = timed_get_job
    engine.probe = timed_probe
    engine.take_added = timed_take_added
    app.player.load_take = timed_load_take
    downloads.download_file = timed_download


async def measure(cfg: Config) -> list[Marks]:
    runs = cfg.repeats(7, 2)
    home = common.fresh_dir("ttfs-home")
    app = await appdriver.open_app(home, time_scale=0.1)
    done: list[Marks] = []
    try:
        await appdriver.choose_music(app, duration=SECONDS, fmt="mp3")
        marks: list[Marks] = [Marks()]
        instrument(app, marks)
        for i in range(runs + 1):  # the first generation warms caches and is not counted
            current = marks[-1]
            app.output.reset()
            job_id = appdriver.press_generate(app)[0]
            while current.remote_id is None:
                current.remote_id = app.session.store.get_job(job_id).remote_id
                await asyncio.sleep(0.005)
            first = await appdriver.wait_first_sound(app, job_id)
            current.values["first_sound"] = first
            current.values["first_pull"] = app.output.first_pull or first
            history = appdriver.server_history(app, current.remote_id)
            current.values["server_success_wall"] = history["success"]
            if i:
                done.append(current)
                v = current.values
                common.log(
                    f"ttfs {i}/{runs}: success seen -> first sound "
                    f"{(v['first_sound'] - v['seen']) * 1000:.0f} ms "
                    f"(download {(v['download_end'] - v['download_start']) * 1000:.0f} ms, "
                    f"load_take -> sound {(v['first_sound'] - v['load_start']) * 1000:.0f} ms)"
                )
            app.player.stop()
            await asyncio.sleep(0.3)
            marks.append(Marks())
    finally:
        await app.close()
    return done


def run(cfg: Config) -> list[Metric]:
    runs = appdriver.run_qt(lambda: measure(cfg))

    def span(a: str, b: str) -> list[float]:
        return [(m.values[b] - m.values[a]) * 1000 for m in runs]

    total = span("seen", "first_sound")
    detection = [((m.seen_wall or 0.0) - m.values["server_success_wall"]) * 1000 for m in runs]
    return [
        Metric(
            "ttfs",
            "success seen -> first audio frame to output",
            "ms",
            total,
            f"<= {TARGET_MS:g} ms",
            common.at_most(common.median(total), TARGET_MS),
            note=f"{SECONDS} s MP3 from the sandbox music model, real window and QtPlayer",
        ),
        Metric("ttfs", "  asset lookup before download", "ms", span("seen", "download_start")),
        Metric(
            "ttfs", "  download (GET, fsync, rename)", "ms", span("download_start", "download_end")
        ),
        Metric("ttfs", "  probe", "ms", span("probe_start", "probe_end")),
        Metric("ttfs", "  take row, sidecar, take_added", "ms", span("probe_end", "take_added")),
        Metric("ttfs", "  take_added -> load_take", "ms", span("take_added", "load_start")),
        Metric("ttfs", "  load_take (open, start decoder)", "ms", span("load_start", "load_end")),
        Metric("ttfs", "  load_take -> first audio frame", "ms", span("load_end", "first_sound")),
        Metric("ttfs", "server success -> success seen (polling)", "ms", detection),
        Metric(
            "ttfs",
            "server success -> first audio frame",
            "ms",
            [d + t for d, t in zip(detection, total, strict=True)],
        ),
    ]


if __name__ == "__main__":
    common.child_main(run)
