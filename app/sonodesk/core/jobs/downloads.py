"""The download step: every output of a finished job becomes a verified file and a take row.

A fresh URL is asked for before every attempt (signed URLs expire); the file is streamed to a
temp name, size-checked, fsynced, renamed, then probed as audio before the take is recorded.
A crash between the rename and the row is repaired on resume. No Qt.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from sonodesk.core.errors import (
    AudioError,
    DownloadError,
    NotFoundError,
    SonodeskError,
    StorageError,
)
from sonodesk.core.jobs.records import JobState, TakeRecord
from sonodesk.core.jobs.store import new_id
from sonodesk.core.naming import extension_for, take_stem
from sonodesk.core.net.download import download_file, partial_path
from sonodesk.core.net.retry import RetryPolicy, backoff_delay, server_delay
from sonodesk.core.providers.base import RemoteAsset

if TYPE_CHECKING:
    from sonodesk.core.jobs.runner import JobRunner

log = logging.getLogger(__name__)
POLICY = RetryPolicy(attempts=6, base_delay=1.0, max_delay=20.0)


async def download_outputs(runner: JobRunner) -> None:
    engine = runner.engine
    for index, ref in enumerate(runner.job.outputs):
        if engine.store.take_for_output(runner.job.id, index) is not None:
            continue
        take = await _download_one(runner, index, ref)
        if take is None:
            return  # the job failed or was parked; its state says why
        engine.take_added(take)
    runner._update(state=JobState.DONE, finished_at=engine.clock(), error=None, hint=None)


async def _download_one(runner: JobRunner, index: int, ref: str) -> TakeRecord | None:
    from sonodesk.core.jobs.runner import Parked

    engine = runner.engine
    attempt = 0
    while True:
        try:
            asset = await runner.provider.resolve_output(ref)
            path = take_path(engine.takes_dir, runner, index, asset)
            size, digest = await _fetch_or_reuse(engine, asset, path)
            meta = await asyncio.to_thread(engine.probe, path)
            return engine.store.insert_take(_take(runner, index, asset, path, size, digest, meta))
        except StorageError as exc:
            # Disk full or read-only: nothing partial is left; resume when the user retries.
            runner._update(error=exc.message, hint=exc.hint)
            raise Parked from None
        except (DownloadError, AudioError, SonodeskError) as exc:
            attempt += 1
            permanent = isinstance(exc, NotFoundError | AudioError) and attempt >= 3
            permanent |= isinstance(exc, DownloadError) and not exc.retryable
            if permanent or attempt >= POLICY.attempts:
                runner._fail(exc, extra_hint="Press Retry download to try again.")
                return None
            runner._update(error=f"{exc.message} Retrying…", hint=None)
            delay = server_delay(exc, POLICY) or backoff_delay(attempt - 1, POLICY)
            log.info(
                "download of %s output %d failed (%s); retry in %.1fs",
                runner.job.id,
                index,
                type(exc).__name__,
                delay,
            )
            await engine.sleep(delay)


async def _fetch_or_reuse(engine: object, asset: RemoteAsset, path: Path) -> tuple[int, str]:
    existing = await asyncio.to_thread(_existing_file, path, asset.size)
    if existing is not None:
        return existing  # renamed into place before a crash, not yet recorded
    downloaded = await download_file(
        engine.http,  # type: ignore[attr-defined]
        asset.url,
        path,
        expected_size=asset.size,
    )
    return downloaded.size, downloaded.sha256


def _existing_file(path: Path, expected_size: int | None) -> tuple[int, str] | None:
    with contextlib.suppress(OSError):
        partial_path(path).unlink()
    if not path.exists():
        return None
    size = path.stat().st_size
    if expected_size is not None and size != expected_size:
        path.unlink()
        return None
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return size, digest.hexdigest()


def take_path(takes_dir: Path, runner: JobRunner, index: int, asset: RemoteAsset) -> Path:
    job = runner.job
    stem = take_stem(
        created_at=job.created_at,
        model_id=job.model_id,
        prompt=job.prompt,
        job_id=job.id,
        output_index=index,
    )
    month = Path(stem[:7]) if stem[:4].isdigit() else Path("misc")
    return takes_dir / month / f"{stem}.{extension_for(asset.mime_type, asset.file_format)}"


def _take(
    runner: JobRunner,
    index: int,
    asset: RemoteAsset,
    path: Path,
    size: int,
    digest: str,
    meta: dict[str, object],
) -> TakeRecord:
    job = runner.job
    outputs = max(1, len(job.outputs))
    seed = asset.seed
    if seed is None and isinstance(job.params.get("seed"), int | float):
        seed = int(job.params["seed"]) if index == 0 else None
    return TakeRecord(
        id=new_id("take"),
        job_id=job.id,
        output_index=index,
        provider=job.provider,
        model_id=job.model_id,
        model_name=job.model_name,
        params=job.params,
        file_path=str(path),
        created_at=runner.engine.clock(),
        remote_job_id=job.remote_id,
        asset_ref=asset.ref,
        cost=round(job.cost / outputs, 6) if job.cost is not None else None,
        file_format=str(meta.get("format") or path.suffix.lstrip(".")),
        mime_type=asset.mime_type,
        size=size,
        sha256=digest,
        duration=meta.get("duration"),  # type: ignore[arg-type]
        sample_rate=meta.get("sample_rate"),  # type: ignore[arg-type]
        channels=meta.get("channels"),  # type: ignore[arg-type]
        seed=seed,
        title=_title(job.prompt, job.model_name or job.model_id, index, outputs),
        prompt=job.prompt,
    )


def _title(prompt: str, model: str, index: int, outputs: int) -> str:
    base = prompt if prompt else model
    if len(base) > 60:
        base = base[:59].rstrip() + "…"
    return f"{base} ({index + 1})" if outputs > 1 else base
