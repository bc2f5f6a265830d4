"""Trash with real files: delete, undo, restore, empty, failed moves and crash recovery."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sonodesk.core.errors import StorageError
from sonodesk.core.library import Library, LibraryQuery, sidecar_path, write_sidecar

from .conftest import NOW


def files_of(take) -> list[Path]:  # type: ignore[no-untyped-def]
    return [Path(take.file_path), sidecar_path(take.file_path)]


@pytest.fixture
def two(add_take):  # type: ignore[no-untyped-def]
    takes = [add_take(), add_take()]
    for take in takes:
        write_sidecar(take)
    return takes


def test_delete_moves_audio_and_sidecar_and_undo_puts_them_back(
    library: Library, trash_dir: Path, two
) -> None:  # type: ignore[no-untyped-def]
    originals = {p: p.read_bytes() for take in two for p in files_of(take)}
    token = library.delete([t.id for t in two])
    assert token.take_ids == (two[0].id, two[1].id) and token.deleted_at == NOW
    for path in originals:
        assert not path.exists()
    in_trash = sorted(p.name for p in trash_dir.rglob("*") if p.is_file())
    assert in_trash == sorted(p.name for p in originals)
    assert library.count(LibraryQuery()) == 0
    assert library.take(two[0].id).deleted_at == NOW

    assert library.undo_delete(token) == [two[0].id, two[1].id]
    for path, data in originals.items():
        assert path.read_bytes() == data
    assert library.count(LibraryQuery()) == 2
    assert not any(trash_dir.iterdir())  # per-take folders are removed again


def test_deleting_twice_or_unknown_ids_is_harmless(library: Library, two) -> None:  # type: ignore[no-untyped-def]
    library.delete([two[0].id])
    token = library.delete([two[0].id, "take_nope"])
    assert token.take_ids == ()


def test_a_take_whose_file_is_already_gone_can_still_be_trashed(library: Library, add_take) -> None:  # type: ignore[no-untyped-def]
    take = add_take(audio=False)
    token = library.delete([take.id])
    assert token.take_ids == (take.id,)
    assert library.undo_delete(token) == [take.id]


def test_a_failed_move_rolls_back_and_raises(store, trash_dir: Path, two) -> None:  # type: ignore[no-untyped-def]
    calls: list[Path] = []

    def flaky_rename(src: Path, dst: Path) -> None:
        calls.append(src)
        if len(calls) == 4:  # the second take's sidecar: half of the delete has happened
            raise PermissionError(13, "Permission denied")
        os.rename(src, dst)

    library = Library(store, trash_dir, rename=flaky_rename)
    before = {p: p.read_bytes() for take in two for p in files_of(take)}
    with pytest.raises(StorageError) as caught:
        library.delete([t.id for t in two])
    assert caught.value.message.startswith("Nothing was moved to the trash:")
    assert "permission denied" in caught.value.message
    assert "Nothing was lost" in (caught.value.hint or "")
    for path, data in before.items():
        assert path.read_bytes() == data  # everything is back where it was
    assert library.count(LibraryQuery()) == 2
    assert not [p for p in trash_dir.rglob("*") if p.is_file()]


def test_files_that_cannot_be_moved_back_are_recovered_on_next_open(
    store, trash_dir: Path, two
) -> None:  # type: ignore[no-untyped-def]
    calls: list[Path] = []

    def rename_then_break(src: Path, dst: Path) -> None:
        calls.append(src)
        if len(calls) >= 2:  # the sidecar move fails, and so does moving the audio back
            raise OSError(5, "I/O error")
        os.rename(src, dst)

    library = Library(store, trash_dir, rename=rename_then_break)
    with pytest.raises(StorageError) as caught:
        library.delete([two[0].id])
    assert "1 file(s) could not be put back" in caught.value.message
    assert (trash_dir / two[0].id / Path(two[0].file_path).name).exists()  # safe, not lost
    Library(store, trash_dir)  # the next start puts it back
    assert Path(two[0].file_path).exists()


def test_a_failed_database_update_moves_the_files_back(library: Library, two, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    class BrokenTransaction:
        def __enter__(self):  # type: ignore[no-untyped-def]
            raise sqlite3.OperationalError("database is locked")

        def __exit__(self, *_):  # type: ignore[no-untyped-def]
            return False

    monkeypatch.setattr(library.store, "transaction", BrokenTransaction)
    with pytest.raises(StorageError, match="could not be moved to the trash"):
        library.delete([two[0].id])
    assert all(p.exists() for p in files_of(two[0]))


def test_restore_refuses_to_overwrite_a_file_in_the_way(library: Library, two) -> None:  # type: ignore[no-untyped-def]
    token = library.delete([two[0].id])
    Path(two[0].file_path).write_bytes(b"someone else's file")
    with pytest.raises(StorageError, match="in the way"):
        library.undo_delete(token)
    assert Path(two[0].file_path).read_bytes() == b"someone else's file"
    assert library.take(two[0].id).deleted  # still safely in the trash


def test_empty_trash_respects_age_and_removes_rows_and_files(store, trash_dir: Path, two) -> None:  # type: ignore[no-untyped-def]
    now = [NOW]
    library = Library(store, trash_dir, clock=lambda: now[0])
    library.add_tags([two[0].id], ["old"])
    library.delete([two[0].id])
    now[0] += 10 * 86400
    library.delete([two[1].id])
    now[0] += 86400
    assert library.empty_trash(older_than=7 * 86400) == 1  # only the 11-day-old one
    with pytest.raises(KeyError):
        library.take(two[0].id)
    assert not (trash_dir / two[0].id).exists()
    assert (trash_dir / two[1].id).is_dir()
    assert library.tag_counts() == []
    assert library.empty_trash() == 1
    assert library.count(LibraryQuery(include_deleted=True)) == 0
    assert library.empty_trash() == 0


def test_recover_returns_files_of_an_interrupted_delete(store, trash_dir: Path, two) -> None:  # type: ignore[no-untyped-def]
    # A crash after the files moved but before the row was marked.
    take = two[0]
    folder = trash_dir / take.id
    folder.mkdir(parents=True)
    for path in files_of(take):
        os.rename(path, folder / path.name)
    Library(store, trash_dir)  # opening the library repairs it
    assert all(p.exists() for p in files_of(take))
    assert not folder.exists()


def test_recover_clears_the_mark_of_an_interrupted_restore(
    library: Library, store, trash_dir: Path, two
) -> None:  # type: ignore[no-untyped-def]
    take = two[0]
    library.delete([take.id])
    folder = trash_dir / take.id
    for path in files_of(take):
        os.rename(folder / path.name, path)  # moved back, then the crash
    again = Library(store, trash_dir)
    assert not again.take(take.id).deleted


def test_recover_finishes_an_interrupted_empty(
    library: Library, store, trash_dir: Path, two
) -> None:  # type: ignore[no-untyped-def]
    library.delete([two[0].id])
    store.connection.execute("DELETE FROM takes WHERE id = ?", (two[0].id,))  # rows went first
    Library(store, trash_dir)
    assert not (trash_dir / two[0].id).exists()


def test_edits_in_the_trash_reach_the_sidecar_on_restore(library: Library, two) -> None:  # type: ignore[no-untyped-def]
    token = library.delete([two[0].id])
    library.rename(two[0].id, "Renamed in the trash")
    library.undo_delete(token)
    assert '"Renamed in the trash"' in sidecar_path(two[0].file_path).read_text(encoding="utf-8")
