"""The player bar's style sheet, computed from the palette so light and dark themes both work.

Returns text only; applying it (and redoing so on palette changes) is the widget's job.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

from sonodesk.ui.player.waveform_paint import mix

# Warnings are amber in every theme; the palette has no role for them.
WARNING = QColor(232, 163, 44)


def _css(colour: QColor) -> str:
    return f"rgba({colour.red()}, {colour.green()}, {colour.blue()}, {colour.alphaF():.3f})"


def player_style_sheet(palette: QPalette) -> str:
    window = palette.color(QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorRole.WindowText)
    accent = palette.color(QPalette.ColorRole.Highlight)
    on_accent = palette.color(QPalette.ColorRole.HighlightedText)
    dark = window.lightnessF() < 0.5
    hover = mix(window, text, 0.10)
    pressed = mix(window, text, 0.18)
    accent_hover = accent.lighter(115) if dark else accent.darker(110)
    accent_pressed = accent.darker(115)
    groove = mix(window, text, 0.20)
    handle = mix(text, window, 0.05)
    disabled_fill = mix(window, text, 0.12)
    return f"""
QToolButton#playButton {{
    border: none; border-radius: 17px; background: {_css(accent)}; color: {_css(on_accent)};
}}
QToolButton#playButton:hover {{ background: {_css(accent_hover)}; }}
QToolButton#playButton:pressed {{ background: {_css(accent_pressed)}; }}
QToolButton#playButton:disabled {{ background: {_css(disabled_fill)}; }}
QToolButton#stopButton, QToolButton#loopButton, QToolButton#muteButton {{
    border: none; border-radius: 5px; background: transparent;
}}
QToolButton#stopButton:hover, QToolButton#loopButton:hover, QToolButton#muteButton:hover {{
    background: {_css(hover)};
}}
QToolButton#stopButton:pressed, QToolButton#muteButton:pressed {{ background: {_css(pressed)}; }}
QToolButton#loopButton:checked {{ background: {_css(accent)}; }}
QToolButton#loopButton:checked:hover {{ background: {_css(accent_hover)}; }}
QSlider#volumeSlider {{ min-height: 18px; }}
QSlider#volumeSlider::groove:horizontal {{
    height: 4px; border-radius: 2px; background: {_css(groove)};
}}
QSlider#volumeSlider::sub-page:horizontal {{ border-radius: 2px; background: {_css(accent)}; }}
QSlider#volumeSlider::sub-page:horizontal:disabled {{ background: {_css(groove)}; }}
QSlider#volumeSlider::handle:horizontal {{
    width: 12px; height: 12px; margin: -4px 0; border-radius: 6px; background: {_css(handle)};
}}
QFrame#playerNotice {{
    border: none; border-left: 3px solid {_css(WARNING)}; border-radius: 3px;
    background: {_css(mix(window, WARNING, 0.14))};
}}
"""
