"""Open the library database at start-up; a damaged file is kept aside and a fresh one started.

A locked, read-only or newer-version database still raises StorageError: only damage is
repaired this way, because only damage cannot get better by waiting. No Qt.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections.abc import Callable
from pathlib import Path

from sonodesk.core.errors import StorageError
from sonodesk.core.jobs.store import JobStore
from sonodesk.core.jobs.store_errors import DatabaseDamagedError

log = logging.getLogger(__name__)


def open_store(
    path: Path, *, takes_dir: Path | None = None, clock: Callable[[], float] = time.time
) -> tuple[JobStore, str | None]:
    """The store at ``path`` and a notice for the user when it had to be replaced."""
    try:
        store = JobStore(path)
        try:
            intact = store.quick_check()
        except BaseException:
            store.close()
            raise
        if intact:
            return store, None
        store.close()
    except DatabaseDamagedError:
        pass
    backup = set_aside(path, clock())
    log.warning("the library database was damaged; kept it as %s and started a new one", backup)
    store = JobStore(path)
    notice = (
        "The library database was damaged, so Sonodesk started a new, empty one. "
        f"The damaged file was kept as {backup}."
    )
    if takes_dir is not None:
        notice += f" Your audio files are untouched in {takes_dir}."
    return store, notice


def set_aside(path: Path, now: float) -> Path:
    """Rename the database (and its WAL) to a timestamped backup beside it; returns its path."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(now))
    backup = path.with_name(f"{path.stem}-damaged-{stamp}{path.suffix}")
    counter = 1
    while backup.exists():  # two damaged files in one second: never overwrite a backup
        counter += 1
        backup = path.with_name(f"{path.stem}-damaged-{stamp}-{counter}{path.suffix}")
    try:
        os.replace(path, backup)
        wal = path.with_name(path.name + "-wal")
        if wal.exists():
            # Same suffix as SQLite expects, so the backup still opens with its last commits.
            os.replace(wal, backup.with_name(backup.name + "-wal"))
    except OSError as exc:
        raise StorageError(
            "The library database is damaged and could not be set aside.",
            hint=f"Move {path.name} out of {path.parent} yourself, then start Sonodesk again.",
        ) from exc
    with contextlib.suppress(OSError):
        path.with_name(path.name + "-shm").unlink()  # only an index of the WAL; rebuilt
    return backup
