"""PlayerWidget: the transport bar (play, stop, loop, title, time, volume) above the waveform.

Renders a QtPlayer's state and forwards the user's intent to it; no audio logic, no file access.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QAction, QFont, QFontMetrics, QIcon, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from sonodesk.core.audio.timefmt import format_clock
from sonodesk.ui.player.elided_label import ElidedLabel
from sonodesk.ui.player.notice_line import NoticeLine
from sonodesk.ui.player.player_style import WARNING, player_style_sheet
from sonodesk.ui.player.qt_player import QtPlayer
from sonodesk.ui.player.transport_actions import SEEK_STEP_SECONDS, make_transport_actions
from sonodesk.ui.player.transport_icons import toggle_icon, transport_icon
from sonodesk.ui.player.volume_control import VolumeControl
from sonodesk.ui.player.waveform import WaveformView


class PlayerWidget(QWidget):
    """The built-in player for one :class:`QtPlayer` (injected; this widget never closes it).

    ``actions()`` are window-wide shortcuts (Space, Esc, L, Left, Right). The widget adds them
    to itself, so they work in whatever window hosts it; a main window may also put them in
    its menus (the same QAction, so no shortcut is registered twice).
    """

    def __init__(self, player: QtPlayer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("player")
        self._player = player
        self._icons: dict[str, QIcon] = {}
        self._applied_sheet = ""
        self._transport = make_transport_actions(self)
        self._build()
        self._wire()
        self._refresh_icons()
        self._apply_style()
        self._on_player_state_changed(player.state)
        self._on_player_take_changed()
        self._on_player_loop_changed(player.loop)

    # -- public ------------------------------------------------------------------------------

    @property
    def player(self) -> QtPlayer:
        return self._player

    def actions(self) -> list[QAction]:  # type: ignore[override]
        """Play/Pause (Space), Stop (Esc), Loop (L), Back 5 s (Left), Forward 5 s (Right)."""
        return self._transport.all()

    def notice_text(self) -> str:
        """The notice line's message ("" when hidden)."""
        return self.notice.text()

    def time_text(self) -> str:
        return self.time_label.text()

    def icon_for(self, name: str) -> QIcon:
        """The icon in use for ``name`` (e.g. "pause"), so callers can compare cache keys."""
        return self._icons[name]

    def sizeHint(self) -> QSize:
        return QSize(900, 180)

    # -- construction ------------------------------------------------------------------------

    def _build(self) -> None:
        t = self._transport
        self.play_button = self._tool_button("playButton", t.play_pause, 34, 18)
        self.stop_button = self._tool_button("stopButton", t.stop, 28, 20)
        self.loop_button = self._tool_button("loopButton", t.loop, 28, 18)
        self.title_label = ElidedLabel()
        self.title_label.setObjectName("takeTitle")
        title_font = QFont(self.font())
        title_font.setWeight(QFont.Weight.DemiBold)
        title_font.setPointSizeF(title_font.pointSizeF() * 1.08)
        self.title_label.setFont(title_font)
        self.time_label = QLabel()
        self.time_label.setObjectName("timeDisplay")
        self.time_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.time_label.setTextFormat(Qt.TextFormat.RichText)
        self.time_label.setFont(self._time_font())
        widest = QFontMetrics(self.time_label.font()).horizontalAdvance("00:00.0 / 00:00.0")
        self.time_label.setMinimumWidth(widest + 4)
        self.volume = VolumeControl(self._player)
        self.mute_button = self.volume.mute_button
        self.volume_slider = self.volume.slider
        self.waveform = WaveformView()
        self.waveform.set_player(self._player)
        self.notice = NoticeLine()

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.setSpacing(4)
        bar.addWidget(self.play_button)
        bar.addSpacing(4)
        bar.addWidget(self.stop_button)
        bar.addWidget(self.loop_button)
        bar.addSpacing(12)
        bar.addWidget(self.title_label, 1)
        bar.addSpacing(12)
        bar.addWidget(self.time_label)
        bar.addSpacing(14)
        bar.addWidget(self.volume)
        root = QVBoxLayout(self)
        root.setContentsMargins(10, 8, 10, 8)
        root.setSpacing(8)
        root.addLayout(bar)
        root.addWidget(self.waveform, 1)
        root.addWidget(self.notice)
        self.addActions(self.actions())

    def _tool_button(self, name: str, action: QAction, size: int, icon: int) -> QToolButton:
        button = QToolButton()
        button.setObjectName(name)
        button.setDefaultAction(action)
        button.setFixedSize(size, size)
        button.setIconSize(QSize(icon, icon))
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        return button

    def _time_font(self) -> QFont:
        font = QFont(self.font())
        # Tabular figures keep the digits from shuffling sideways as the time runs.
        font.setFeature(QFont.Tag("tnum"), 1)
        font.setPointSizeF(font.pointSizeF() * 1.08)
        return font

    def _wire(self) -> None:
        t, p = self._transport, self._player
        t.play_pause.triggered.connect(self._on_play_pause_triggered)
        t.stop.triggered.connect(self._on_stop_triggered)
        t.loop.toggled.connect(self._on_loop_toggled)
        t.seek_back.triggered.connect(self._on_seek_back_triggered)
        t.seek_forward.triggered.connect(self._on_seek_forward_triggered)
        self.waveform.sig_seek_requested.connect(self._on_waveform_seek_requested)
        self.waveform.sig_playhead_moved.connect(self._on_waveform_playhead_moved)
        p.sig_state_changed.connect(self._on_player_state_changed)
        p.sig_take_loaded.connect(self._on_player_take_loaded)
        p.sig_take_decoded.connect(self._on_player_take_decoded)
        p.sig_take_unloaded.connect(self._on_player_take_changed)
        p.sig_loop_changed.connect(self._on_player_loop_changed)
        p.sig_error.connect(self._on_player_error)
        p.sig_output_unavailable.connect(self._on_player_output_unavailable)
        p.sig_output_notice.connect(self._on_player_output_notice)

    # -- intent → player ---------------------------------------------------------------------

    def _on_play_pause_triggered(self) -> None:
        self._player.toggle()

    def _on_stop_triggered(self) -> None:
        self._player.stop()

    def _on_loop_toggled(self, checked: bool) -> None:
        self._player.set_loop(checked)

    def _on_seek_back_triggered(self) -> None:
        self._player.seek_relative(-SEEK_STEP_SECONDS)

    def _on_seek_forward_triggered(self) -> None:
        self._player.seek_relative(SEEK_STEP_SECONDS)

    def _on_waveform_seek_requested(self, seconds: float) -> None:
        self._player.seek(seconds)

    def _on_waveform_playhead_moved(self, seconds: float) -> None:
        self._show_time(seconds)

    # -- player → view -----------------------------------------------------------------------

    def _on_player_state_changed(self, state: str) -> None:
        playing = state == "playing"
        action = self._transport.play_pause
        action.setText("Pause" if playing else "Play")
        action.setToolTip("Pause (Space)" if playing else "Play (Space)")
        if self._icons:
            action.setIcon(self._icons["pause" if playing else "play"])
        if playing:
            self.notice.set_message("output", None)

    def _on_player_take_loaded(self, _path: str, _duration: float) -> None:
        self.notice.set_message("take", None)
        self._on_player_take_changed()

    def _on_player_take_decoded(self, _duration: float) -> None:
        self._show_time(self.waveform.playhead)

    def _on_player_take_changed(self) -> None:
        has_take = self._player.has_take
        self.title_label.set_text(self._player.title if has_take else "")
        t = self._transport
        for action in (t.play_pause, t.stop, t.seek_back, t.seek_forward):
            action.setEnabled(has_take)
        self._show_time(self.waveform.playhead)

    def _on_player_loop_changed(self, enabled: bool) -> None:
        self._transport.loop.setChecked(enabled)

    def _on_player_error(self, message: str) -> None:
        self.notice.set_message("take", message)

    def _on_player_output_unavailable(self, message: str) -> None:
        self.notice.set_message("output", message)

    def _on_player_output_notice(self, message: str) -> None:
        self.notice.set_message("info", message)

    # -- helpers -----------------------------------------------------------------------------

    def _show_time(self, seconds: float) -> None:
        dim = self.palette().color(QPalette.ColorRole.PlaceholderText).name()
        if self._player.has_take:
            duration = self.waveform.duration
            now = format_clock(min(seconds, duration))
            text = f'{now}<span style="color:{dim}"> / {format_clock(duration)}</span>'
        else:
            text = f'<span style="color:{dim}">{format_clock(0.0)} / {format_clock(0.0)}</span>'
        if text != self.time_label.text():
            self.time_label.setText(text)

    def _refresh_icons(self) -> None:
        on_accent = self.palette().color(QPalette.ColorRole.HighlightedText)
        self._icons = {
            "play": transport_icon("play", on_accent),
            "pause": transport_icon("pause", on_accent),
            "stop": transport_icon("stop"),
            "loop": toggle_icon("loop", on_accent),
            "volume": transport_icon("volume"),
            "volume-mute": transport_icon("volume-mute"),
            "warning": transport_icon("warning", WARNING),
        }
        t = self._transport
        t.play_pause.setIcon(self._icons["pause" if self._player.is_playing else "play"])
        t.stop.setIcon(self._icons["stop"])
        t.stop.setToolTip("Stop (Esc)")
        t.loop.setIcon(self._icons["loop"])
        t.loop.setToolTip("Loop (L)")
        self.volume.set_icons(self._icons["volume"], self._icons["volume-mute"])
        self.notice.set_icon(self._icons["warning"])

    def _apply_style(self) -> None:
        sheet = player_style_sheet(self.palette())
        if sheet != self._applied_sheet:
            self._applied_sheet = sheet
            self.setStyleSheet(sheet)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_style()
            self._refresh_icons()
            self._show_time(self.waveform.playhead)
        super().changeEvent(event)
