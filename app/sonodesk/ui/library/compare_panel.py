"""ComparePanel: loudness-matched A/B listening between two takes, with an optional blind mode.

Both takes stay decoded; switching hands the core player the other decoder at the current
position and gain, so the switch is instant and sample-aligned. Loudness is measured on a
worker thread (LoudnessMeter) and stored through the library; votes go to ``library.votes``.
While open it owns what the player plays; closing it hands playback back to the QtPlayer.
"""

from __future__ import annotations

import contextlib
import random
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sonodesk.core.audio.decode import ProgressiveDecoder
from sonodesk.core.audio.source import AudioSource
from sonodesk.core.errors import SonodeskError
from sonodesk.core.library import Library, LibraryTake
from sonodesk.core.library import display as text
from sonodesk.core.library.comparison import Comparison, Slot
from sonodesk.ui import theme
from sonodesk.ui.form.chips import ChipButton
from sonodesk.ui.icons import icon
from sonodesk.ui.library.loudness_meter import LoudnessMeter
from sonodesk.ui.library.slot_button import SlotButton
from sonodesk.ui.player.qt_player import QtPlayer
from sonodesk.ui.widgets.common import muted_label, pane_title

BLIND_TITLE = "Blind comparison"
_SWITCH_KEYS = (Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_B)


