"""The built-in player: QtPlayer (Qt adapter over the core Player), WaveformView, PlayerWidget."""

from __future__ import annotations

from sonodesk.ui.player.outputs import make_output
from sonodesk.ui.player.player_widget import PlayerWidget
from sonodesk.ui.player.qt_player import QtPlayer
from sonodesk.ui.player.transport_actions import TransportActions
from sonodesk.ui.player.waveform import WaveformView

__all__ = ["PlayerWidget", "QtPlayer", "TransportActions", "WaveformView", "make_output"]
