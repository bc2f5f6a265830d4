"""Auditioning: the take the user moves to plays at once through the QtPlayer, and the take
being heard is marked in the table.

Decides *when* to play (a held arrow key plays where it comes to rest; never while an A/B
comparison owns the player); loading and transport are the QtPlayer's.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer

from sonodesk.ui.library.compare_panel import ComparePanel
from sonodesk.ui.library.library_model import LibraryModel
from sonodesk.ui.player.qt_player import QtPlayer

# Holding an arrow key repeats ~30 times a second; audition where the key comes to rest.
AUTO_REPEAT_AUDITION_MS = 90


class Auditioner(QObject):
    """Plays takes for the page and keeps the model's "playing" mark right."""

    def __init__(
        self,
        model: LibraryModel,
        player: QtPlayer,
        compare_panel: ComparePanel,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._model = model
        self._player = player
        self._compare = compare_panel
        self._paths: dict[str, str] = {}  # audio path -> take id, for what was played here
        self._pending: str | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTO_REPEAT_AUDITION_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        player.sig_take_loaded.connect(self._on_player_take_loaded)
        player.sig_take_unloaded.connect(self.update_playing)
        compare_panel.sig_audible_changed.connect(self.update_playing)
        compare_panel.sig_closed.connect(self.update_playing)

    def selected(self, take_id: str, *, held_key: bool) -> None:
        """The user moved to ``take_id``: play it now, or once a held key comes to rest."""
        if self._compare.active:
            return  # the comparison owns the player until it is closed
        if held_key:
            self._pending = take_id
            self._timer.start()
        else:
            self._timer.stop()
            self.play(take_id)

    def play(self, take_id: str) -> bool:
        """Load ``take_id`` and play it from the start."""
        row_number = self._model.row_of(take_id)
        row = self._model.row_data(row_number) if row_number is not None else None
        if row is None:
            return False
        path = self.remember(take_id, row.file_path)
        return self._player.load_take(path, title=row.title, autoplay=True)

    def remember(self, take_id: str, path: str | Path) -> str:
        """Note which take a file is, so it is marked when the player loads it."""
        key = str(Path(path))
        self._paths[key] = take_id
        return key

    def heard_take(self) -> str | None:
        """The take the player holds, if it was started from the library."""
        return self._paths.get(self._player.path) if self._player.has_take else None

    def update_playing(self, *_args: object) -> None:
        comparison = self._compare.comparison
        if comparison is not None:
            # In a blind trial the table must not tell which take is which.
            playing = comparison.audible_take if comparison.revealed else None
        else:
            playing = self.heard_take()
        self._model.set_playing(playing)

    def _on_player_take_loaded(self, _path: str, _duration: float) -> None:
        self.update_playing()

    def _on_timer_timeout(self) -> None:
        take_id, self._pending = self._pending, None
        if take_id is not None and not self._compare.active:
            self.play(take_id)
