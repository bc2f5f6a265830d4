"""A full disk or a read-only folder while a take downloads and while a take exports.

Each case: the typed error's plain message, no partial file anywhere, and a way back: the
parked job finishes with ``engine.resume`` once space is freed (or the folder is writable
again), and the export simply runs again. The filesystems are real (support.small_fs).
"""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path
from typing import Any

import numpy as np
import soundfile as sf

from sonodesk.core.export.batch import export_takes
from sonodesk.core.export.settings import ExportSettings
from sonodesk.core.jobs.engine import JobEngine
from sonodesk.core.jobs.records import JobState, TakeRecord
from sonodesk.core.jobs.store import JobStore
from sonodesk.sandbox.catalog import SFX_MODEL_ID
from support.clients import FAST_ENGINE, provider_for
from support.small_fs import FILLER, fill, make_writable, read_only, small_filesystem

MB = 1024 * 1024
# Ten seconds of stereo 16-bit WAV: about 1.7 MB, more than the space left below.
BIG_TAKE = {"prompt": "long rain", "duration": 10, "outputFormat": "wav", "seed": 4}
DISK_FULL = "The disk is full; the take could not be saved."
DISK_FULL_HINT = "Free some space; the download resumes when you retry."
READ_ONLY = "Sonodesk cannot write to its library folder (read-only or no permission)."
READ_ONLY_HINT = "Check the folder's permissions; the download resumes when you retry."


def _engine(sandbox: Any, db: Path, takes: Path) -> tuple[JobEngine, Any]:
    provider = provider_for(sandbox.api_url)
    engine = JobEngine(
        JobStore(db), {"sandbox": provider}, takes_dir=takes, http=provider.http, timing=FAST_ENGINE
    )
    return engine, provider


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.is_file() and p.name != FILLER)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


async def _park_then_resume(
    sandbox: Any, engine: JobEngine, takes: Path, fix: Any, message: str, hint: str
) -> None:
    job = engine.submit("sandbox", SFX_MODEL_ID, BIG_TAKE)
    parked = await asyncio.wait_for(engine.wait(job.id), 60)
    # Parked, not failed: the server's take is safe and the job says why it waits.
    assert parked.state is JobState.DOWNLOADING and not engine.is_active(job.id)
    assert (parked.error, parked.hint) == (message, hint)
    assert engine.store.takes_for_job(job.id) == []
    assert _files(takes) == []  # no .part, no half file under any name
    fix()
    engine.resume(job.id)
    final = await asyncio.wait_for(engine.wait(job.id), 60)
    assert final.state is JobState.DONE and final.error is None
    (take,) = engine.store.takes_for_job(job.id)
    assert _sha(Path(take.file_path)) == take.sha256 == sandbox.asset_info(take.asset_ref)["sha256"]
    assert _files(takes) == [Path(take.file_path).name]
    assert len(sandbox.jobs()) == 1  # resuming downloaded; it never submitted again


def test_disk_full_during_download_parks_the_job_until_space_is_freed(
    sandbox: Any, tmp_path: Path
) -> None:
    # The database and the takes share the full disk, as they do in the data folder.
    with small_filesystem(tmp_path / "disk", 8 * MB) as disk:
        filler = fill(disk, leave_free=1 * MB)

        async def scenario() -> None:
            engine, provider = _engine(sandbox, disk / "sonodesk.db", disk / "takes")
            try:
                await _park_then_resume(
                    sandbox, engine, disk / "takes", filler.unlink, DISK_FULL, DISK_FULL_HINT
                )
            finally:
                await engine.aclose()
                await provider.aclose()

        asyncio.run(scenario())


def test_read_only_library_during_download_parks_the_job(sandbox: Any, tmp_path: Path) -> None:
    takes = tmp_path / "takes"
    with read_only(takes):

        async def scenario() -> None:
            engine, provider = _engine(sandbox, tmp_path / "jobs.db", takes)
            try:
                await _park_then_resume(
                    sandbox, engine, takes, lambda: make_writable(takes), READ_ONLY, READ_ONLY_HINT
                )
            finally:
                await engine.aclose()
                await provider.aclose()

        asyncio.run(scenario())


def _take(tmp_path: Path, seconds: float = 10.0) -> TakeRecord:
    rate = 48_000
    t = np.arange(int(seconds * rate)) / rate
    tone = (0.4 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
    path = tmp_path / "library" / "take.wav"
    path.parent.mkdir(parents=True)
    sf.write(path, np.stack([tone, tone], axis=1), rate, subtype="PCM_24")
    return TakeRecord(
        id="take_1",
        job_id="job_1",
        output_index=0,
        provider="sandbox",
        model_id=SFX_MODEL_ID,
        params={"prompt": "a long tone", "seed": 7},
        file_path=str(path),
        created_at=1_790_000_000.0,
        seed=7,
        prompt="a long tone",
        title="a long tone",
    )


def _export(take: TakeRecord, folder: Path) -> Any:
    settings = ExportSettings(format="wav24", folder=str(folder), overwrite="number")
    (result,) = export_takes([take], settings).results
    return result


def _written_ok(result: Any, take: TakeRecord) -> None:
    assert result.status == "written", result.message
    exported, _ = sf.read(result.path, dtype="float32")
    source, _ = sf.read(take.file_path, dtype="float32")
    assert np.array_equal(exported, source)


def test_disk_full_during_export_leaves_nothing_and_exports_again(tmp_path: Path) -> None:
    take = _take(tmp_path)  # 10 s of 48 kHz stereo 24-bit: about 2.9 MB
    with small_filesystem(tmp_path / "usb", 4 * MB) as usb:
        filler = fill(usb, leave_free=1 * MB)
        result = _export(take, usb)
        assert (result.status, result.message, result.hint) == (
            "failed",
            "The disk is full, so the export could not be saved.",
            "Free some space or choose another folder, then export again.",
        )
        assert _files(usb) == []
        filler.unlink()
        _written_ok(_export(take, usb), take)
        assert len(_files(usb)) == 1


def test_read_only_folder_during_export_leaves_nothing_and_exports_again(tmp_path: Path) -> None:
    take = _take(tmp_path, seconds=2.0)
    folder = tmp_path / "mixdown"
    with read_only(folder):
        result = _export(take, folder)
        assert (result.status, result.message, result.hint) == (
            "failed",
            "Sonodesk is not allowed to write to the folder “mixdown”.",
            "Choose a folder you can write to, or change its permissions.",
        )
        assert _files(folder) == []
        make_writable(folder)
        _written_ok(_export(take, folder), take)
