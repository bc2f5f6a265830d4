"""Stand-ins for the parameter form and the player, so the shell can be composed in tests."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSlider,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sonodesk.ui import theme
from sonodesk.ui.icons import icon
from sonodesk.ui.widgets.common import muted_label, pane_title


class FormStandIn(QWidget):
    """Looks like a parameter form: a prompt, a few fields and the Generate button."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("formStandIn")
        title = QLabel("Sandbox Music Sketch")
        title.setFont(theme.scaled(title.font(), 1.35, bold=True))
        subtitle = muted_label("Offline music sketches: drums, bass, chords and a melody in key.")
        prompt = QPlainTextEdit("dreamy lofi hip hop at 80 bpm with warm keys")
        prompt.setFixedHeight(88)
        form = QFormLayout()
        form.setSpacing(theme.SPACING)
        duration = QSlider(Qt.Orientation.Horizontal)
        duration.setRange(4, 180)
        duration.setValue(20)
        form.addRow("Duration (s)", duration)
        outputs = QSpinBox()
        outputs.setRange(1, 4)
        form.addRow("Outputs", outputs)
        key = QComboBox()
        key.addItems(["Auto (from prompt)", "A minor", "C major"])
        form.addRow("Key", key)
        generate = QPushButton(icon("generate"), "  Generate  ·  ≈ 1 CU")
        generate.setDefault(True)
        generate.setMinimumHeight(34)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(10)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addSpacing(6)
        layout.addWidget(pane_title("Prompt"))
        layout.addWidget(prompt)
        layout.addSpacing(6)
        layout.addWidget(pane_title("Parameters"))
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(generate)


class PlayerStandIn(QWidget):
    """Looks like a transport bar over a waveform area."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("playerStandIn")
        row = QHBoxLayout()
        for name in ("skip-back", "play", "stop", "loop"):
            button = QToolButton()
            button.setIcon(icon(name))
            button.setAutoRaise(True)
            row.addWidget(button)
        clock = QLabel("0:00.0 / 0:20.0")
        clock.setFont(theme.tabular(clock.font()))
        row.addWidget(clock)
        row.addStretch(1)
        volume = QToolButton()
        volume.setIcon(icon("volume"))
        volume.setAutoRaise(True)
        row.addWidget(volume)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(muted_label("Waveform"), 1)
        layout.addLayout(row)
