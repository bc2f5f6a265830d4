"""WaveformView: what it draws (envelope, progressive fill, playhead), when it animates, seeking."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QMouseEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from sonodesk.ui.player.waveform import WaveformView
from sonodesk.ui.player.waveform_paint import wave_rect
from ui.player.player_rig import RATE, Rig, ScriptedTake

WIDTH, HEIGHT = 400, 140


def _view(qtbot: QtBot, player: object) -> WaveformView:
    view = WaveformView()
    qtbot.addWidget(view)
    view.resize(WIDTH, HEIGHT)
    view.set_player(player)  # type: ignore[arg-type]
    view.show()
    qtbot.waitExposed(view)
    return view


def _image(view: WaveformView) -> QImage:
    return view.grab().toImage()


def _drawn(image: QImage, x: int, y: int, background: QColor) -> bool:
    return QColor(image.pixel(x, y)).rgb() != background.rgb()


def _probe_y() -> int:
    """A row well away from the centre line, inside any loud waveform."""
    area = wave_rect(WIDTH, HEIGHT)
    return round(area.center().y() - area.height() * 0.25)


def test_envelope_is_drawn_where_loud_and_not_where_silent(rig: Rig, qtbot: QtBot) -> None:
    rig.load(rig.loud_then_silent(seconds=2.0))
    view = _view(qtbot, rig.player)
    qtbot.waitUntil(lambda: view.drawn_fraction == 1.0)
    image = _image(view)
    background = view._colours.background
    y = _probe_y()
    loud = [_drawn(image, x, y, background) for x in range(10, WIDTH // 2 - 10, 7)]
    silent = [_drawn(image, x, y, background) for x in range(WIDTH // 2 + 10, WIDTH - 10, 7)]
    assert all(loud)
    assert not any(silent)
    # The centre line runs through the silence, so the take still reads as one strip.
    centre = round(wave_rect(WIDTH, HEIGHT).center().y())
    assert _drawn(image, WIDTH - 40, centre, background)


def test_envelope_fills_in_progressively_while_decoding(qtbot: QtBot) -> None:
    t = np.arange(2 * RATE) / RATE
    mono = (0.9 * np.sin(2 * np.pi * 220 * t)).astype(np.float32)
    take = ScriptedTake(np.stack([mono, mono], axis=1))
    view = _view(qtbot, take)
    assert view.animating  # decoding: the frame timer polls envelope snapshots
    background = view._colours.background
    y = _probe_y()

    take.feed(0.25)
    qtbot.waitUntil(lambda: _drawn(_image(view), 40, y, background))
    image = _image(view)
    assert not _drawn(image, round(WIDTH * 0.4), y, background)
    assert not _drawn(image, round(WIDTH * 0.8), y, background)

    take.feed(0.6)
    qtbot.waitUntil(lambda: _drawn(_image(view), round(WIDTH * 0.4), y, background))
    assert not _drawn(_image(view), round(WIDTH * 0.8), y, background)

    take.feed(1.0)
    qtbot.waitUntil(lambda: _drawn(_image(view), round(WIDTH * 0.8), y, background))
    assert not view.animating  # decoded and not playing: no timer work while idle


def test_a_filling_envelope_is_drawn_in_strips_that_add_up_to_the_full_render(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sonodesk.ui.player import waveform

    rng = np.random.default_rng(7)
    samples = (0.4 * rng.standard_normal((2 * RATE, 2))).astype(np.float32)
    take = ScriptedTake(samples)
    view = _view(qtbot, take)
    take.feed(0.1)
    qtbot.waitUntil(lambda: view.drawn_fraction >= 0.099 and view._layers is not None)
    full_renders: list[int] = []
    real_render = waveform.render_layer
    monkeypatch.setattr(
        waveform, "render_layer", lambda *a, **k: full_renders.append(1) or real_render(*a, **k)
    )
    for fraction in (0.3, 0.55, 0.8, 1.0):
        take.feed(fraction)
        qtbot.waitUntil(lambda f=fraction: view.drawn_fraction >= f * 0.99)
        view.repaint()
    assert full_renders == []  # only the new columns were painted, on the layers already made
    progressive = _image(view)
    view._layers = None  # what a full render of the finished envelope looks like
    view.repaint()
    assert len(full_renders) == 2  # the played and the unplayed layer
    assert _image(view) == progressive


def test_playhead_moves_while_playing_and_the_timer_stops_when_idle(rig: Rig, qtbot: QtBot) -> None:
    rig.load(rig.tone(seconds=4.0))
    view = _view(qtbot, rig.player)
    qtbot.waitUntil(lambda: not view.animating)
    assert view.playhead == 0.0

    moved: list[float] = []
    view.sig_playhead_moved.connect(moved.append)
    rig.player.play()
    assert view.animating
    rig.advance(1.0)
    qtbot.waitUntil(lambda: view.playhead == pytest.approx(1.0, abs=1e-3))
    assert moved and moved[-1] == pytest.approx(1.0, abs=1e-3)

    # Played part tinted: left of the playhead differs from right of it on the same row.
    image = _image(view)
    x = round(view.x_for(1.0))
    top = 8  # above the waveform's peaks, below the playhead cap
    assert QColor(image.pixel(x - 20, top)).rgb() == view._colours.played_background.rgb()
    assert QColor(image.pixel(x + 20, top)).rgb() == view._colours.background.rgb()

    rig.advance(1.0)
    qtbot.waitUntil(lambda: view.playhead == pytest.approx(2.0, abs=1e-3))
    rig.player.pause()
    assert not view.animating


def test_click_seeks_to_the_time_under_the_mouse(rig: Rig, qtbot: QtBot) -> None:
    rig.load(rig.tone(seconds=4.0))
    view = _view(qtbot, rig.player)
    view.sig_seek_requested.connect(rig.player.seek)
    assert view.seconds_at(WIDTH / 4) == pytest.approx(1.0)

    with qtbot.waitSignal(view.sig_seek_requested) as requested:
        qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=QPoint(WIDTH // 4, 50))
    assert requested.args[0] == pytest.approx(1.0, abs=4.0 / WIDTH)
    assert rig.player.exact_position() == pytest.approx(1.0, abs=4.0 / WIDTH)
    assert view.playhead == pytest.approx(1.0, abs=4.0 / WIDTH)


def _mouse(view: WaveformView, kind: QMouseEvent.Type, x: float, held: bool) -> None:
    left = Qt.MouseButton.LeftButton
    button = left if kind != QMouseEvent.Type.MouseMove else Qt.MouseButton.NoButton
    buttons = left if held else Qt.MouseButton.NoButton
    pos = QPointF(x, 50)
    event = QMouseEvent(
        kind, pos, view.mapToGlobal(pos), button, buttons, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(view, event)


def test_drag_scrubs_the_playhead_and_release_commits(rig: Rig, qtbot: QtBot) -> None:
    rig.load(rig.tone(seconds=4.0))
    view = _view(qtbot, rig.player)
    view.sig_seek_requested.connect(rig.player.seek)
    requested: list[float] = []
    view.sig_seek_requested.connect(requested.append)

    _mouse(view, QMouseEvent.Type.MouseButtonPress, WIDTH * 0.25, held=True)
    assert view.scrubbing and view.playhead == pytest.approx(1.0)
    _mouse(view, QMouseEvent.Type.MouseMove, WIDTH * 0.5, held=True)
    assert view.playhead == pytest.approx(2.0)
    _mouse(view, QMouseEvent.Type.MouseMove, WIDTH * 0.75, held=True)
    assert view.playhead == pytest.approx(3.0)
    assert requested == [] and rig.player.exact_position() == 0.0  # nothing committed yet

    _mouse(view, QMouseEvent.Type.MouseMove, WIDTH * 2.0, held=True)
    assert view.playhead == pytest.approx(4.0)  # clamped to the take
    _mouse(view, QMouseEvent.Type.MouseButtonRelease, WIDTH * 0.75, held=False)
    assert not view.scrubbing
    assert requested == [pytest.approx(3.0)]
    assert rig.player.exact_position() == pytest.approx(3.0)


def test_hover_shows_a_time_indicator(rig: Rig, qtbot: QtBot) -> None:
    rig.load(rig.tone(seconds=4.0))
    view = _view(qtbot, rig.player)
    before = _image(view)
    qtbot.mouseMove(view, QPoint(WIDTH // 2, 40))
    qtbot.waitUntil(lambda: _image(view) != before)
    after = _image(view)
    # A bubble next to the pointer near the top, where the waveform does not reach.
    assert QColor(after.pixel(WIDTH // 2 + 8, 12)).rgb() == view._colours.bubble.rgb()


def test_keyboard_seeks_when_focused(rig: Rig, qtbot: QtBot) -> None:
    rig.load(rig.tone(seconds=4.0))
    view = _view(qtbot, rig.player)
    view.sig_seek_requested.connect(rig.player.seek)
    assert view.focusPolicy() == Qt.FocusPolicy.StrongFocus
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert rig.player.exact_position() == pytest.approx(4.0)
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert rig.player.exact_position() == 0.0


def test_empty_state_and_unload(rig: Rig, qtbot: QtBot) -> None:
    view = _view(qtbot, rig.player)
    empty = _image(view)
    assert not view.animating and view.duration == 0.0
    rig.load(rig.tone(seconds=1.0))
    qtbot.waitUntil(lambda: view.duration == pytest.approx(1.0))
    assert _image(view) != empty
    rig.player.unload()
    assert view.duration == 0.0 and _image(view) == empty
