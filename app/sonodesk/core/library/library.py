"""The library of takes: queries for a virtualised list, edits, trash, sidecars, A/B support.

Runs on the JobStore's connection (same database, same thread). The Qt list model sits on
``count``/``fetch``/``row_for``. No Qt.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from sonodesk.core.jobs.store import JobStore
from sonodesk.core.library import loudness, search_index, sort_index
from sonodesk.core.library.compare import LoudnessMatch, Votes, match_loudness
from sonodesk.core.library.edits import TakeEditor
from sonodesk.core.library.query import (
    ROW_COLUMNS,
    LibraryQuery,
    LibraryRow,
    compile_query,
    row_from_tuple,
)
from sonodesk.core.library.records import EditOutcome, LibraryTake, load_take
from sonodesk.core.library.sidecar import sidecar_path
from sonodesk.core.library.trash import Rename, Trash, UndoToken

MAX_PAGE = 5000


class Library:
    """Everything the library view needs, on the store's connection. Not thread-safe."""

    def __init__(
        self,
        store: JobStore,
        trash_dir: Path,
        *,
        use_fts: bool | None = None,
        clock: Callable[[], float] = time.time,
        rename: Rename = os.rename,
    ) -> None:
        self.store = store
        self._db = store.connection
        self._clock = clock
        # Creates or repairs the search index, or disarms it when FTS5 is missing.
        self.fts = search_index.prepare(store, use_fts=use_fts)
        sort_index.prepare(store)
        self.editor = TakeEditor(store)
        self.trash = Trash(store, trash_dir, rename=rename, clock=clock)
        self.votes = Votes(store)
        self.trash.recover()

    # -- queries ----------------------------------------------------------------------------

    def count(self, query: LibraryQuery) -> int:
        compiled = compile_query(query, fts=self.fts)
        row = self._db.execute(f"SELECT count(*) FROM {compiled.source}", compiled.args).fetchone()
        return int(row[0])

    def fetch(
        self, query: LibraryQuery, offset: int | None = None, limit: int | None = None
    ) -> list[LibraryRow]:
        """One page of rows in the query's order (``offset``/``limit`` override the query's)."""
        offset = query.offset if offset is None else offset
        limit = query.limit if limit is None else limit
        sql, args = compile_query(query, fts=self.fts).select(ROW_COLUMNS)
        sql += " LIMIT ? OFFSET ?"
        page = MAX_PAGE if limit is None else max(0, min(int(limit), MAX_PAGE))
        cursor = self._db.cursor()
        cursor.row_factory = None  # plain tuples: sqlite3.Row is slower to build and to read
        rows = cursor.execute(sql, (*args, page, max(0, int(offset)))).fetchall()
        return [row_from_tuple(row) for row in rows]

    def run(self, query: LibraryQuery) -> list[LibraryRow]:
        return self.fetch(query)

    def ids(self, query: LibraryQuery) -> list[str]:
        """Every matching take id in order (for select-all and keyboard navigation)."""
        sql, args = compile_query(query, fts=self.fts).select("takes.id")
        return [row[0] for row in self._db.execute(sql, args)]

    def index_of(self, query: LibraryQuery, take_id: str) -> int | None:
        """The row a take is on in this query's order, or None: keeps the selection on re-sort."""
        compiled = compile_query(query, fts=self.fts)
        if not compiled.ranked:
            # Count the rows that sort before it: an index scan, where numbering every row
            # in order (below) sorts them all first.
            expressions = ", ".join(term.expression for term in compiled.terms)
            keys = self._db.execute(
                f"SELECT {expressions} FROM {compiled.where('takes.id = ?')}",
                (*compiled.args, take_id),
            ).fetchone()
            if keys is None:
                return None
            before = self._db.execute(
                f"SELECT count(*) FROM {compiled.where(compiled.precedes())}",
                (*compiled.args, *compiled.precedes_args(tuple(keys))),
            ).fetchone()
            return int(before[0])
        sql = (
            f"SELECT n FROM (SELECT takes.id AS id, row_number() OVER (ORDER BY {compiled.order}) "
            f"AS n FROM {compiled.source}) WHERE id = ?"
        )
        row = self._db.execute(sql, (*compiled.args, take_id)).fetchone()
        return None if row is None else int(row[0]) - 1

    def row_for(self, take_id: str) -> LibraryRow | None:
        cursor = self._db.cursor()
        cursor.row_factory = None
        row = cursor.execute(
            f"SELECT {ROW_COLUMNS} FROM takes WHERE takes.id = ?", (take_id,)
        ).fetchone()
        return None if row is None else row_from_tuple(row)

    def take(self, take_id: str) -> LibraryTake:
        """The full take with its library fields; KeyError when unknown."""
        return load_take(self.store, take_id)

    def model_counts(self, *, include_deleted: bool = False) -> list[tuple[str, str, str, int]]:
        """(provider, model_id, model_name, takes) for the model filter, most used first."""
        where = "" if include_deleted else "WHERE deleted_at IS NULL"
        rows = self._db.execute(
            f"SELECT provider, model_id, max(model_name), count(*) FROM takes {where} "
            "GROUP BY provider, model_id ORDER BY count(*) DESC, model_id"
        )
        return [(r[0], r[1], r[2] or "", int(r[3])) for r in rows]

    def tag_counts(self) -> list[tuple[str, int]]:
        """(tag, live takes carrying it) for the tag filter, most used first."""
        rows = self._db.execute(
            "SELECT t.name, count(*) FROM tags t JOIN take_tags tt ON tt.tag_id = t.id "
            "JOIN takes ON takes.id = tt.take_id WHERE takes.deleted_at IS NULL "
            "GROUP BY t.id ORDER BY count(*) DESC, t.name COLLATE NOCASE"
        )
        return [(r[0], int(r[1])) for r in rows]

    # -- edits ------------------------------------------------------------------------------

    def rename(self, take_id: str, title: str) -> EditOutcome:
        return self.editor.rename(take_id, title)

    def rate(self, take_ids: Iterable[str], rating: int) -> EditOutcome:
        return self.editor.rate(take_ids, rating)

    def set_favorite(self, take_ids: Iterable[str], favorite: bool) -> EditOutcome:
        return self.editor.set_favorite(take_ids, favorite)

    def add_tags(self, take_ids: Iterable[str], tags: Iterable[str]) -> EditOutcome:
        return self.editor.add_tags(take_ids, tags)

    def remove_tags(self, take_ids: Iterable[str], tags: Iterable[str]) -> EditOutcome:
        return self.editor.remove_tags(take_ids, tags)

    def set_tags(self, take_id: str, tags: Iterable[str]) -> EditOutcome:
        return self.editor.set_tags(take_id, tags)

    def set_notes(self, take_id: str, notes: str) -> EditOutcome:
        return self.editor.set_notes(take_id, notes)

    # -- trash ------------------------------------------------------------------------------

    def delete(self, take_ids: Iterable[str]) -> UndoToken:
        """Move takes (audio + sidecar) to the trash; on failure nothing moved, StorageError."""
        return self.trash.delete(take_ids)

    def undo_delete(self, token: UndoToken) -> list[str]:
        return self.restore(token.take_ids)

    def restore(self, take_ids: Iterable[str]) -> list[str]:
        restored = self.trash.restore(take_ids)
        self.editor.sync_sidecars(restored)  # edits made in the trash reach the sidecar now
        return restored

    def empty_trash(self, older_than: float | None = None) -> int:
        """Delete for good what was trashed ``older_than`` seconds ago or earlier (None: all)."""
        return self.trash.empty(older_than)

    # -- sidecars ---------------------------------------------------------------------------

    def ensure_sidecars(self) -> int:
        """Write the sidecars that are missing (takes from before v2, or a failed write)."""
        missing = []
        for take_id, path in self._db.execute(
            "SELECT id, file_path FROM takes WHERE deleted_at IS NULL"
        ).fetchall():
            if not sidecar_path(path).exists() and Path(path).exists():
                missing.append(take_id)
        self.editor.sync_sidecars(missing)
        return len(missing)

    # -- A/B --------------------------------------------------------------------------------

    def audio_path(self, take_id: str) -> Path:
        """Where the take's audio is now (its library path, or its place in the trash)."""
        take = self.take(take_id)
        return self.trash.audio_location(take.id, take.record.file_path, take.deleted)

    def set_loudness(self, take_id: str, lufs: float | None) -> None:
        """Keep a loudness measured elsewhere (the UI measures on a worker thread)."""
        with self.store.transaction():
            self._db.execute("UPDATE takes SET loudness = ? WHERE id = ?", (lufs, take_id))

    def loudness_of(self, take_id: str) -> float | None:
        """Integrated LUFS of the take, measured once and kept; None for silence.

        Decoding takes up to a second for a long take: the UI should run
        ``loudness.measure_file(audio_path(id))`` off its thread and call ``set_loudness``.
        """
        take = self.take(take_id)
        if take.loudness is not None:
            return take.loudness
        value = loudness.measure_file(self.audio_path(take_id))
        if value is not None:
            self.set_loudness(take_id, value)
        return value

    def match_loudness(self, take_a: str, take_b: str) -> LoudnessMatch:
        return match_loudness(self.loudness_of(take_a), self.loudness_of(take_b))
