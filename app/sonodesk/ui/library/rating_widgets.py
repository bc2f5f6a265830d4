"""StarRating (five clickable stars, 0 to 5) and HeartButton (the favourite toggle).

Small controls painted with the library's glyphs; they emit what the user picked and
store nothing else.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QAbstractButton, QSizePolicy, QWidget

from sonodesk.ui import theme
from sonodesk.ui.library import glyphs
from sonodesk.ui.widgets.paint import with_alpha

_DIGITS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(6)}


class StarRating(QWidget):
    """Five stars. Click a star to set it, click the current one (or press 0) to clear."""

    sig_rating_changed = Signal(int)

    def __init__(self, size: float = 16.0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._size = size
        self._value = 0
        self._hover: int | None = None
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Rating")
        self._update_tooltip()

    def value(self) -> int:
        return self._value

    def set_value(self, value: int) -> None:
        """Show a rating without emitting (the caller already knows it)."""
        value = max(0, min(glyphs.MAX_STARS, int(value)))
        if value != self._value:
            self._value = value
            self._update_tooltip()
            self.update()

    def sizeHint(self) -> QSize:
        return QSize(round(glyphs.stars_width(self._size)) + 6, round(self._size) + 8)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def _pick(self, value: int) -> None:
        self.set_value(value)
        self.sig_rating_changed.emit(self._value)

    def _star_at(self, x: float) -> int | None:
        return glyphs.star_at(3.0, self._size, x)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        hover = self._star_at(event.position().x())
        if hover != self._hover:
            self._hover = hover
            self.update()

    def leaveEvent(self, event: QEvent) -> None:
        self._hover = None
        self.update()
        super().leaveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        star = self._star_at(event.position().x())
        if event.button() == Qt.MouseButton.LeftButton and star is not None:
            self._pick(0 if star == self._value else star)

    def event(self, event: QEvent) -> bool:
        # Claim the arrows while focused, so the window's seek shortcuts do not take them.
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and (event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right) or event.key() in _DIGITS)
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in _DIGITS:
            self._pick(_DIGITS[key])
        elif key == Qt.Key.Key_Right:
            self._pick(min(glyphs.MAX_STARS, self._value + 1))
        elif key == Qt.Key.Key_Left:
            self._pick(max(0, self._value - 1))
        else:
            super().keyPressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        colors = theme.colors()
        off = with_alpha(colors.muted, 0.6 if self.isEnabled() else 0.3)
        on = colors.accent if self.isEnabled() else off
        top = (self.height() - self._size) / 2
        glyphs.paint_stars(painter, 3.0, top, self._size, self._value, on, off, preview=self._hover)
        if self.hasFocus():
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(with_alpha(colors.accent, 0.7))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)
        painter.end()

    def _update_tooltip(self) -> None:
        self.setToolTip(
            f"Rated {self._value} of 5 (0–5 keys change it)" if self._value else "Not rated"
        )
        self.setAccessibleDescription(f"{self._value} of 5 stars")


class HeartButton(QAbstractButton):
    """A checkable heart, optionally with a label beside it."""

    def __init__(self, text: str = "", size: float = 16.0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._size = size
        self.setText(text)
        self.setCheckable(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(text or "Favorite")
        self.toggled.connect(self._on_toggled)
        self._on_toggled(False)

    def sizeHint(self) -> QSize:
        width = self._size + 8
        if self.text():
            width += self.fontMetrics().horizontalAdvance(self.text()) + 8
        return QSize(round(width), round(max(self._size, self.fontMetrics().height()) + 10))

    def _on_toggled(self, checked: bool) -> None:
        self.setToolTip("Remove from favorites" if checked else "Add to favorites")

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colors = theme.colors()
        palette = self.palette()
        if self.underMouse() or self.hasFocus():
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colors.subtle)
            painter.drawRoundedRect(QRectF(self.rect()), theme.RADIUS, theme.RADIUS)
        heart = QRectF(4, (self.height() - self._size) / 2, self._size, self._size)
        color = colors.accent if self.isChecked() else colors.muted
        glyphs.paint_heart(painter, heart, self.isChecked(), color)
        if self.text():
            painter.setPen(palette.color(QPalette.ColorRole.ButtonText))
            painter.drawText(
                QRectF(heart.right() + 6, 0, self.width() - heart.right() - 6, self.height()),
                Qt.AlignmentFlag.AlignVCenter,
                self.text(),
            )
        painter.end()

    def enterEvent(self, event: QEvent) -> None:
        self.update()
        super().enterEvent(event)  # type: ignore[arg-type]

    def leaveEvent(self, event: QEvent) -> None:
        self.update()
        super().leaveEvent(event)
