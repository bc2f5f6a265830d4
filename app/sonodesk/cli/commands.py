"""The CLI's job commands: generate, models, jobs. Same core as the window. No Qt."""

from __future__ import annotations

import asyncio
import json
import shutil
import sys
from argparse import Namespace
from pathlib import Path
from typing import Any

from sonodesk.cli.params import apply_schema, parse_files, parse_sets
from sonodesk.cli.progress import ProgressLine
from sonodesk.core.errors import SonodeskError
from sonodesk.core.jobs.engine import JobChanged
from sonodesk.core.jobs.records import JobRecord, JobState, TakeRecord
from sonodesk.core.session import Session, open_session

EXIT_OK, EXIT_FAILED, EXIT_ERROR = 0, 1, 3


def say(text: str) -> None:
    print(text, file=sys.stderr)


async def _session(args: Namespace, *, resume: bool = False) -> Session:
    session = await open_session(api_url=args.api_url, resume=resume)
    if session.using_sandbox and not args.json:
        where = "the offline sandbox" + (" (embedded)" if session.sandbox else "")
        say(f"Using {where}: no Scenario account is configured.")
    for notice in session.notices:
        say(notice)
    return session


def _job_json(job: JobRecord, takes: list[TakeRecord]) -> dict[str, Any]:
    return {
        "id": job.id,
        "provider": job.provider,
        "model": job.model_id,
        "state": job.state.value,
        "status": job.remote_status,
        "remote_job_id": job.remote_id,
        "progress": job.progress,
        "cost": job.cost,
        "error": job.error,
        "params": job.params,
        "takes": [
            {
                "id": t.id,
                "file": t.file_path,
                "duration": t.duration,
                "sample_rate": t.sample_rate,
                "channels": t.channels,
                "format": t.file_format,
                "seed": t.seed,
            }
            for t in takes
        ],
    }


async def _follow(session: Session, job_ids: list[str], *, quiet: bool) -> list[JobRecord]:
    """Show live progress until every job in ``job_ids`` stops moving."""
    line = None if quiet else ProgressLine()
    watched = set(job_ids)

    def on_event(event: object) -> None:
        if line is not None and isinstance(event, JobChanged) and event.job.id in watched:
            line.update(event.job)

    unsubscribe = session.engine.subscribe(on_event)
    try:
        results = [await session.engine.wait(job_id) for job_id in job_ids]
    finally:
        unsubscribe()
        if line is not None:
            line.finish()
    return results


def _copy_out(takes: list[TakeRecord], out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    copied = []
    for take in takes:
        source = Path(take.file_path)
        target = out_dir / source.name
        tmp = target.with_name(f".{target.name}.part")
        shutil.copyfile(source, tmp)
        tmp.replace(target)
        copied.append(target)
    return copied


async def generate(args: Namespace) -> int:
    params = parse_sets(args.set or [])
    files = parse_files(args.file or [])
    session = await _session(args)
    try:
        model = await session.provider.get_model(args.model)
        body, uploads = apply_schema(model.inputs, model.ui_config, params, files)
        job = session.engine.submit(
            session.provider.provider_id, model.model_id, body, files=uploads, model_name=model.name
        )
        if not args.json:
            say(f"Submitted {job.id} ({model.name}).")
        if not args.wait:
            if args.json:
                print(json.dumps(_job_json(session.store.get_job(job.id), []), indent=2))
            else:
                say("Not waiting: `sonodesk jobs --resume` (or the window) finishes it.")
            # Give the job time to reach the server before the process ends.
            await _until_submitted(session, job.id)
            return EXIT_OK
        (final,) = await _follow(session, [job.id], quiet=args.json)
        takes = session.store.takes_for_job(final.id)
        if args.out and takes:
            for path in _copy_out(takes, Path(args.out)):
                if not args.json:
                    say(f"Saved {path}")
        if args.json:
            print(json.dumps(_job_json(final, takes), indent=2))
        elif final.state is JobState.DONE:
            for take in takes:
                say(f"Take {take.id}: {take.file_path} ({take.duration or 0:.1f}s)")
        if final.state is not JobState.DONE:
            say(f"sonodesk: {final.error or final.status_text}")
            return EXIT_FAILED
        if args.play:
            from sonodesk.cli.play import play_file

            play_file(Path(takes[0].file_path), session.settings.output_device)
        return EXIT_OK
    finally:
        await session.aclose()


async def _until_submitted(session: Session, job_id: str, timeout: float = 120.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        job = session.store.get_job(job_id)
        if job.state not in (
            JobState.QUEUED,
            JobState.UPLOADING,
            JobState.SUBMITTING,
            JobState.RECONCILING,
        ):
            return
        await asyncio.sleep(0.1)


async def models(args: Namespace) -> int:
    session = await _session(args, resume=False)
    try:
        records = await session.provider.list_models(privacy="public")
    finally:
        await session.aclose()
    audio = [
        m
        for m in records
        if not args.audio_only or set(m.capabilities) & {"txt2audio", "audio2audio", "video2audio"}
    ]
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "id": m.model_id,
                        "name": m.name,
                        "capabilities": m.capabilities,
                        "description": m.short_description,
                    }
                    for m in audio
                ],
                indent=2,
            )
        )
        return EXIT_OK
    width = max((len(m.model_id) for m in audio), default=10)
    for m in audio:
        print(f"{m.model_id:<{width}}  {m.name}  [{', '.join(m.capabilities)}]")
    return EXIT_OK


async def jobs(args: Namespace) -> int:
    session = await _session(args, resume=args.resume)
    try:
        if args.resume:
            unfinished = [
                j.id for j in session.store.jobs(unfinished=True) if session.engine.is_active(j.id)
            ]
            if not args.json:
                say(f"Resuming {len(unfinished)} unfinished job(s).")
            if unfinished:
                await _follow(session, unfinished, quiet=args.json)
        records = session.store.jobs(limit=args.limit)
        if args.json:
            print(
                json.dumps(
                    [_job_json(j, session.store.takes_for_job(j.id)) for j in records], indent=2
                )
            )
            return EXIT_OK
        for job in records:
            prompt = job.prompt[:40] + ("…" if len(job.prompt) > 40 else "")
            status = job.status_text + (
                f" {round(job.progress * 100)}%"
                if job.state is JobState.RUNNING and job.progress
                else ""
            )
            print(f"{job.id}  {job.model_id:<32} {status:<20} {prompt}")
        failed = args.resume and any(j.state is JobState.FAILED for j in records[:1])
        return EXIT_FAILED if failed else EXIT_OK
    finally:
        await session.aclose()


def run(coro_fn: Any, args: Namespace) -> int:
    try:
        return asyncio.run(coro_fn(args))
    except SonodeskError as exc:
        say(f"sonodesk: {exc.full_text()}")
        return EXIT_ERROR
    except KeyboardInterrupt:
        say("sonodesk: interrupted; unfinished jobs resume next time.")
        return 130
