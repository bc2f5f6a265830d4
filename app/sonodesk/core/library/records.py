"""Library records: a take with what the musician added to it, and the outcome of an edit.

Reads rows through the store; no writes, no files. No Qt.
"""

from __future__ import annotations

from dataclasses import dataclass

from sonodesk.core.jobs.records import TakeRecord
from sonodesk.core.jobs.store import JobStore
from sonodesk.core.library.tags import tags_of


@dataclass(frozen=True)
class LibraryTake:
    """The full take (as the engine recorded it) plus rating, favourite, notes, tags, trash."""

    record: TakeRecord
    rating: int = 0
    favorite: bool = False
    notes: str = ""
    tags: tuple[str, ...] = ()
    deleted_at: float | None = None
    loudness: float | None = None

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def title(self) -> str:
        return self.record.title

    @property
    def deleted(self) -> bool:
        return self.deleted_at is not None


@dataclass(frozen=True)
class EditOutcome:
    """Which takes an edit changed; ``notice`` says when a sidecar could not follow."""

    take_ids: tuple[str, ...]
    notice: str | None = None


def load_take(store: JobStore, take_id: str) -> LibraryTake:
    """The take with its library fields; KeyError when there is no such take."""
    record = store.get_take(take_id)
    row = store.connection.execute(
        "SELECT rating, favorite, notes, deleted_at, loudness FROM takes WHERE id = ?", (take_id,)
    ).fetchone()
    return LibraryTake(
        record=record,
        rating=int(row[0]),
        favorite=bool(row[1]),
        notes=row[2],
        tags=tags_of(store.connection, take_id),
        deleted_at=row[3],
        loudness=row[4],
    )
