"""After a full run with real-looking credentials, no file Sonodesk wrote holds them.

Scenario key and secret (the sandbox requires exactly them), an AI/ML API key, debug logging,
successful and failed requests, sidecars, a preset, the settings file and exports with
embedded metadata; then every byte under SONODESK_HOME is scanned, and every text column of
the database is read, for the key, the secret, their Basic form and the AI/ML key.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import secrets
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from sonodesk.core.errors import AuthError
from sonodesk.core.export.batch import export_takes
from sonodesk.core.export.settings import ExportSettings
from sonodesk.core.jobs.records import JobState
from sonodesk.core.logsetup import configure_logging
from sonodesk.core.paths import app_paths
from sonodesk.core.providers.aimlapi import AimlApiProvider
from sonodesk.core.providers.scenario import ScenarioProvider
from sonodesk.core.schema import specs_from_scenario
from sonodesk.core.session import Session, open_session
from sonodesk.sandbox.catalog import SFX_MODEL_ID
from support.clients import FAST_READS
from support.local_server import LocalServer, json_answer

log = logging.getLogger("sonodesk.test")

KEY = "sk_live_" + secrets.token_hex(12)
SECRET = "sec_" + secrets.token_hex(16)
AIML_KEY = "aiml_" + secrets.token_hex(14)
BASIC = base64.b64encode(f"{KEY}:{SECRET}".encode()).decode()
SONG = {
    "prompt": "dreamy lofi hip hop with warm keys",
    "lyrics": "[Verse]\nStreetlights flicker, the night breeze sighs\nShadows stretch",
    "audio_setting.format": "wav",
    "audio_setting.audio_sample_rate": 44100,
}


def _echoing_server() -> LocalServer:
    said = f"Invalid credentials {KEY}:{SECRET} (Authorization: Basic {BASIC}, key={AIML_KEY})"
    server = LocalServer().start()
    server.on("POST", "/v1/generate/custom/model_refused", json_answer({"reason": said}, 400))
    server.on(
        "POST",
        "/v1/generate/custom/model_fails",
        json_answer({"job": {"jobId": "job_echo", "status": "queued"}}),
    )
    job = {"jobId": "job_echo", "status": "failure", "metadata": {"error": said, "hint": said}}
    server.on("GET", "/v1/jobs/job_echo", json_answer({"job": job}))
    return server


def _needles() -> dict[str, list[bytes]]:
    """Each secret in the encodings a file could carry it in (ID3 text may be UTF-16)."""
    out: dict[str, list[bytes]] = {}
    for name, value in {"key": KEY, "secret": SECRET, "basic": BASIC, "aiml": AIML_KEY}.items():
        out[name] = [value.encode("utf-8"), value.encode("utf-16-le"), value.encode("utf-16-be")]
    return out


@pytest.fixture
def debug_logs():  # type: ignore[no-untyped-def]
    """The app's own logging (redacting file handler), at DEBUG so as much as possible is said."""
    root = logging.getLogger()
    level = root.level
    configure_logging(app_paths().log_file, level=logging.DEBUG)
    yield app_paths().log_file
    configure_logging(None, level=level)


async def _run(engine: Any, provider_id: str, model_id: str, params: dict[str, Any]) -> Any:
    job = engine.submit(provider_id, model_id, params)
    return await asyncio.wait_for(engine.wait(job.id), 90)


