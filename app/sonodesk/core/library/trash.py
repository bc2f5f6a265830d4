"""The trash: deleting moves a take's audio and sidecar under ``trash_dir/<take id>/``.

Moves are renames on one filesystem, undone in reverse if any fails, so a file is always
in exactly one of its two homes. Emptying removes files and rows for good. No Qt.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sonodesk.core.atomic import fsync_directory
from sonodesk.core.errors import StorageError
from sonodesk.core.jobs.store import JobStore
from sonodesk.core.library.sidecar import sidecar_path
from sonodesk.core.library.tags import drop_unused
from sonodesk.core.naming import sanitize_component

log = logging.getLogger(__name__)

Rename = Callable[[Path, Path], None]
_SAFE_HINT = "Nothing was lost: every file is in the library or in the Sonodesk trash folder."


@dataclass(frozen=True)
class UndoToken:
    """What one delete did; hand it to ``undo_delete`` to put everything back."""

    take_ids: tuple[str, ...]
    deleted_at: float


class Trash:
    """Moves takes in and out of the trash. Use from the store's thread."""

    def __init__(
        self,
        store: JobStore,
        trash_dir: Path,
        *,
        rename: Rename = os.rename,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._store = store
        self._db = store.connection
        self.trash_dir = trash_dir
        self._rename = rename  # injectable so tests can fail a move half-way
        self._clock = clock

    def folder(self, take_id: str) -> Path:
        return self.trash_dir / sanitize_component(take_id, fallback="take")

    def audio_location(self, take_id: str, file_path: str, deleted: bool) -> Path:
        """Where the take's audio is now: its library path, or its place in the trash."""
        return self.folder(take_id) / Path(file_path).name if deleted else Path(file_path)

    def delete(self, take_ids: Iterable[str]) -> UndoToken:
        """Move the takes' files to the trash and mark them deleted; returns the undo token."""
        rows = self._rows(take_ids, deleted=False)
        now = self._clock()
        pairs = [pair for take_id, path in rows for pair in self._pairs_out(take_id, path)]
        self._move_all(pairs, "moved to the trash")
        try:
            with self._store.transaction():
                self._db.executemany(
                    "UPDATE takes SET deleted_at = ? WHERE id = ?",
                    [(now, take_id) for take_id, _ in rows],
                )
        except sqlite3.Error as exc:
            self._move_back(pairs)
            message = "The takes could not be moved to the trash."
            raise StorageError(message, hint=_SAFE_HINT) from exc
        return UndoToken(tuple(take_id for take_id, _ in rows), now)

    def undo_delete(self, token: UndoToken) -> list[str]:
        return self.restore(token.take_ids)

    def restore(self, take_ids: Iterable[str]) -> list[str]:
        """Put trashed takes back where they were; returns the ids restored."""
        rows = self._rows(take_ids, deleted=True)
        pairs = [pair for take_id, path in rows for pair in self._pairs_back(take_id, path)]
        self._move_all(pairs, "restored")
        try:
            with self._store.transaction():
                self._db.executemany(
                    "UPDATE takes SET deleted_at = NULL WHERE id = ?",
                    [(take_id,) for take_id, _ in rows],
                )
        except sqlite3.Error as exc:
            self._move_back(pairs)
            raise StorageError("The takes could not be restored.", hint=_SAFE_HINT) from exc
        for take_id, _ in rows:
            with contextlib.suppress(OSError):
                self.folder(take_id).rmdir()
        return [take_id for take_id, _ in rows]

    def empty(self, older_than: float | None = None) -> int:
        """Delete for good the takes trashed at least ``older_than`` seconds ago (None: all)."""
        sql = "SELECT id FROM takes WHERE deleted_at IS NOT NULL"
        args: tuple[float, ...] = ()
        if older_than is not None:
            sql += " AND deleted_at <= ?"
            args = (self._clock() - max(0.0, older_than),)
        ids = [row[0] for row in self._db.execute(sql, args)]
        if not ids:
            return 0
        with self._store.transaction():
            self._db.executemany("DELETE FROM takes WHERE id = ?", [(i,) for i in ids])
            drop_unused(self._db)
        # Rows first: a crash before the files go leaves only folders recover() finishes off.
        for take_id in ids:
            self._remove_folder(take_id)
        return len(ids)

    def recover(self) -> int:
        """Finish or undo moves a crash interrupted; returns how many takes were repaired."""
        repaired = 0
        if self.trash_dir.is_dir():
            for folder in sorted(self.trash_dir.iterdir()):
                if folder.is_dir() and folder.name.startswith("take_"):
                    repaired += self._recover_folder(folder)
        deleted = self._db.execute(
            "SELECT id, file_path FROM takes WHERE deleted_at IS NOT NULL"
        ).fetchall()
        for take_id, path in deleted:
            in_trash = self.folder(take_id) / Path(path).name
            if not in_trash.exists() and Path(path).exists():
                # A restore moved the files back but did not get to clear the mark.
                with self._store.transaction():
                    self._db.execute("UPDATE takes SET deleted_at = NULL WHERE id = ?", (take_id,))
                repaired += 1
        return repaired

    # -- internals -------------------------------------------------------------------------

    def _recover_folder(self, folder: Path) -> int:
        row = self._db.execute(
            "SELECT id, file_path, deleted_at FROM takes WHERE id = ?", (folder.name,)
        ).fetchone()
        if row is None:
            self._remove_folder(folder.name)  # its row was purged; finish emptying
            return 1
        take_id, path, deleted_at = row
        if deleted_at is not None:
            return 0
        # Files moved out but the row never marked: put them back, the take stays live.
        pairs = [(src, dst) for src, dst in self._pairs_back(take_id, path) if not dst.exists()]
        try:
            self._move_all(pairs, "restored")
        except StorageError:
            log.warning("could not return %s from the trash", take_id)
            return 0
        with contextlib.suppress(OSError):
            folder.rmdir()
        return 1 if pairs else 0

    def _rows(self, take_ids: Iterable[str], *, deleted: bool) -> list[tuple[str, str]]:
        ids = [take_ids] if isinstance(take_ids, str) else list(dict.fromkeys(take_ids))
        state = "IS NOT NULL" if deleted else "IS NULL"
        rows: list[tuple[str, str]] = []
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            rows += self._db.execute(
                f"SELECT id, file_path FROM takes WHERE id IN ({marks}) AND deleted_at {state}",
                chunk,
            ).fetchall()
        order = {take_id: index for index, take_id in enumerate(ids)}
        return sorted(((r[0], r[1]) for r in rows), key=lambda r: order[r[0]])

    def _homes(self, take_id: str, file_path: str) -> list[tuple[Path, Path]]:
        """(library path, trash path) of the audio and of its sidecar."""
        audio = Path(file_path)
        folder = self.folder(take_id)
        return [(path, folder / path.name) for path in (audio, sidecar_path(audio))]

    def _pairs_out(self, take_id: str, file_path: str) -> list[tuple[Path, Path]]:
        return [(home, trash) for home, trash in self._homes(take_id, file_path) if home.exists()]

    def _pairs_back(self, take_id: str, file_path: str) -> list[tuple[Path, Path]]:
        return [(trash, home) for home, trash in self._homes(take_id, file_path) if trash.exists()]

    def _move_all(self, pairs: Sequence[tuple[Path, Path]], verb: str) -> None:
        done: list[tuple[Path, Path]] = []
        current = "a file"
        try:
            for src, dst in pairs:
                current = src.name
                if dst.exists():  # os.rename would silently replace it on POSIX
                    raise FileExistsError(errno.EEXIST, "in the way", str(dst))
                dst.parent.mkdir(parents=True, exist_ok=True)
                self._rename(src, dst)
                done.append((src, dst))
        except OSError as exc:
            stranded = self._move_back(done)
            message = f"Nothing was {verb}: '{current}' could not be moved ({_reason(exc)})."
            if stranded:
                message += f" {len(stranded)} file(s) could not be put back."
            raise StorageError(message, hint=_SAFE_HINT) from exc
        for directory in {p.parent for pair in done for p in pair}:
            fsync_directory(directory)

    def _move_back(self, done: Sequence[tuple[Path, Path]]) -> list[Path]:
        """Undo moves newest first; returns the files left where the failed move put them."""
        stranded: list[Path] = []
        for src, dst in reversed(done):
            try:
                self._rename(dst, src)
            except OSError:
                log.error("could not move %s back after a failed move", dst.name)
                stranded.append(dst)
        return stranded

    def _remove_folder(self, take_id: str) -> None:
        folder = self.folder(take_id)
        try:
            shutil.rmtree(folder)
        except FileNotFoundError:
            pass
        except OSError as exc:
            log.warning("trash folder of %s not removed: %s", take_id, exc.__class__.__name__)


def _reason(exc: OSError) -> str:
    if isinstance(exc, FileExistsError):
        return "a file with that name is in the way"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if exc.errno == errno.EXDEV:  # a rename cannot cross filesystems
        return "the trash folder is on another disk"
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    return "the system refused"
