"""Paint the static layers of a waveform (envelope shapes, centre line, time ruler) into pixmaps.

Pure drawing from an envelope and palette colours; no widget state, no timers, no playback.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
)

from sonodesk.core.audio.envelope import Envelope
from sonodesk.core.audio.timefmt import format_tick, ruler_steps
from sonodesk.core.lazy_import import lazy_module

if TYPE_CHECKING:
    import numpy as np
else:
    np = lazy_module("numpy")

RULER_HEIGHT = 18
CORNER_RADIUS = 4.0
# Room above and below the loudest peak so full-scale audio does not touch the edges.
_WAVE_PAD = 5.0


def mix(a: QColor, b: QColor, amount: float) -> QColor:
    """``a`` moved ``amount`` (0..1) of the way toward ``b``."""
    t = min(1.0, max(0.0, amount))
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
        a.alphaF() + (b.alphaF() - a.alphaF()) * t,
    )


@dataclass(frozen=True)
class WaveColours:
    """Every colour the waveform uses, derived from palette roles so light and dark themes work."""

    surround: QColor
    border: QColor
    background: QColor
    played_background: QColor
    peak: QColor
    rms: QColor
    played_peak: QColor
    played_rms: QColor
    centre: QColor
    ruler_background: QColor
    ruler_line: QColor
    tick: QColor
    label: QColor
    playhead: QColor
    hover: QColor
    bubble: QColor
    bubble_text: QColor
    placeholder: QColor
    focus: QColor

    @classmethod
    def from_palette(cls, palette: QPalette) -> WaveColours:
        base = palette.color(QPalette.ColorRole.Base)
        window = palette.color(QPalette.ColorRole.Window)
        text = palette.color(QPalette.ColorRole.Text)
        accent = palette.color(QPalette.ColorRole.Highlight)
        dark = base.lightnessF() < 0.5
        panel = mix(base, QColor(0, 0, 0), 0.25) if dark else mix(base, window, 0.35)
        hover = QColor(text)
        hover.setAlphaF(0.45)
        return cls(
            surround=window,
            border=mix(panel, text, 0.10 if dark else 0.13),
            background=panel,
            played_background=mix(panel, accent, 0.10),
            peak=mix(panel, text, 0.30),
            rms=mix(panel, text, 0.55),
            played_peak=mix(panel, accent, 0.62),
            played_rms=mix(accent, text, 0.30) if dark else mix(accent, QColor(0, 0, 0), 0.15),
            centre=mix(panel, text, 0.14),
            ruler_background=mix(panel, window, 0.5),
            ruler_line=mix(panel, text, 0.16),
            tick=mix(panel, text, 0.30),
            label=mix(panel, text, 0.58),
            playhead=mix(text, accent, 0.15) if dark else mix(accent, QColor(0, 0, 0), 0.25),
            hover=hover,
            bubble=mix(panel, text, 0.88),
            bubble_text=panel,
            placeholder=palette.color(QPalette.ColorRole.PlaceholderText),
            focus=accent,
        )


def wave_rect(width: float, height: float) -> QRectF:
    """The area above the ruler where the envelope is drawn."""
    return QRectF(0.0, 0.0, width, max(0.0, height - RULER_HEIGHT))


def render_layer(
    width: int,
    height: int,
    dpr: float,
    envelope: Envelope | None,
    duration: float,
    colours: WaveColours,
    *,
    played: bool,
    font: QFont,
) -> QPixmap:
    """One full-size layer: the unplayed look, or (``played``) the tinted played look.

    ``envelope`` must already be rebinned to the layer's width in device pixels.
    """
    pixmap = QPixmap(max(1, round(width * dpr)), max(1, round(height * dpr)))
    pixmap.setDevicePixelRatio(dpr)
    # Transparent first, so the pixmap keeps an alpha channel for the rounded corners.
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.fillRect(
        QRectF(0, 0, width, height), colours.played_background if played else colours.background
    )
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    area = wave_rect(width, height)
    centre_y = area.center().y()
    painter.fillRect(QRectF(0, centre_y - 0.5 / dpr, width, 1.0 / dpr), colours.centre)
    if envelope is not None and envelope.filled > 0:
        _draw_envelope(painter, envelope, area, dpr, colours, played)
    _draw_ruler(painter, width, height, duration, colours, font)
    round_corners(painter, width, height)
    draw_border(painter, width, height, dpr, colours.border)
    painter.end()
    return pixmap


def extend_layer(
    pixmap: QPixmap,
    width: int,
    height: int,
    dpr: float,
    envelope: Envelope,
    first_column: int,
    colours: WaveColours,
    *,
    played: bool,
) -> None:
    """Repaint ``pixmap`` (a ``render_layer`` of the same size) from device column
    ``first_column`` rightwards, above the ruler: the same steps as a full render, clipped.

    While a take decodes its envelope fills from the left and filled columns never change, so
    each refresh only needs the new columns (a full render costs 5-15 ms on the UI thread).
    """
    area = wave_rect(width, height)
    left = first_column / dpr
    strip = QRectF(left, 0.0, max(0.0, width - left), area.height())
    if strip.isEmpty():
        return
    painter = QPainter(pixmap)
    painter.setClipRect(strip)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
    painter.fillRect(strip, colours.played_background if played else colours.background)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    centre_y = area.center().y()
    painter.fillRect(QRectF(0, centre_y - 0.5 / dpr, width, 1.0 / dpr), colours.centre)
    if envelope.filled > first_column:
        _draw_envelope(painter, envelope, area, dpr, colours, played, first=first_column)
    round_corners(painter, width, height)
    draw_border(painter, width, height, dpr, colours.border)
    painter.end()


def draw_border(painter: QPainter, width: float, height: float, dpr: float, colour: QColor) -> None:
    """A hairline round the panel: in light themes the panel is close to the window colour."""
    inset = 0.5 / dpr
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(QPen(colour, 1.0 / dpr))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    rect = QRectF(inset, inset, width - 2 * inset, height - 2 * inset)
    painter.drawRoundedRect(rect, CORNER_RADIUS - inset, CORNER_RADIUS - inset)
    painter.restore()


def round_corners(painter: QPainter, width: float, height: float) -> None:
    """Make everything outside a rounded rectangle transparent (antialiased corners)."""
    outside = QPainterPath()
    outside.addRect(QRectF(0, 0, width, height))
    inside = QPainterPath()
    inside.addRoundedRect(QRectF(0, 0, width, height), CORNER_RADIUS, CORNER_RADIUS)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Clear)
    painter.fillPath(outside.subtracted(inside), QColor(0, 0, 0))
    painter.restore()


def _draw_envelope(
    painter: QPainter,
    env: Envelope,
    area: QRectF,
    dpr: float,
    colours: WaveColours,
    played: bool,
    *,
    first: int = 0,
) -> None:
    count = min(env.filled, env.bins)
    half = max(1.0, area.height() / 2.0 - _WAVE_PAD)
    centre = area.center().y()
    hi = np.clip(env.max[first:count].astype(np.float64), -1.0, 1.0)
    lo = np.clip(env.min[first:count].astype(np.float64), -1.0, 1.0)
    # At least one device pixel tall, so quiet passages still read as audio, not as a gap.
    thin = 0.5 / dpr
    top = np.minimum(centre - hi * half, centre - thin)
    bottom = np.maximum(centre - lo * half, centre + thin)
    rms = env.rms[first:count].astype(np.float64)
    rms_up = np.minimum(rms, np.maximum(hi, 0.0)) * half
    rms_down = np.minimum(rms, np.maximum(-lo, 0.0)) * half
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colours.played_peak if played else colours.peak)
    painter.drawRects(_columns(dpr, top, bottom, first))
    painter.setBrush(colours.played_rms if played else colours.rms)
    painter.drawRects(_columns(dpr, centre - rms_up, centre + rms_down, first))


def _columns(dpr: float, upper: np.ndarray, lower: np.ndarray, first: int = 0) -> list[QRectF]:
    """One rectangle per device-pixel column (from column ``first``): crisp sides, antialiased
    top and bottom.

    Columns (not one outline polygon) because Qt fills a jagged 6000-point polygon ~10x slower.
    """
    width = 1.0 / dpr
    lefts = (np.arange(first, first + len(upper), dtype=np.float64) * width).tolist()
    heights = (lower - upper).tolist()
    return [QRectF(x, y, width, h) for x, y, h in zip(lefts, upper.tolist(), heights, strict=True)]


def _draw_ruler(
    painter: QPainter,
    width: int,
    height: int,
    duration: float,
    colours: WaveColours,
    font: QFont,
) -> None:
    top = float(height - RULER_HEIGHT)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    painter.fillRect(QRectF(0, top, width, RULER_HEIGHT), colours.ruler_background)
    painter.fillRect(QRectF(0, top, width, 1), colours.ruler_line)
    if duration <= 0:
        return
    metrics = QFontMetricsF(font)
    widest = metrics.horizontalAdvance(format_tick(duration))
    steps = ruler_steps(duration, width, min_major_px=max(56.0, widest + 24.0))
    scale = width / duration
    painter.setPen(colours.tick)
    for t in steps.minors(duration):
        x = round(t * scale)
        painter.drawLine(x, int(top) + 1, x, int(top) + 4)
    painter.setFont(font)
    text_y = top + (RULER_HEIGHT + metrics.capHeight()) / 2.0 + 1.0
    for t in steps.majors(duration):
        x = min(round(t * scale), width - 1)
        painter.setPen(colours.tick)
        painter.drawLine(x, int(top) + 1, x, int(top) + 7)
        label = format_tick(t)
        label_w = metrics.horizontalAdvance(label)
        # Labels sit right of their tick; the last ones would spill past the edge, so skip them.
        if x + 4 + label_w > width - 2:
            continue
        painter.setPen(colours.label)
        painter.drawText(QPointF(x + 4, text_y), label)
