"""QtPlayer: the Qt face of the core Player — loads takes, forwards transport, re-emits events.

Touches no widgets and holds no audio logic: decoding, rendering and transport rules stay in
sonodesk.core.audio. Core listeners that fire on the audio thread reach Qt through a queued
signal, so everything this object emits arrives on the GUI thread.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from sonodesk.core.audio.decode import ProgressiveDecoder
from sonodesk.core.audio.envelope import Envelope
from sonodesk.core.audio.output import AudioOutput, OutputUnavailable
from sonodesk.core.audio.player import Player, PlayerState
from sonodesk.core.errors import AudioError
from sonodesk.ui.player.playhead_clock import PlayheadClock

log = logging.getLogger(__name__)

# Envelope resolution kept per take; views rebin it to their width (4096 covers a 4K screen).
ENVELOPE_BINS = 4096
# How often to look for the end of decoding (the waveform polls faster while it animates).
_DECODE_POLL_MS = 50
# An idle open stream still plays silence and can keep a laptop awake; close it after this.
IDLE_RELEASE_MS = 30_000


class QtPlayer(QObject):
    """Plays one take at a time through an injected :class:`AudioOutput`.

    Signals (all delivered on the GUI thread):
        sig_state_changed(str): "playing", "paused" or "stopped".
        sig_take_loaded(str path, float duration): a take became current (duration may still
            be the header's estimate while decoding).
        sig_take_decoded(float duration): decoding of the current take ended; exact duration.
        sig_take_unloaded(): nothing is loaded any more.
        sig_finished(): playback reached the end without loop (the position is back at 0).
        sig_position_jumped(float): the position moved discontinuously (seek, stop, new take).
        sig_loop_changed(bool), sig_volume_changed(float), sig_muted_changed(bool).
        sig_error(str): a plain sentence about the take (cannot be read, damaged part-way).
        sig_output_unavailable(str): playback cannot start; emitted once per distinct problem.
        sig_output_notice(str): a sentence from a working output (e.g. a device fallback).
    """

    sig_state_changed = Signal(str)
    sig_take_loaded = Signal(str, float)
    sig_take_decoded = Signal(float)
    sig_take_unloaded = Signal()
    sig_finished = Signal()
    sig_position_jumped = Signal(float)
    sig_loop_changed = Signal(bool)
    sig_volume_changed = Signal(float)
    sig_muted_changed = Signal(bool)
    sig_error = Signal(str)
    sig_output_unavailable = Signal(str)
    sig_output_notice = Signal(str)
    # Carries a core listener call from whichever thread raised it to this object's thread.
    _sig_marshal = Signal(object)

    def __init__(
        self,
        output: AudioOutput,
        *,
        fade_ms: float = 5.0,
        envelope_bins: int = ENVELOPE_BINS,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._sig_marshal.connect(self._on_marshal_call)
        self._core = Player(output, fade_ms=fade_ms, dispatch=self._marshal)
        self._core.on_state_changed.add(self._on_core_state_changed)
        self._core.on_finished.add(self._on_core_finished)
        self._core.on_error.add(self._on_core_error)
        self._envelope_bins = int(envelope_bins)
        self._clock = PlayheadClock(clock)
        self._decoder: ProgressiveDecoder | None = None
        self._path = ""
        self._title = ""
        self._volume = 1.0
        self._muted = False
        self._unavailable: str | None = None
        self._notice: str | None = None
        self._reported_error: AudioError | None = None
        self._decode_watch = QTimer(self)
        self._decode_watch.setInterval(_DECODE_POLL_MS)
        self._decode_watch.timeout.connect(self._on_decode_watch_timeout)
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(IDLE_RELEASE_MS)
        self._idle.timeout.connect(self._on_idle_timeout)

    # -- queries -----------------------------------------------------------------------------

    @property
    def core(self) -> Player:
        """The core player, for queries (``latency``, ``buffering``); drive it through here."""
        return self._core

    @property
    def path(self) -> str:
        return self._path

    @property
    def title(self) -> str:
        return self._title

    @property
    def has_take(self) -> bool:
        return self._decoder is not None

    @property
    def state(self) -> str:
        return self._core.state.value

    @property
    def is_playing(self) -> bool:
        return self._core.state is PlayerState.PLAYING

    @property
    def is_decoding(self) -> bool:
        return self._decoder is not None and not self._decoder.done

    @property
    def loop(self) -> bool:
        return self._core.loop

    @property
    def volume(self) -> float:
        """The level the user set (0..1), whether or not muted."""
        return self._volume

    @property
    def muted(self) -> bool:
        return self._muted

    @property
    def output_problem(self) -> str | None:
        """Why playback could not start last time, or None once it works."""
        return self._unavailable

    def duration(self) -> float:
        return self._core.duration

    def exact_position(self) -> float:
        """The core position: frames handed to the output, in seconds."""
        return self._core.position

    def position(self) -> float:
        """Where to draw the playhead: the core position, smoothed while playing."""
        shown = self._clock.sample(self._core.position, self.is_playing)
        return min(shown, self._core.duration)

    def envelope(self) -> Envelope | None:
        """The current take's envelope so far (complete once decoded), or None."""
        return self._decoder.envelope() if self._decoder is not None else None

    # -- takes -------------------------------------------------------------------------------

    def load_take(
        self,
        path: str | os.PathLike[str],
        *,
        title: str = "",
        autoplay: bool = False,
        start_at: float = 0.0,
    ) -> bool:
        """Open ``path`` and make it current at once; decoding continues in the background.

        A playing transport keeps playing on the new take. The previous take is closed and its
        samples freed. Returns False (after ``sig_error``) when the file cannot be read; the
        previous take then stays loaded.
        """
        try:
            decoder = ProgressiveDecoder(path, envelope_bins=self._envelope_bins)
        except AudioError as exc:
            log.info("cannot open take %s: %s", Path(path).name, exc)
            self.sig_error.emit(exc.full_text())
            return False
        self._decoder = decoder
        self._reported_error = None
        self._path = str(path)
        self._title = title or Path(path).stem
        try:
            self._core.load(decoder, start_at=start_at)
        except OutputUnavailable as exc:
            self._report_unavailable(exc)
        position = self._clock.reset(self._core.position)
        self.sig_take_loaded.emit(self._path, self._core.duration)
        self.sig_position_jumped.emit(position)
        if decoder.done:
            self._on_decode_watch_timeout()
        else:
            self._decode_watch.start()
        if autoplay:
            self.play()
        return True

    def unload(self) -> None:
        """Stop and forget the current take, freeing its samples."""
        if self._decoder is None:
            return
        self._decode_watch.stop()
        self._core.unload()
        self._decoder = None
        self._path = self._title = ""
        self.sig_take_unloaded.emit()
        self.sig_position_jumped.emit(self._clock.reset(0.0))

    # -- transport ---------------------------------------------------------------------------

    def play(self) -> None:
        try:
            self._core.play()
        except OutputUnavailable as exc:
            self._report_unavailable(exc)
            return
        if self.is_playing:
            self._unavailable = None
            notice = self._core.output_notice
            if notice and notice != self._notice:
                self.sig_output_notice.emit(notice)
            self._notice = notice

    def pause(self) -> None:
        self._core.pause()

    def toggle(self) -> None:
        if self.is_playing:
            self.pause()
        else:
            self.play()

    def stop(self) -> None:
        self._core.stop()
        self.sig_position_jumped.emit(self._clock.reset(self._core.position))

    def seek(self, seconds: float) -> None:
        """Jump to ``seconds`` (clamped to the take); a playing take keeps playing."""
        if self._decoder is None:
            return
        self._core.seek(max(0.0, min(float(seconds), self._core.duration)))
        self.sig_position_jumped.emit(self._clock.reset(self._core.position))

    def seek_relative(self, delta: float) -> None:
        self.seek(self._core.position + float(delta))

    def set_loop(self, enabled: bool) -> None:
        enabled = bool(enabled)
        if enabled == self._core.loop:
            return
        self._core.set_loop(enabled)
        self.sig_loop_changed.emit(enabled)

    def set_volume(self, volume: float) -> None:
        """Linear gain 0..1 (the UI applies its own taper); glides without clicks."""
        volume = min(1.0, max(0.0, float(volume)))
        if volume == self._volume:
            return
        self._volume = volume
        self._apply_gain()
        self.sig_volume_changed.emit(volume)

    def set_muted(self, muted: bool) -> None:
        muted = bool(muted)
        if muted == self._muted:
            return
        self._muted = muted
        self._apply_gain()
        self.sig_muted_changed.emit(muted)

    # -- output ------------------------------------------------------------------------------

    def set_output(self, output: AudioOutput) -> None:
        """Switch to another output (device); playback continues there if it opens."""
        self._unavailable = None
        try:
            self._core.set_output(output)
        except OutputUnavailable as exc:
            self._report_unavailable(exc)

    def close(self) -> None:
        """Unload and close the device stream (call on shutdown)."""
        self._decode_watch.stop()
        self._idle.stop()
        self._core.close()
        self._decoder = None

    # -- internals ---------------------------------------------------------------------------

    def _apply_gain(self) -> None:
        self._core.set_volume(0.0 if self._muted else self._volume)

    def _report_unavailable(self, exc: OutputUnavailable) -> None:
        message = exc.full_text()
        log.info("playback unavailable: %s", message)
        if message != self._unavailable:
            self._unavailable = message
            self.sig_output_unavailable.emit(message)

    def _report_error(self, error: AudioError | None) -> None:
        if error is None or error is self._reported_error:
            return
        self._reported_error = error
        self.sig_error.emit(error.full_text())

    def _marshal(self, call: Callable[[], None]) -> None:
        # The core calls this on whatever thread raised the event. The connection is
        # automatic: direct on the GUI thread, queued (run later on it) from the audio thread.
        self._sig_marshal.emit(call)

    def _on_marshal_call(self, call: Callable[[], None]) -> None:
        call()

    def _on_core_state_changed(self, state: PlayerState) -> None:
        if state is PlayerState.PLAYING:
            self._idle.stop()
        else:
            self._idle.start()
        position = self._clock.reset(self._core.position)
        if state is PlayerState.STOPPED:
            self.sig_position_jumped.emit(position)
        self.sig_state_changed.emit(state.value)

    def _on_core_finished(self) -> None:
        self.sig_finished.emit()

    def _on_core_error(self, error: AudioError | None) -> None:
        self._report_error(error)

    def _on_decode_watch_timeout(self) -> None:
        decoder = self._decoder
        if decoder is None or not decoder.done:
            return
        self._decode_watch.stop()
        self.sig_take_decoded.emit(self._core.duration)
        self._report_error(decoder.error)

    def _on_idle_timeout(self) -> None:
        if not self.is_playing:
            self._core.release_output()
