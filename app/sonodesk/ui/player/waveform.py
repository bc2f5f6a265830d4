"""WaveformView: draws a take's envelope, played region, playhead and ruler; click or drag to seek.

Reads a QtPlayer (position, envelope, state) and emits seek requests; never drives playback
itself. The envelope layers are cached as pixmaps; a frame only repaints the playhead strip.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QFocusEvent,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPixmap,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from sonodesk.core.audio.envelope import Envelope
from sonodesk.core.audio.timefmt import format_clock
from sonodesk.ui.player.qt_player import QtPlayer
from sonodesk.ui.player.waveform_overlay import (
    PLAYHEAD_CAP,
    paint_empty,
    paint_focus,
    paint_hover,
    paint_playhead,
)
from sonodesk.ui.player.waveform_paint import WaveColours, extend_layer, render_layer

FRAME_MS = 16  # ~60 Hz while something moves
EMPTY_TEXT = "No take loaded — generate something or pick a take"
_KEY_SEEK_SECONDS = 5.0
_ENVELOPE_EVERY = 3  # frames between envelope refreshes while decoding


class WaveformView(QWidget):
    """The take as a waveform with a live playhead.

    Signals:
        sig_seek_requested(float): the user clicked, finished a drag, or pressed Home/End.
        sig_playhead_moved(float): the drawn position changed (playback, seek or scrubbing);
            a time display can follow it without a timer of its own.
    """

    sig_seek_requested = Signal(float)
    sig_playhead_moved = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("waveform")
        self.setAccessibleName("Waveform")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._player: QtPlayer | None = None
        self._frame = QTimer(self)
        self._frame.setTimerType(Qt.TimerType.PreciseTimer)
        self._frame.setInterval(FRAME_MS)
        self._frame.timeout.connect(self._on_frame_timeout)
        self._source: Envelope | None = None
        self._drawn_source: Envelope | None = None  # the snapshot the layers show
        self._source_key: tuple[int, int, bool] | None = None
        self._duration = 0.0
        self._position = 0.0
        self._scrub: float | None = None
        self._decode_ticks = 0
        self._hover_x: float | None = None
        self._layers: tuple[QPixmap, QPixmap] | None = None
        self._layers_key: tuple[int, int, float] | None = None
        # What the layers show: the envelope's layout (frames, bins), the duration, and how
        # many device columns of it are drawn; a filling envelope only adds columns.
        self._drawn_layout: tuple[int, int, float] | None = None
        self._drawn_columns = 0
        self._colours = WaveColours.from_palette(self.palette())
        self._ruler_font = self._make_ruler_font()

    # -- binding -----------------------------------------------------------------------------

    def set_player(self, player: QtPlayer | None) -> None:
        """Show ``player``'s current take and follow it from now on."""
        if self._player is not None:
            for signal, slot in self._connections(self._player):
                signal.disconnect(slot)
        self._player = player
        if player is not None:
            for signal, slot in self._connections(player):
                signal.connect(slot)
        self._reload()

    def _connections(self, player: QtPlayer) -> list[tuple[object, object]]:
        return [
            (player.sig_take_loaded, self._on_player_take_loaded),
            (player.sig_take_decoded, self._on_player_take_decoded),
            (player.sig_take_unloaded, self._on_player_take_unloaded),
            (player.sig_state_changed, self._on_player_state_changed),
            (player.sig_position_jumped, self._on_player_position_jumped),
        ]

    # -- queries (also used by tests) --------------------------------------------------------

    @property
    def duration(self) -> float:
        return self._duration

    @property
    def playhead(self) -> float:
        """The position drawn now (the scrub position while dragging)."""
        return self._scrub if self._scrub is not None else self._position

    @property
    def animating(self) -> bool:
        """True while the frame timer runs (playing or decoding)."""
        return self._frame.isActive()

    @property
    def scrubbing(self) -> bool:
        return self._scrub is not None

    @property
    def drawn_fraction(self) -> float:
        """How much of the take's envelope is drawn (grows while the take decodes)."""
        env = self._source
        return env.filled / env.bins if env is not None and env.bins else 0.0

    def seconds_at(self, x: float) -> float:
        """The time under widget x-coordinate ``x``, clamped to the take."""
        if self._duration <= 0 or self.width() <= 0:
            return 0.0
        return min(self._duration, max(0.0, x / self.width() * self._duration))

    def x_for(self, seconds: float) -> float:
        if self._duration <= 0:
            return 0.0
        return min(1.0, max(0.0, seconds / self._duration)) * self.width()

    def sizeHint(self) -> QSize:
        return QSize(640, 120)

    def minimumSizeHint(self) -> QSize:
        return QSize(160, 56)

    # -- player events -----------------------------------------------------------------------

    def _on_player_take_loaded(self, _path: str, _duration: float) -> None:
        self._reload()

    def _on_player_take_decoded(self, _duration: float) -> None:
        self._pull_envelope()
        self._sync_timer()

    def _on_player_take_unloaded(self) -> None:
        self._reload()

    def _on_player_state_changed(self, _state: str) -> None:
        self._sync_timer()
        self._pull_position()

    def _on_player_position_jumped(self, _seconds: float) -> None:
        self._pull_position()

    def _on_frame_timeout(self) -> None:
        player = self._player
        if player is None:
            self._frame.stop()
            return
        if player.is_decoding:
            # Redrawing the envelope costs a few ms; 20 Hz is plenty for a filling waveform.
            self._decode_ticks = (self._decode_ticks + 1) % _ENVELOPE_EVERY
            if self._decode_ticks == 0:
                self._pull_envelope()
        elif self._source is None or not self._source.complete:
            self._pull_envelope()
        self._pull_position()
        self._sync_timer()

    # -- state pulls -------------------------------------------------------------------------

    def _reload(self) -> None:
        self._source = None
        self._source_key = None
        self._layers = None
        self._duration = 0.0
        self._position = 0.0
        self._scrub = None
        self._pull_envelope()
        self._pull_position()
        self._sync_timer()
        self.update()

    def _sync_timer(self) -> None:
        player = self._player
        busy = player is not None and (player.is_playing or player.is_decoding)
        if busy and not self._frame.isActive():
            self._frame.start()
        elif not busy and self._frame.isActive():
            self._frame.stop()

    def _pull_envelope(self) -> None:
        player = self._player
        env = player.envelope() if player is not None else None
        duration = player.duration() if player is not None and player.has_take else 0.0
        key = None if env is None else (env.filled, env.frames, env.complete)
        if key == self._source_key and math.isclose(duration, self._duration):
            return
        self._source, self._source_key = env, key
        self._duration = duration
        if env is None or self._drawn_layout != (env.frames, env.bins, duration):
            self._layers = None  # a new take or length: render afresh; else extend what is drawn
        self.update()

    def _pull_position(self) -> None:
        player = self._player
        position = player.position() if player is not None and player.has_take else 0.0
        before = self.playhead
        self._position = position
        self._playhead_moved(before)

    def _set_scrub(self, seconds: float | None) -> None:
        before = self.playhead
        self._scrub = seconds
        self._playhead_moved(before)

    def _playhead_moved(self, before: float) -> None:
        after = self.playhead
        if after == before:
            return
        old_x, new_x = self.x_for(before), self.x_for(after)
        if round(new_x * self.devicePixelRatioF()) != round(old_x * self.devicePixelRatioF()):
            left = math.floor(min(old_x, new_x) - PLAYHEAD_CAP) - 1
            right = math.ceil(max(old_x, new_x) + PLAYHEAD_CAP) + 1
            self.update(QRect(left, 0, right - left, self.height()))
        self.sig_playhead_moved.emit(after)

    # -- input -------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._duration <= 0:
            super().mousePressEvent(event)
            return
        self._set_scrub(self.seconds_at(event.position().x()))
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self._set_hover(event.position().x())
        if self._scrub is not None and event.buttons() & Qt.MouseButton.LeftButton:
            self._set_scrub(self.seconds_at(event.position().x()))
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._scrub is None:
            super().mouseReleaseEvent(event)
            return
        target = self.seconds_at(event.position().x())
        # Until the player reports the new position, keep drawing where the user let go.
        self._scrub = None
        self._position = target
        self.update()
        self.sig_seek_requested.emit(target)
        event.accept()

    def leaveEvent(self, event: QEvent) -> None:
        self._set_hover(None)
        super().leaveEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if self._duration > 0 and key in (
            Qt.Key.Key_Home,
            Qt.Key.Key_End,
            Qt.Key.Key_Left,
            Qt.Key.Key_Right,
        ):
            target = {
                Qt.Key.Key_Home: 0.0,
                Qt.Key.Key_End: self._duration,
                Qt.Key.Key_Left: self.playhead - _KEY_SEEK_SECONDS,
                Qt.Key.Key_Right: self.playhead + _KEY_SEEK_SECONDS,
            }[key]
            self.sig_seek_requested.emit(min(self._duration, max(0.0, target)))
            event.accept()
            return
        super().keyPressEvent(event)

    def _set_hover(self, x: float | None) -> None:
        if x == self._hover_x:
            return
        self.update()  # the bubble can sit anywhere along the top; a full repaint is cheap
        self._hover_x = x

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self._colours = WaveColours.from_palette(self.palette())
            self._layers = None
            self.update()
        elif event.type() == QEvent.Type.FontChange:
            self._ruler_font = self._make_ruler_font()
            self._layers = None
            self.update()
        super().changeEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusOutEvent(event)

    # -- painting ----------------------------------------------------------------------------

    def _make_ruler_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.82))
        return font

    def _ensure_layers(self) -> tuple[QPixmap, QPixmap]:
        dpr = self.devicePixelRatioF()
        key = (self.width(), self.height(), dpr)
        source = self._source
        columns = max(1, round(self.width() * dpr))
        if self._layers is None or self._layers_key != key:
            env = source.rebin(columns) if source is not None else None
            args = (self.width(), self.height(), dpr, env, self._duration, self._colours)
            self._layers = (
                render_layer(*args, played=False, font=self._ruler_font),
                render_layer(*args, played=True, font=self._ruler_font),
            )
            self._layers_key = key
            self._note_drawn(env)
        elif source is not None and source is not self._drawn_source:
            # Snapshots are immutable: the same one has nothing new to draw, and the
            # playhead repaints ~60 times a second.
            env = source.rebin(columns)
            if env.filled > self._drawn_columns:
                args = (self.width(), self.height(), dpr, env, self._drawn_columns, self._colours)
                extend_layer(self._layers[0], *args, played=False)
                extend_layer(self._layers[1], *args, played=True)
                self._note_drawn(env)
            self._drawn_source = source
        return self._layers

    def _note_drawn(self, env: Envelope | None) -> None:
        source = self._source
        self._drawn_source = source
        self._drawn_layout = (
            None if source is None else (source.frames, source.bins, self._duration)
        )
        self._drawn_columns = 0 if env is None else min(env.filled, env.bins)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        if self._player is None or not self._player.has_take:
            dpr = self.devicePixelRatioF()
            paint_empty(painter, self.size(), dpr, EMPTY_TEXT, self._colours, self.font())
            if self.hasFocus():
                paint_focus(painter, self.size(), self._colours.focus)
            painter.end()
            return
        unplayed, played = self._ensure_layers()
        x = self.x_for(self.playhead)
        height = float(self.height())
        painter.fillRect(event.rect(), self._colours.surround)
        painter.save()
        painter.setClipRect(QRectF(0.0, 0.0, x, height))
        painter.drawPixmap(0, 0, played)
        painter.setClipRect(QRectF(x, 0.0, self.width() - x, height))
        painter.drawPixmap(0, 0, unplayed)
        painter.restore()
        dpr = self.devicePixelRatioF()
        if self._hover_x is not None and self._duration > 0:
            hover_x = min(max(self._hover_x, 0.0), self.width() - 1.0)
            label = format_clock(self.seconds_at(hover_x))
            paint_hover(painter, self.size(), dpr, hover_x, label, self._colours, self._ruler_font)
        paint_playhead(painter, self.size(), dpr, x, self._colours.playhead)
        if self.hasFocus():
            paint_focus(painter, self.size(), self._colours.focus)
        painter.end()
