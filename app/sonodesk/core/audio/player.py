"""The transport: play, pause, seek, loop and volume over an AudioSource, rendered into an output.

A thread-safe state machine that owns the output stream; sample work is in render.py.
No decoding, no device lists, no Qt.
"""

from __future__ import annotations

import enum
import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sonodesk.core.audio.listeners import Listeners
from sonodesk.core.audio.mix import db_to_gain
from sonodesk.core.audio.output import AudioOutput, OutputStream, OutputUnavailable
from sonodesk.core.audio.render import Ending, Renderer
from sonodesk.core.audio.source import AudioSource
from sonodesk.core.lazy_import import lazy_module

if TYPE_CHECKING:
    import numpy as np
else:
    np = lazy_module("numpy")

log = logging.getLogger(__name__)

Dispatch = Callable[[Callable[[], None]], Any]


class PlayerState(enum.Enum):
    STOPPED = "stopped"
    PLAYING = "playing"
    PAUSED = "paused"


def _inline(fn: Callable[[], None]) -> None:
    fn()


class Player:
    """Plays one source at a time through an :class:`AudioOutput` (the stream factory).

    Threading contract:
      * Every public method may be called from any thread; one lock guards the transport.
        ``play``, ``load`` (when the rate changes), ``set_output``, ``release_output`` and
        ``close`` may block briefly while a device stream opens or closes: call them from the
        UI thread, never from the audio thread or a listener running on it.
      * The output calls ``_render`` on its own thread. It holds the lock only while copying
        slices into the output buffer, never allocates large arrays, and calls no listener
        while holding the lock.
      * Listeners (``on_state_changed(state)``, ``on_finished()``, ``on_error(error)``) run
        through ``dispatch``. The default runs them inline: on the caller's thread for
        ``play``/``pause``/``stop``/``unload``, and ON THE AUDIO THREAD when playback reaches
        the end or the source fails. A Qt adapter should pass ``dispatch=loop.call_soon_threadsafe``
        (qasync) or re-emit through a queued signal; listeners must return quickly.

    ``position`` counts frames handed to the output (heard ``latency`` seconds later). When
    playback reaches frames still being decoded it plays silence and holds the position
    (``buffering``) until they arrive. At the end, without loop, the state becomes STOPPED and
    the position returns to 0. The output is opened with ``channels`` (default stereo); mono
    sources play on every channel. Jumps fade over ``fade_ms`` (0 disables fades).
    """

    def __init__(
        self,
        output: AudioOutput,
        *,
        channels: int = 2,
        fade_ms: float = 5.0,
        dispatch: Dispatch | None = None,
    ) -> None:
        self._output = output
        self._channels = int(channels)
        self._fade_ms = max(0.0, float(fade_ms))
        self._dispatch: Dispatch = dispatch or _inline
        self.on_state_changed = Listeners()
        self.on_finished = Listeners()
        self.on_error = Listeners()
        self._lock = threading.Lock()
        self._stream_lock = threading.RLock()  # never taken by the audio thread
        self._stream: OutputStream | None = None
        self._stream_rate = 0
        self._source: AudioSource | None = None
        self._owned = False
        self._state = PlayerState.STOPPED
        self._volume = 1.0
        self._take_gain = 1.0
        self._r = Renderer()

    # -- queries (any thread) ----------------------------------------------------------------

    @property
    def state(self) -> PlayerState:
        return self._state

    @property
    def source(self) -> AudioSource | None:
        return self._source

    @property
    def position(self) -> float:
        """Seconds from the start of the loaded source (0.0 when nothing is loaded)."""
        with self._lock:
            src, pos = self._source, self._r.pos
        return pos / src.sample_rate if src is not None else 0.0

    @property
    def position_frames(self) -> int:
        return self._r.pos

    @property
    def duration(self) -> float:
        """Best known length in seconds; exact once the source has finished decoding."""
        src = self._source
        return src.total_frames / src.sample_rate if src is not None else 0.0

    @property
    def loop(self) -> bool:
        return self._r.loop

    @property
    def volume(self) -> float:
        return self._volume

    @property
    def buffering(self) -> bool:
        """Playing, but waiting for the decoder to reach the position."""
        return self._r.buffering and self._state is PlayerState.PLAYING

    @property
    def latency(self) -> float:
        stream = self._stream
        return stream.latency if stream is not None else 0.0

    @property
    def output_notice(self) -> str | None:
        """A sentence from the output worth showing (e.g. it fell back to another device)."""
        stream = self._stream
        return stream.notice if stream is not None else None

    # -- transport ---------------------------------------------------------------------------

    def load(
        self,
        source: AudioSource,
        *,
        start_at: float = 0.0,
        gain_db: float = 0.0,
        owned: bool = True,
    ) -> None:
        """Make ``source`` current, keeping the transport state (a playing player keeps playing).

        The previous source is closed if it was loaded with ``owned=True`` (its decoded audio is
        freed). For A/B comparison load both takes with ``owned=False``, switch with
        ``load(other, start_at=player.position, gain_db=...)``, and close them yourself.
        """
        with self._lock:
            previous, previous_owned = self._source, self._owned
            playing = self._state is PlayerState.PLAYING
            if playing:
                self._r.start_tail(previous)
                self._r.fade_in()
            self._source, self._owned = source, owned
            self._take_gain = db_to_gain(gain_db)
            self._r.gain.target = self._volume * self._take_gain
            self._r.pos = self._clamp(round(start_at * source.sample_rate), source)
            self._r.buffering = False
        if previous is not None and previous is not source and previous_owned:
            previous.close()
        if playing and source.sample_rate != self._stream_rate:
            # The callback plays silence until the stream runs at the new rate.
            try:
                self._start_output(source.sample_rate)
            except OutputUnavailable:
                self.pause()
                raise

    def unload(self) -> None:
        """Stop and forget the source (closing it if owned)."""
        with self._lock:
            previous, previous_owned = self._source, self._owned
            if self._state is PlayerState.PLAYING:
                self._r.start_tail(previous)
            changed = self._set_state(PlayerState.STOPPED)
            self._source = None
            self._r.pos = 0
        if previous is not None and previous_owned:
            previous.close()
        self._notify_state(changed)

    def play(self) -> None:
        """Start or resume; from the start if the previous run reached the end. No-op if empty.

        Raises:
            OutputUnavailable: the output cannot be opened; the state stays as it was.
        """
        with self._lock:
            src = self._source
            if src is None or self._state is PlayerState.PLAYING:
                return
        self._start_output(src.sample_rate)
        with self._lock:
            src = self._source
            if src is None:
                return
            if src.done and self._r.pos >= src.frames_ready:
                self._r.pos = 0
            self._r.buffering = False
            self._r.fade_in()
            changed = self._set_state(PlayerState.PLAYING)
        self._notify_state(changed)

    def pause(self) -> None:
        with self._lock:
            if self._state is not PlayerState.PLAYING:
                return
            self._r.start_tail(self._source)
            changed = self._set_state(PlayerState.PAUSED)
        self._notify_state(changed)

    def toggle(self) -> None:
        """Pause when playing, otherwise play (may raise :class:`OutputUnavailable`)."""
        if self._state is PlayerState.PLAYING:
            self.pause()
        else:
            self.play()

    def stop(self) -> None:
        """Stop and return to the start."""
        with self._lock:
            if self._state is PlayerState.PLAYING:
                self._r.start_tail(self._source)
            changed = self._set_state(PlayerState.STOPPED)
            self._r.pos = 0
            self._r.buffering = False
        self._notify_state(changed)

    def seek(self, seconds: float) -> None:
        """Move to ``seconds``, clamped to the source; keeps playing if playing."""
        with self._lock:
            src = self._source
            if src is None:
                return
            target = self._clamp(round(seconds * src.sample_rate), src)
            if target == self._r.pos:
                return
            if self._state is PlayerState.PLAYING:
                self._r.start_tail(src)
                self._r.fade_in()
            self._r.pos = target
            self._r.buffering = False

    def set_loop(self, enabled: bool) -> None:
        with self._lock:
            self._r.loop = bool(enabled)

    def set_volume(self, volume: float) -> None:
        """0.0 … 1.0; changes glide over the fade time, so no clicks."""
        with self._lock:
            self._volume = min(1.0, max(0.0, float(volume)))
            self._r.gain.target = self._volume * self._take_gain

    def set_gain_db(self, gain_db: float) -> None:
        """Per-take gain (loudness matching), applied on top of the volume."""
        with self._lock:
            self._take_gain = db_to_gain(gain_db)
            self._r.gain.target = self._volume * self._take_gain

    # -- output lifecycle --------------------------------------------------------------------

    def set_output(self, output: AudioOutput) -> None:
        """Switch device; playback continues on the new output (may raise OutputUnavailable)."""
        with self._stream_lock:
            was_playing = self._state is PlayerState.PLAYING
            self.release_output()
            self._output = output
            if was_playing:
                self.play()

    def release_output(self) -> None:
        """Close the device stream (pausing playback); the next ``play()`` reopens it.

        An open stream plays silence while paused or stopped, which keeps some systems awake:
        the UI should call this after a while of not playing.
        """
        self.pause()
        with self._stream_lock:
            self._swap_stream(None, 0)

    def close(self) -> None:
        """Unload and release the output; the player can still be used afterwards."""
        self.unload()
        self.release_output()

    def _swap_stream(self, stream: OutputStream | None, rate: int) -> None:
        with self._lock:
            old, self._stream, self._stream_rate = self._stream, stream, rate
            self._r.drop_tail()
            if stream is not None:
                self._r.configure(round(self._fade_ms * rate / 1000.0), stream.channels)
        if old is not None:
            old.stop()
            old.close()

    def _start_output(self, rate: int) -> None:
        with self._stream_lock:
            stream = self._stream
            if stream is None or stream.sample_rate != rate:
                self._swap_stream(None, 0)
                try:
                    stream = self._output.open(rate, self._channels, self._render)
                except OutputUnavailable:
                    raise
                except Exception as exc:
                    raise OutputUnavailable(
                        "Playback is unavailable: the audio output failed to open. "
                        "Everything else still works."
                    ) from exc
                self._swap_stream(stream, rate)
            if not stream.active:
                try:
                    stream.start()
                except OutputUnavailable:
                    raise
                except Exception as exc:
                    raise OutputUnavailable(
                        "Playback is unavailable: the audio output failed to start. "
                        "Everything else still works."
                    ) from exc

    # -- audio thread ------------------------------------------------------------------------

    def _render(self, out: np.ndarray) -> None:
        error = None
        with self._lock:
            src = self._source
            # A source at another rate waits (silent) until load() has reopened the stream.
            if self._state is not PlayerState.PLAYING or (
                src is not None and src.sample_rate != self._stream_rate
            ):
                src = None
            ending = self._r.render(out, src)
            if ending is not None:
                self._state = PlayerState.STOPPED
                error = src.error if src is not None else None
        if ending is None:
            return
        # Rare (once per take), so the small allocations of dispatching are acceptable here.
        self._dispatch(lambda: self.on_state_changed.emit(PlayerState.STOPPED))
        if ending is Ending.FINISHED:
            self._dispatch(self.on_finished.emit)
        else:
            self._dispatch(lambda: self.on_error.emit(error))

    # -- helpers (lock held) -----------------------------------------------------------------

    def _clamp(self, frame: int, src: AudioSource) -> int:
        end = src.frames_ready if src.done else max(src.total_frames, src.frames_ready)
        return max(0, min(int(frame), end))

    def _set_state(self, state: PlayerState) -> PlayerState | None:
        if self._state is state:
            return None
        self._state = state
        return state

    def _notify_state(self, changed: PlayerState | None) -> None:
        if changed is not None:
            self._dispatch(lambda: self.on_state_changed.emit(changed))
