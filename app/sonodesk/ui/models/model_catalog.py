"""The model picker's item models: catalogue entries under category headers, and the search filter.

Holds CatalogEntry values from core; the grouping and matching rules live in core.catalog.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from html import escape
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from sonodesk.core.catalog.categories import Category
from sonodesk.core.catalog.entries import CatalogEntry
from sonodesk.core.catalog.search import matches, query_words

log = logging.getLogger(__name__)

CostHint = Callable[[str], str | None]

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1  # CatalogEntry, or None on a header row
HEADER_ROLE = Qt.ItemDataRole.UserRole + 2  # Category on a header row, else None
MODEL_ID_ROLE = Qt.ItemDataRole.UserRole + 3
COST_ROLE = Qt.ItemDataRole.UserRole + 4  # "≈ 1 CU" or None

_AnyIndex = QModelIndex | QPersistentModelIndex
Row = CatalogEntry | Category


class ModelCatalogModel(QAbstractListModel):
    """A flat list: a header row per category, followed by that category's entries."""

    def __init__(self, cost_hint: CostHint | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []
        self._cost_hint = cost_hint
        self._costs: dict[str, str | None] = {}

    def set_entries(self, entries: Sequence[CatalogEntry]) -> None:
        """Replace the catalogue; ``entries`` must already be grouped (core.catalog does so)."""
        rows: list[Row] = []
        for entry in entries:
            if not rows or _category(rows[-1]) is not entry.category:
                rows.append(entry.category)
            rows.append(entry)
        self.beginResetModel()
        self._rows = rows
        self._costs.clear()
        self.endResetModel()

    def set_cost_hint(self, cost_hint: CostHint | None) -> None:
        self._cost_hint = cost_hint
        self.refresh_costs()

    def refresh_costs(self) -> None:
        """Ask the cost callback again (prices arrive or change after the list is shown)."""
        self._costs.clear()
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1), [COST_ROLE])

    def entries(self) -> list[CatalogEntry]:
        return [row for row in self._rows if isinstance(row, CatalogEntry)]

    def row_of(self, model_id: str) -> int:
        for number, row in enumerate(self._rows):
            if isinstance(row, CatalogEntry) and row.model_id == model_id:
                return number
        return -1

    def rowCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def flags(self, index: _AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if isinstance(self._rows[index.row()], Category):
            # Not enabled: keyboard navigation in the view skips header rows.
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def data(self, index: _AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if isinstance(row, Category):
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return row.label
            if role == HEADER_ROLE:
                return row
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return row.name
        if role == ENTRY_ROLE:
            return row
        if role == MODEL_ID_ROLE:
            return row.model_id
        if role == COST_ROLE:
            return self._cost(row.model_id)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(row, self._cost(row.model_id))
        return None

    def _cost(self, model_id: str) -> str | None:
        if self._cost_hint is None:
            return None
        if model_id not in self._costs:
            try:
                self._costs[model_id] = self._cost_hint(model_id)
            except Exception:  # a broken price source must not break painting the list
                log.exception("cost hint failed for %s", model_id)
                self._costs[model_id] = None
        return self._costs[model_id]


def _category(row: Row) -> Category:
    return row if isinstance(row, Category) else row.category


def _tooltip(entry: CatalogEntry, cost: str | None) -> str:
    lines = [f"<b>{escape(entry.name)}</b>"]
    if entry.description:
        lines.append(escape(entry.description))
    facts = [entry.category.label, entry.provider, f"<code>{escape(entry.model_id)}</code>"]
    if cost:
        facts.append(escape(cost))
    lines.append(" · ".join(facts))
    for note in (entry.deprecation_note, entry.plan_note):
        if note:
            lines.append(f"<i>{escape(note)}</i>")
    return "<p style='white-space:pre-wrap'>" + "<br>".join(lines) + "</p>"


class ModelFilterModel(QSortFilterProxyModel):
    """Keeps entries matching every word of the query, and the headers that still have entries."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._words: tuple[str, ...] = ()

    def set_query(self, text: str) -> None:
        words = query_words(text)
        if words == self._words:
            return
        self.beginFilterChange()
        self._words = words
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def query(self) -> tuple[str, ...]:
        return self._words

    def _accepts_entry(self, index: QModelIndex) -> bool:
        entry = index.data(ENTRY_ROLE)
        return entry is not None and matches(self._words, entry.search_text)

    def filterAcceptsRow(self, source_row: int, source_parent: _AnyIndex) -> bool:
        source = self.sourceModel()
        index = source.index(source_row, 0, source_parent)
        if index.data(HEADER_ROLE) is None:
            return self._accepts_entry(index)
        # A header stays while any entry of its group (up to the next header) matches.
        for row in range(source_row + 1, source.rowCount(source_parent)):
            following = source.index(row, 0, source_parent)
            if following.data(HEADER_ROLE) is not None:
                return False
            if self._accepts_entry(following):
                return True
        return False

    def entry_count(self) -> int:
        return sum(1 for r in range(self.rowCount()) if self.index(r, 0).data(ENTRY_ROLE))
