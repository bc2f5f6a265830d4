"""PlayerWidget: transport buttons, time display, volume, notices and window-wide shortcuts."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from fakes.fake_audio import FakeOutput, unavailable
from sonodesk.ui.player.player_widget import PlayerWidget
from sonodesk.ui.player.qt_player import QtPlayer
from sonodesk.ui.player.volume_control import gain_to_slider, slider_to_gain
from ui.player.player_rig import ManualClock, Rig


def _widget(qtbot: QtBot, player: QtPlayer) -> PlayerWidget:
    widget = PlayerWidget(player)
    qtbot.addWidget(widget)
    widget.resize(900, 180)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


class Window(QWidget):
    """A stand-in main window: text editors next to the player, shortcuts added to the window."""

    def __init__(self, player: QtPlayer) -> None:
        super().__init__()
        self.line = QLineEdit()
        self.text = QPlainTextEdit()
        self.player_widget = PlayerWidget(player)
        layout = QVBoxLayout(self)
        layout.addWidget(self.line)
        layout.addWidget(self.text)
        layout.addWidget(self.player_widget)
        self.addActions(self.player_widget.actions())


def _window(qtbot: QtBot, player: QtPlayer) -> Window:
    window = Window(player)
    qtbot.addWidget(window)
    window.resize(900, 400)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def _focus(qtbot: QtBot, widget: QWidget) -> None:
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)


def test_play_button_toggles_and_shows_pause_while_playing(rig: Rig, qtbot: QtBot) -> None:
    widget = _widget(qtbot, rig.player)
    assert widget.objectName() == "player"
    assert widget.play_button.objectName() == "playButton"
    assert not widget.play_button.isEnabled()  # nothing to play yet
    rig.load(rig.tone(seconds=20.0), title="Night drive")
    assert widget.title_label.text() == "Night drive"
    play_key = widget.icon_for("play").cacheKey()
    assert widget.play_button.icon().cacheKey() == play_key

    qtbot.mouseClick(widget.play_button, Qt.MouseButton.LeftButton)
    assert rig.player.state == "playing"
    assert widget.play_button.icon().cacheKey() == widget.icon_for("pause").cacheKey()
    assert widget.play_button.toolTip() == "Pause (Space)"

    rig.advance(1.5)
    qtbot.waitUntil(lambda: widget.time_text().startswith("0:01.5"))
    assert "0:20.0" in widget.time_text()

    qtbot.mouseClick(widget.play_button, Qt.MouseButton.LeftButton)
    assert rig.player.state == "paused"
    assert widget.play_button.icon().cacheKey() == play_key
    qtbot.mouseClick(widget.stop_button, Qt.MouseButton.LeftButton)
    assert rig.player.state == "stopped"
    assert widget.time_text().startswith("0:00.0")


def test_shortcuts_work_anywhere_in_the_window(rig: Rig, qtbot: QtBot) -> None:
    rig.load(rig.tone(seconds=20.0))
    window = _window(qtbot, rig.player)
    pw = window.player_widget
    shortcuts = {a.objectName(): a.shortcut().toString() for a in pw.actions()}
    assert shortcuts == {
        "actionPlayPause": "Space",
        "actionStop": "Esc",
        "actionLoop": "L",
        "actionSeekBack": "Left",
        "actionSeekForward": "Right",
    }
    assert all(a.shortcutContext() == Qt.ShortcutContext.WindowShortcut for a in pw.actions())
    _focus(qtbot, pw.waveform)

    qtbot.keyClick(pw.waveform, Qt.Key.Key_Space)
    assert rig.player.state == "playing"
    qtbot.keyClick(pw.waveform, Qt.Key.Key_Space)
    assert rig.player.state == "paused"

    qtbot.keyClick(pw.waveform, Qt.Key.Key_Right)
    assert rig.player.exact_position() == pytest.approx(5.0)
    qtbot.keyClick(pw.waveform, Qt.Key.Key_Right)
    qtbot.keyClick(pw.waveform, Qt.Key.Key_Left)
    assert rig.player.exact_position() == pytest.approx(5.0)

    qtbot.keyClick(pw.waveform, Qt.Key.Key_L)
    assert rig.player.loop and pw.loop_button.isChecked()
    qtbot.keyClick(pw.waveform, Qt.Key.Key_L)
    assert not rig.player.loop and not pw.loop_button.isChecked()

    qtbot.keyClick(pw.waveform, Qt.Key.Key_Space)
    assert rig.player.state == "playing"
    qtbot.keyClick(pw.waveform, Qt.Key.Key_Escape)
    assert rig.player.state == "stopped" and rig.player.exact_position() == 0.0


@pytest.mark.parametrize("editor", ["line", "text"])
def test_text_editors_keep_their_keys(rig: Rig, qtbot: QtBot, editor: str) -> None:
    rig.load(rig.tone(seconds=20.0))
    rig.player.seek(10.0)
    window = _window(qtbot, rig.player)
    field = window.line if editor == "line" else window.text
    _focus(qtbot, field)

    qtbot.keyClicks(field, "a b")
    qtbot.keyClick(field, Qt.Key.Key_Space)
    qtbot.keyClick(field, Qt.Key.Key_L)
    qtbot.keyClick(field, Qt.Key.Key_Left)
    qtbot.keyClick(field, Qt.Key.Key_Right)

    typed = window.line.text() if editor == "line" else window.text.toPlainText()
    assert typed == "a b l"
    assert rig.player.state == "stopped"
    assert not rig.player.loop
    assert rig.player.exact_position() == pytest.approx(10.0)

    # Outside the editor the same key is the transport again.
    _focus(qtbot, window.player_widget.waveform)
    qtbot.keyClick(window.player_widget.waveform, Qt.Key.Key_Space)
    assert rig.player.state == "playing"


def test_loop_button_is_checkable_and_follows_the_player(rig: Rig, qtbot: QtBot) -> None:
    rig.load(rig.tone(seconds=2.0))
    widget = _widget(qtbot, rig.player)
    assert widget.loop_button.objectName() == "loopButton" and widget.loop_button.isCheckable()
    qtbot.mouseClick(widget.loop_button, Qt.MouseButton.LeftButton)
    assert rig.player.loop and widget.loop_button.isChecked()
    rig.player.set_loop(False)
    assert not widget.loop_button.isChecked()


def test_volume_slider_and_mute(rig: Rig, qtbot: QtBot) -> None:
    rig.load(rig.tone(seconds=2.0))
    widget = _widget(qtbot, rig.player)
    assert widget.volume_slider.value() == 100
    widget.volume_slider.setValue(50)
    assert rig.player.volume == pytest.approx(slider_to_gain(50)) == pytest.approx(0.25)
    assert "−12.0 dB" in widget.volume_slider.toolTip()
    qtbot.mouseClick(widget.mute_button, Qt.MouseButton.LeftButton)
    assert rig.player.muted and widget.mute_button.isChecked()
    widget.volume_slider.setValue(70)
    assert not rig.player.muted and not widget.mute_button.isChecked()
    rig.player.set_volume(0.64)
    assert widget.volume_slider.value() == gain_to_slider(0.64) == 80


def test_output_unavailable_shows_a_notice_and_rest_works(qtbot: QtBot, tmp_path: Path) -> None:
    message = (
        "Playback is unavailable: no audio output device was found. Everything else still works."
    )
    fake = FakeOutput(open_error=unavailable(message))
    player = QtPlayer(fake, fade_ms=0.0)
    rig = Rig(fake, ManualClock(), player, tmp_path)
    try:
        widget = _widget(qtbot, player)
        assert widget.notice_text() == ""
        rig.load(rig.tone(seconds=4.0), title="Take")
        qtbot.mouseClick(widget.play_button, Qt.MouseButton.LeftButton)
        assert widget.notice_text() == message
        assert player.state == "stopped"

        view = widget.waveform
        qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=QPoint(view.width() // 2, 30))
        assert player.exact_position() == pytest.approx(2.0, abs=0.02)
        assert widget.time_text().startswith("0:02.0") or widget.time_text().startswith("0:01.9")

        junk = tmp_path / "junk.mp3"
        junk.write_bytes(b"\x00" * 2048)
        player.load_take(junk)
        assert widget.notice_text() == message  # the output problem outranks the file one
        assert player.load_take(rig.tone("b.wav", seconds=1.0))
        assert widget.title_label.text() == "b"
    finally:
        player.close()


def test_file_errors_show_until_a_good_take_loads(rig: Rig, qtbot: QtBot, tmp_path: Path) -> None:
    widget = _widget(qtbot, rig.player)
    junk = tmp_path / "junk.wav"
    junk.write_bytes(b"RIFF nonsense" * 64)
    rig.player.load_take(junk)
    assert "not audio Sonodesk can read" in widget.notice_text()
    rig.load(rig.tone())
    assert widget.notice_text() == ""


def test_long_titles_are_elided(rig: Rig, qtbot: QtBot) -> None:
    title = "An extremely long generated take title that never fits " * 4
    rig.load(rig.tone(), title=title)
    widget = _widget(qtbot, rig.player)
    shown = widget.title_label.displayed_text()
    assert shown.endswith("…") and len(shown) < len(title)
    assert widget.title_label.toolTip() == title
