"""The player's keyboard-driven QActions: play/pause, stop, loop and ±5 s seeks.

Builds actions with window-wide shortcuts; what they do is wired by the PlayerWidget.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence

SEEK_STEP_SECONDS = 5.0


@dataclass(frozen=True)
class TransportActions:
    """One QAction per transport command, ready for a window, a menu or a toolbar."""

    play_pause: QAction
    stop: QAction
    loop: QAction
    seek_back: QAction
    seek_forward: QAction

    def all(self) -> list[QAction]:
        return [self.play_pause, self.stop, self.loop, self.seek_back, self.seek_forward]


def _action(parent: QObject, name: str, text: str, key: Qt.Key, *, repeat: bool = False) -> QAction:
    action = QAction(text, parent)
    action.setObjectName(name)
    action.setShortcut(QKeySequence(key))
    # Anywhere in the window, yet text fields keep Space, L and the arrows: they claim those
    # keys through ShortcutOverride before a window shortcut is considered.
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.setAutoRepeat(repeat)
    return action


def make_transport_actions(parent: QObject) -> TransportActions:
    loop = _action(parent, "actionLoop", "Loop", Qt.Key.Key_L)
    loop.setCheckable(True)
    step = f"{SEEK_STEP_SECONDS:g} s"
    return TransportActions(
        play_pause=_action(parent, "actionPlayPause", "Play", Qt.Key.Key_Space),
        stop=_action(parent, "actionStop", "Stop", Qt.Key.Key_Escape),
        loop=loop,
        seek_back=_action(parent, "actionSeekBack", f"Back {step}", Qt.Key.Key_Left, repeat=True),
        seek_forward=_action(
            parent, "actionSeekForward", f"Forward {step}", Qt.Key.Key_Right, repeat=True
        ),
    )
