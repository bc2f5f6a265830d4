"""The model picker: a search field over the catalogue, grouped by category, keyboard first.

Given model records and a cost-hint callback; emits ``sig_model_selected(model_id)`` when the
user picks one (click, Enter). It loads nothing and knows no provider.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QPalette, QShortcut, QShowEvent
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QListView, QVBoxLayout, QWidget

from sonodesk.core.catalog.entries import build_entries
from sonodesk.core.providers.base import ModelRecord
from sonodesk.ui import theme
from sonodesk.ui.icons import icon
from sonodesk.ui.models.model_catalog import (
    MODEL_ID_ROLE,
    CostHint,
    ModelCatalogModel,
    ModelFilterModel,
)
from sonodesk.ui.widgets.common import muted_label, pane_header
from sonodesk.ui.widgets.model_entry_delegate import ModelEntryDelegate

# Keys that move through entries, from the search field (typing and moving need no focus
# change) and in the list itself (so headers are skipped the same way everywhere).
_NAVIGATION_KEYS = frozenset(
    {Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown}
)
_PICK_KEYS = frozenset({Qt.Key.Key_Return, Qt.Key.Key_Enter})


class ModelPicker(QWidget):
    """Searchable, grouped list of models. ``current_model_id()`` is the last one picked."""

    sig_model_selected = Signal(str)

    def __init__(self, cost_hint: CostHint | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("modelPicker")
        # Side panes sit on the darker base colour so the centre reads as the workspace.
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self._picked: str | None = None

        self._catalog = ModelCatalogModel(cost_hint, self)
        self._filter = ModelFilterModel(self)
        self._filter.setSourceModel(self._catalog)

        self.search = QLineEdit(self)
        self.search.setObjectName("modelSearch")
        self.search.setPlaceholderText("Search models")
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setAccessibleName("Search models")

        self.list = QListView(self)
        self.list.setObjectName("modelList")
        self.list.setModel(self._filter)
        self.list.setItemDelegate(ModelEntryDelegate(self.list))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setUniformItemSizes(False)
        self.list.setMouseTracking(True)
        self.list.setAccessibleName("Models")
        self.list.setFrameShape(QListView.Shape.NoFrame)

        self.count_label = muted_label(parent=self)
        self.empty_label = muted_label("No models match your search.", self)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.empty_label.setWordWrap(True)
        self.empty_label.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(theme.MARGIN, theme.MARGIN, theme.MARGIN - 4, 0)
        layout.setSpacing(theme.SPACING)
        layout.addLayout(pane_header("Models", self.count_label))
        layout.addWidget(self.search)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.list, 1)
        layout.addStretch(0)  # takes the room only while the list is hidden (empty state)

        focus = QShortcut(
            QKeySequence.StandardKey.Find, self, context=Qt.ShortcutContext.WindowShortcut
        )
        focus.activated.connect(self._on_find_shortcut_activated)

        self.search.installEventFilter(self)
        self.list.installEventFilter(self)
        self.search.textChanged.connect(self._on_search_text_changed)
        self.list.clicked.connect(self._on_list_clicked)
        self.list.activated.connect(self._on_list_activated)
        self._update_count()

    # -- public API -------------------------------------------------------------------------

    def set_models(self, records: Sequence[ModelRecord]) -> None:
        """Show these models (non-audio ones are left out); keeps the pick when it survives."""
        self._catalog.set_entries(build_entries(records))
        if self._picked is not None and self._catalog.row_of(self._picked) < 0:
            self._picked = None
        self._after_filter()

    def set_cost_hint(self, cost_hint: CostHint | None) -> None:
        self._catalog.set_cost_hint(cost_hint)

    def refresh_costs(self) -> None:
        self._catalog.refresh_costs()

    def select_model(self, model_id: str) -> bool:
        """Make ``model_id`` the picked model without emitting; False when it is not listed."""
        row = self._catalog.row_of(model_id)
        if row < 0:
            return False
        if not self._filter.mapFromSource(self._catalog.index(row)).isValid():
            self.search.clear()  # the pick must be visible, so drop a query that hides it
        self._picked = model_id
        self._set_current(self._filter.mapFromSource(self._catalog.index(row)))
        return True

    def current_model_id(self) -> str | None:
        return self._picked

    def highlighted_model_id(self) -> str | None:
        """The row the keyboard is on (not yet picked)."""
        value = self.list.currentIndex().data(MODEL_ID_ROLE)
        return value if isinstance(value, str) else None

    def model_ids(self) -> list[str]:
        return [e.model_id for e in self._catalog.entries()]

    def visible_model_ids(self) -> list[str]:
        rows = (self._filter.index(r, 0) for r in range(self._filter.rowCount()))
        return [i.data(MODEL_ID_ROLE) for i in rows if i.data(MODEL_ID_ROLE)]

    # -- behaviour --------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # A pick made before the first layout scrolled a zero-height list; redo it for real.
        current = self.list.currentIndex()
        if current.isValid():
            self.list.scrollToTop()
            self.list.scrollTo(current, QAbstractItemView.ScrollHint.EnsureVisible)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or watched not in (self.search, self.list):
            return super().eventFilter(watched, event)
        assert isinstance(event, QKeyEvent)
        key = event.key()
        if key in _NAVIGATION_KEYS and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self._move(key)
            return True
        if watched is self.search:
            if key in _PICK_KEYS:
                self._pick(self.list.currentIndex())
                return True
            if key == Qt.Key.Key_Escape and self.search.text():
                self.search.clear()
                return True
        return super().eventFilter(watched, event)

    def _entry_rows(self) -> list[int]:
        return [
            row
            for row in range(self._filter.rowCount())
            if self._filter.index(row, 0).data(MODEL_ID_ROLE)
        ]

    def _page_size(self, rows: list[int]) -> int:
        tallest = max((self.list.sizeHintForRow(r) for r in rows[:8]), default=1)
        return max(1, self.list.viewport().height() // max(1, tallest) - 1)

    def _move(self, key: int) -> None:
        """Step through entries only (headers are skipped); pages move by a screenful."""
        rows = self._entry_rows()
        if not rows:
            return
        current = self.list.currentIndex().row()
        if current not in rows:
            self._set_current(self._filter.index(rows[0], 0))
            return
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            step = -1 if key == Qt.Key.Key_Up else 1
        else:
            page = self._page_size(rows)
            step = -page if key == Qt.Key.Key_PageUp else page
        position = min(len(rows) - 1, max(0, rows.index(current) + step))
        self._set_current(self._filter.index(rows[position], 0))

    def _on_find_shortcut_activated(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _on_search_text_changed(self, text: str) -> None:
        self._filter.set_query(text)
        self._after_filter()

    def _on_list_clicked(self, index: QModelIndex) -> None:
        self._pick(index)

    def _on_list_activated(self, index: QModelIndex) -> None:
        self._pick(index)

    def _pick(self, index: QModelIndex) -> None:
        model_id = index.data(MODEL_ID_ROLE) if index.isValid() else None
        if not isinstance(model_id, str):
            return
        self._set_current(index)
        if model_id != self._picked:
            self._picked = model_id
            self.sig_model_selected.emit(model_id)

    def _after_filter(self) -> None:
        """Keep a sensible highlight: the picked model if visible, else the best match."""
        target = QModelIndex()
        if self._picked is not None:
            row = self._catalog.row_of(self._picked)
            if row >= 0:
                target = self._filter.mapFromSource(self._catalog.index(row))
        if not target.isValid() and self._filter.query():
            target = self._first_entry()
        self._set_current(target)
        self._update_count()

    def _first_entry(self) -> QModelIndex:
        for row in range(self._filter.rowCount()):
            index = self._filter.index(row, 0)
            if index.data(MODEL_ID_ROLE):
                return index
        return QModelIndex()

    def _set_current(self, index: QModelIndex) -> None:
        selection = self.list.selectionModel()
        if index.isValid():
            selection.setCurrentIndex(
                index, selection.SelectionFlag.ClearAndSelect | selection.SelectionFlag.Current
            )
            self.list.scrollTo(index)
        else:
            selection.clearSelection()
            selection.setCurrentIndex(QModelIndex(), selection.SelectionFlag.NoUpdate)

    def _update_count(self) -> None:
        total = len(self._catalog.entries())
        shown = self._filter.entry_count()
        self.count_label.setText(f"{shown} of {total}" if shown != total else str(total))
        nothing = total > 0 and shown == 0
        self.empty_label.setVisible(nothing)
        self.list.setVisible(not nothing)
