"""Chips and the flow layout that wraps them: toggle chips for choices, removable chips for tags.

Painting and layout only, from palette roles; the editors decide what a chip means.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QAbstractButton,
    QLayout,
    QLayoutItem,
    QSizePolicy,
    QWidget,
    QWidgetItem,
)

from sonodesk.ui.form import style

_PAD_X = 10
_CLOSE_SIZE = 8


class FlowLayout(QLayout):
    """Lays items left to right and wraps them onto new lines, like words."""

    def __init__(
        self, parent: QWidget | None = None, spacing: int = 6, *, stretch_last: bool = False
    ) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._gap = spacing
        self._stretch_last = stretch_last  # the last item (an entry) takes the rest of its line
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def insertWidget(self, index: int, widget: QWidget) -> None:
        self.addChildWidget(widget)
        self._items.insert(index, QWidgetItem(widget))
        self.invalidate()

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _arrange(self, rect: QRect, *, apply: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        x, y, line_height = area.x(), area.y(), 0
        visible = [i for i in self._items if i.widget() is None or not i.widget().isHidden()]
        for item in visible:
            hint = item.sizeHint()
            if x + hint.width() > area.right() + 1 and line_height > 0:
                x = area.x()
                y += line_height + self._gap
                line_height = 0
            if self._stretch_last and item is visible[-1]:
                hint = QSize(max(hint.width(), area.right() + 1 - x), hint.height())
            if apply:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._gap
            line_height = max(line_height, hint.height())
        return y + line_height - rect.y() + margins.bottom()


class ChipButton(QAbstractButton):
    """A rounded pill. Checkable chips fill with the accent when on; removable ones show ×."""

    def __init__(
        self,
        text: str,
        parent: QWidget | None = None,
        *,
        checkable: bool = False,
        removable: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setText(text)
        self.setCheckable(checkable)
        self._removable = removable
        self._invalid = False
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(f"Remove {text}" if removable else text)
        if removable:
            self.setToolTip(f"Remove {text}")

    def set_invalid(self, invalid: bool) -> None:
        self._invalid = invalid
        self.update()

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        width = metrics.horizontalAdvance(self.text()) + 2 * _PAD_X
        if self._removable:
            width += _CLOSE_SIZE + 6
        return QSize(width, metrics.height() + 10)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        radius = rect.height() / 2
        on = self.isCheckable() and self.isChecked()
        if on:
            fill = style.accent_color(palette)
            text_color = style.on_accent_color(palette)
            edge = fill
        else:
            fill = style.subtle_fill(palette)
            text_color = palette.color(palette.ColorRole.ButtonText)
            edge = style.border_color(palette)
        if self.underMouse() and self.isEnabled() and not on:
            fill = fill.lighter(125) if fill.lightness() < 128 else fill.darker(106)
        if self._invalid:
            edge = style.error_color(palette)
            text_color = edge if not on else text_color
        if not self.isEnabled():
            text_color = palette.color(palette.ColorGroup.Disabled, palette.ColorRole.ButtonText)
        pen = QPen(edge)
        pen.setWidthF(1.0)
        painter.setPen(pen)
        painter.setBrush(fill)
        painter.drawRoundedRect(rect, radius, radius)
        if self.hasFocus():
            ring = QPen(style.accent_color(palette) if not on else QColor(text_color))
            ring.setWidthF(1.5)
            painter.setPen(ring)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(1.5, 1.5, -1.5, -1.5), radius - 1.5, radius - 1.5)
        painter.setPen(text_color)
        text_rect = rect.adjusted(_PAD_X, 0, -_PAD_X, 0)
        if self._removable:
            text_rect.adjust(0, 0, -(_CLOSE_SIZE + 6), 0)
        painter.drawText(
            text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, self.text()
        )
        if self._removable:
            cx = rect.right() - _PAD_X - _CLOSE_SIZE / 2
            cy = rect.center().y()
            half = _CLOSE_SIZE / 2 - 1
            cross = QPen(text_color)
            cross.setWidthF(1.4)
            painter.setPen(cross)
            painter.drawLine(int(cx - half), int(cy - half), int(cx + half), int(cy + half))
            painter.drawLine(int(cx - half), int(cy + half), int(cx + half), int(cy - half))
        painter.end()

    def enterEvent(self, event: object) -> None:
        self.update()
        super().enterEvent(event)  # type: ignore[arg-type]

    def leaveEvent(self, event: object) -> None:
        self.update()
        super().leaveEvent(event)  # type: ignore[arg-type]
