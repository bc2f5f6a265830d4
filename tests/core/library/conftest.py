"""Library fixtures: a fresh database, real take files, and a fast bulk loader."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterator
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile as sf

from sonodesk.core.jobs.records import JobRecord, JobState, TakeRecord
from sonodesk.core.jobs.store import JobStore
from sonodesk.core.library import Library

NOW = 1_790_000_000.0
_counter = itertools.count()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[JobStore]:
    opened = JobStore(tmp_path / "sonodesk.db")
    yield opened
    opened.close()


@pytest.fixture
def takes_dir(tmp_path: Path) -> Path:
    path = tmp_path / "takes"
    path.mkdir()
    return path


@pytest.fixture
def trash_dir(tmp_path: Path) -> Path:
    return tmp_path / "trash"


@pytest.fixture
def library(store: JobStore, trash_dir: Path) -> Library:
    return Library(store, trash_dir, clock=lambda: NOW)


def ensure_job(store: JobStore, job_id: str = "job_test", **changes: Any) -> JobRecord:
    found = store.find_job(job_id)
    if found is not None:
        return found
    job = JobRecord(
        id=job_id,
        provider=changes.pop("provider", "sandbox"),
        model_id=changes.pop("model_id", "model_sonodesk-sfx"),
        params={"prompt": "rain"},
        state=JobState.DONE,
        created_at=NOW,
        updated_at=NOW,
        **changes,
    )
    return store.insert_job(job)


def write_tone(path: Path | str, *, seconds: float = 0.2, amplitude: float = 0.5, rate: int = 8000):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    t = np.arange(int(seconds * rate)) / rate
    tone = (amplitude * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
    sf.write(str(path), np.stack([tone, tone], axis=1), rate)
    return path


def make_take(index: int, takes_dir: Path, **changes: Any) -> TakeRecord:
    take = TakeRecord(
        id=f"take_{index:06d}",
        job_id="job_test",
        output_index=index,
        provider="sandbox",
        model_id="model_sonodesk-sfx",
        model_name="Sandbox Sound Effects",
        params={"prompt": f"rain number {index}", "duration": 1, "seed": 1000 + index},
        file_path=str(takes_dir / "2026-11" / f"take-{index:06d}.wav"),
        created_at=NOW - index,
        seed=1000 + index,
        title=f"Take {index}",
        prompt=f"rain number {index}",
        duration=1.0,
        cost=0.1,
        file_format="wav",
        sample_rate=8000,
        channels=2,
    )
    return replace(take, **changes)


@pytest.fixture
def add_take(store: JobStore, takes_dir: Path) -> Callable[..., TakeRecord]:
    """Insert one take (with a real WAV file unless ``audio=False``) and return it."""

    def add(*, audio: bool = True, **changes: Any) -> TakeRecord:
        ensure_job(store)
        take = make_take(next(_counter) + 1, takes_dir, **changes)
        if audio:
            write_tone(Path(take.file_path))
        return store.insert_take(take)

    return add


@pytest.fixture
def tone() -> Callable[..., Path]:
    """Write a stereo 440 Hz WAV: ``tone(path, seconds=..., amplitude=..., rate=...)``."""
    return write_tone


def bulk_insert(store: JobStore, takes: list[TakeRecord]) -> None:
    """Many takes in one transaction (the engine inserts one at a time; tests need 10,000)."""
    ensure_job(store)
    names = [f.name for f in fields(TakeRecord)]
    sql = f"INSERT INTO takes ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})"
    rows = []
    for take in takes:
        values = [getattr(take, name) for name in names]
        values[names.index("params")] = json.dumps(take.params)
        rows.append(values)
    with store.transaction():
        store.connection.executemany(sql, rows)


@pytest.fixture
def new_take(takes_dir: Path) -> Callable[..., TakeRecord]:
    """A TakeRecord (not inserted): ``new_take(index, **changes)``."""
    return lambda index, **changes: make_take(index, takes_dir, **changes)


@pytest.fixture
def load_takes(store: JobStore) -> Callable[[list[TakeRecord]], None]:
    return lambda takes: bulk_insert(store, takes)
