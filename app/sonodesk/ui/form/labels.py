"""Small text widgets the form reuses: muted captions, error lines, group headings, field labels.

Colours follow the palette (and re-follow it on a theme switch). No editing, no signals.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QPoint, QSize, Qt
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QToolTip, QWidget

from sonodesk.ui.form import style


class MutedLabel(QLabel):
    """Secondary text: a help line, a counter, a caption."""

    def __init__(self, text: str = "", parent: QWidget | None = None, *, scale: float = 0.9):
        super().__init__(text, parent)
        self.setFont(style.scaled_font(self.font(), scale))
        self.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.setTextFormat(Qt.TextFormat.PlainText)


class ErrorLabel(QLabel):
    """The inline error line under a field, in the theme's error colour."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fieldError")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setFont(style.scaled_font(self.font(), 0.9))
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self._recolour()

    def _recolour(self) -> None:
        wanted = style.error_color(self.palette())
        if self.palette().color(QPalette.ColorRole.WindowText) != wanted:
            palette = QPalette(self.palette())
            palette.setColor(QPalette.ColorRole.WindowText, wanted)
            self.setPalette(palette)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._recolour()  # a theme switch replaces the palette; keep the error colour
        super().changeEvent(event)


class GroupHeading(QWidget):
    """A subtle heading over a group of fields: small spaced capitals and a hairline."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = text
        self.setObjectName(f"groupHeading:{text}")
        font = style.scaled_font(self.font(), 0.8, bold=True)
        font.setCapitalization(QFont.Capitalization.AllUppercase)
        font.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, 0.8)
        self.setFont(font)
        self.setFixedHeight(self.fontMetrics().height() + 4)
        self.setAccessibleName(text)

    def text(self) -> str:
        return self._text

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        painter.setPen(style.muted_color(palette))
        metrics = self.fontMetrics()
        x = style.OUTLINE  # on the controls' left edge, like the labels
        width = x + metrics.horizontalAdvance(self._text.upper()) + 2
        baseline = (self.height() + metrics.ascent() - metrics.descent()) // 2
        painter.drawText(x, baseline, self._text)
        line = QColor(style.border_color(palette))
        painter.setPen(line)
        y = self.height() // 2
        if width + 10 < self.width():
            painter.drawLine(width + 8, y, self.width(), y)
        painter.end()


class FieldLabel(QLabel):
    """A field's name in the label column, with a live required marker."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = text
        self._required = False
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)
        self._render()

    def text_only(self) -> str:
        return self._text

    def is_marked_required(self) -> bool:
        return self._required

    def set_required(self, required: bool) -> None:
        if required != self._required:
            self._required = required
            self._render()

    def _render(self) -> None:
        text = html.escape(self._text)
        if self._required:
            accent = style.accent_color(self.palette()).name()
            text += f'<span style="color:{accent}">&nbsp;*</span>'
        self.setText(text)
        self.setAccessibleName(self._text + (" (required)" if self._required else ""))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._required:
            self._render()


class ElidedLabel(QLabel):
    """One line that elides (in the middle by default) instead of widening its row."""

    def __init__(
        self,
        text: str = "",
        parent: QWidget | None = None,
        mode: Qt.TextElideMode = Qt.TextElideMode.ElideMiddle,
    ) -> None:
        super().__init__(text, parent)
        self._mode = mode
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        metrics = self.fontMetrics()
        shown = metrics.elidedText(self.text(), self._mode, self.width())
        painter.drawText(self.rect(), int(self.alignment() | Qt.AlignmentFlag.AlignVCenter), shown)
        painter.end()


class InfoIcon(QLabel):
    """A small ⓘ after a label: hover (or click) shows the field's description."""

    SIZE = 13

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fieldInfo")
        self.setToolTip(text)
        self.setCursor(Qt.CursorShape.WhatsThisCursor)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setFixedSize(self.SIZE + 2, self.fontMetrics().height())
        self._render()

    def _render(self) -> None:
        color = style.muted_color(self.palette())
        self.setPixmap(style.icon("info", color).pixmap(QSize(self.SIZE, self.SIZE)))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        QToolTip.showText(self.mapToGlobal(QPoint(0, self.height())), self.toolTip(), self)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._render()


class LabelCell(QWidget):
    """The label column's cell: the field label, then an ⓘ when the field has a description."""

    def __init__(self, text: str, info: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(style.OUTLINE, 0, 0, 0)
        row.setSpacing(5)
        self.label = FieldLabel(text, self)
        self.label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.label, 0, Qt.AlignmentFlag.AlignTop)
        self.info = InfoIcon(info, self) if info else None
        if self.info is not None:
            row.addWidget(self.info, 0, Qt.AlignmentFlag.AlignTop)
        row.addStretch(1)

    def set_top_offset(self, offset: int) -> None:
        self.setContentsMargins(0, offset, 0, 0)

    def natural_width(self) -> int:
        """Room for the label on one line (with the required marker) and the ⓘ."""
        text = self.label.fontMetrics().horizontalAdvance(self.label.text_only() + " *")
        return style.OUTLINE + text + (InfoIcon.SIZE + 7 if self.info is not None else 0)

    def set_width(self, width: int) -> None:
        self.setFixedWidth(width)
        room = InfoIcon.SIZE + 7 if self.info is not None else 0
        available = max(20, width - style.OUTLINE - room)
        # A wrapping QLabel asks for less than one line's width; wrap only when it must.
        text = self.label.fontMetrics().horizontalAdvance(self.label.text_only() + " *")
        self.label.setMinimumWidth(min(text, available))
        self.label.setMaximumWidth(available)
