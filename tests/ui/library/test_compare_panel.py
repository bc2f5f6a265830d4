"""A/B compare: instant switching at the same position, loudness-matched levels (measured off
the UI thread), blind mode with a stored vote, and a clean hand-back to normal playback."""

from __future__ import annotations

import random
import threading

import numpy as np
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from sonodesk.core.library.comparison import Slot
from sonodesk.ui.library import ComparePanel, LibraryPage
from sonodesk.ui.library.compare_panel import BLIND_TITLE
from ui.library.library_rig import RATE, LibraryRig

BLOCK = 256  # the FakeOutput's block size


def freed(source: object) -> bool:
    """A closed decoder has dropped its samples."""
    return source.done and source.frames_ready == 0  # type: ignore[attr-defined]


def rms(frames: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(frames, dtype=np.float64))))


@pytest.fixture
def pair(rig: LibraryRig, make_page):  # type: ignore[no-untyped-def]
    loud = rig.add(0, seconds=3.0, amplitude=0.5, freq=440.0)
    quiet = rig.add(1, seconds=3.0, amplitude=0.25, freq=660.0)  # about 6 dB quieter
    page: LibraryPage = make_page()
    return page, loud, quiet


def wait_ready(panel: ComparePanel, qtbot: QtBot) -> None:
    qtbot.waitUntil(
        lambda: panel.comparison is not None and not panel.comparison.measuring, timeout=5000
    )
    for source in panel.sources.values():
        assert source.wait_done(5.0)  # type: ignore[attr-defined]


def test_switching_keeps_the_position_and_applies_the_matched_gain(
    pair,
    rig: LibraryRig,
    qtbot: QtBot,  # type: ignore[no-untyped-def]
) -> None:
    page, loud, quiet = pair
    panel = page.compare_panel
    measured_on: list[str] = []
    original = panel.meter._measure
    panel.meter._measure = lambda path: (
        measured_on.append(threading.current_thread().name),
        original(path),
    )[1]
    assert page.compare(loud.id, quiet.id)
    assert panel.isVisible() and panel.loudness_label.text() == "Matching loudness…"
    wait_ready(panel, qtbot)
    assert measured_on and all(name != threading.main_thread().name for name in measured_on)
    loud_lufs = rig.library.take(loud.id).loudness  # kept in the library for next time
    quiet_lufs = rig.library.take(quiet.id).loudness
    assert loud_lufs is not None and quiet_lufs is not None
    assert loud_lufs - quiet_lufs == pytest.approx(6.0, abs=0.7)  # K-weighting differs a bit
    gain_db = panel.comparison.gain_db(loud.id)  # type: ignore[union-attr]
    assert gain_db == pytest.approx(quiet_lufs - loud_lufs, abs=0.01)
    assert panel.comparison.gain_db(quiet.id) == 0.0  # type: ignore[union-attr]
    assert f"A turned down {-gain_db:.1f} dB" in panel.loudness_label.text()

    rig.advance(0.5)
    heard_a = rig.fake.recorded
    position = rig.player.exact_position()
    assert position == pytest.approx(0.5, abs=BLOCK / RATE)

    panel.setFocus()
    qtbot.keyClick(panel, Qt.Key.Key_Tab)  # switches, does not move the focus
    assert panel.comparison.current is Slot.RIGHT and panel.hasFocus()  # type: ignore[union-attr]
    assert rig.player.exact_position() == position  # the very same frame
    rig.fake.clear()
    rig.advance(0.25)
    heard_b = rig.fake.recorded
    start = round(position * RATE)
    np.testing.assert_allclose(
        heard_b, rig.audio[quiet.id][start : start + len(heard_b)], atol=1e-4
    )
    # A was heard at its matched gain, B (the quieter one) as it is.
    level_a = 20 * np.log10(rms(heard_a) / rms(rig.audio[loud.id][: len(heard_a)]))
    assert level_a == pytest.approx(gain_db, abs=0.05)

    qtbot.keyClick(panel, Qt.Key.Key_B)
    assert panel.comparison.current is Slot.LEFT  # type: ignore[union-attr]
    assert panel.slots[Slot.LEFT].audible and not panel.slots[Slot.RIGHT].audible


