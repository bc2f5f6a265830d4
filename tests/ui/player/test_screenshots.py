"""Screenshots of the PlayerWidget for review (tests/artifacts/player_*.png), in both themes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from fakes.fake_audio import FakeOutput, unavailable
from sonodesk.ui.player.player_widget import PlayerWidget
from sonodesk.ui.player.qt_player import QtPlayer
from ui.player.player_rig import ManualClock, Rig, demo_take

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
SIZE = (900, 180)
TITLE = "Warm analog pad, slow attack — take 3 (Stable Audio 2.5)"


def _apply(app: QApplication, name: str) -> None:
    try:
        from sonodesk.ui.theme import apply_theme
    except ImportError:
        app.setStyle("Fusion")
        if name == "dark":
            from PySide6.QtGui import QColor, QPalette

            palette = QPalette()
            for role, value in {
                QPalette.ColorRole.Window: "#1f2024",
                QPalette.ColorRole.WindowText: "#e3e4e8",
                QPalette.ColorRole.Base: "#17181b",
                QPalette.ColorRole.Text: "#e8e9ed",
                QPalette.ColorRole.Button: "#2b2d32",
                QPalette.ColorRole.ButtonText: "#e3e4e8",
                QPalette.ColorRole.Highlight: "#3d8fef",
                QPalette.ColorRole.HighlightedText: "#ffffff",
                QPalette.ColorRole.PlaceholderText: "#7c808a",
            }.items():
                palette.setColor(role, QColor(value))
            app.setPalette(palette)
        return
    apply_theme(app, name)


@pytest.fixture
def themed(qapp: QApplication) -> Iterator[object]:  # type: ignore[misc]
    palette, sheet, style = qapp.palette(), qapp.styleSheet(), qapp.style().name()
    yield lambda name: _apply(qapp, name)
    qapp.setStyleSheet(sheet)
    qapp.setStyle(style)
    qapp.setPalette(palette)


def _shoot(qtbot: QtBot, player: QtPlayer, name: str, size: tuple[int, int] = SIZE) -> PlayerWidget:
    widget = PlayerWidget(player)
    qtbot.addWidget(widget)
    widget.resize(*size)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _save(widget: PlayerWidget, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"player_{name}.png"
    assert widget.grab().save(str(path))
    return path


def _playing_mid_way(rig: Rig, qtbot: QtBot, widget: PlayerWidget) -> None:
    rig.load(demo_take(rig.tmp / "take.wav"), title=TITLE)
    qtbot.waitUntil(lambda: widget.waveform.drawn_fraction == 1.0)
    rig.player.set_loop(True)
    rig.player.play()
    rig.advance(23.4)
    qtbot.waitUntil(lambda: widget.time_text().startswith("0:23.4"))


@pytest.mark.parametrize("theme", ["dark", "light"])
def test_screenshots(rig: Rig, qtbot: QtBot, themed, theme: str) -> None:
    themed(theme)
    suffix = "" if theme == "dark" else "_light"
    empty = _shoot(qtbot, rig.player, "empty")
    assert empty.size().toTuple() == SIZE
    _save(empty, f"empty{suffix}")
    empty.close()

    widget = _shoot(qtbot, rig.player, "playing")
    _playing_mid_way(rig, qtbot, widget)
    assert widget.loop_button.isChecked() and rig.player.is_playing
    _save(widget, f"playing{suffix}")


def test_screenshot_with_the_output_notice(qtbot: QtBot, tmp_path: Path, themed) -> None:
    themed("dark")
    message = (
        "Playback is unavailable: the PortAudio library is not installed (on Debian/Ubuntu: "
        "sudo apt-get install libportaudio2). Everything else still works."
    )
    fake = FakeOutput(open_error=unavailable(message))
    player = QtPlayer(fake, fade_ms=0.0)
    rig = Rig(fake, ManualClock(), player, tmp_path)
    try:
        widget = _shoot(qtbot, player, "notice", (900, 216))
        rig.load(demo_take(tmp_path / "take.wav"), title=TITLE)
        qtbot.waitUntil(lambda: widget.waveform.drawn_fraction == 1.0)
        player.seek(23.4)
        player.play()
        assert widget.notice_text() == message
        qtbot.waitUntil(lambda: widget.time_text().startswith("0:23.4"))
        _save(widget, "notice")
    finally:
        player.close()
