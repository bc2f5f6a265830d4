"""A status-bar pill with a coloured dot: "● Sandbox · offline". Paints itself; no state beyond
its text and whether the connection is live.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from sonodesk.ui import theme
from sonodesk.ui.widgets.paint import with_alpha

_HPAD = 9
_DOT = 7


class StatusBadge(QWidget):
    def __init__(self, text: str = "", *, online: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("providerBadge")
        self._text = text
        self._online = online
        self.setFont(theme.scaled(self.font(), 0.9, bold=True))
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def text(self) -> str:
        return self._text

    def set_status(self, text: str, *, online: bool) -> None:
        self._text = text
        self._online = online
        self.setAccessibleName(text)
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        metrics = QFontMetrics(self.font())
        width = _HPAD * 2 + _DOT + 6 + metrics.horizontalAdvance(self._text)
        return QSize(width, metrics.height() + 8)

    def paintEvent(self, event: QPaintEvent) -> None:
        colors = theme.colors()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        dot_color = colors.success if self._online else colors.accent
        painter.setPen(with_alpha(dot_color, 0.45))
        painter.setBrush(with_alpha(dot_color, 0.12))
        painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(dot_color)
        painter.drawEllipse(QRectF(_HPAD, rect.center().y() - _DOT / 2, _DOT, _DOT))
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        painter.setFont(self.font())
        text_rect = rect.adjusted(_HPAD + _DOT + 6, 0, -_HPAD + 2, 0)
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter, self._text)
        painter.end()