class ComparePanel(QFrame):
    """Two slots, a loudness line, votes and a close button. ``start(a, b)`` opens it."""

    sig_closed = Signal()
    sig_audible_changed = Signal(str)  # take id now heard ("" when the comparison ends)
    sig_vote_recorded = Signal(object)  # core.library.Vote
    sig_error = Signal(str)

    def __init__(self, library: Library, player: QtPlayer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("comparePanel")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._library = library
        self._player = player
        self.rng = random.Random()
        self.clock: Callable[[], float] = time.time
        self.comparison: Comparison | None = None
        self._takes: dict[str, LibraryTake] = {}
        self._paths: dict[str, Path] = {}
        self._decoders: dict[str, AudioSource] = {}
        self._guard = False  # our own player calls must not read as someone else's
        self.meter = LoudnessMeter(parent=self)
        self.meter.sig_measured.connect(self._on_meter_measured)
        self.meter.sig_failed.connect(self._on_meter_failed)
        player.sig_take_loaded.connect(self._on_player_take_loaded)
        player.sig_take_unloaded.connect(self._on_player_take_unloaded)
        self._build()
        self.hide()

    # -- building ----------------------------------------------------------------------------

    def _build(self) -> None:
        self.slots = {slot: SlotButton("A" if slot is Slot.LEFT else "B", self) for slot in Slot}
        for slot, button in self.slots.items():
            button.setObjectName(f"compareSlot:{slot.value}")
            button.clicked.connect(lambda _=False, s=slot: self.switch_to(s))
        self.blind_button = ChipButton("Blind", self, checkable=True)
        self.blind_button.setObjectName("compareBlind")
        self.blind_button.setToolTip("Hide which take is which until you vote")
        self.blind_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.blind_button.toggled.connect(self.set_blind)
        self.close_button = QToolButton(self)
        self.close_button.setObjectName("compareClose")
        self.close_button.setIcon(icon("close"))
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip("End the comparison")
        self.close_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.close_button.clicked.connect(self.close_compare)
        self.loudness_label = muted_label(parent=self)
        self.loudness_label.setObjectName("compareLoudness")
        self.result_label = QLabel(self)
        self.result_label.setObjectName("compareResult")
        self.result_label.setTextFormat(Qt.TextFormat.PlainText)
        self.result_label.setWordWrap(True)
        self.vote_buttons: dict[str, QPushButton] = {}
        for key in ("left", "right", "tie"):
            button = QPushButton(self)
            button.setObjectName(f"compareVote:{key}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            slot = None if key == "tie" else Slot(key)
            button.clicked.connect(lambda _=False, s=slot: self.vote(s))
            self.vote_buttons[key] = button

        head = QHBoxLayout()
        head.setSpacing(theme.SPACING)
        head.addWidget(pane_title("A/B compare", self))
        head.addWidget(muted_label("Tab or B switches at the same position", self))
        head.addStretch(1)
        head.addWidget(self.blind_button)
        head.addWidget(self.close_button)
        slots = QHBoxLayout()
        slots.setSpacing(theme.SPACING)
        slots.addWidget(self.slots[Slot.LEFT])
        slots.addWidget(self.slots[Slot.RIGHT])
        votes = QHBoxLayout()
        votes.setSpacing(6)
        votes.addWidget(self.loudness_label, 1)
        for button in self.vote_buttons.values():
            votes.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(theme.MARGIN, 10, theme.MARGIN, 10)
        layout.setSpacing(theme.SPACING)
        layout.addLayout(head)
        layout.addLayout(slots)
        layout.addLayout(votes)
        layout.addWidget(self.result_label)
        self.result_label.hide()

    # -- public API --------------------------------------------------------------------------

    @property
    def active(self) -> bool:
        return self.comparison is not None

    @property
    def sources(self) -> dict[str, AudioSource]:
        """The two decoded takes by take id (empty when not comparing)."""
        return dict(self._decoders)

    @property
    def audible_take_id(self) -> str | None:
        return self.comparison.audible_take if self.comparison is not None else None

    def start(
        self, take_a: str, take_b: str, *, blind: bool = False, start_at: float = 0.0
    ) -> bool:
        """Load both takes and start playing A (or X); False (and ``sig_error``) if impossible."""
        self.close_compare()
        try:
            comparison = Comparison(take_a, take_b, blind=blind, rng=self.rng)
            takes = {t: self._library.take(t) for t in (take_a, take_b)}
            paths = {t: self._library.audio_path(t) for t in (take_a, take_b)}
        except (SonodeskError, KeyError) as exc:
            self.sig_error.emit(
                str(exc)
                if isinstance(exc, SonodeskError)
                else "One of these takes is no longer in the library."
            )
            return False
        left, right = comparison.take_in(Slot.LEFT), comparison.take_in(Slot.RIGHT)
        self._guard = True
        try:
            # The left take goes through the QtPlayer, so its transport and waveform follow.
            title = BLIND_TITLE if blind else takes[left].title
            if not self._player.load_take(paths[left], title=title, start_at=start_at):
                return False
            left_source = self._player.core.source
            right_source = ProgressiveDecoder(paths[right])
        except SonodeskError as exc:
            self.sig_error.emit(exc.full_text())
            return False
        finally:
            self._guard = False
        assert left_source is not None
        self.comparison, self._takes, self._paths = comparison, takes, paths
        self._decoders = {left: left_source, right: right_source}
        # Re-load the same source as not owned: switching away must not free its samples.
        self._player.core.load(
            left_source,
            start_at=self._player.core.position,
            gain_db=comparison.gain_db(left),
            owned=False,
        )
        for take_id, take in takes.items():
            if take.loudness is not None:
                comparison.set_loudness(take_id, take.loudness)
            else:
                self.meter.measure(take_id, paths[take_id])
        self.blind_button.blockSignals(True)
        self.blind_button.setChecked(blind)
        self.blind_button.blockSignals(False)
        self.result_label.hide()
        self._player.play()
        self.show()
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        self._refresh()
        self.sig_audible_changed.emit(comparison.audible_take)
        return True

    def switch_to(self, slot: Slot) -> None:
        """Hear the take in ``slot`` from exactly where the other one was."""
        comparison = self.comparison
        if comparison is None:
            return
        comparison.current = slot
        take_id = comparison.audible_take
        source = self._decoders[take_id]
        core = self._player.core
        if core.source is not source:
            core.load(
                source, start_at=core.position, gain_db=comparison.gain_db(take_id), owned=False
            )
        self._refresh()
        self.sig_audible_changed.emit(take_id)

    def toggle(self) -> None:
        if self.comparison is not None:
            self.switch_to(self.comparison.current.other)

    def set_blind(self, blind: bool) -> None:
        """Start over in (or out of) blind mode, keeping the playback position."""
        comparison = self.comparison
        if comparison is None or comparison.blind == blind:
            return
        self.start(
            comparison.take_a, comparison.take_b, blind=blind, start_at=self._player.core.position
        )

    def vote(self, slot: Slot | None) -> None:
        """The listener's verdict: stored with the takes, then (blind) revealed."""
        comparison = self.comparison
        if comparison is None or comparison.verdict is not None:
            return
        verdict = comparison.decide(slot)
        try:
            if comparison.trial is not None:
                vote = self._library.votes.record_blind(
                    comparison.trial, verdict.choice, now=self.clock()
                )
            else:
                vote = self._library.votes.record(
                    comparison.take_a,
                    comparison.take_b,
                    verdict.winner,
                    blind=False,
                    now=self.clock(),
                )
        except SonodeskError as exc:
            comparison.verdict = None
            self.sig_error.emit(exc.full_text())
            return
        self._refresh()
        self._show_result()
        self.sig_vote_recorded.emit(vote)
        if comparison.blind:
            self.sig_audible_changed.emit(comparison.audible_take)

    def close_compare(self) -> None:
        """End the comparison; the take heard last keeps playing as a normal take."""
        comparison = self.comparison
        if comparison is None:
            return
        core = self._player.core
        audible = comparison.audible_take
        if core.source in self._decoders.values():
            self._guard = True
            try:
                # A fresh, owned decoder with the real title; gain back to 0 dB.
                self._player.load_take(
                    self._paths[audible], title=self._takes[audible].title, start_at=core.position
                )
            finally:
                self._guard = False
        self._end()

    # -- keys --------------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        # Tab would move the focus away; here it switches the take, like B.
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in _SWITCH_KEYS
            and self.active
        ):
            self.toggle()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_1:
            self.switch_to(Slot.LEFT)
        elif event.key() == Qt.Key.Key_2:
            self.switch_to(Slot.RIGHT)
        else:
            super().keyPressEvent(event)

    # -- internals ---------------------------------------------------------------------------

    def _end(self) -> None:
        current = self._player.core.source
        for source in self._decoders.values():
            if source is not current:
                source.close()
        self.meter.shutdown()
        self.comparison = None
        self._decoders, self._takes, self._paths = {}, {}, {}
        self.hide()
        self.sig_audible_changed.emit("")
        self.sig_closed.emit()

    def _on_player_take_loaded(self, _path: str, _duration: float) -> None:
        if not self._guard and self.active:
            self._end()  # someone else chose what to play: the comparison is over

    def _on_player_take_unloaded(self) -> None:
        if not self._guard and self.active:
            self._end()

    def _on_meter_measured(self, take_id: str, lufs: object) -> None:
        value = float(lufs) if isinstance(lufs, int | float) else None
        # Only a cache: if it cannot be stored, the next comparison measures again.
        with contextlib.suppress(SonodeskError, sqlite3.Error):
            self._library.set_loudness(take_id, value)
        self._apply_measurement(take_id, value)

    def _on_meter_failed(self, take_id: str, message: str) -> None:
        self._apply_measurement(take_id, None)
        self.sig_error.emit(message)

    def _apply_measurement(self, take_id: str, lufs: float | None) -> None:
        comparison = self.comparison
        if comparison is None:
            return
        comparison.set_loudness(take_id, lufs)
        if not comparison.measuring:
            self._player.core.set_gain_db(comparison.gain_db(comparison.audible_take))
        self._refresh()

    def _refresh(self) -> None:
        comparison = self.comparison
        if comparison is None:
            return
        for slot, button in self.slots.items():
            take_id = comparison.take_in(slot)
            take = self._takes[take_id]
            if comparison.revealed:
                title = take.title
                detail = " · ".join(
                    (
                        text.model_text(take.record.model_name, take.record.model_id),
                        text.duration_text(take.record.duration),
                    )
                )
            else:
                title, detail = "Hidden take", "Names are revealed after your vote"
            gain = comparison.gain_db(take_id)
            if abs(gain) >= 0.05 and comparison.revealed:
                detail += f" · {gain:+.1f} dB"
            button.set_content(comparison.label(slot), title, detail, comparison.current is slot)
        self.loudness_label.setText(comparison.loudness_text())
        for key, button in self.vote_buttons.items():
            button.setText(comparison.vote_label(None if key == "tie" else Slot(key)))
            button.setEnabled(comparison.verdict is None)

    def _show_result(self) -> None:
        comparison = self.comparison
        if comparison is None or comparison.verdict is None:
            return
        titles = {take_id: take.title for take_id, take in self._takes.items()}
        self.result_label.setText(comparison.result_text(titles))
        self.result_label.show()
