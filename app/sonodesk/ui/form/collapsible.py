"""A section that folds away: a disclosure heading ("▸ ADVANCED · 3 ———") over its content.

Shows and hides its content; remembers nothing beyond its own expanded flag.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QSize, Qt, Signal
from PySide6.QtGui import QFont, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QAbstractButton, QSizePolicy, QVBoxLayout, QWidget

from sonodesk.ui.form import style

_ARROW = 9  # the chevron's box, in pixels


class DisclosureButton(QAbstractButton):
    """A group-heading look with a chevron; Space, Enter or a click opens and closes it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.expanded = False
        font = style.scaled_font(self.font(), 0.8, bold=True)
        font.setCapitalization(QFont.Capitalization.AllUppercase)
        font.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, 0.8)
        self.setFont(font)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(120, self.fontMetrics().height() + 10)

    def keyPressEvent(self, event: object) -> None:
        key = event.key()  # type: ignore[attr-defined]
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.click()
            return
        super().keyPressEvent(event)  # type: ignore[arg-type]

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        color = (
            palette.color(palette.ColorRole.WindowText)
            if self.underMouse()
            else (style.muted_color(palette))
        )
        mid = self.height() / 2
        x = float(style.OUTLINE)
        pen = QPen(color)
        pen.setWidthF(1.6)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        chevron = QPainterPath()
        if self.expanded:
            chevron.moveTo(QPointF(x + 1, mid - 2))
            chevron.lineTo(QPointF(x + _ARROW / 2, mid + 2.5))
            chevron.lineTo(QPointF(x + _ARROW - 1, mid - 2))
        else:
            chevron.moveTo(QPointF(x + 2.5, mid - 4))
            chevron.lineTo(QPointF(x + 7, mid))
            chevron.lineTo(QPointF(x + 2.5, mid + 4))
        painter.drawPath(chevron)
        metrics = self.fontMetrics()
        text_x = int(x + _ARROW + 6)
        baseline = int(mid + (metrics.ascent() - metrics.descent()) / 2)
        painter.drawText(text_x, baseline, self.text())
        end = text_x + metrics.horizontalAdvance(self.text().upper()) + 8
        painter.setPen(style.border_color(palette))
        if end + 2 < self.width():
            painter.drawLine(end, int(mid), self.width(), int(mid))
        if self.hasFocus():
            ring = QPen(style.accent_color(palette))
            ring.setWidthF(1.2)
            painter.setPen(ring)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(self.rect().adjusted(1, 1, -1, -1), 4, 4)
        painter.end()

    def enterEvent(self, event: object) -> None:
        self.update()
        super().enterEvent(event)  # type: ignore[arg-type]

    def leaveEvent(self, event: object) -> None:
        self.update()
        super().leaveEvent(event)  # type: ignore[arg-type]


class CollapsibleSection(QWidget):
    """``sig_toggled(expanded)`` fires when the user (or code) opens or closes it."""

    sig_toggled = Signal(bool)

    def __init__(self, title: str, count: int = 0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = title
        self._count = count
        self._expanded = False
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(10)
        self.toggle = DisclosureButton(self)
        self.toggle.setObjectName("advancedToggle")
        self.toggle.clicked.connect(lambda: self.set_expanded(not self._expanded))
        column.addWidget(self.toggle)
        self.content = QWidget(self)
        self.content.setObjectName("advancedContent")
        column.addWidget(self.content)
        self._render()
        self.content.hide()

    def _render(self) -> None:
        expanded = self._expanded
        self.toggle.expanded = expanded
        suffix = f"  ·  {self._count}" if self._count and not expanded else ""
        self.toggle.setText(f"{self._title}{suffix}")
        verb = "Hide" if expanded else "Show"
        self.toggle.setToolTip(f"{verb} the settings most people leave alone")
        self.toggle.setAccessibleName(f"{self._title} settings")
        self.toggle.setAccessibleDescription("expanded" if expanded else "collapsed")
        self.toggle.update()

    def is_expanded(self) -> bool:
        return self._expanded

    def set_expanded(self, expanded: bool) -> None:
        if expanded == self._expanded:
            return
        self._expanded = expanded
        self._render()
        self.content.setVisible(expanded)
        self.sig_toggled.emit(expanded)
