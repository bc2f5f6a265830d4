"""VolumeControl: a mute toggle and a volume slider with an audio taper, bound to a QtPlayer.

Forwards the user's level to the player and mirrors the player's level; no audio work here.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QHBoxLayout, QSlider, QToolButton, QWidget

from sonodesk.ui.player.qt_player import QtPlayer


def slider_to_gain(value: int) -> float:
    """Slider position (0..100) to linear gain: a square taper, so the travel sounds even."""
    return (max(0, min(100, value)) / 100.0) ** 2


def gain_to_slider(gain: float) -> int:
    return round(math.sqrt(max(0.0, min(1.0, gain))) * 100)


def gain_text(gain: float) -> str:
    """Gain as text: "−12.0 dB", "+0.0 dB" or "−∞ dB" (typographic minus signs)."""
    if gain <= 0:
        return "−∞ dB"
    return f"{20 * math.log10(gain):+.1f} dB".replace("-", "−")


class VolumeControl(QWidget):
    """``mute_button`` (objectName "muteButton") and ``slider`` (objectName "volumeSlider")."""

    def __init__(self, player: QtPlayer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._player = player
        self._icons: tuple[QIcon, QIcon] | None = None
        self.mute_button = QToolButton()
        self.mute_button.setObjectName("muteButton")
        self.mute_button.setCheckable(True)
        self.mute_button.setFixedSize(28, 28)
        self.mute_button.setIconSize(QSize(18, 18))
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName("volumeSlider")
        self.slider.setRange(0, 100)
        self.slider.setFixedWidth(96)
        self.slider.setAccessibleName("Volume")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(self.mute_button)
        row.addWidget(self.slider)
        self.mute_button.toggled.connect(self._on_mute_toggled)
        self.slider.valueChanged.connect(self._on_slider_changed)
        player.sig_volume_changed.connect(self._on_player_volume_changed)
        player.sig_muted_changed.connect(self._on_player_muted_changed)
        self._on_player_volume_changed(player.volume)
        self._on_player_muted_changed(player.muted)

    def set_icons(self, volume: QIcon, muted: QIcon) -> None:
        self._icons = (volume, muted)
        self._on_player_muted_changed(self._player.muted)

    def _on_mute_toggled(self, checked: bool) -> None:
        self._player.set_muted(checked)

    def _on_slider_changed(self, value: int) -> None:
        gain = slider_to_gain(value)
        self.slider.setToolTip(f"Volume {gain_text(gain)}")
        self._player.set_volume(gain)
        if self._player.muted and value > 0:
            self._player.set_muted(False)  # moving the slider means "I want to hear it"

    def _on_player_volume_changed(self, volume: float) -> None:
        if slider_to_gain(self.slider.value()) != volume:
            self.slider.blockSignals(True)
            self.slider.setValue(gain_to_slider(volume))
            self.slider.blockSignals(False)
        self.slider.setToolTip(f"Volume {gain_text(volume)}")

    def _on_player_muted_changed(self, muted: bool) -> None:
        self.mute_button.setChecked(muted)
        self.mute_button.setToolTip("Unmute" if muted else "Mute")
        if self._icons is not None:
            self.mute_button.setIcon(self._icons[1] if muted else self._icons[0])