def test_blind_mode_hides_the_names_and_stores_the_vote(
    pair,
    rig: LibraryRig,
    qtbot: QtBot,  # type: ignore[no-untyped-def]
) -> None:
    page, loud, quiet = pair
    panel = page.compare_panel
    panel.rng = random.Random(4)
    assert page.compare(loud.id, quiet.id, blind=True)
    wait_ready(panel, qtbot)
    comparison = panel.comparison
    assert comparison is not None and comparison.blind
    texts = [panel.slots[s].letter + panel.slots[s].title + panel.slots[s].detail for s in Slot]
    assert [panel.slots[s].letter for s in Slot] == ["X", "Y"]
    assert not any(t.title in "".join(texts) for t in (loud, quiet))
    assert rig.player.title == BLIND_TITLE
    assert not any(
        page.model.data(page.model.index(r, 1), Qt.ItemDataRole.UserRole + 4) for r in range(2)
    )  # the table does not give it away either
    assert [b.text() for b in panel.vote_buttons.values()] == [
        "X is better", "Y is better", "No difference",
    ]  # fmt: skip

    qtbot.mouseClick(panel.vote_buttons["right"], Qt.MouseButton.LeftButton)

    winner = comparison.take_in(Slot.RIGHT)
    votes = rig.library.votes.for_take(loud.id)
    assert len(votes) == 1 and votes[0].blind and votes[0].winner == winner
    assert {votes[0].take_a, votes[0].take_b} == {loud.id, quiet.id}
    assert panel.result_label.isVisible()
    result = panel.result_label.text()
    assert loud.title in result and quiet.title in result and "You preferred Y" in result
    assert not any(b.isEnabled() for b in panel.vote_buttons.values())


def test_closing_hands_playback_back_at_full_level(
    pair,
    rig: LibraryRig,
    qtbot: QtBot,  # type: ignore[no-untyped-def]
) -> None:
    page, loud, quiet = pair
    panel = page.compare_panel
    page.compare(loud.id, quiet.id)
    wait_ready(panel, qtbot)
    sources = list(panel.sources.values())
    rig.advance(0.4)
    position = rig.player.exact_position()

    qtbot.mouseClick(panel.close_button, Qt.MouseButton.LeftButton)

    assert not panel.isVisible() and not panel.active
    assert rig.player.path == loud.file_path and rig.player.title == loud.title
    assert rig.player.core.source not in sources and all(freed(s) for s in sources)
    assert rig.player.exact_position() == pytest.approx(position)
    assert rig.player.is_playing
    rig.player.core.source.wait_done(5.0)  # type: ignore[union-attr]
    rig.fake.clear()
    rig.advance(0.2)
    assert rms(rig.fake.recorded) == pytest.approx(0.5 / np.sqrt(2), rel=0.02)  # 0 dB again


def test_playing_something_else_ends_the_comparison(
    pair,
    rig: LibraryRig,
    qtbot: QtBot,  # type: ignore[no-untyped-def]
) -> None:
    page, loud, quiet = pair
    panel = page.compare_panel
    page.compare(loud.id, quiet.id)
    sources = list(panel.sources.values())
    third = rig.add(2, seconds=0.5)
    rig.player.load_take(third.file_path, autoplay=True)
    assert not panel.active and not panel.isVisible()
    assert all(freed(s) for s in sources)


def test_the_compare_button_needs_two_selected_takes(
    pair,
    rig: LibraryRig,
    qtbot: QtBot,  # type: ignore[no-untyped-def]
) -> None:
    page, loud, quiet = pair
    button = page.details.compare_button
    page.select_take(loud.id)
    assert not button.isEnabled()
    page.table.selectAll()
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert page.compare_panel.active
    assert {page.compare_panel.comparison.take_a, page.compare_panel.comparison.take_b} == {  # type: ignore[union-attr]
        loud.id, quiet.id,
    }  # fmt: skip
    # While comparing, moving through the table does not replace what is heard.
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    assert page.compare_panel.active
