"""Sidecars: written atomically on arrival, complete, in sync, and never holding a secret."""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from sonodesk.core import redact as redact_mod
from sonodesk.core.jobs.engine import JobChanged, TakeAdded
from sonodesk.core.library import (
    Library,
    engine_listener,
    params_from_file,
    sidecar_path,
    take_added,
    write_sidecar,
)
from sonodesk.core.library.sidecar import FORMAT_VERSION
from sonodesk.sandbox.catalog import SFX_MODEL_ID
from support.clients import engine_for, provider_for

API_KEY = "sk-sonodesk-test-7c1f0e9a"
API_SECRET = "sonodesk-test-secret-52bd04"


def assert_no_registered_secret(text: str) -> None:
    """Nothing redact knows about (registered values, auth headers, URL signatures)."""
    assert redact_mod.redact(text) == text
    assert API_KEY not in text and API_SECRET not in text


def test_sidecar_has_everything_needed_to_reproduce_the_take(add_take) -> None:  # type: ignore[no-untyped-def]
    take = add_take(remote_job_id="remote_1", asset_ref="asset_9", cost=0.25, seed=77)
    path = write_sidecar(take, notes="warm", tags=["rain"])
    assert path == Path(take.file_path + ".sonodesk.json") == sidecar_path(take.file_path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["format_version"] == FORMAT_VERSION and doc["schema"] == "sonodesk.take/1"
    assert doc["app_version"]
    assert (doc["model_id"], doc["model_name"], doc["provider"]) == (
        take.model_id,
        take.model_name,
        "sandbox",
    )
    assert (doc["job_id"], doc["remote_job_id"], doc["asset_ref"]) == (
        take.job_id,
        "remote_1",
        "asset_9",
    )
    assert doc["params"] == take.params and doc["seed"] == 77 and doc["cost"] == 0.25
    when = datetime.fromtimestamp(take.created_at, tz=UTC)
    assert doc["created"] == when.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert (doc["notes"], doc["tags"], doc["title"]) == ("warm", ["rain"], take.title)
    assert doc["source"]["file"] == Path(take.file_path).name
    assert doc["source"]["sample_rate"] == 8000 and doc["source"]["channels"] == 2
    leftovers = [p for p in path.parent.iterdir() if p.name.startswith(".")]
    assert not leftovers  # the atomic write left no temp file


def test_sidecars_never_contain_registered_secrets(add_take) -> None:  # type: ignore[no-untyped-def]
    redact_mod.register_basic_auth(API_KEY, API_SECRET)
    take = add_take()
    text = write_sidecar(take, notes="no secrets here").read_text(encoding="utf-8")
    assert_no_registered_secret(text)


def test_a_secret_smuggled_into_params_is_masked(add_take) -> None:  # type: ignore[no-untyped-def]
    redact_mod.register_secret(API_SECRET)
    take = add_take()
    leaky = replace(take, params={**take.params, "note": f"key {API_SECRET}"}, prompt=API_SECRET)
    text = write_sidecar(leaky).read_text(encoding="utf-8")
    assert API_SECRET not in text and redact_mod.MASK in text
    json.loads(text)  # still valid JSON


def test_engine_listener_writes_on_take_added_only(add_take) -> None:  # type: ignore[no-untyped-def]
    take = add_take()
    listener = engine_listener()
    listener(JobChanged(job=None))  # type: ignore[arg-type]
    assert not sidecar_path(take.file_path).exists()
    listener(TakeAdded(take=take, job=None))  # type: ignore[arg-type]
    assert sidecar_path(take.file_path).exists()


def test_take_added_reports_a_failed_write_without_raising(add_take, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    take = add_take()
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    assert take_added(replace(take, file_path=str(blocker / "take.wav"))) is None


def test_sidecar_follows_rename_notes_and_tags(library: Library, add_take) -> None:  # type: ignore[no-untyped-def]
    take = add_take()
    take_added(take)
    library.rename(take.id, "Storm")
    library.set_notes(take.id, "intro only")
    library.add_tags([take.id], ["weather"])
    doc = json.loads(sidecar_path(take.file_path).read_text(encoding="utf-8"))
    assert (doc["title"], doc["notes"], doc["tags"]) == ("Storm", "intro only", ["weather"])


def test_engine_writes_sidecars_for_real_takes(sandbox, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The proposed wiring end to end: engine.subscribe(engine_listener())."""
    redact_mod.register_basic_auth(API_KEY, API_SECRET)

    async def scenario() -> list[Path]:
        provider = provider_for(sandbox.api_url, api_key=API_KEY, api_secret=API_SECRET)
        engine = engine_for(provider, tmp_path)
        engine.subscribe(engine_listener())
        try:
            params = {"prompt": "rain on a tin roof", "duration": 0.5, "seed": 9, "numOutputs": 2}
            job = engine.submit("sandbox", SFX_MODEL_ID, params, model_name="Sandbox SFX")
            await asyncio.wait_for(engine.wait(job.id), 30)
            return [Path(t.file_path) for t in engine.store.takes_for_job(job.id)]
        finally:
            await engine.aclose()
            await provider.aclose()

    paths = asyncio.run(scenario())
    assert len(paths) == 2
    for index, audio in enumerate(paths):
        text = sidecar_path(audio).read_text(encoding="utf-8")
        assert_no_registered_secret(text)
        restored = params_from_file(audio)
        assert restored.model_id == SFX_MODEL_ID and restored.provider == "sandbox"
        assert restored.params["prompt"] == "rain on a tin roof"
        assert restored.seed == 9 + index
