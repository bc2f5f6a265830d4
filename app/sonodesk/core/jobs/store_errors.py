"""SQLite failures on the library database, as StorageErrors that say what happened. No Qt."""

from __future__ import annotations

import sqlite3
from typing import Final

from sonodesk.core.errors import StorageError

# Primary result codes from sqlite3.h (the extended code's low byte).
_BUSY, _LOCKED = 5, 6
_READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 8, 10, 11, 13, 14, 26
_PERM, _AUTH = 3, 23

LOCKED_MESSAGE: Final = (
    "The library database is in use by another program (is Sonodesk already running?)."
)
LOCKED_HINT: Final = "Close the other Sonodesk window or program, then start Sonodesk again."


class DatabaseDamagedError(StorageError):
    """The database file is not a SQLite database, or its pages are damaged."""


def result_code(exc: sqlite3.Error) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def storage_error(exc: sqlite3.Error) -> StorageError:
    """The user-facing error for a SQLite failure while opening or writing the library."""
    code = result_code(exc)
    if code in (_BUSY, _LOCKED):
        return StorageError(LOCKED_MESSAGE, hint=LOCKED_HINT)
    if code in (_CORRUPT, _NOTADB):
        return DatabaseDamagedError(
            "The library database is damaged.",
            hint="Sonodesk sets a damaged database aside and starts a fresh one.",
        )
    if code == _FULL:
        return StorageError(
            "The disk is full; the library database cannot be written.",
            hint="Free some space, then start Sonodesk again.",
        )
    if code in (_READONLY, _CANTOPEN, _PERM, _AUTH):
        return StorageError(
            "Sonodesk cannot write to its library database (read-only disk or no permission).",
            hint="Check the data folder's permissions, then start Sonodesk again.",
        )
    if code == _IOERR:
        return StorageError(
            "The disk reported an error while reading or writing the library database.",
            hint="Check the disk, then start Sonodesk again.",
        )
    return StorageError(
        "The library database could not be opened.",
        hint="See the log for details; restarting Sonodesk may help.",
    )
