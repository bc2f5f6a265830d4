"""Damaged and locked library databases for start-up tests: real SQLite files, real locks."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from sonodesk.core.jobs.records import JobRecord, JobState
from sonodesk.core.jobs.store import JobStore

PAGE = 4096  # SQLite's default page size, which JobStore keeps

_HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN EXCLUSIVE")
print("LOCKED", flush=True)
sys.stdin.read()  # hold the lock until the test closes our stdin
conn.execute("ROLLBACK")
"""


def real_database(path: Path, jobs: int = 300) -> bytes:
    """A real library database with ``jobs`` finished jobs (many pages); returns its bytes."""
    store = JobStore(path)
    for n in range(jobs):
        store.insert_job(
            JobRecord(
                id=f"job_{n:04d}",
                provider="sandbox",
                model_id="model_sonodesk-sfx",
                params={"prompt": f"rain on a tin roof, take {n} " + "x" * 200},
                state=JobState.DONE,
                created_at=1_790_000_000.0 + n,
                updated_at=1_790_000_000.0 + n,
            )
        )
    store.close()  # the last connection checkpoints the WAL into the file
    return path.read_bytes()


def damage_page(data: bytes, page: int) -> bytes:
    """``data`` with one page overwritten: the file still opens, its pages do not add up."""
    broken = bytearray(data)
    broken[page * PAGE : (page + 1) * PAGE] = b"\xff" * PAGE
    return bytes(broken)


@contextlib.contextmanager
def locked_by_another_process(path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holds ``BEGIN EXCLUSIVE`` on ``path`` for the duration."""
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": ""},
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "LOCKED"
        yield holder
    finally:
        if holder.stdin is not None:
            holder.stdin.close()
        try:
            holder.wait(timeout=10)
        except subprocess.TimeoutExpired:
            holder.kill()
            holder.wait()
