"""The library page's layout: filters | toolbar, notices, A/B panel and table | details.

Builds, places and exposes the widgets; wiring and behaviour are LibraryPage's.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from sonodesk.ui import theme
from sonodesk.ui.icons import icon
from sonodesk.ui.library.compare_panel import ComparePanel
from sonodesk.ui.library.details_panel import DetailsPanel
from sonodesk.ui.library.filter_sidebar import FilterSidebar
from sonodesk.ui.library.library_model import LibraryModel
from sonodesk.ui.library.library_table import LibraryTable
from sonodesk.ui.widgets.common import muted_label
from sonodesk.ui.widgets.notice_bar import NoticeBar

SIDEBAR_WIDTH = 212
DETAILS_WIDTH = 300
KEYS_HINT = "↑↓ audition · Space play/pause · Esc stop · 0–5 rate · Del trash"


class LibraryPageLayout(QVBoxLayout):
    """Every widget of the page, as public attributes."""

    def __init__(self, page: QWidget, model: LibraryModel, compare_panel: ComparePanel) -> None:
        super().__init__(page)
        self.setContentsMargins(0, 0, 0, 0)
        self.sidebar = FilterSidebar(page)
        self.table = LibraryTable(page)
        self.table.setModel(model)
        self.details = DetailsPanel(page)
        self.compare_panel = compare_panel
        self.notice = NoticeBar(page)
        self.audition_toggle = QCheckBox("Audition on select", page)
        self.audition_toggle.setObjectName("auditionToggle")
        self.audition_toggle.setIcon(icon("volume"))
        self.audition_toggle.setChecked(True)
        self.audition_toggle.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.audition_toggle.setToolTip("Play each take as soon as it is selected")
        self.empty_label = muted_label("", page)
        self.empty_label.setObjectName("libraryEmpty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.table_stack = QStackedWidget(page)
        self.table_stack.addWidget(self.table)
        self.table_stack.addWidget(self.empty_label)
        self.trash_action = self._trash_action()

        self.splitter = QSplitter(Qt.Orientation.Horizontal, page)
        self.splitter.setObjectName("librarySplitter")
        self.splitter.setChildrenCollapsible(False)
        for pane, stretch, minimum in (
            (self.sidebar, 0, 190),
            (self._center(page), 1, 420),
            (self.details, 0, 260),
        ):
            pane.setMinimumWidth(minimum)
            self.splitter.addWidget(pane)
            self.splitter.setStretchFactor(self.splitter.indexOf(pane), stretch)
        self.splitter.setSizes([SIDEBAR_WIDTH, 1280 - SIDEBAR_WIDTH - DETAILS_WIDTH, DETAILS_WIDTH])
        self.addWidget(self.splitter)

    def _center(self, page: QWidget) -> QWidget:
        hint = muted_label(KEYS_HINT, page)
        hint.setObjectName("libraryKeysHint")
        toolbar = QHBoxLayout()
        toolbar.setContentsMargins(theme.MARGIN, 8, theme.MARGIN, 6)
        toolbar.setSpacing(theme.SPACING)
        toolbar.addWidget(self.audition_toggle)
        toolbar.addStretch(1)
        toolbar.addWidget(hint)
        notices = QVBoxLayout()
        notices.setContentsMargins(theme.MARGIN, 0, theme.MARGIN, 6)
        notices.setSpacing(6)
        notices.addWidget(self.notice)
        notices.addWidget(self.compare_panel)
        center = QWidget(page)
        center.setObjectName("libraryCenter")
        column = QVBoxLayout(center)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addLayout(toolbar)
        column.addLayout(notices)
        column.addWidget(self.table_stack, 1)
        return center

    def _trash_action(self) -> QAction:
        action = QAction("Move to trash", self.table)
        # Delete everywhere, plus the platform's own (Cmd+Backspace on macOS), each once:
        # the same key bound twice would be ambiguous and trigger nothing.
        keys = [QKeySequence(Qt.Key.Key_Delete)]
        for key in QKeySequence.keyBindings(QKeySequence.StandardKey.Delete):
            if key not in keys:
                keys.append(key)
        action.setShortcuts(keys)
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.table.addAction(action)
        return action

    def show_empty(self, message: str | None) -> None:
        """The table, or a sentence in its place when there is nothing to list."""
        if message is None:
            self.table_stack.setCurrentWidget(self.table)
        else:
            self.empty_label.setText(message)
            self.table_stack.setCurrentWidget(self.empty_label)
