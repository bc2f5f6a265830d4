"""A/B comparison: gains that make two takes equally loud, blind trials and stored votes.

Gains only ever turn the louder take down, so matching never clips. Votes live in the
``take_votes`` table. The random source is injected. No Qt, no file I/O.
"""

from __future__ import annotations

import random
import sqlite3
from dataclasses import dataclass
from typing import Literal

from sonodesk.core.errors import SonodeskError
from sonodesk.core.jobs.store import JobStore

MAX_CUT_DB = 30.0  # beyond this the quiet take is near-silent; matching it helps no one

Choice = Literal["first", "second", "tie"]


@dataclass(frozen=True)
class LoudnessMatch:
    """Playback gains for takes A and B (dB, <= 0) and the loudness each was measured at."""

    a_lufs: float | None
    b_lufs: float | None
    a_gain_db: float
    b_gain_db: float

    @property
    def a_gain(self) -> float:
        return 10 ** (self.a_gain_db / 20)

    @property
    def b_gain(self) -> float:
        return 10 ** (self.b_gain_db / 20)

    @property
    def matched(self) -> bool:
        """False when a take was silent or unmeasured and both play unchanged."""
        return self.a_lufs is not None and self.b_lufs is not None


def match_loudness(a_lufs: float | None, b_lufs: float | None) -> LoudnessMatch:
    """Turn the louder take down to the quieter one's loudness (by at most MAX_CUT_DB)."""
    if a_lufs is None or b_lufs is None:
        return LoudnessMatch(a_lufs, b_lufs, 0.0, 0.0)
    target = min(a_lufs, b_lufs)
    a_gain = max(-MAX_CUT_DB, target - a_lufs)
    b_gain = max(-MAX_CUT_DB, target - b_lufs)
    return LoudnessMatch(a_lufs, b_lufs, round(a_gain, 2), round(b_gain, 2))


@dataclass(frozen=True)
class BlindTrial:
    """Two takes behind the labels "first" and "second"; which is which stays hidden."""

    take_a: str
    take_b: str
    first: str
    second: str

    def take_for(self, choice: Choice) -> str | None:
        return {"first": self.first, "second": self.second}.get(choice)


def blind_trial(take_a: str, take_b: str, rng: random.Random) -> BlindTrial:
    """Shuffle A and B behind neutral labels; the UI shows only "first" and "second"."""
    if take_a == take_b:
        raise SonodeskError("Choose two different takes to compare.")
    first, second = (take_a, take_b) if rng.random() < 0.5 else (take_b, take_a)
    return BlindTrial(take_a, take_b, first, second)


@dataclass(frozen=True)
class Vote:
    """One A/B decision: ``winner`` is None for a tie."""

    id: int
    take_a: str
    take_b: str
    winner: str | None
    blind: bool
    created_at: float


@dataclass(frozen=True)
class VoteTally:
    wins: int
    losses: int
    ties: int


class Votes:
    """Stores and reads A/B votes. Use from the store's thread."""

    def __init__(self, store: JobStore) -> None:
        self._store = store
        self._db = store.connection

    def record(
        self, take_a: str, take_b: str, winner: str | None, *, blind: bool, now: float
    ) -> Vote:
        if winner is not None and winner not in (take_a, take_b):
            raise SonodeskError("The winner must be one of the two takes compared.")
        try:
            with self._store.transaction():
                cursor = self._db.execute(
                    "INSERT INTO take_votes(take_a, take_b, winner, blind, created_at) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (take_a, take_b, winner, int(blind), now),
                )
        except sqlite3.IntegrityError:
            raise SonodeskError("One of these takes is no longer in the library.") from None
        return Vote(int(cursor.lastrowid or 0), take_a, take_b, winner, blind, now)

    def record_blind(self, trial: BlindTrial, choice: Choice, *, now: float) -> Vote:
        """Store the outcome of a blind trial; the stored vote names the real take."""
        return self.record(trial.take_a, trial.take_b, trial.take_for(choice), blind=True, now=now)

    def for_take(self, take_id: str) -> list[Vote]:
        rows = self._db.execute(
            "SELECT id, take_a, take_b, winner, blind, created_at FROM take_votes "
            "WHERE take_a = ? OR take_b = ? ORDER BY created_at DESC, id DESC",
            (take_id, take_id),
        )
        return [Vote(r[0], r[1], r[2], r[3], bool(r[4]), r[5]) for r in rows]

    def tally(self, take_id: str) -> VoteTally:
        votes = self.for_take(take_id)
        wins = sum(v.winner == take_id for v in votes)
        ties = sum(v.winner is None for v in votes)
        return VoteTally(wins, len(votes) - wins - ties, ties)
