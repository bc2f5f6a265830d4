"""A segmented control that switches the window's pages (Create, Library, ...).

Renders buttons and forwards the choice; the window owns the pages themselves.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QToolButton, QWidget

from sonodesk.ui.icons import icon


class PageSwitcher(QWidget):
    sig_page_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pageSwitcher")
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self._buttons: dict[str, QToolButton] = {}
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 2, 8, 2)
        self._layout.setSpacing(2)

    def add_page(
        self, key: str, title: str, icon_name: str | None = None, tooltip: str = ""
    ) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName(f"page:{key}")
        button.setText(title)
        button.setCheckable(True)
        button.setAutoRaise(True)
        button.setToolTip(tooltip)
        if icon_name:
            button.setIcon(icon(icon_name))
            button.setToolButtonStyle(button.toolButtonStyle().ToolButtonTextBesideIcon)
        button.clicked.connect(lambda _=False, k=key: self.sig_page_chosen.emit(k))
        self._group.addButton(button)
        self._layout.addWidget(button)
        self._buttons[key] = button
        if len(self._buttons) == 1:
            button.setChecked(True)
        return button

    def set_current(self, key: str) -> None:
        button = self._buttons.get(key)
        if button is not None and not button.isChecked():
            button.setChecked(True)
