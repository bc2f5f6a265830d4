"""SlotButton: one side of the A/B panel — a letter badge, the take's name (or "hidden"), and
a lit frame while it is the one you hear. Paints only; the panel decides what it shows.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QAbstractButton, QSizePolicy, QWidget

from sonodesk.ui import theme
from sonodesk.ui.icons import icon
from sonodesk.ui.widgets.paint import with_alpha

_BADGE = 30


class SlotButton(QAbstractButton):
    """``letter`` in a badge, ``title`` and ``detail`` beside it; ``audible`` lights it up."""

    def __init__(self, letter: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.letter = letter
        self.title = ""
        self.detail = ""
        self.audible = False
        self.setCheckable(False)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # focus stays on the panel: Tab switches
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_content(self, letter: str, title: str, detail: str, audible: bool) -> None:
        self.letter, self.title, self.detail, self.audible = letter, title, detail, audible
        self.setAccessibleName(f"{letter}: {title}" + (" (playing)" if audible else ""))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(240, max(_BADGE + 16, 2 * self.fontMetrics().height() + 18))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colors = theme.colors()
        palette = self.palette()
        card = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        if self.audible:
            painter.setPen(QPen(colors.accent, 1.5))
            painter.setBrush(with_alpha(colors.accent, 0.16))
        else:
            painter.setPen(QPen(colors.border, 1.0))
            painter.setBrush(colors.subtle if not self.underMouse() else colors.subtle.lighter(115))
        painter.drawRoundedRect(card, theme.RADIUS + 2, theme.RADIUS + 2)

        badge = QRectF(card.left() + 10, card.center().y() - _BADGE / 2, _BADGE, _BADGE)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colors.accent if self.audible else with_alpha(colors.muted, 0.25))
        painter.drawEllipse(badge)
        letter_font = theme.scaled(self.font(), 1.15, bold=True)
        painter.setFont(letter_font)
        painter.setPen(colors.on_accent if self.audible else palette.color(QPalette.ColorRole.Text))
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, self.letter)

        left = badge.right() + 12
        right = card.right() - 12
        if self.audible:
            side = 14
            icon("volume", color=colors.accent).paint(
                painter, round(right - side), round(card.center().y() - side / 2), side, side
            )
            right -= side + 8
        title_font = theme.scaled(self.font(), 1.0, bold=True)
        detail_font = theme.tabular(theme.scaled(self.font(), 0.88))
        title_h = QFontMetrics(title_font).height()
        detail_h = QFontMetrics(detail_font).height()
        y = card.center().y() - (title_h + 2 + detail_h) / 2
        width = max(0.0, right - left)
        painter.setFont(title_font)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        painter.drawText(
            QRectF(left, y, width, title_h),
            Qt.AlignmentFlag.AlignVCenter,
            QFontMetrics(title_font).elidedText(
                self.title, Qt.TextElideMode.ElideRight, round(width)
            ),
        )
        painter.setFont(detail_font)
        painter.setPen(colors.muted)
        painter.drawText(
            QRectF(left, y + title_h + 2, width, detail_h),
            Qt.AlignmentFlag.AlignVCenter,
            QFontMetrics(detail_font).elidedText(
                self.detail, Qt.TextElideMode.ElideRight, round(width)
            ),
        )
        painter.end()

    def enterEvent(self, event: object) -> None:
        self.update()
        super().enterEvent(event)  # type: ignore[arg-type]

    def leaveEvent(self, event: object) -> None:
        self.update()
        super().leaveEvent(event)  # type: ignore[arg-type]
