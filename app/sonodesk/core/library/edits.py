"""What a musician changes on takes: title, rating, favourite, tags, notes; sidecars follow.

The database is the truth and is committed first; a sidecar that cannot follow becomes a
notice (edits rewrite it again later). No Qt.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from sonodesk.core.errors import SonodeskError, StorageError
from sonodesk.core.jobs.store import JobStore
from sonodesk.core.library.records import EditOutcome, load_take
from sonodesk.core.library.sidecar import write_sidecar
from sonodesk.core.library.tags import clean_tags, drop_unused, tag_ids

log = logging.getLogger(__name__)

MAX_TITLE = 200
MAX_NOTES = 20_000
_SPACES = re.compile(r"[^\S\n]+")


class EditError(SonodeskError):
    """An edit that cannot be made as asked (empty title, rating out of range...)."""


def clean_title(text: str) -> str:
    if not isinstance(text, str):
        raise EditError("A title must be text.")
    text = unicodedata.normalize("NFC", text)
    text = "".join(" " if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c for c in text)
    text = " ".join(text.split())
    if not text:
        raise EditError("A take needs a title.")
    return text[:MAX_TITLE].rstrip()


def clean_notes(text: str) -> str:
    if not isinstance(text, str):
        raise EditError("Notes must be text.")
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(c for c in text if c in "\n\t" or unicodedata.category(c) not in ("Cc", "Cf"))
    if len(text) > MAX_NOTES:
        raise EditError(f"Notes can be at most {MAX_NOTES} characters long.")
    return text.strip()


class TakeEditor:
    """Applies edits in one transaction each and keeps the sidecars in step."""

    def __init__(self, store: JobStore) -> None:
        self._store = store
        self._db = store.connection

    def rename(self, take_id: str, title: str) -> EditOutcome:
        return self._set_column([take_id], "title", clean_title(title), sidecar=True)

    def set_notes(self, take_id: str, notes: str) -> EditOutcome:
        return self._set_column([take_id], "notes", clean_notes(notes), sidecar=True)

    def rate(self, take_ids: Iterable[str], rating: int) -> EditOutcome:
        if isinstance(rating, bool) or not isinstance(rating, int) or not 0 <= rating <= 5:
            raise EditError("A rating is a whole number from 0 to 5 stars.")
        return self._set_column(take_ids, "rating", rating, sidecar=False)

    def set_favorite(self, take_ids: Iterable[str], favorite: bool) -> EditOutcome:
        return self._set_column(take_ids, "favorite", int(bool(favorite)), sidecar=False)

    def add_tags(self, take_ids: Iterable[str], tags: Iterable[str]) -> EditOutcome:
        ids = self._existing(take_ids)
        names = clean_tags(tags)
        if not ids or not names:
            return EditOutcome(())
        with self._store.transaction():
            found = tag_ids(self._db, names, create=True)
            self._db.executemany(
                "INSERT OR IGNORE INTO take_tags(take_id, tag_id) VALUES (?, ?)",
                [(take_id, tag) for take_id in ids for tag in found],
            )
        return EditOutcome(tuple(ids), self.sync_sidecars(ids))

    def remove_tags(self, take_ids: Iterable[str], tags: Iterable[str]) -> EditOutcome:
        ids = self._existing(take_ids)
        names = clean_tags(tags)
        if not ids or not names:
            return EditOutcome(())
        with self._store.transaction():
            found = tag_ids(self._db, names, create=False)
            self._db.executemany(
                "DELETE FROM take_tags WHERE take_id = ? AND tag_id = ?",
                [(take_id, tag) for take_id in ids for tag in found],
            )
            drop_unused(self._db)
        return EditOutcome(tuple(ids), self.sync_sidecars(ids))

    def set_tags(self, take_id: str, tags: Iterable[str]) -> EditOutcome:
        """Replace the take's tags with exactly these."""
        ids = self._existing([take_id])
        if not ids:
            return EditOutcome(())
        names = clean_tags(tags)
        with self._store.transaction():
            self._db.execute("DELETE FROM take_tags WHERE take_id = ?", (take_id,))
            found = tag_ids(self._db, names, create=True)
            self._db.executemany(
                "INSERT OR IGNORE INTO take_tags(take_id, tag_id) VALUES (?, ?)",
                [(take_id, tag) for tag in found],
            )
            drop_unused(self._db)
        return EditOutcome(tuple(ids), self.sync_sidecars(ids))

    def sync_sidecars(self, take_ids: Iterable[str]) -> str | None:
        """Rewrite the sidecars of live takes whose audio is present; a notice on failure."""
        failed: list[str] = []
        for take_id in take_ids:
            take = load_take(self._store, take_id)
            if take.deleted or not Path(take.record.file_path).exists():
                continue  # a trashed take's sidecar is rewritten when it is restored
            try:
                write_sidecar(take.record, notes=take.notes, tags=take.tags)
            except StorageError as exc:
                log.warning("sidecar of %s not updated: %s", take_id, exc.message)
                failed.append(take.title)
        if not failed:
            return None
        names = ", ".join(f"'{name}'" for name in failed[:3]) + ("…" if len(failed) > 3 else "")
        return f"Saved in the library, but the settings file next to {names} could not be updated."

    def _set_column(
        self, take_ids: Iterable[str], column: str, value: object, *, sidecar: bool
    ) -> EditOutcome:
        ids = self._existing(take_ids)
        if not ids:
            return EditOutcome(())
        with self._store.transaction():
            # ``column`` is one of our own literals above, never user text.
            self._db.executemany(
                f"UPDATE takes SET {column} = ? WHERE id = ?", [(value, i) for i in ids]
            )
        return EditOutcome(tuple(ids), self.sync_sidecars(ids) if sidecar else None)

    def _existing(self, take_ids: Iterable[str]) -> list[str]:
        if isinstance(take_ids, str):
            take_ids = [take_ids]
        wanted = list(dict.fromkeys(take_ids))
        present: set[str] = set()
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            rows = self._db.execute(f"SELECT id FROM takes WHERE id IN ({marks})", chunk)
            present |= {row[0] for row in rows}
        return [take_id for take_id in wanted if take_id in present]
