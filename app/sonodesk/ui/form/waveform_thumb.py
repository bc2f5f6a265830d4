"""A tiny waveform thumbnail for a chosen file: mirrored peak bars in the accent colour.

Paints an Envelope it is given; computing one is the caller's job (off the UI thread).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from sonodesk.core.audio import Envelope
from sonodesk.core.lazy_import import lazy_module
from sonodesk.ui.form import style

if TYPE_CHECKING:
    import numpy as np
else:
    np = lazy_module("numpy")


class WaveformThumb(QWidget):
    """Fixed-size thumbnail; shows a flat line until an envelope arrives."""

    def __init__(self, parent: QWidget | None = None, size: QSize | None = None) -> None:
        super().__init__(parent)
        self._size = size or QSize(72, 30)
        self._peaks: np.ndarray | None = None
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return self._size

    def set_envelope(self, envelope: Envelope | None) -> None:
        if envelope is None or envelope.bins == 0:
            self._peaks = None
        else:
            rebinned = envelope.rebin(max(1, self._size.width() // 3))
            peaks = np.maximum(np.abs(rebinned.min), np.abs(rebinned.max))
            top = float(peaks.max()) if peaks.size else 0.0
            self._peaks = peaks / top if top > 0 else peaks
        self.update()

    def has_envelope(self) -> bool:
        return self._peaks is not None

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        rect = QRectF(self.rect())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(palette.color(palette.ColorRole.Base))
        painter.drawRoundedRect(rect, 4, 4)
        mid = rect.center().y()
        if self._peaks is None:
            painter.setBrush(style.muted_color(palette))
            painter.drawRect(QRectF(rect.left() + 4, mid - 0.5, rect.width() - 8, 1))
            painter.end()
            return
        painter.setBrush(style.accent_color(palette))
        count = len(self._peaks)
        slot = (rect.width() - 6) / max(1, count)
        half = rect.height() / 2 - 4
        for index, peak in enumerate(self._peaks):
            height = max(1.0, float(peak) * half)
            x = rect.left() + 3 + index * slot
            painter.drawRect(QRectF(x, mid - height, max(1.0, slot - 1), 2 * height))
        painter.end()
