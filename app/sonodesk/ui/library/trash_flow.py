"""Move to trash and Undo for the library page: the rows leave, a notice offers Undo, and
Undo puts the takes (and their files) back where they were.

Runs ``library.delete``/``undo_delete`` on the GUI thread: the trash renames files within
one disk, which is instant however large they are, and the database connection belongs to
this thread. Errors are shown in the notice bar in plain words.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from sonodesk.core.errors import SonodeskError
from sonodesk.core.library import Library, UndoToken
from sonodesk.core.library import display as text
from sonodesk.ui.library.library_model import LibraryModel
from sonodesk.ui.widgets.notice_bar import NoticeBar

SelectRows = Callable[[list[int], int], None]  # rows, current row


class TrashFlow(QObject):
    """``trash(ids)`` and ``undo()``; ``sig_changed`` after either changed the rows."""

    sig_changed = Signal()

    def __init__(
        self,
        library: Library,
        model: LibraryModel,
        notice: NoticeBar,
        select_rows: SelectRows,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._library = library
        self._model = model
        self._notice = notice
        self._select_rows = select_rows
        self._token: UndoToken | None = None

    @property
    def can_undo(self) -> bool:
        return self._token is not None

    def trash(self, take_ids: list[str]) -> bool:
        rows = list(self._model.rows_of(take_ids).values())
        try:
            token = self._model.remove_takes(take_ids, lambda: self._library.delete(take_ids))
        except SonodeskError as exc:
            self._notice.show_notice(html.escape(exc.full_text()), kind="error")
            return False
        self._token = token
        self._notice.show_notice(
            html.escape(text.trash_notice(len(token.take_ids))),
            [("Undo", self.undo)],
            kind="info",
        )
        remaining = self._model.rowCount()
        if rows and remaining:
            # The take that moved up into the first gap becomes current, as in a file browser.
            row = min(min(rows), remaining - 1)
            self._select_rows([row], row)
        self.sig_changed.emit()
        return True

    def undo(self) -> bool:
        token, self._token = self._token, None
        if token is None:
            return False
        try:
            restored = self._library.undo_delete(token)
        except SonodeskError as exc:
            self._token = token
            self._notice.show_notice(html.escape(exc.full_text()), kind="error")
            return False
        rows = self._model.insert_takes(restored)
        if rows:
            self._select_rows(rows, rows[0])
        self._notice.show_notice(html.escape(text.restored_notice(len(restored))), kind="info")
        self.sig_changed.emit()
        return True
