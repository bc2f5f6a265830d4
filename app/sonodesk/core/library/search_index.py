"""The full-text index of takes (SQLite FTS5, kept in sync by triggers) and its LIKE fallback.

FTS5 is detected at runtime: without it no index or trigger exists and searches use LIKE.
Owns only the ``takes_fts`` table and its triggers. No Qt, no file I/O.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sonodesk.core.jobs.store import JobStore

log = logging.getLogger(__name__)

FTS_TABLE = "takes_fts"
# Column weights for bm25 ranking, in the order of the FTS columns below.
_WEIGHTS = (10.0, 2.0, 1.0, 5.0, 1.0)
_TAGS_OF = (
    "(SELECT coalesce(group_concat(t.name, ' '), '') FROM take_tags tt "
    "JOIN tags t ON t.id = tt.tag_id WHERE tt.take_id = {take})"
)
_MODEL_OF = "{row}.model_name || ' ' || {row}.model_id"

_CREATE_TABLE = (
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5("
    "title, prompt, notes, tags, model, "
    # remove_diacritics 2: "cafe" finds "café"; prefix indexes make typing-as-you-search cheap.
    "tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3')"
)
_TRIGGERS = {
    "takes_fts_insert": f"""
        CREATE TRIGGER takes_fts_insert AFTER INSERT ON takes BEGIN
            UPDATE takes SET search_id = (SELECT coalesce(max(search_id), 0) + 1 FROM takes)
                WHERE rowid = new.rowid AND search_id IS NULL;
            INSERT INTO {FTS_TABLE}(rowid, title, prompt, notes, tags, model)
                SELECT search_id, title, prompt, notes, '', {_MODEL_OF.format(row="takes")}
                FROM takes WHERE rowid = new.rowid;
        END
    """,
    "takes_fts_update": f"""
        CREATE TRIGGER takes_fts_update
        AFTER UPDATE OF title, prompt, notes, model_name, model_id ON takes BEGIN
            UPDATE {FTS_TABLE} SET title = new.title, prompt = new.prompt, notes = new.notes,
                model = {_MODEL_OF.format(row="new")}
                WHERE rowid = new.search_id;
        END
    """,
    "takes_fts_delete": f"""
        CREATE TRIGGER takes_fts_delete AFTER DELETE ON takes BEGIN
            DELETE FROM {FTS_TABLE} WHERE rowid = old.search_id;
        END
    """,
    "take_tags_fts_insert": f"""
        CREATE TRIGGER take_tags_fts_insert AFTER INSERT ON take_tags BEGIN
            UPDATE {FTS_TABLE} SET tags = {_TAGS_OF.format(take="new.take_id")}
                WHERE rowid = (SELECT search_id FROM takes WHERE id = new.take_id);
        END
    """,
    "take_tags_fts_delete": f"""
        CREATE TRIGGER take_tags_fts_delete AFTER DELETE ON take_tags BEGIN
            UPDATE {FTS_TABLE} SET tags = {_TAGS_OF.format(take="old.take_id")}
                WHERE rowid = (SELECT search_id FROM takes WHERE id = old.take_id);
        END
    """,
}
_TOKEN = re.compile(r"[^\W_]+")
MAX_TERMS = 12  # a pasted paragraph is not a search; the first words are enough


def fts5_available(db: sqlite3.Connection) -> bool:
    """Whether this sqlite3 build can create FTS5 tables (tried in the temp schema)."""
    try:
        db.execute("CREATE VIRTUAL TABLE temp.sonodesk_fts5_probe USING fts5(x)")
    except sqlite3.OperationalError:
        return False
    db.execute("DROP TABLE temp.sonodesk_fts5_probe")
    return True


def prepare(store: JobStore, *, use_fts: bool | None = None) -> bool:
    """Make the index match the takes, or disarm it when FTS5 is missing; True = FTS in use.

    The triggers exist only while the index is maintained, so "all triggers present" means
    "index in sync"; anything less is rebuilt from the takes in one transaction.
    ``use_fts=False`` forces the LIKE fallback (tests, diagnostics).
    """
    db = store.connection
    available = fts5_available(db) if use_fts is None else use_fts
    present = {
        row[0]
        for row in db.execute("SELECT name FROM sqlite_master WHERE type IN ('trigger', 'table')")
    }
    if not available:
        # A database indexed by another build: writes to takes would fail on the triggers.
        with store.transaction():
            for name in _TRIGGERS:
                if name in present:
                    db.execute(f"DROP TRIGGER {name}")
        return False
    if FTS_TABLE in present and all(name in present for name in _TRIGGERS):
        return True
    log.info("building the library search index")
    with store.transaction():
        for name in _TRIGGERS:
            db.execute(f"DROP TRIGGER IF EXISTS {name}")
        db.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
        db.execute(_CREATE_TABLE)
        db.execute(
            "UPDATE takes SET search_id = (SELECT coalesce(max(search_id), 0) FROM takes) + rowid "
            "WHERE search_id IS NULL"
        )
        db.execute(
            f"INSERT INTO {FTS_TABLE}(rowid, title, prompt, notes, tags, model) "
            f"SELECT search_id, title, prompt, notes, {_TAGS_OF.format(take='takes.id')}, "
            f"{_MODEL_OF.format(row='takes')} FROM takes"
        )
        for statement in _TRIGGERS.values():
            db.execute(statement)
    return True


def terms(text: str) -> list[str]:
    """The words of a search box's text, NFC-normalised, in order, without repeats."""
    words = _TOKEN.findall(unicodedata.normalize("NFC", text or ""))
    return list(dict.fromkeys(words))[:MAX_TERMS]


def match_expression(words: list[str]) -> str:
    """An FTS5 query: every word must occur as a word prefix ("pia" finds "piano")."""
    # Words hold only letters and digits, so quoting cannot be escaped out of.
    return " ".join(f'"{word}"*' for word in words)


def fts_source() -> str:
    """A subquery of (sid, score) for the MATCH parameter; join it on ``takes.search_id``."""
    weights = ", ".join(str(w) for w in _WEIGHTS)
    return (
        f"(SELECT rowid AS sid, bm25({FTS_TABLE}, {weights}) AS score "
        f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?)"
    )


def like_clause(words: list[str]) -> tuple[str, list[str]]:
    """The LIKE fallback: every word occurs somewhere in title, prompt, notes, model or tags."""
    clauses: list[str] = []
    args: list[str] = []
    columns = ("title", "prompt", "notes", "model_name", "model_id")
    for word in words:
        pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        parts = [f"takes.{column} LIKE ? ESCAPE '\\'" for column in columns]
        parts.append(
            "EXISTS (SELECT 1 FROM take_tags tt JOIN tags t ON t.id = tt.tag_id "
            "WHERE tt.take_id = takes.id AND t.name LIKE ? ESCAPE '\\')"
        )
        clauses.append("(" + " OR ".join(parts) + ")")
        args.extend([pattern] * len(parts))
    return " AND ".join(clauses), args
