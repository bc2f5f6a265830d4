"""LibraryTable: the keyboard-first table of takes — arrows move, Space and Esc stay the
player's, typing goes to the search field, rows drag out as files, headers sort.

A view only: it knows the model's columns and roles, never the library or the player.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPoint,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QDrag,
    QFocusEvent,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPalette,
    QPixmap,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from sonodesk.core.library import display as text
from sonodesk.ui import theme
from sonodesk.ui.library.columns import ASCENDING_FIRST, HEADERS, SORT_KEYS, Column, column_for
from sonodesk.ui.library.library_model import LibraryModel
from sonodesk.ui.library.take_delegate import ROW_HEIGHT, TakeDelegate, header_font
from sonodesk.ui.widgets.paint import with_alpha

# Widths at the default window size; the title column takes whatever is left.
COLUMN_WIDTHS = {
    Column.FAVORITE: 32,
    Column.MODEL: 118,
    Column.PROMPT: 220,
    Column.DURATION: 66,
    Column.CREATED: 90,
    Column.COST: 70,
    Column.RATING: 80,
    Column.TAGS: 108,
}
VISUAL_ORDER = (
    Column.FAVORITE,
    Column.TITLE,
    Column.RATING,
    Column.DURATION,
    Column.MODEL,
    Column.TAGS,
    Column.CREATED,
    Column.COST,
    Column.PROMPT,
)
# The prompt already shows under each title; its own column is there for wide windows.
HIDDEN_BY_DEFAULT = (Column.PROMPT,)
_TRANSPORT_KEYS = (Qt.Key.Key_Space, Qt.Key.Key_Escape)
_RATING_KEYS = frozenset("012345")


class LibraryTable(QTableView):
    """Rows of takes. ``user_input`` is True while a key or click of the user is being handled,
    so the page can tell a selection the user made (audition it) from one it set itself.
    Digits 0-5 rate the current take; other typing goes to the search field."""

    sig_typed_text = Signal(str)  # printable keys typed into the table
    sig_play_requested = Signal()  # Enter or double-click on a row
    sig_rating_pressed = Signal(int)  # 0-5 typed on a row, as in photo and sample browsers

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("libraryTable")
        self.setAccessibleName("Takes")
        self.hover_row = -1
        self.hover_point: QPointF | None = None
        self.user_input = False
        self.auto_repeat = False
        self._sorting = False
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)  # Tab leaves the table, as in any sample browser
        self.setCornerButtonEnabled(False)
        self.setMouseTracking(True)
        self.setFrameShape(QTableView.Shape.NoFrame)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.setItemDelegate(TakeDelegate(self))
        rows = self.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(ROW_HEIGHT)
        header = self.horizontalHeader()
        header.setFont(header_font(self))
        header.setHighlightSections(False)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setFixedHeight(30)
        header.setMinimumSectionSize(28)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._on_header_menu_requested)
        header.sortIndicatorChanged.connect(self._on_header_sort_indicator_changed)

    @property
    def delegate(self) -> TakeDelegate:
        delegate = self.itemDelegate()
        assert isinstance(delegate, TakeDelegate)
        return delegate

    def setModel(self, model: object) -> None:  # type: ignore[override]
        super().setModel(model)  # type: ignore[arg-type]
        self._configure_columns()

    def select_rows(self, rows: list[int], *, current: int) -> None:
        """Select whole rows, make ``current`` the current one and scroll it into view."""
        model, selection = self.model(), self.selectionModel()
        if model is None or selection is None:
            return
        block = QItemSelection()
        last = model.columnCount() - 1
        for row in rows:
            block.select(model.index(row, 0), model.index(row, last))
        flags = QItemSelectionModel.SelectionFlag
        selection.setCurrentIndex(model.index(current, 0), flags.NoUpdate)
        selection.select(block, flags.ClearAndSelect | flags.Rows)
        self.scrollTo(model.index(current, 0), QAbstractItemView.ScrollHint.EnsureVisible)

    def selected_rows(self) -> list[int]:
        """Selected row numbers in order, from the selection's ranges (cheap for 10,000)."""
        rows: list[int] = []
        for selected in self.selectionModel().selection():
            rows.extend(range(selected.top(), selected.bottom() + 1))
        return sorted(set(rows))

    def selected_count(self) -> int:
        return sum(r.height() for r in self.selectionModel().selection())

    # -- columns and sorting -----------------------------------------------------------------

    def _configure_columns(self) -> None:
        header = self.horizontalHeader()
        for column, width in COLUMN_WIDTHS.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        header.setSectionResizeMode(Column.FAVORITE, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(Column.TITLE, QHeaderView.ResizeMode.Stretch)
        for visual, column in enumerate(VISUAL_ORDER):
            header.moveSection(header.visualIndex(column), visual)
        for column in HIDDEN_BY_DEFAULT:
            self.setColumnHidden(column, True)
        model = self.model()
        if isinstance(model, LibraryModel):
            self.show_sort(model)

    def show_sort(self, model: LibraryModel) -> None:
        """Put the header's sort arrow where the model's query sorts."""
        column = column_for(model.query.sort_key)
        order = (
            Qt.SortOrder.DescendingOrder if model.query.sort_desc else (Qt.SortOrder.AscendingOrder)
        )
        self._sorting = True
        try:
            if column is None:
                self.horizontalHeader().setSortIndicator(-1, order)
            else:
                self.horizontalHeader().setSortIndicator(column, order)
        finally:
            self._sorting = False

    def _on_header_sort_indicator_changed(self, section: int, order: Qt.SortOrder) -> None:
        if self._sorting:
            return
        model = self.model()
        if not isinstance(model, LibraryModel):
            return
        current = column_for(model.query.sort_key)
        if section < 0 or Column(section) not in SORT_KEYS:
            self.show_sort(model)  # the heart, prompt and tags columns do not sort
            return
        if section != current:
            # A new column starts in its natural direction, whatever the header flipped to.
            order = (
                Qt.SortOrder.AscendingOrder
                if Column(section) in ASCENDING_FIRST
                else Qt.SortOrder.DescendingOrder
            )
        model.sort(section, order)
        self.show_sort(model)

    def _on_header_menu_requested(self, point: QPoint) -> None:
        menu = QMenu(self)
        for column in VISUAL_ORDER:
            if column is Column.FAVORITE:
                continue
            action = QAction(HEADERS[column], menu, checkable=True)
            action.setChecked(not self.isColumnHidden(column))
            action.setEnabled(column is not Column.TITLE)
            action.toggled.connect(lambda on, c=column: self.setColumnHidden(c, not on))
            menu.addAction(action)
        menu.popup(self.horizontalHeader().mapToGlobal(point))

    # -- keys --------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if key in _TRANSPORT_KEYS and plain:
            # Space must not toggle the selection: it belongs to the player, like Esc.
            event.ignore()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
            self.sig_play_requested.emit()
            return
        typed = event.text()
        if plain and typed in _RATING_KEYS:
            self.sig_rating_pressed.emit(int(typed))
            return
        if (
            typed
            and typed.isprintable()
            and not typed.isspace()
            and not event.modifiers()
            & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        ):
            self.sig_typed_text.emit(typed)
            return
        self.user_input, self.auto_repeat = True, event.isAutoRepeat()
        try:
            super().keyPressEvent(event)
        finally:
            self.user_input = False

    def moveCursor(
        self, cursorAction: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        # Rows are the items here: Home and End go to the first and last take, not column.
        if cursorAction in (
            QAbstractItemView.CursorAction.MoveHome,
            QAbstractItemView.CursorAction.MoveEnd,
        ):
            modifiers |= Qt.KeyboardModifier.ControlModifier
        return super().moveCursor(cursorAction, modifiers)

    def focusInEvent(self, event: QFocusEvent) -> None:
        had_current = self.currentIndex().isValid()
        super().focusInEvent(event)
        if not had_current and not self.selectionModel().hasSelection():
            # Qt parks the cursor on row 0 when focus arrives; in a sample browser the first
            # Down must select (and play) the first take instead of skipping it.
            self.selectionModel().setCurrentIndex(
                QModelIndex(), QItemSelectionModel.SelectionFlag.NoUpdate
            )

    def keyboardSearch(self, search: str) -> None:
        """Off: Qt's type-ahead would read every row of a 10,000-take library."""

    # -- mouse -------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.user_input, self.auto_repeat = True, False
        try:
            super().mousePressEvent(event)
        finally:
            self.user_input = False

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        super().mouseDoubleClickEvent(event)
        if self.indexAt(event.position().toPoint()).isValid():
            self.sig_play_requested.emit()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self._set_hover(self.rowAt(round(event.position().y())), event.position())
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: object) -> None:
        self._set_hover(-1, None)
        super().leaveEvent(event)  # type: ignore[arg-type]

    def _set_hover(self, row: int, point: QPointF | None) -> None:
        previous = self.hover_row
        self.hover_row, self.hover_point = row, point
        for changed in {previous, row}:
            if changed >= 0:
                self.viewport().update(self._row_rect(changed))

    def _row_rect(self, row: int) -> QRect:
        return QRect(0, self.rowViewportPosition(row), self.viewport().width(), ROW_HEIGHT)

    # -- drag out ----------------------------------------------------------------------------

    def startDrag(self, supported: Qt.DropAction) -> None:
        """Drag the selected takes' audio files (a DAW or file manager receives real files)."""
        model = self.model()
        selection = self.selectionModel()
        if model is None or selection is None:
            return
        rows = selection.selectedRows()
        mime = model.mimeData(rows)
        if not mime.urls():
            return
        drag = QDrag(self)
        drag.setMimeData(mime)
        drag.setPixmap(self._drag_pixmap(len(mime.urls()), rows[0].data() if rows else ""))
        drag.exec(Qt.DropAction.CopyAction, Qt.DropAction.CopyAction)

    def _drag_pixmap(self, count: int, title: str) -> QPixmap:
        label = str(title) if count == 1 else text.count_text(count)
        font = theme.scaled(self.font(), 0.95, bold=True)
        metrics = QFontMetrics(font)
        width = min(320, metrics.horizontalAdvance(label) + 28)
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap(QSize(round(width * ratio), round(30 * ratio)))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        accent = theme.colors().accent
        painter.setPen(accent)
        painter.setBrush(with_alpha(self.palette().color(QPalette.ColorRole.Base), 0.92))
        painter.drawRoundedRect(QRectF(0.5, 0.5, width - 1, 29), 8, 8)
        painter.setFont(font)
        painter.setPen(self.palette().color(QPalette.ColorRole.Text))
        shown = metrics.elidedText(label, Qt.TextElideMode.ElideRight, width - 24)
        painter.drawText(QRectF(12, 0, width - 24, 30), Qt.AlignmentFlag.AlignVCenter, shown)
        painter.end()
        return pixmap
