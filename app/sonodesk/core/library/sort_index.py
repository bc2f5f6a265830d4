"""Indexes that let the library list sort by any column without sorting every take first.

Created when a library opens, like the search index, rather than in a schema migration: a
database with them still opens in an older Sonodesk, and one without them still sorts (only
slower), so a failure to create them (a read-only or full disk) is logged, never raised.
No Qt.
"""

from __future__ import annotations

import logging
import sqlite3

from sonodesk.core.jobs.store import JobStore
from sonodesk.core.library.query import sort_indexes

log = logging.getLogger(__name__)


def prepare(store: JobStore) -> bool:
    """Create the sort indexes that are missing; True when all of them exist."""
    db = store.connection
    present = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    missing = {name: sql for name, sql in sort_indexes().items() if name not in present}
    if not missing:
        return True
    try:
        with store.transaction():
            for statement in missing.values():
                db.execute(statement)
    except sqlite3.Error as exc:
        log.warning("library sort indexes not created (sorting stays slower): %s", exc)
        return False
    return True
