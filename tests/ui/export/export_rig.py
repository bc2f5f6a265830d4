"""Real takes for export UI tests: audio written with the fake_audio helpers, rows in a JobStore."""

from __future__ import annotations

import time
from pathlib import Path

from fakes.fake_audio import write_audio, write_tone
from sonodesk.core.jobs.records import JobRecord, JobState, TakeRecord
from sonodesk.core.jobs.store import JobStore

CREATED = time.mktime((2026, 11, 21, 15, 30, 5, 0, 0, -1))
TITLES = ("Night drive", "Rain on the roof", "Tape hiss sunrise")
PROMPTS = (
    "dreamy lofi hip hop at 80 bpm with warm keys",
    "steady rain on a tin roof, close and calm",
    "slow ambient swell with tape hiss at sunrise",
)


def make_takes(
    store: JobStore, folder: Path, *, count: int = 3, seconds: float = 1.5, rate: int = 44_100
) -> list[TakeRecord]:
    """``count`` stereo takes of one job, inserted in ``store`` and read back from it."""
    folder.mkdir(parents=True, exist_ok=True)
    job = JobRecord(
        id="job_3f2a9c77e1",
        provider="sandbox",
        model_id="model_sonodesk-music-sketch",
        params={"prompt": PROMPTS[0]},
        state=JobState.DONE,
        created_at=CREATED,
        updated_at=CREATED,
        model_name="Sandbox Music Sketch",
    )
    if store.find_job(job.id) is None:
        store.insert_job(job)
    takes = []
    for index in range(count):
        path = folder / f"take-{index + 1}.wav"
        data = write_tone(path, seconds, rate, channels=2)
        take = TakeRecord(
            id=f"take_{index + 1:04d}",
            job_id=job.id,
            output_index=index,
            provider="sandbox",
            model_id=job.model_id,
            params={"prompt": PROMPTS[index % 3], "seed": 41 + index, "bpm": 80},
            file_path=str(path),
            created_at=CREATED + index,
            model_name=job.model_name,
            file_format="wav",
            duration=len(data) / rate,
            sample_rate=rate,
            channels=2,
            seed=41 + index,
            title=TITLES[index % 3],
            prompt=PROMPTS[index % 3],
        )
        store.insert_take(take)
        takes.append(store.get_take(take.id))
    return takes


def write_long_take(path: Path, seconds: float, rate: int = 48_000) -> None:
    """A take long enough that cancelling lands while it is being processed."""
    from fakes.fake_audio import noise

    write_audio(path, noise(seconds, rate), rate)
