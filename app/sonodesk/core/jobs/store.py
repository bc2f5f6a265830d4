"""SQLite persistence for jobs and takes (WAL mode, versioned schema, one connection).

Every state change is committed before the engine acts on it, so a killed process finds
exactly where each job was. No Qt; no network.
"""

from __future__ import annotations

import json
import sqlite3
import time
import uuid
from collections.abc import Iterable
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from sonodesk.core.errors import StorageError
from sonodesk.core.jobs.records import UNFINISHED, JobRecord, JobState, TakeRecord, dumps
from sonodesk.core.jobs.schema_sql import MIGRATIONS, SCHEMA_VERSION
from sonodesk.core.jobs.store_errors import storage_error

_JSON_JOB_FIELDS = {"params", "files", "outputs"}
_JSON_TAKE_FIELDS = {"params"}
BUSY_TIMEOUT = 5.0  # seconds to wait for another connection's write lock


def new_id(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:20]}"


class JobStore:
    """Jobs and takes in one SQLite file. Not thread-safe: use it from one thread (the loop)."""

    def __init__(self, path: Path | str, *, busy_timeout: float = BUSY_TIMEOUT) -> None:
        """Open (or create) the database; raises StorageError when it is locked, damaged
        (DatabaseDamagedError), read-only or on a full disk, never a raw sqlite3 error."""
        self.path = Path(path) if str(path) != ":memory:" else None
        if self.path is not None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StorageError(
                    "Sonodesk cannot create its data folder.",
                    hint="Check that the disk is writable and has free space.",
                ) from exc
        self._db = sqlite3.connect(str(path), timeout=busy_timeout, isolation_level=None)
        try:
            self._db.row_factory = sqlite3.Row
            self._db.execute("PRAGMA journal_mode=WAL")
            # NORMAL is durable against a killed process in WAL mode; only an OS crash could
            # lose the last commits, and the engine reconciles with the server anyway.
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
            if self.path is not None:
                # In WAL mode readers are never blocked, so a program holding the write lock
                # would only show up at our first write, mid-job. Ask for the lock now, within
                # the busy timeout, so start-up can say so instead.
                with self._transaction():
                    pass
        except sqlite3.Error as exc:
            self._db.close()
            raise storage_error(exc) from exc
        except BaseException:
            self._db.close()
            raise

    def quick_check(self) -> bool:
        """True when SQLite's quick integrity check passes; DatabaseDamagedError if unreadable."""
        try:
            rows = self._db.execute("PRAGMA quick_check").fetchall()
        except sqlite3.Error as exc:
            raise storage_error(exc) from exc
        return [tuple(row) for row in rows] == [("ok",)]

    def close(self) -> None:
        self._db.close()

    @property
    def connection(self) -> sqlite3.Connection:
        """The shared connection, for the library's own queries (same thread rules apply)."""
        return self._db

    def transaction(self) -> sqlite3.Connection:
        """``with store.transaction():`` BEGIN IMMEDIATE ... COMMIT, rolled back on error."""
        return self._transaction()

    def _migrate(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StorageError(
                "The library database was written by a newer Sonodesk.",
                hint="Update Sonodesk to open this library.",
            )
        while version < SCHEMA_VERSION:
            with self._transaction():
                for statement in MIGRATIONS[version]:
                    self._db.execute(statement)
                version += 1
                self._db.execute(f"PRAGMA user_version={version}")

    def _transaction(self) -> sqlite3.Connection:
        return _Transaction(self._db)  # type: ignore[return-value]

    # -- jobs -------------------------------------------------------------------------------

    def insert_job(self, job: JobRecord) -> JobRecord:
        row = _to_row(job, _JSON_JOB_FIELDS)
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        with self._transaction():
            self._db.execute(f"INSERT INTO jobs ({columns}) VALUES ({marks})", tuple(row.values()))
        return job

    def update_job(self, job_id: str, **changes: Any) -> JobRecord:
        """Apply changes, bump updated_at, commit, and return the new record."""
        changes.setdefault("updated_at", time.time())
        if "state" in changes:
            changes["state"] = JobState(changes["state"])
        current = self.get_job(job_id)
        updated = replace(current, **changes)
        row = _to_row(updated, _JSON_JOB_FIELDS)
        assignments = ", ".join(f"{name} = ?" for name in changes)
        values = tuple(row[name] for name in changes)
        with self._transaction():
            self._db.execute(f"UPDATE jobs SET {assignments} WHERE id = ?", (*values, job_id))
        return updated

    def get_job(self, job_id: str) -> JobRecord:
        row = self._db.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
        if row is None:
            raise KeyError(job_id)
        return _job(row)

    def find_job(self, job_id: str) -> JobRecord | None:
        try:
            return self.get_job(job_id)
        except KeyError:
            return None

    def jobs(self, *, unfinished: bool = False, limit: int | None = None) -> list[JobRecord]:
        sql = "SELECT * FROM jobs"
        args: list[Any] = []
        if unfinished:
            sql += f" WHERE state IN ({', '.join('?' for _ in UNFINISHED)})"
            args += [s.value for s in UNFINISHED]
        sql += " ORDER BY created_at DESC, rowid DESC"
        if limit is not None:
            sql += " LIMIT ?"
            args.append(limit)
        return [_job(row) for row in self._db.execute(sql, args)]

    def remote_ids(self, provider: str) -> set[str]:
        rows = self._db.execute(
            "SELECT remote_id FROM jobs WHERE provider = ? AND remote_id IS NOT NULL", (provider,)
        )
        return {row[0] for row in rows}

    def recent_durations(self, provider: str, model_id: str, limit: int = 20) -> list[float]:
        """Seconds from submit to finish of this model's latest successful jobs."""
        rows = self._db.execute(
            "SELECT finished_at - submitted_at FROM jobs WHERE provider = ? AND model_id = ? "
            "AND state = 'done' AND submitted_at IS NOT NULL AND finished_at IS NOT NULL "
            "ORDER BY finished_at DESC LIMIT ?",
            (provider, model_id, limit),
        )
        return [row[0] for row in rows if row[0] is not None and row[0] > 0]

    # -- takes ------------------------------------------------------------------------------

    def insert_take(self, take: TakeRecord) -> TakeRecord:
        """Insert a take once per (job, output): a repeat after a crash returns the first."""
        existing = self.take_for_output(take.job_id, take.output_index)
        if existing is not None:
            return existing
        row = _to_row(take, _JSON_TAKE_FIELDS)
        with self._transaction():
            self._db.execute(
                f"INSERT INTO takes ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
                tuple(row.values()),
            )
        return take

    def take_for_output(self, job_id: str, output_index: int) -> TakeRecord | None:
        row = self._db.execute(
            "SELECT * FROM takes WHERE job_id = ? AND output_index = ?", (job_id, output_index)
        ).fetchone()
        return _take(row) if row else None

    def takes_for_job(self, job_id: str) -> list[TakeRecord]:
        rows = self._db.execute(
            "SELECT * FROM takes WHERE job_id = ? ORDER BY output_index", (job_id,)
        )
        return [_take(row) for row in rows]

    def get_take(self, take_id: str) -> TakeRecord:
        row = self._db.execute("SELECT * FROM takes WHERE id = ?", (take_id,)).fetchone()
        if row is None:
            raise KeyError(take_id)
        return _take(row)

    def takes(self, *, limit: int | None = None) -> list[TakeRecord]:
        sql = "SELECT * FROM takes ORDER BY created_at DESC, rowid DESC"
        rows = self._db.execute(sql + (" LIMIT ?" if limit else ""), (limit,) if limit else ())
        return [_take(row) for row in rows]


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, rolling back on any exception."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> sqlite3.Connection:
        self._db.execute("BEGIN IMMEDIATE")
        return self._db

    def __exit__(self, exc_type: object, *_: object) -> None:
        self._db.execute("ROLLBACK" if exc_type else "COMMIT")


def _to_row(record: Any, json_fields: Iterable[str]) -> dict[str, Any]:
    row: dict[str, Any] = {}
    json_names = set(json_fields)
    for f in fields(record):
        value = getattr(record, f.name)
        if f.name in json_names:
            value = dumps(list(value) if isinstance(value, tuple) else value)
        elif isinstance(value, JobState):
            value = value.value
        row[f.name] = value
    return row


def _job(row: sqlite3.Row) -> JobRecord:
    data = dict(row)
    data["params"] = json.loads(data["params"])
    data["files"] = json.loads(data["files"])
    data["outputs"] = tuple(json.loads(data["outputs"]))
    data["state"] = JobState(data["state"])
    names = {f.name for f in fields(JobRecord)}
    return JobRecord(**{k: v for k, v in data.items() if k in names})


def _take(row: sqlite3.Row) -> TakeRecord:
    data = dict(row)
    data["params"] = json.loads(data["params"])
    names = {f.name for f in fields(TakeRecord)}
    return TakeRecord(**{k: v for k, v in data.items() if k in names})
