"""An inline, non-modal message strip with an icon, a sentence and a few action buttons.

Used where a dialog would interrupt (a refused cancel, a repaired setting). Emits nothing of
its own: each action is a callback given by the caller.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sonodesk.ui import theme
from sonodesk.ui.icons import icon

NoticeAction = tuple[str, Callable[[], None]]

_KIND_ICONS = {"warning": "warning", "info": "info", "error": "warning"}


class NoticeBar(QFrame):
    """Hidden until ``show_notice``; every action button also closes the bar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noticeBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._icon = QLabel(self)
        self._icon.setFixedSize(QSize(18, 18))
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._close = QToolButton(self)
        self._close.setIcon(icon("close"))
        self._close.setAutoRaise(True)
        self._close.setToolTip("Dismiss")
        self._close.clicked.connect(self.dismiss)
        self._buttons = QHBoxLayout()
        self._buttons.setSpacing(theme.SPACING)
        self._buttons.addStretch(1)

        top = QHBoxLayout()
        top.setSpacing(theme.SPACING)
        top.addWidget(self._icon, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.text, 1)
        top.addWidget(self._close, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 6, 8)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addLayout(self._buttons)
        self.hide()

    def show_notice(
        self, message: str, actions: Sequence[NoticeAction] = (), *, kind: str = "warning"
    ) -> None:
        """Show ``message`` (rich text: escape anything user-made) with action buttons."""
        colors = theme.colors()
        tint = colors.danger if kind == "error" else colors.warning if kind == "warning" else None
        self._icon.setPixmap(
            icon(_KIND_ICONS.get(kind, "info"), color=tint).pixmap(
                QSize(18, 18), self.devicePixelRatioF()
            )
        )
        self.text.setText(message)
        while self._buttons.count() > 1:
            item = self._buttons.takeAt(1)
            if item is not None and item.widget() is not None:
                item.widget().deleteLater()
        for number, (label, callback) in enumerate(actions):
            button = QPushButton(label, self)
            button.setDefault(number == 0)
            button.clicked.connect(lambda _=False, cb=callback: self._run(cb))
            self._buttons.addWidget(button)
        self.show()

    def action_buttons(self) -> list[QPushButton]:
        return [
            w
            for i in range(self._buttons.count())
            if isinstance(w := self._buttons.itemAt(i).widget(), QPushButton)
        ]

    def dismiss(self) -> None:
        self.hide()

    def _run(self, callback: Callable[[], None]) -> None:
        self.hide()
        callback()
