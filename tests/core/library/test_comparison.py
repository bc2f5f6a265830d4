"""Comparison: slots, blind labels, loudness gains once both takes are measured, verdicts."""

from __future__ import annotations

import random

import pytest

from sonodesk.core.errors import SonodeskError
from sonodesk.core.library.comparison import Comparison, Slot


def test_open_comparison_names_a_and_b_and_toggles() -> None:
    c = Comparison("ta", "tb")
    assert (c.label(Slot.LEFT), c.label(Slot.RIGHT)) == ("A", "B")
    assert c.take_in(Slot.LEFT) == "ta" and c.audible_take == "ta"
    assert c.toggle() is Slot.RIGHT and c.audible_take == "tb"
    assert c.revealed and not c.blind


def test_gains_wait_for_both_measurements() -> None:
    c = Comparison("ta", "tb")
    assert c.measuring and c.loudness_text() == "Matching loudness…"
    c.set_loudness("ta", -14.0)
    assert c.gain_db("ta") == 0.0 and c.needs_loudness() == ["tb"]
    c.set_loudness("tb", -20.0)
    assert not c.measuring
    assert c.gain_db("ta") == pytest.approx(-6.0) and c.gain_db("tb") == 0.0
    assert c.loudness_text() == "Loudness matched: A turned down 6.0 dB."


def test_a_silent_take_plays_unmatched() -> None:
    c = Comparison("ta", "tb")
    c.set_loudness("ta", None)
    c.set_loudness("tb", -20.0)
    assert c.gain_db("ta") == 0.0 and c.gain_db("tb") == 0.0
    assert c.loudness_text().startswith("Loudness not matched")


def test_blind_mode_hides_names_until_the_vote() -> None:
    seen = set()
    for seed in range(20):
        c = Comparison("ta", "tb", blind=True, rng=random.Random(seed))
        assert (c.label(Slot.LEFT), c.label(Slot.RIGHT)) == ("X", "Y")
        seen.add(c.take_in(Slot.LEFT))
        c.set_loudness("ta", -10.0)
        c.set_loudness("tb", -16.0)
        assert "A" not in c.loudness_text().replace("Loudness", "")
        assert not c.revealed
        assert c.vote_label(Slot.LEFT) == "X is better"
        verdict = c.decide(Slot.RIGHT)
        assert verdict.winner == c.take_in(Slot.RIGHT) and verdict.choice == "second"
        assert c.revealed
        titles = {"ta": "Loud", "tb": "Soft"}
        x_title = titles[c.take_in(Slot.LEFT)]
        assert c.result_text(titles).startswith(f"X was “{x_title}”.")
        assert "You preferred Y." in c.result_text(titles)
    assert seen == {"ta", "tb"}  # both orders happen


def test_no_difference_is_a_tie_and_the_same_take_twice_is_refused() -> None:
    c = Comparison("ta", "tb", blind=True, rng=random.Random(1))
    assert c.decide(None).winner is None and c.verdict.choice == "tie"  # type: ignore[union-attr]
    assert c.vote_label(None) == "No difference"
    assert "You heard no difference." in c.result_text({})
    with pytest.raises(SonodeskError):
        Comparison("ta", "ta")
