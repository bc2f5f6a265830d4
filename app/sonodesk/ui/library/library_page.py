"""LibraryPage: browse every take like a sample library — filter, audition with the arrow keys,
edit, compare A/B, drag to the DAW, trash with undo.

Given the Library and the QtPlayer only. Edits, trash and votes go to the library; playback
goes to the player; re-runs and exports leave as ``sig_*_requested`` for the window to act on.
"""

from __future__ import annotations

import contextlib
import html
import random
import time
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QWidget

from sonodesk.core.errors import SonodeskError
from sonodesk.core.library import Library, RerunRequest, rerun_params
from sonodesk.ui.library import file_actions
from sonodesk.ui.library.audition import Auditioner
from sonodesk.ui.library.compare_panel import ComparePanel
from sonodesk.ui.library.library_model import LibraryModel
from sonodesk.ui.library.page_layout import LibraryPageLayout
from sonodesk.ui.library.page_style import page_style_sheet
from sonodesk.ui.library.take_delegate import ROW_HEIGHT
from sonodesk.ui.library.trash_flow import TrashFlow
from sonodesk.ui.player.qt_player import QtPlayer

T = TypeVar("T")
FACETS_REFRESH_MS = 250  # model and tag counts refresh once a burst of changes settles


class LibraryPage(QWidget):
    """The library of takes. Public: ``take_added``, ``refresh``, ``select_take``,
    ``selected_take_ids``, ``current_take_id``, ``play_current``, ``compare``,
    ``move_to_trash``, ``undo_trash``, ``set_audition_on_select``."""

    sig_use_params_requested = Signal(object)  # RerunRequest (exact when the seed is known)
    sig_rerun_requested = Signal(object)  # RerunRequest: same seed, or a new one (variation)
    sig_export_requested = Signal(list)  # take ids

    def __init__(
        self, library: Library, player: QtPlayer, *, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("libraryPage")
        self.library = library
        self.player = player
        self.rng = random.Random()
        self.clock: Callable[[], float] = time.time
        self.last_query_seconds = 0.0  # how long the last filter change took (diagnostics)
        self._current_id: str | None = None
        self._total = 0
        self._facets_stale = False
        self.model = LibraryModel(library, clock=lambda: self.clock(), parent=self)
        self.compare_panel = ComparePanel(library, player)
        view = LibraryPageLayout(self, self.model, self.compare_panel)
        self.view = view
        self.sidebar, self.table, self.details = view.sidebar, view.table, view.details
        self.notice, self.audition_toggle = view.notice, view.audition_toggle
        self.auditioner = Auditioner(self.model, player, self.compare_panel, self)
        self.trash_flow = TrashFlow(library, self.model, self.notice, self._select_rows, self)
        self.undo_shortcut = QShortcut(QKeySequence.StandardKey.Undo, self)
        self.undo_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        # Only active while the page is shown, so it never clashes with another page's Find.
        self.find_shortcut = QShortcut(QKeySequence.StandardKey.Find, self)
        self.find_shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self._facets_timer = QTimer(self)
        self._facets_timer.setSingleShot(True)
        self._facets_timer.setInterval(FACETS_REFRESH_MS)
        self._connect_callbacks()
        self._refresh_facets()
        self._after_rows_changed()
        self.setStyleSheet(page_style_sheet())

    def _connect_callbacks(self) -> None:
        selection = self.table.selectionModel()
        selection.currentRowChanged.connect(self._on_table_current_row_changed)
        selection.selectionChanged.connect(self._on_table_selection_changed)
        self.model.modelReset.connect(self._on_model_reset)
        self.table.sig_typed_text.connect(self.sidebar.focus_search)
        self.table.sig_play_requested.connect(self.play_current)
        self.table.sig_rating_pressed.connect(self._on_table_rating_pressed)
        self.find_shortcut.activated.connect(self.sidebar.focus_search)
        self.table.delegate.sig_favorite_clicked.connect(self._on_take_favorite_requested)
        self.table.delegate.sig_rating_clicked.connect(self._on_take_rating_requested)
        self.sidebar.sig_filters_changed.connect(self._on_sidebar_filters_changed)
        d = self.details
        d.sig_rename_requested.connect(self._on_details_rename_requested)
        d.sig_rating_requested.connect(self._on_take_rating_requested)
        d.sig_favorite_requested.connect(self._on_take_favorite_requested)
        d.sig_tags_requested.connect(self._on_details_tags_requested)
        d.sig_notes_requested.connect(self._on_details_notes_requested)
        d.play_button.clicked.connect(self.play_current)
        d.use_params_button.clicked.connect(self._on_details_use_params_clicked)
        d.rerun_button.clicked.connect(self._on_details_rerun_clicked)
        d.variation_button.clicked.connect(self._on_details_variation_clicked)
        d.export_button.clicked.connect(self._on_details_export_clicked)
        d.reveal_button.clicked.connect(self._on_details_reveal_clicked)
        d.compare_button.clicked.connect(self._on_details_compare_clicked)
        d.trash_button.clicked.connect(self._on_trash_requested)
        self.view.trash_action.triggered.connect(self._on_trash_requested)
        self.undo_shortcut.activated.connect(self._on_undo_shortcut_activated)
        self.trash_flow.sig_changed.connect(self._on_trash_flow_changed)
        self.compare_panel.sig_closed.connect(self._on_compare_panel_closed)
        self.compare_panel.sig_error.connect(self._show_error_text)
        self._facets_timer.timeout.connect(self._on_facets_timer_timeout)

    # -- public API --------------------------------------------------------------------------

    @property
    def audition_on_select(self) -> bool:
        return self.audition_toggle.isChecked()

    def set_audition_on_select(self, enabled: bool) -> None:
        self.audition_toggle.setChecked(enabled)

    def current_take_id(self) -> str | None:
        return self._current_id

    def selected_take_ids(self) -> list[str]:
        """The selected takes in row order (the current one if nothing is selected)."""
        ids = self.model.take_ids(self.table.selected_rows())
        if not ids and self._current_id is not None:
            return [self._current_id]
        return ids

    def take_added(self, take_id: str) -> None:
        """A new take is in the library: show it if it matches, keeping selection and view."""
        bar = self.table.verticalScrollBar()
        scrolled, top_row = bar.value(), self.table.rowAt(0)
        if self.model.take_added(take_id):
            row = self.model.row_of(take_id)
            if row is not None and scrolled > 0 and row <= top_row:
                bar.setValue(scrolled + ROW_HEIGHT)  # what the user was looking at stays put
        self._facets_timer.start()
        self._after_rows_changed()

    def refresh(self) -> None:
        """Read the library again (after changes made elsewhere)."""
        self.model.refresh()
        self._refresh_facets()
        self._after_rows_changed()

    def select_take(self, take_id: str) -> bool:
        """Make ``take_id`` current and visible without playing it; False if not listed."""
        row = self.model.row_of(take_id)
        if row is None:
            return False
        self._select_rows([row], row)
        return True

    def play_current(self) -> None:
        """Play the current take from the start (Enter, double-click, the Play button)."""
        if self._current_id is not None:
            self.auditioner.play(self._current_id)

    def compare(self, take_a: str, take_b: str, *, blind: bool = False) -> bool:
        """Open the A/B panel on two takes (it plays A, or X in blind mode, at once)."""
        for take_id in (take_a, take_b):
            with contextlib.suppress(KeyError):  # the panel reports a missing take
                self.auditioner.remember(take_id, self.library.audio_path(take_id))
        return self.compare_panel.start(take_a, take_b, blind=blind)

    def move_to_trash(self, take_ids: list[str] | None = None) -> bool:
        """Trash the takes (the selection by default); a notice offers Undo (also Ctrl+Z)."""
        ids = take_ids if take_ids is not None else self.selected_take_ids()
        if not ids:
            return False
        self.details.flush_notes()
        comparison = self.compare_panel.comparison
        if comparison is not None and {comparison.take_a, comparison.take_b} & set(ids):
            self.compare_panel.close_compare()
        if self.auditioner.heard_take() in ids:
            self.player.unload()  # an open file cannot be moved on every system
        return self.trash_flow.trash(ids)

    def undo_trash(self) -> bool:
        """Bring back what the last Move to trash took away."""
        return self.trash_flow.undo()

    # -- selection and auditioning -----------------------------------------------------------

    def _select_rows(self, rows: list[int], current: int) -> None:
        self.table.select_rows(rows, current=current)

    def _on_table_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        take_id = self.model.take_id(current.row()) if current.isValid() else None
        if take_id == self._current_id:
            return
        self._current_id = take_id
        self._show_details()
        # Only what the user chose plays: not a row selected by code or after a deletion.
        if take_id is not None and self.table.user_input and self.audition_on_select:
            self.auditioner.selected(take_id, held_key=self.table.auto_repeat)

    def _on_table_selection_changed(self, _selected: object, _deselected: object) -> None:
        self.details.set_selection_count(self.table.selected_count())

    def _on_model_reset(self) -> None:
        # Filters changed (or a full refresh): keep the current take if it is still listed.
        row = self.model.row_of(self._current_id) if self._current_id else None
        if row is not None:
            self._select_rows([row], row)
        else:
            self._current_id = None
            self._show_details()

    def _on_compare_panel_closed(self) -> None:
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- details and edits -------------------------------------------------------------------

    def _show_details(self) -> None:
        take = None
        if self._current_id is not None:
            with contextlib.suppress(KeyError):
                take = self.library.take(self._current_id)
        self.details.show_take(take, self.table.selected_count())

    def _edit(self, take_id: str, apply: Callable[[], T]) -> T | None:
        try:
            outcome = self.model.edit_takes([take_id], apply)
        except SonodeskError as exc:
            self._show_error_text(exc.full_text())
            self._show_details()  # put the widgets back to what is stored
            return None
        notice = getattr(outcome, "notice", None)
        if notice:
            self.notice.show_notice(html.escape(notice), kind="warning")
        if take_id == self._current_id:
            self._show_details()
        self._after_rows_changed()
        return outcome

    def _on_take_favorite_requested(self, take_id: str, favorite: bool) -> None:
        self._edit(take_id, lambda: self.library.set_favorite([take_id], favorite))

    def _on_take_rating_requested(self, take_id: str, rating: int) -> None:
        self._edit(take_id, lambda: self.library.rate([take_id], rating))

    def _on_table_rating_pressed(self, rating: int) -> None:
        if self._current_id is not None:
            self._on_take_rating_requested(self._current_id, rating)

    def _on_details_rename_requested(self, take_id: str, title: str) -> None:
        self._edit(take_id, lambda: self.library.rename(take_id, title))

    def _on_details_tags_requested(self, take_id: str, tags: list[str]) -> None:
        self._edit(take_id, lambda: self.library.set_tags(take_id, tags))
        self._facets_timer.start()

    def _on_details_notes_requested(self, take_id: str, notes: str) -> None:
        self._edit(take_id, lambda: self.library.set_notes(take_id, notes))

    # -- actions -----------------------------------------------------------------------------

    def _rerun_request(self, new_variation: bool) -> RerunRequest | None:
        if self._current_id is None:
            return None
        try:
            record = self.library.take(self._current_id).record
        except KeyError:
            return None
        return rerun_params(record, new_variation, self.rng)

    def _on_details_use_params_clicked(self) -> None:
        request = self._rerun_request(False)
        if request is not None:
            self.sig_use_params_requested.emit(request)

    def _on_details_rerun_clicked(self) -> None:
        request = self._rerun_request(False)
        if request is not None:
            self.sig_rerun_requested.emit(request)

    def _on_details_variation_clicked(self) -> None:
        request = self._rerun_request(True)
        if request is not None:
            self.sig_rerun_requested.emit(request)

    def _on_details_export_clicked(self) -> None:
        ids = self.selected_take_ids()
        if ids:
            self.sig_export_requested.emit(ids)

    def _on_details_reveal_clicked(self) -> None:
        if self._current_id is None:
            return
        path = self.library.audio_path(self._current_id)
        if not path.exists() or not file_actions.reveal_in_file_manager(path):
            self._show_error_text("The file manager could not be opened for this take.")

    def _on_details_compare_clicked(self) -> None:
        ids = self.selected_take_ids()
        if len(ids) == 2:
            self.compare(ids[0], ids[1])

    def _on_trash_requested(self) -> None:
        self.move_to_trash()

    def _on_undo_shortcut_activated(self) -> None:
        if self.isVisible():
            self.undo_trash()

    def _on_trash_flow_changed(self) -> None:
        self._facets_timer.start()
        self._after_rows_changed()

    # -- filters, counts, keys ---------------------------------------------------------------

    def _on_sidebar_filters_changed(self) -> None:
        started = time.perf_counter()
        self.model.set_query(self.sidebar.apply(self.model.query, self.clock()))
        self.last_query_seconds = time.perf_counter() - started
        self._after_rows_changed()

    def _on_facets_timer_timeout(self) -> None:
        # Counts nobody can see wait until the page is shown again.
        if self.isVisible():
            self._refresh_facets()
        else:
            self._facets_stale = True

    def _refresh_facets(self) -> None:
        self._facets_stale = False
        models = self.library.model_counts()
        self._total = sum(n for *_, n in models)
        self.sidebar.set_facets(models, self.library.tag_counts())
        self.sidebar.set_counts(self.model.rowCount(), self._total)

    def _after_rows_changed(self) -> None:
        shown = self.model.rowCount()
        self.sidebar.set_counts(shown, max(self._total, shown))
        if shown:
            self.view.show_empty(None)
        elif self.sidebar.filtering():
            self.view.show_empty("No takes match these filters.")
        else:
            self.view.show_empty("Your takes appear here as soon as they are generated.")

    def _show_error_text(self, message: str) -> None:
        self.notice.show_notice(html.escape(message), kind="error")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Reached only when no window shortcut took the key (the page shown on its own).
        if event.key() == Qt.Key.Key_Space and not event.modifiers():
            self.player.toggle()
        elif event.key() == Qt.Key.Key_Escape and not event.modifiers():
            self.player.stop()
        else:
            super().keyPressEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._facets_stale:
            self._refresh_facets()
        focused = self.focusWidget()
        if focused is None or not self.isAncestorOf(focused):
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
