"""Facet rows for the library's filter sidebar: "Lyria 3 Pro ······ 42", checkable, any number on.

Paints and remembers which keys are checked; what a key filters is the sidebar's business.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QFontMetrics, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QAbstractButton, QSizePolicy, QVBoxLayout, QWidget

from sonodesk.ui import theme
from sonodesk.ui.widgets.paint import with_alpha

_HPAD = 8


class FacetRow(QAbstractButton):
    """One checkable facet: its label on the left, how many takes it has on the right."""

    def __init__(self, key: str, label: str, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.count = count
        self.setText(label)
        self.setCheckable(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(f"{label}, {count} takes")
        self.setToolTip(f"{label} · {count:,} takes")

    def sizeHint(self) -> QSize:
        return QSize(160, self.fontMetrics().height() + 10)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colors = theme.colors()
        palette = self.palette()
        rect = QRectF(self.rect()).adjusted(0, 1, 0, -1)
        if self.isChecked():
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(with_alpha(colors.accent, 0.18))
            painter.drawRoundedRect(rect, theme.RADIUS - 1, theme.RADIUS - 1)
            painter.setBrush(colors.accent)
            painter.drawRoundedRect(
                QRectF(rect.left(), rect.top() + 5, 3, rect.height() - 10), 1.5, 1.5
            )
        elif self.underMouse() or self.hasFocus():
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colors.subtle)
            painter.drawRoundedRect(rect, theme.RADIUS - 1, theme.RADIUS - 1)
        count_font = theme.tabular(theme.scaled(self.font(), 0.88))
        count_text = f"{self.count:,}"
        count_width = QFontMetrics(count_font).horizontalAdvance(count_text)
        painter.setFont(count_font)
        painter.setPen(colors.muted)
        painter.drawText(
            rect.adjusted(0, 0, -_HPAD, 0),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            count_text,
        )
        painter.setFont(self.font())
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        room = rect.adjusted(_HPAD + 2, 0, -(_HPAD + count_width + 8), 0)
        shown = self.fontMetrics().elidedText(
            self.text(), Qt.TextElideMode.ElideRight, max(0, int(room.width()))
        )
        painter.drawText(room, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, shown)
        painter.end()

    def enterEvent(self, event: QEvent) -> None:
        self.update()
        super().enterEvent(event)  # type: ignore[arg-type]

    def leaveEvent(self, event: QEvent) -> None:
        self.update()
        super().leaveEvent(event)


class FacetList(QWidget):
    """A column of FacetRows; ``checked()`` are the keys switched on (none means "all")."""

    sig_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[FacetRow] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(0)

    def rows(self) -> list[FacetRow]:
        return list(self._rows)

    def row(self, key: str) -> FacetRow | None:
        return next((r for r in self._rows if r.key == key), None)

    def checked(self) -> tuple[str, ...]:
        return tuple(r.key for r in self._rows if r.isChecked())

    def set_facets(self, facets: Sequence[tuple[str, str, int]]) -> bool:
        """(key, label, count) rows; keys checked before stay checked. True if a check was lost."""
        if [(r.key, r.text(), r.count) for r in self._rows] == list(facets):
            return False  # unchanged: keep the rows (and any keyboard focus on them)
        keep = set(self.checked())
        for row in self._rows:
            row.deleteLater()
        self._rows = []
        for key, label, count in facets:
            row = FacetRow(key, label, count, self)
            row.setChecked(key in keep)
            row.toggled.connect(self._on_row_toggled)
            self._layout.addWidget(row)
            self._rows.append(row)
        return bool(keep - set(self.checked()))

    def clear_checks(self) -> None:
        for row in self._rows:
            row.blockSignals(True)
            row.setChecked(False)
            row.blockSignals(False)

    def _on_row_toggled(self, _checked: bool) -> None:
        self.sig_changed.emit()
