"""LibraryModel: the takes of one LibraryQuery as a virtual table, fetched a page at a time.

Reads through ``Library.count``/``fetch``/``index_of`` and announces every change to views
step by step (inserts, removals, moves), so selections and scroll positions survive. Edits
and deletes are run by the caller through ``edit_takes``/``remove_takes``; this model never
writes to the library itself.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QUrl,
)

from sonodesk.core.library import Library, LibraryQuery, LibraryRow
from sonodesk.core.library.paging import PAGE_SIZE, RowWindow
from sonodesk.ui.library.columns import (
    HEADERS,
    NUMERIC,
    SORT_KEYS,
    Column,
    cell_text,
    cell_tooltip,
)

T = TypeVar("T")
_AnyIndex = QModelIndex | QPersistentModelIndex

URI_LIST = "text/uri-list"
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
TAKE_ID_ROLE = Qt.ItemDataRole.UserRole + 2
NOTES_ROLE = Qt.ItemDataRole.UserRole + 3
PLAYING_ROLE = Qt.ItemDataRole.UserRole + 4

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
# Beyond this many takes, one ``ids`` query (13 ms at 10,000 takes) beats one ``index_of``
# per take (4-5 ms each, with the library's sort indexes).
_BULK_LOOKUP = 3


class LibraryModel(QAbstractTableModel):
    """Rows are takes in the query's order; only the pages a view looks at are ever read."""

    def __init__(
        self,
        library: Library,
        query: LibraryQuery | None = None,
        *,
        page_size: int = PAGE_SIZE,
        clock: Callable[[], float] = time.time,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._library = library
        self._query = query or LibraryQuery()
        self._page_size = page_size
        self._clock = clock
        self._playing: str | None = None
        self._window = self._new_window()

    # -- queries ----------------------------------------------------------------------------

    @property
    def query(self) -> LibraryQuery:
        return self._query

    @property
    def library(self) -> Library:
        return self._library

    @property
    def pages_read(self) -> int:
        return self._window.fetches

    def row_data(self, row: int) -> LibraryRow | None:
        return self._window.row(row)

    def take_id(self, row: int) -> str | None:
        found = self._window.row(row)
        return found.id if found is not None else None

    def row_of(self, take_id: str) -> int | None:
        """The row a take is on now (cached pages first, then one query), or None."""
        return self.rows_of([take_id]).get(take_id)

    def rows_of(self, take_ids: Iterable[str]) -> dict[str, int]:
        """The rows these takes are on now: one pass over the cache, then a query per take
        (one query for them all when there are more than a few)."""
        ids = list(dict.fromkeys(take_ids))
        found = self._window.find_many(ids)
        missing = [t for t in ids if t not in found]
        for take_id, source in self._source_positions(missing).items():
            found[take_id] = self._window.shown_row(source)
        return found

    def take_ids(self, rows: Iterable[int]) -> list[str]:
        """Ids of these rows in row order; a large selection costs one query, not a page each."""
        wanted = sorted(set(rows))
        if len(wanted) > 4 * self._page_size:
            every = self._library.ids(self._query)
            return [every[r] for r in wanted if 0 <= r < len(every)]
        return [take_id for r in wanted if (take_id := self.take_id(r)) is not None]

    # -- Qt model API -----------------------------------------------------------------------

    def rowCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._window)

    def columnCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def flags(self, index: _AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        column = Column(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[column]
        if role == Qt.ItemDataRole.ToolTipRole and column is Column.FAVORITE:
            return "Favorite"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column in NUMERIC else _LEFT
        return None

    def data(self, index: _AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        row = self._window.row(index.row())
        if row is None or not 0 <= index.column() < len(Column):
            return None
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(row, column, self._clock())
        if role == ROW_ROLE:
            return row
        if role == TAKE_ID_ROLE:
            return row.id
        if role == PLAYING_ROLE:
            return row.id == self._playing
        if role == Qt.ItemDataRole.ToolTipRole:
            return cell_tooltip(row, column, self._notes)
        if role == NOTES_ROLE:
            return self._notes(row.id)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column in NUMERIC else _LEFT
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Re-sort through the query; rows the view tracks (selection, current) follow."""
        key = SORT_KEYS.get(Column(column)) if 0 <= column < len(Column) else None
        if key is None:
            return
        desc = order == Qt.SortOrder.DescendingOrder
        if key is self._query.sort_key and desc == self._query.sort_desc:
            return
        self._resort(dataclasses.replace(self._query, sort_key=key, sort_desc=desc))

    def mimeTypes(self) -> list[str]:
        return [URI_LIST]

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        """``file://`` URLs of the takes' audio files that exist, for DAWs and file managers."""
        mime = QMimeData()
        rows = sorted({i.row() for i in indexes if i.isValid()})
        paths = []
        for row in rows:
            found = self._window.row(row)
            if found is not None and found.file_path and Path(found.file_path).is_file():
                paths.append(str(Path(found.file_path).resolve()))
        mime.setUrls([QUrl.fromLocalFile(p) for p in paths])
        mime.setText("\n".join(paths))
        return mime

    # -- changing what is shown -------------------------------------------------------------

    def set_query(self, query: LibraryQuery) -> None:
        """Show another query: a re-sort keeps tracked rows; a new filter resets the view."""
        if query == self._query:
            return
        same_filter = dataclasses.replace(
            query, sort_key=self._query.sort_key, sort_desc=self._query.sort_desc
        )
        if same_filter == self._query:
            self._resort(query)
            return
        self.beginResetModel()
        self._query = query
        self._window = self._new_window()
        self.endResetModel()

    def refresh(self) -> None:
        """Read everything again (after changes nobody announced); views reset."""
        self.beginResetModel()
        self._window = self._new_window()
        self.endResetModel()

    def set_playing(self, take_id: str | None) -> None:
        """Mark the take heard in the player (its rows repaint)."""
        if take_id == self._playing:
            return
        previous, self._playing = self._playing, take_id
        for changed in (previous, take_id):
            row = self._window.find(changed) if changed else None
            if row is not None:
                self._row_changed(row)

    def take_added(self, take_id: str) -> bool:
        """A take arrived in the library: insert its row if the query shows it."""
        if self._window.find(take_id) is not None:
            self.edit_takes([take_id], lambda: None)
            return True
        return bool(self.insert_takes([take_id]))

    def insert_takes(self, take_ids: Iterable[str]) -> list[int]:
        """Takes now in the library (new, or restored): returns the rows they were given."""
        before = len(self._window)
        self._window.invalidate()
        positions = self._source_positions(list(dict.fromkeys(take_ids)))
        self._window.hide(positions.values())
        if len(self._window) != before:
            self.refresh()  # more changed than we were told: start afresh
            return sorted(r for t in positions if (r := self.row_of(t)) is not None)
        while (position := self._window.next_reveal_position()) is not None:
            self.beginInsertRows(QModelIndex(), position, position)
            self._window.reveal_next()
            self.endInsertRows()
        return sorted(positions.values())

    def remove_takes(self, take_ids: Iterable[str], apply: Callable[[], T]) -> T:
        """Run ``apply`` (which removes the takes from this query), then drop their rows.

        If ``apply`` raises, nothing changes and the error propagates.
        """
        ids = list(dict.fromkeys(take_ids))
        before = len(self._window)
        ghosts = {}
        for row in self._shown_positions(ids).values():
            found = self._window.row(row)
            if found is not None:
                ghosts[row] = found
        result = apply()
        self._window.invalidate()
        self._window.add_ghosts(ghosts)
        if len(self._window) != before:
            self.refresh()
            return result
        for first, last in self._window.ghost_blocks():
            self.beginRemoveRows(QModelIndex(), first, last)
            self._window.drop_ghosts(first, last)
            self.endRemoveRows()
        return result

    def edit_takes(self, take_ids: Iterable[str], apply: Callable[[], T]) -> T:
        """Run ``apply`` (an edit of these takes), then repaint, move or drop their rows.

        A single take moves to its new place (or leaves the view when it no longer matches
        the filter); several takes that all keep their places repaint; anything else resets.
        """
        ids = list(dict.fromkeys(take_ids))
        before = len(self._window)
        old = self._shown_positions(ids)
        ghosts = {
            row: found for row in old.values() if (found := self._window.row(row)) is not None
        }
        result = apply()
        self._window.invalidate()
        new = self._source_positions(ids)
        if old == new and self._window.source_count == before:
            for row in new.values():
                self._row_changed(row)
            return result
        if len(ids) == 1 and self._window.source_count == before - len(old) + len(new):
            self._move_one(old, new, ghosts)
        else:
            self.refresh()
        return result

    # -- internals --------------------------------------------------------------------------

    def _new_window(self) -> RowWindow:
        query = self._query
        return RowWindow(
            lambda offset, limit: self._library.fetch(query, offset, limit),
            lambda: self._library.count(query),
            page_size=self._page_size,
        )

    def _resort(self, query: LibraryQuery) -> None:
        self.layoutAboutToBeChanged.emit()
        tracked = self.persistentIndexList()
        ids = [self.take_id(index.row()) for index in tracked]
        self._query = query
        self._window = self._new_window()
        # Usually one or two takes: the views track the current row and the selection, and
        # the header keeps one index per column, all on the same row.
        rows = self._source_positions(list(dict.fromkeys(t for t in ids if t is not None)))
        moved = [
            self.index(rows[t], index.column()) if t in rows else QModelIndex()
            for t, index in zip(ids, tracked, strict=True)
        ]
        self.changePersistentIndexList(tracked, moved)
        self.layoutChanged.emit()

    def _move_one(
        self, old: dict[str, int], new: dict[str, int], ghosts: dict[int, LibraryRow]
    ) -> None:
        self._window.add_ghosts(ghosts)
        self._window.hide(new.values())
        if old and new:
            start, target = next(iter(old.values())), next(iter(new.values()))
            destination = target + 1 if target > start else target
            self.beginMoveRows(QModelIndex(), start, start, QModelIndex(), destination)
            self._window.settle()
            self.endMoveRows()
            self._row_changed(target)
        elif old:
            for first, last in self._window.ghost_blocks():
                self.beginRemoveRows(QModelIndex(), first, last)
                self._window.drop_ghosts(first, last)
                self.endRemoveRows()
        else:
            while (position := self._window.next_reveal_position()) is not None:
                self.beginInsertRows(QModelIndex(), position, position)
                self._window.reveal_next()
                self.endInsertRows()

    def _shown_positions(self, ids: Sequence[str]) -> dict[str, int]:
        """Rows of these takes as the view knows them (before a change reaches the window)."""
        found = self._window.find_many(ids)
        missing = [t for t in ids if t not in found]
        found.update(self._source_positions(missing))
        return found

    def _source_positions(self, ids: Sequence[str]) -> dict[str, int]:
        """Positions of these takes in the library's current state of the query."""
        if not ids:
            return {}
        if len(ids) > _BULK_LOOKUP:
            wanted = set(ids)
            every = self._library.ids(self._query)
            return {t: i for i, t in enumerate(every) if t in wanted}
        positions = {}
        for take_id in ids:
            index = self._library.index_of(self._query, take_id)
            if index is not None:
                positions[take_id] = index
        return positions

    def _row_changed(self, row: int) -> None:
        if 0 <= row < len(self._window):
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1))

    def _notes(self, take_id: str) -> str:
        try:
            return self._library.take(take_id).notes
        except KeyError:
            return ""
