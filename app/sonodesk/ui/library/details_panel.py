"""The details of the current take: editable title, rating, favourite, tags and notes, what
made it (model, seed, cost, format, parameters) and the actions on it.

Shows a LibraryTake it is handed and emits the user's edits as ``sig_*_requested``; the page
writes them to the library. Action buttons are public for the page to wire.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sonodesk.core.library import LibraryTake
from sonodesk.core.library import display as text
from sonodesk.core.library.tags import clean_tags
from sonodesk.ui import theme
from sonodesk.ui.form.chip_box import ChipBox
from sonodesk.ui.form.style import monospace_font
from sonodesk.ui.icons import icon
from sonodesk.ui.library.rating_widgets import HeartButton, StarRating
from sonodesk.ui.widgets.common import muted_label, pane_title

NOTES_PAUSE_MS = 800  # notes save after this much quiet typing, and when focus leaves them


class NotesEdit(QPlainTextEdit):
    """Multi-line notes that report losing focus (the moment to save)."""

    sig_focus_lost = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.sig_focus_lost.emit()


def _parse_tags(typed: str) -> list[object]:
    tags = clean_tags(typed.replace(";", ",").split(","))
    if not tags:
        raise ValueError("A tag needs at least one letter or digit.")
    return list(tags)


class DetailsPanel(QWidget):
    """Everything about one take. ``take_id`` is the take shown (None when empty)."""

    sig_rename_requested = Signal(str, str)
    sig_rating_requested = Signal(str, int)
    sig_favorite_requested = Signal(str, bool)
    sig_tags_requested = Signal(str, list)
    sig_notes_requested = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("takeDetails")
        self.take_id: str | None = None
        self._title = ""
        self._notes = ""
        self._notes_timer = QTimer(self)
        self._notes_timer.setSingleShot(True)
        self._notes_timer.setInterval(NOTES_PAUSE_MS)
        self._notes_timer.timeout.connect(self.flush_notes)
        self._build()
        self.show_take(None)

    # -- building ----------------------------------------------------------------------------

    def _button(self, label: str, icon_name: str, name: str, tip: str) -> QPushButton:
        button = QPushButton(icon(icon_name), label, self)
        button.setObjectName(name)
        button.setToolTip(tip)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        return button

    def _build(self) -> None:
        self.selection_label = muted_label(parent=self)
        self.title_edit = QLineEdit(self)
        self.title_edit.setObjectName("takeTitle")
        self.title_edit.setFont(theme.scaled(self.font(), 1.25, bold=True))
        self.title_edit.setPlaceholderText("Title")
        self.title_edit.setAccessibleName("Title")
        self.title_edit.editingFinished.connect(self._on_title_editing_finished)
        self.title_edit.installEventFilter(self)
        self.favorite = HeartButton("Favorite", 15.0, self)
        self.favorite.setObjectName("takeFavorite")
        self.favorite.clicked.connect(self._on_favorite_clicked)
        self.rating = StarRating(16.0, self)
        self.rating.setObjectName("takeRating")
        self.rating.sig_rating_changed.connect(self._on_rating_changed)
        self.tags = ChipBox(_parse_tags, str, max_items=64, placeholder="Add a tag, press Enter")
        self.tags.setObjectName("takeTags")
        self.tags.sig_items_changed.connect(self._on_tags_changed)
        self.notes = NotesEdit(self)
        self.notes.setObjectName("takeNotes")
        self.notes.setPlaceholderText("Notes — what works, what to fix, where it goes")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(76)
        self.notes.textChanged.connect(self._notes_timer.start)
        self.notes.sig_focus_lost.connect(self.flush_notes)

        self.info: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(5)
        for row, name in enumerate(
            ("Model", "Provider", "Seed", "Cost", "Length", "Format", "Created")
        ):
            key = muted_label(name, self)
            value = QLabel(self)
            value.setObjectName(f"info:{name.lower()}")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setFont(theme.tabular(value.font()))
            value.setWordWrap(True)
            grid.addWidget(key, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(value, row, 1)
            self.info[name.lower()] = value
        grid.setColumnStretch(1, 1)

        self.params = QPlainTextEdit(self)
        self.params.setObjectName("takeParams")
        self.params.setReadOnly(True)
        self.params.setFont(monospace_font(theme.scaled(self.font(), 0.9)))
        self.params.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.params.setFixedHeight(112)
        self.copy_params = QToolButton(self)
        self.copy_params.setObjectName("copyParams")
        self.copy_params.setText("Copy")
        self.copy_params.setAutoRaise(True)
        self.copy_params.setToolTip("Copy the parameters as JSON")
        self.copy_params.clicked.connect(self._on_copy_params_clicked)

        self.play_button = self._button("Play", "play", "takePlay", "Play this take (Enter)")
        self.play_button.setDefault(True)
        self.use_params_button = self._button(
            "Use params", "open", "takeUseParams", "Load these parameters into the form"
        )
        self.rerun_button = self._button(
            "Re-run", "retry", "takeRerun", "Generate again with the same seed"
        )
        self.variation_button = self._button(
            "Variation", "dice", "takeVariation", "Generate again with a new seed"
        )
        self.export_button = self._button(
            "Export…", "export", "takeExport", "Export the selected takes"
        )
        self.reveal_button = self._button(
            "Reveal", "reveal", "takeReveal", "Show the file in the file manager"
        )
        self.compare_button = self._button(
            "Compare A/B",
            "audio-to-audio",
            "takeCompare",
            "Select two takes to compare them at equal loudness",
        )
        self.trash_button = self._button(
            "Trash", "trash", "takeTrash", "Move the selected takes to the trash (Delete)"
        )
        actions = QGridLayout()
        actions.setSpacing(6)
        for index, button in enumerate(
            (
                self.play_button,
                self.use_params_button,
                self.rerun_button,
                self.variation_button,
                self.compare_button,
                self.export_button,
                self.reveal_button,
                self.trash_button,
            )
        ):
            actions.addWidget(button, index // 2, index % 2)

        form = QWidget(self)
        column = QVBoxLayout(form)
        column.setContentsMargins(0, 0, 6, theme.MARGIN)
        column.setSpacing(theme.SPACING)
        column.addWidget(self.title_edit)
        marks = QHBoxLayout()
        marks.setSpacing(theme.SPACING)
        marks.addWidget(self.rating)
        marks.addStretch(1)
        marks.addWidget(self.favorite)
        column.addLayout(marks)
        column.addLayout(actions)
        column.addSpacing(4)
        column.addWidget(pane_title("Tags", form))
        column.addWidget(self.tags)
        column.addWidget(pane_title("Notes", form))
        column.addWidget(self.notes)
        column.addSpacing(4)
        column.addWidget(pane_title("Made with", form))
        column.addLayout(grid)
        params_head = QHBoxLayout()
        params_head.addWidget(pane_title("Parameters", form))
        params_head.addStretch(1)
        params_head.addWidget(self.copy_params)
        column.addSpacing(4)
        column.addLayout(params_head)
        column.addWidget(self.params)
        column.addStretch(1)

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(form)
        self.empty_label = muted_label("Select a take to see how it was made.", self)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self._stack = QStackedWidget(self)
        self._stack.addWidget(self.empty_label)
        self._stack.addWidget(scroll)

        header = QHBoxLayout()
        header.addWidget(pane_title("Take", self))
        header.addStretch(1)
        header.addWidget(self.selection_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(theme.MARGIN, theme.MARGIN, theme.MARGIN - 4, 0)
        layout.setSpacing(theme.SPACING)
        layout.addLayout(header)
        layout.addWidget(self._stack, 1)

    # -- public API --------------------------------------------------------------------------

    def show_take(self, take: LibraryTake | None, selected: int = 1) -> None:
        """Show ``take`` (None: the empty state); pending notes of the previous one are saved."""
        switching = take is None or take.id != self.take_id
        if switching:
            self.flush_notes()
        self.take_id = take.id if take is not None else None
        self.set_selection_count(selected if take is not None else 0)
        if take is None:
            self._stack.setCurrentIndex(0)
            return
        self._stack.setCurrentIndex(1)
        record = take.record
        if switching or not self.title_edit.hasFocus():
            self.title_edit.setText(take.title)  # a rename being typed is left alone
            self.title_edit.setCursorPosition(0)
        self._title = take.title
        self.rating.set_value(take.rating)
        self.favorite.setChecked(take.favorite)
        if self.tags.items() != list(take.tags):
            self.tags.set_items(list(take.tags))
        if switching or not self.notes.hasFocus():
            self._notes = take.notes
            self.notes.blockSignals(True)
            self.notes.setPlainText(take.notes)
            self.notes.blockSignals(False)
        values = {
            "model": text.model_text(record.model_name, record.model_id),
            "provider": text.provider_text(record.provider),
            "seed": text.seed_text(record.seed),
            "cost": text.cost_text(record.cost, record.provider),
            "length": text.duration_text(record.duration),
            "format": text.format_text(record.file_format, record.sample_rate, record.channels),
            "created": text.created_full(record.created_at),
        }
        for key, value in values.items():
            self.info[key].setText(value)
        self.params.setPlainText(text.params_text(record.params))
        self.rerun_button.setEnabled(record.seed is not None or "seed" in record.params)

    def set_selection_count(self, selected: int) -> None:
        self.selection_label.setText(f"{selected:,} selected" if selected > 1 else "")
        self.compare_button.setEnabled(selected == 2)
        has_take = self.take_id is not None
        for button in (
            self.play_button,
            self.use_params_button,
            self.variation_button,
            self.reveal_button,
        ):
            button.setEnabled(has_take)
        for button in (self.export_button, self.trash_button):
            button.setEnabled(has_take or selected > 0)

    def flush_notes(self) -> None:
        """Save the notes now if they changed (a pause in typing, focus leaving, a new take)."""
        self._notes_timer.stop()
        if self.take_id is None:
            return
        current = self.notes.toPlainText()
        if current.strip() != self._notes.strip():
            self._notes = current
            self.sig_notes_requested.emit(self.take_id, current)

    # -- internals ---------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.title_edit and event.type() == QEvent.Type.ShortcutOverride:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Escape and self.title_edit.text() != self._title:
                event.accept()  # Esc reverts the rename here, instead of stopping playback
                return True
        if watched is self.title_edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Escape and self.title_edit.text() != self._title:
                self.title_edit.setText(self._title)  # Esc abandons an unsaved rename
                return True
        return super().eventFilter(watched, event)

    def _on_title_editing_finished(self) -> None:
        typed = self.title_edit.text()
        if self.take_id is not None and typed.strip() and typed.strip() != self._title:
            self._title = typed.strip()
            self.sig_rename_requested.emit(self.take_id, typed)
        elif not typed.strip():
            self.title_edit.setText(self._title)

    def _on_favorite_clicked(self, checked: bool) -> None:
        if self.take_id is not None:
            self.sig_favorite_requested.emit(self.take_id, checked)

    def _on_rating_changed(self, rating: int) -> None:
        if self.take_id is not None:
            self.sig_rating_requested.emit(self.take_id, rating)

    def _on_tags_changed(self) -> None:
        if self.take_id is not None:
            self.sig_tags_requested.emit(self.take_id, [str(t) for t in self.tags.items()])

    def _on_copy_params_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.params.toPlainText())
