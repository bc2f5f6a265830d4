"""The state of one A/B listening session: which take each slot holds, gains, blind labels, votes.

Decides what a comparison shows and plays; playing it is the UI's job. The random source is
injected. No Qt, no I/O.
"""

from __future__ import annotations

import enum
import random
from collections.abc import Mapping
from dataclasses import dataclass

from sonodesk.core.errors import SonodeskError
from sonodesk.core.library.compare import (
    BlindTrial,
    Choice,
    LoudnessMatch,
    blind_trial,
    match_loudness,
)


class Slot(enum.Enum):
    """The two buttons of the comparison, left and right."""

    LEFT = "left"
    RIGHT = "right"

    @property
    def other(self) -> Slot:
        return Slot.RIGHT if self is Slot.LEFT else Slot.LEFT


@dataclass(frozen=True)
class Verdict:
    """What a vote said, in the words shown after a blind trial reveals itself."""

    winner: str | None  # take id; None for "no difference"
    choice: Choice


class Comparison:
    """Takes A and B behind two slots; in blind mode the slots are "X" and "Y" in random order."""

    def __init__(
        self, take_a: str, take_b: str, *, blind: bool = False, rng: random.Random | None = None
    ) -> None:
        if take_a == take_b:
            raise SonodeskError("Choose two different takes to compare.")
        self.take_a = take_a
        self.take_b = take_b
        self.trial: BlindTrial | None = (
            blind_trial(take_a, take_b, rng or random.Random()) if blind else None
        )
        self._loudness: dict[str, float | None] = {}
        self._measured: set[str] = set()
        self.current = Slot.LEFT
        self.verdict: Verdict | None = None

    # -- who is where -------------------------------------------------------------------------

    @property
    def blind(self) -> bool:
        return self.trial is not None

    @property
    def revealed(self) -> bool:
        """Names are shown: always outside blind mode, after the vote inside it."""
        return self.trial is None or self.verdict is not None

    def take_in(self, slot: Slot) -> str:
        if self.trial is not None:
            return self.trial.first if slot is Slot.LEFT else self.trial.second
        return self.take_a if slot is Slot.LEFT else self.take_b

    def slot_of(self, take_id: str) -> Slot | None:
        for slot in Slot:
            if self.take_in(slot) == take_id:
                return slot
        return None

    def label(self, slot: Slot) -> str:
        """ "A"/"B", or "X"/"Y" in blind mode."""
        if self.trial is not None:
            return "X" if slot is Slot.LEFT else "Y"
        return "A" if slot is Slot.LEFT else "B"

    @property
    def audible_take(self) -> str:
        return self.take_in(self.current)

    def toggle(self) -> Slot:
        self.current = self.current.other
        return self.current

    # -- loudness -----------------------------------------------------------------------------

    def needs_loudness(self) -> list[str]:
        """Takes whose loudness is still to be measured, A first."""
        return [t for t in (self.take_a, self.take_b) if t not in self._measured]

    def set_loudness(self, take_id: str, lufs: float | None) -> None:
        """A measurement arrived (None: silent or unreadable, so that take plays unchanged)."""
        if take_id in (self.take_a, self.take_b):
            self._loudness[take_id] = lufs
            self._measured.add(take_id)

    @property
    def measuring(self) -> bool:
        return bool(self.needs_loudness())

    @property
    def match(self) -> LoudnessMatch:
        """Gains for A and B; both 0 dB until both are measured."""
        if self.measuring:
            return LoudnessMatch(None, None, 0.0, 0.0)
        return match_loudness(self._loudness.get(self.take_a), self._loudness.get(self.take_b))

    def gain_db(self, take_id: str) -> float:
        match = self.match
        return match.a_gain_db if take_id == self.take_a else match.b_gain_db

    def loudness_text(self) -> str:
        """One line for the panel: what the listener should know about levels."""
        if self.measuring:
            return "Matching loudness…"
        match = self.match
        if not match.matched:
            return "Loudness not matched: a take is silent or could not be measured."
        cut = max(abs(match.a_gain_db), abs(match.b_gain_db))
        if cut < 0.05:
            return "Loudness matched: both takes are equally loud."
        if not self.revealed:
            return f"Loudness matched: the louder take is turned down {cut:.1f} dB."
        louder = self.label(self.slot_of(self.take_a if match.a_gain_db < 0 else self.take_b))
        return f"Loudness matched: {louder} turned down {cut:.1f} dB."

    # -- votes --------------------------------------------------------------------------------

    def vote_label(self, slot: Slot | None) -> str:
        """ "A is better" / "Y is better" / "No difference"."""
        return "No difference" if slot is None else f"{self.label(slot)} is better"

    def result_text(self, titles: Mapping[str, str]) -> str:
        """After the vote: what the listener chose and, for a blind trial, who was who."""
        verdict = self.verdict
        if verdict is None:
            return ""
        if verdict.winner is None:
            choice = "You heard no difference."
        else:
            winner = self.slot_of(verdict.winner)
            choice = f"You preferred {self.label(winner)}." if winner else ""
        names = ""
        if self.trial is not None:
            names = " ".join(
                f"{self.label(slot)} was “{titles.get(self.take_in(slot), '')}”." for slot in Slot
            )
            names += " "
        return f"{names}{choice} The vote is saved with both takes."

    def choice_for(self, slot: Slot | None) -> Choice:
        """The blind-trial choice for "this slot is better" (None: no difference)."""
        if slot is None:
            return "tie"
        return "first" if slot is Slot.LEFT else "second"

    def decide(self, slot: Slot | None) -> Verdict:
        """Record the listener's pick here (storing it is the caller's job) and reveal."""
        winner = None if slot is None else self.take_in(slot)
        self.verdict = Verdict(winner, self.choice_for(slot))
        return self.verdict
