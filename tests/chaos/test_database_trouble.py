"""The library database damaged, locked by another process, or from a newer version.

Damaged: the app says so in a notice, keeps the file as a timestamped backup, and starts on a
fresh database that works. Locked or newer: a clear StorageError (one line in the CLI), and
the file is left exactly as it was.
"""

from __future__ import annotations

import asyncio
import os
import re
import sqlite3
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from sonodesk.core.errors import StorageError
from sonodesk.core.jobs.records import JobState
from sonodesk.core.paths import app_paths
from sonodesk.core.session import Session, open_session
from sonodesk.sandbox.catalog import SFX_MODEL_ID
from support.db_trouble import damage_page, locked_by_another_process, real_database

LOCKED = "The library database is in use by another program (is Sonodesk already running?)."
LOCKED_HINT = "Close the other Sonodesk window or program, then start Sonodesk again."
NOTICE = re.compile(
    r"^The library database was damaged, so Sonodesk started a new, empty one\. "
    r"The damaged file was kept as (?P<backup>/\S+sonodesk-damaged-\d{8}-\d{6}\.db)\. "
    r"Your audio files are untouched in (?P<takes>/\S+)\.$"
)


def _with_session(sandbox: Any, body: Callable[[Session], Awaitable[Any]]) -> Any:
    async def run() -> Any:
        session = await open_session(api_url=sandbox.api_url)
        try:
            return await body(session)
        finally:
            await session.aclose()

    return asyncio.run(run())


def _cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sonodesk", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=dict(os.environ),
    )


def _database() -> Path:
    path = app_paths().database_file
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _leftovers(db: Path) -> list[str]:
    return sorted(p.name for p in db.parent.iterdir() if "damaged" in p.name)


async def _one_job_works(session: Session) -> None:
    job = session.engine.submit(
        session.provider.provider_id, SFX_MODEL_ID, {"prompt": "a bell", "duration": 0.5}
    )
    final = await asyncio.wait_for(session.engine.wait(job.id), 30)
    assert final.state is JobState.DONE, final.error
    assert len(session.store.takes_for_job(job.id)) == 1


@pytest.mark.parametrize("damage", ["random bytes", "truncated", "one page overwritten"])
def test_a_damaged_database_is_kept_aside_and_a_fresh_one_starts(
    sandbox: Any, tmp_path: Path, damage: str
) -> None:
    db = _database()
    real = real_database(tmp_path / "real.db")
    bad = {
        "random bytes": os.urandom(64 * 1024),
        "truncated": real[: len(real) // 2],
        # Opens fine; only the integrity check finds that its pages do not add up.
        "one page overwritten": damage_page(real, 5),
    }[damage]
    db.write_bytes(bad)

    async def check(session: Session) -> str:
        (notice,) = session.notices
        assert session.store.jobs() == [] and session.store.quick_check()
        await _one_job_works(session)
        return notice

    notice = _with_session(sandbox, check)
    match = NOTICE.match(notice)
    assert match, notice
    backup = Path(match["backup"])
    assert backup.parent == db.parent and backup.read_bytes() == bad
    assert Path(match["takes"]) == app_paths().takes_dir
    # The next start finds a healthy database: no notice, the job from before is there.
    assert _with_session(sandbox, lambda s: _notices_and_jobs(s)) == ([], 1)
    assert _leftovers(db) == [backup.name]


async def _notices_and_jobs(session: Session) -> tuple[list[str], int]:
    return session.notices, len(session.store.jobs())


def test_the_cli_prints_the_notice_and_carries_on(sandbox: Any) -> None:
    db = _database()
    db.write_bytes(b"SQLite format 3\x00" + os.urandom(8000))
    result = _cli("--api-url", sandbox.api_url, "jobs")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    notices = [line for line in result.stderr.splitlines() if line.startswith("The library")]
    assert len(notices) == 1 and NOTICE.match(notices[0]), result.stderr
    assert len(_leftovers(db)) == 1


@pytest.mark.slow  # waits out the five-second busy timeout, as start-up does
def test_a_database_locked_by_another_process_is_a_clear_error(
    sandbox: Any, tmp_path: Path
) -> None:
    db = _database()
    real = real_database(db)
    with locked_by_another_process(db):
        started = time.monotonic()
        with pytest.raises(StorageError) as caught:
            _with_session(sandbox, _notices_and_jobs)
        waited = time.monotonic() - started
    assert caught.value.message == LOCKED and caught.value.hint == LOCKED_HINT
    assert 4.0 <= waited < 15.0, f"waited {waited:.1f}s"  # a bounded wait, then the message
    assert db.read_bytes() == real and _leftovers(db) == []  # never mistaken for damage
    # Once the other program lets go, everything is there.
    assert _with_session(sandbox, _notices_and_jobs) == ([], 300)


@pytest.mark.slow  # waits out the five-second busy timeout, as start-up does
def test_the_cli_says_the_database_is_locked_in_one_line(sandbox: Any, tmp_path: Path) -> None:
    db = _database()
    real_database(db, jobs=3)
    with locked_by_another_process(db):
        result = _cli("--api-url", sandbox.api_url, "jobs")
    assert result.returncode == 3
    assert result.stderr.splitlines() == [f"sonodesk: {LOCKED} {LOCKED_HINT}"]


def test_a_database_from_a_newer_version_is_left_alone(sandbox: Any) -> None:
    db = _database()
    real_database(db, jobs=3)
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA user_version = 99")
    before = db.read_bytes()
    with pytest.raises(StorageError) as caught:
        _with_session(sandbox, _notices_and_jobs)
    assert caught.value.message == "The library database was written by a newer Sonodesk."
    assert caught.value.hint == "Update Sonodesk to open this library."
    assert db.read_bytes() == before and _leftovers(db) == []
    result = _cli("--api-url", sandbox.api_url, "jobs")
    assert result.returncode == 3
    assert result.stderr.splitlines() == [
        "sonodesk: The library database was written by a newer Sonodesk. "
        "Update Sonodesk to open this library."
    ]