async def _run_everything(
    session: Session, sandbox: Any, aiml_sandbox: Any, exports: Path
) -> dict[str, Any]:
    engine, provider = session.engine, session.provider
    seen: dict[str, Any] = {}
    # The AI/ML key is kept the way Settings → Accounts keeps it (the OS keyring).
    session.secrets.set("aimlapi", "key", AIML_KEY)
    sfx = {"prompt": "glass shatter", "duration": 0.5, "numOutputs": 2, "seed": 9}
    # Then a request the server rejects (400), a job that fails on the server, and a 500.
    finals = [await _run(engine, provider.provider_id, SFX_MODEL_ID, sfx)]
    finals.append(
        await _run(engine, provider.provider_id, SFX_MODEL_ID, {"prompt": "x", "duration": 500})
    )
    sandbox.script_fault("job_failure", "generate")
    sandbox.script_fault("server_error", "jobs", status=500)
    finals.append(
        await _run(engine, provider.provider_id, SFX_MODEL_ID, {"prompt": "pop", "seed": 1})
    )
    assert [f.state for f in finals] == [JobState.DONE, JobState.FAILED, JobState.FAILED]
    seen["errors"] = [f.error for f in finals[1:]]

    # Wrong credentials: a 401 whose message and log lines must not echo what was sent.
    wrong = ScenarioProvider(
        base_url=provider.base_url,  # type: ignore[attr-defined]
        api_key=KEY,
        api_secret=SECRET[::-1],
        read_policy=FAST_READS,
    )
    with pytest.raises(AuthError) as caught:
        await wrong.get_model(SFX_MODEL_ID)
    log.error("refused: %s", caught.value, exc_info=caught.value)
    await wrong.aclose()

    # A server that echoes the credentials back in its errors and in a failed job's text:
    # whatever Sonodesk keeps of those answers (job rows, logs, sidecars) must be masked.
    echo = _echoing_server()
    echoing = ScenarioProvider(
        base_url=echo.base_url + "/v1",
        api_key=KEY,
        api_secret=SECRET,
        provider_id="echo",
        display_name="Echo",
        read_policy=FAST_READS,
    )
    engine.set_provider(echoing)
    try:
        refused_echo = await _run(engine, "echo", "model_refused", {"prompt": "a"})
        failed_echo = await _run(engine, "echo", "model_fails", {"prompt": "b"})
    finally:
        await echoing.aclose()
        echo.stop()
    assert refused_echo.state is failed_echo.state is JobState.FAILED
    seen["errors"] += [refused_echo.error, failed_echo.error]
    log.warning("the server said: %s / %s", refused_echo.error, failed_echo.error)
    log.warning("raw echo for the formatter: %s %s %s", KEY, SECRET, f"Basic {BASIC}")

    # The AI/ML API with its own key against the sandbox's /v2 routes, once fine, once refused.
    aiml = AimlApiProvider(
        api_key=session.secrets.get("aimlapi", "key") or "",
        base_url=aiml_sandbox.base_url,
        read_policy=FAST_READS,
    )
    engine.set_provider(aiml)
    results = [
        await _run(engine, "aimlapi", "minimax/music-2.0", SONG),
        await _run(engine, "aimlapi", "minimax/music-2.0", {**SONG, "lyrics": "x"}),
    ]
    assert [r.state for r in results] == [JobState.DONE, JobState.FAILED], results[1].error

    # A preset and the settings file.
    model = await provider.get_model(SFX_MODEL_ID)
    specs = specs_from_scenario(model.inputs, model.ui_config)
    session.presets.save(SFX_MODEL_ID, "Glass", {"prompt": "glass shatter", "seed": 9}, specs)
    session.save_settings()

    # Exports with the take's settings embedded, in a tagged lossy and a lossless format.
    takes = session.store.takes()
    assert len(takes) == 3
    for fmt in ("mp3-192", "flac24"):
        settings = ExportSettings(format=fmt, folder=str(exports / fmt), overwrite="number")
        report = export_takes(takes, settings)
        assert [r.status for r in report.results] == ["written"] * 3, report.summary()
    await aiml.aclose()
    return seen


@pytest.mark.slow
def test_no_credential_reaches_any_file(sandbox_factory, monkeypatch, debug_logs) -> None:  # type: ignore[no-untyped-def]
    sandbox = sandbox_factory(require_credentials=f"{KEY}:{SECRET}")
    # Its /v2 routes accept exactly this Bearer key (the key half of "key:secret").
    aiml_sandbox = sandbox_factory(require_credentials=f"{AIML_KEY}:unused")
    monkeypatch.setenv("SONODESK_SCENARIO_KEY", KEY)
    monkeypatch.setenv("SONODESK_SCENARIO_SECRET", SECRET)
    monkeypatch.setenv("SONODESK_SCENARIO_URL", sandbox.api_url)
    home = app_paths().data_dir.parent
    exports = home / "exports"

    async def run() -> dict[str, Any]:
        session = await open_session()
        try:
            assert not session.using_sandbox  # the real provider, with the real secrets
            return await _run_everything(session, sandbox, aiml_sandbox, exports)
        finally:
            await session.aclose()

    seen = asyncio.run(run())
    assert all(seen["errors"])
    assert all("•••" in error for error in seen["errors"][-2:])  # the echoes were masked

    files = [p for p in home.rglob("*") if p.is_file()]
    names = {p.suffix for p in files}
    # The scan covers what it claims to: logs, database, sidecars, presets, exports.
    assert {".log", ".db", ".json", ".mp3", ".flac"} <= names, names
    # Debug logging fills the first file quickly: read it and its rotated siblings.
    logs = sorted(debug_logs.parent.glob(debug_logs.name + "*"))
    log_text = "".join(p.read_text(encoding="utf-8") for p in logs)
    # The failed requests were logged (with tracebacks): the scan below has something to find.
    assert "refused:" in log_text and '"401 Unauthorized"' in log_text
    assert '"400 Bad Request"' in log_text and '"500 Internal Server Error"' in log_text
    exported = [p for p in files if p.suffix in (".mp3", ".flac")]
    assert all(b"glass shatter" in p.read_bytes() for p in exported if "glass" in p.name)

    leaks = []
    for path in files:
        data = path.read_bytes()
        for name, forms in _needles().items():
            if any(form in data for form in forms):
                leaks.append(f"{name} in {path.relative_to(home)}")
    for db in [p for p in files if p.suffix == ".db"]:
        leaks += [f"{hit} in {db.name}" for hit in _text_columns_with_secrets(db)]
    assert leaks == []


def _text_columns_with_secrets(db: Path) -> list[str]:
    hits = []
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        tables = [
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        for table in tables:
            for row in conn.execute(f'SELECT * FROM "{table}"'):
                for value in row:
                    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else value
                    if isinstance(text, str) and any(
                        s in text for s in (KEY, SECRET, BASIC, AIML_KEY)
                    ):
                        hits.append(table)
    return hits
