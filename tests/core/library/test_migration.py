"""Schema v2: a v1 database with takes opens, keeps every take, and gains the library."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from sonodesk.core.errors import StorageError
from sonodesk.core.jobs.schema_sql import MIGRATIONS, SCHEMA_VERSION
from sonodesk.core.jobs.store import JobStore
from sonodesk.core.library import Library, LibraryQuery


def make_v1_database(path: Path, takes: int) -> None:
    db = sqlite3.connect(path)
    for statement in MIGRATIONS[0]:
        db.execute(statement)
    db.execute(
        "INSERT INTO jobs (id, provider, model_id, params, state, created_at, updated_at) "
        "VALUES ('job_1', 'sandbox', 'model_sonodesk-music-sketch', '{}', 'done', 1, 1)"
    )
    for index in range(takes):
        db.execute(
            "INSERT INTO takes (id, job_id, output_index, provider, model_id, model_name, params, "
            "created_at, file_path, title, prompt, seed) VALUES "
            "(?, 'job_1', ?, 'sandbox', 'model_sonodesk-music-sketch', 'Sandbox Music Sketch', "
            "?, ?, ?, ?, ?, ?)",
            (
                f"take_{index}",
                index,
                json.dumps({"prompt": f"dreamy piano {index}", "seed": index}),
                1000.0 + index,
                f"/takes/{index}.mp3",
                f"Dreamy piano ({index + 1})",
                f"dreamy piano {index}",
                index,
            ),
        )
    db.execute("PRAGMA user_version=1")
    db.commit()
    db.close()


def test_v1_database_with_takes_migrates_and_keeps_everything(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    make_v1_database(path, takes=25)
    store = JobStore(path)
    try:
        version = store.connection.execute("PRAGMA user_version").fetchone()[0]
        assert version == SCHEMA_VERSION == 2
        old = store.get_take("take_7")  # the engine's own reader is unaffected
        assert old.title == "Dreamy piano (8)" and old.params["seed"] == 7 and old.seed == 7
        library = Library(store, tmp_path / "trash")
        assert library.count(LibraryQuery()) == 25
        row = library.row_for("take_7")
        assert row is not None
        assert (row.rating, row.favorite, row.tags, row.deleted_at) == (0, False, (), None)
        # Existing takes are searchable straight away: the index is built from them.
        assert library.count(LibraryQuery(text="drea pia")) == 25
        # "8" is the title "(8)" of take_7 and the prompt "... 8" of take_8.
        assert sorted(library.ids(LibraryQuery(text="(8)"))) == ["take_7", "take_8"]
        search_ids = [r[0] for r in store.connection.execute("SELECT search_id FROM takes")]
        assert None not in search_ids and len(set(search_ids)) == 25
    finally:
        store.close()


def test_migration_adds_the_indexes_the_library_filters_on(store: JobStore) -> None:
    names = {
        row[0]
        for row in store.connection.execute("SELECT name FROM sqlite_master WHERE type='index'")
    }
    assert {
        "takes_deleted_created",
        "takes_model_created",
        "takes_rating_created",
        "takes_favorite_created",
        "takes_search_id",
        "take_tags_tag",
    } <= names


def test_rating_and_favorite_are_constrained_in_the_database(store: JobStore, add_take) -> None:
    take = add_take()
    with pytest.raises(sqlite3.IntegrityError):
        store.connection.execute("UPDATE takes SET rating = 6 WHERE id = ?", (take.id,))
    with pytest.raises(sqlite3.IntegrityError):
        store.connection.execute("UPDATE takes SET favorite = 2 WHERE id = ?", (take.id,))


def test_a_database_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(StorageError, match="newer Sonodesk"):
        JobStore(path)


def test_takes_inserted_by_the_engine_after_migration_are_indexed(
    store: JobStore, library: Library, add_take
) -> None:
    add_take(title="Thunder over the hills", prompt="distant thunder")
    assert library.count(LibraryQuery(text="thund")) == 1
    second = add_take(title="Another")
    ids = [r[0] for r in store.connection.execute("SELECT search_id FROM takes ORDER BY rowid")]
    assert ids == sorted(ids) and len(set(ids)) == 2
    assert library.row_for(second.id) is not None
