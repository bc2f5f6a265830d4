"""Opens the export dialog for takes, remembers its settings, and stops running exports on exit.

File → Export… (Ctrl+E) exports the Library's selection, or the take in the player.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

if TYPE_CHECKING:
    from sonodesk.core.export import ExportSettings
    from sonodesk.core.session import Session
    from sonodesk.ui.export.dialog import ExportDialog
    from sonodesk.ui.main_window import MainWindow
    from sonodesk.ui.player.qt_player import QtPlayer

log = logging.getLogger(__name__)
SETTINGS_KEY = "export"  # in settings.extra: the last export settings the user chose


class ExportLauncher(QObject):
    def __init__(self, window: MainWindow, session: Session, player: QtPlayer) -> None:
        super().__init__(window)
        self._window, self._session, self._player = window, session, player
        self._dialogs: list[ExportDialog] = []
        self.selection: Callable[[], Sequence[str]] = list

    def install_menu(self) -> None:
        action = QAction("&Export takes…", self._window)
        action.setObjectName("actionExport")
        action.setShortcut(QKeySequence("Ctrl+E"))
        action.triggered.connect(self.export_current)
        self._window.file_menu.insertAction(self._window.action_quit, action)
        self._window.addAction(action)

    def export_current(self) -> None:
        """The Library's selection when on that page, else the take in the player."""
        ids = list(self.selection()) if self._window.current_page() == "library" else []
        if not ids and self._player.path:
            take_id = self._take_for_path(str(self._player.path))
            ids = [take_id] if take_id else []
        if not ids:
            self._window.show_message("Select takes in the Library to export them.", 6000)
            return
        self.open_for(ids)

    def open_for(self, take_ids: Sequence[str]) -> None:
        takes = []
        for take_id in take_ids:
            try:
                takes.append(self._session.store.get_take(take_id))
            except KeyError:
                log.info("export: take %s is gone", take_id)
        if not takes:
            return
        from sonodesk.ui.export.dialog import ExportDialog  # with the first export, not at start

        dialog = ExportDialog(takes, defaults=self._defaults(), parent=self._window)
        dialog.sig_settings_chosen.connect(self._remember)
        dialog.finished.connect(lambda _result, d=dialog: self._forget(d))
        self._dialogs.append(dialog)
        dialog.open()

    def shutdown(self) -> None:
        """Cancel running exports and wait: a QThread destroyed while running aborts Qt."""
        for dialog in list(self._dialogs):
            if dialog.is_running():
                dialog.runner.cancel()
                dialog.runner.wait()

    def _defaults(self) -> ExportSettings | None:
        saved: Any = self._session.settings.extra.get(SETTINGS_KEY)
        if not isinstance(saved, dict):
            return None
        from sonodesk.core.export import ExportSettings  # numpy and the encoders come with it

        try:
            return ExportSettings.from_dict(saved)
        except (TypeError, ValueError):
            return None  # settings from another version: the dialog's defaults are fine

    def _remember(self, settings: ExportSettings) -> None:
        self._session.settings.extra[SETTINGS_KEY] = settings.to_dict()
        self._session.save_settings()

    def _forget(self, dialog: ExportDialog) -> None:
        if dialog in self._dialogs and not dialog.is_running():
            self._dialogs.remove(dialog)
            dialog.deleteLater()

    def _take_for_path(self, path: str) -> str | None:
        row = self._session.store.connection.execute(
            "SELECT id FROM takes WHERE file_path = ? AND deleted_at IS NULL", (path,)
        ).fetchone()
        return row[0] if row else None
