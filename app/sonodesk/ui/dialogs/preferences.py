"""Preferences: theme, output device (by name), auto-play of new takes, jobs in flight.

Edits a copy of the values; ``sig_applied`` carries them out when the user presses OK. The
dialog is opened with ``open()`` (never ``exec()``), so the event loop keeps running.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from sonodesk.core.audio import output_device_report

DEFAULT_DEVICE_LABEL = "System default"


@dataclass(frozen=True)
class Preferences:
    theme: str
    output_device: str  # "" = the system default
    auto_play_newest: bool
    max_concurrent_jobs: int


class PreferencesDialog(QDialog):
    sig_applied = Signal(object)  # Preferences

    def __init__(self, current: Preferences, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle("Preferences")
        self.setMinimumWidth(460)
        form = QFormLayout()
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(10)

        self.theme = QComboBox(objectName="themeChoice")
        self.theme.addItem("Dark", "dark")
        self.theme.addItem("Light", "light")
        self.theme.setCurrentIndex(max(0, self.theme.findData(current.theme)))
        form.addRow("Theme", self.theme)

        self.device = QComboBox(objectName="outputDeviceChoice")
        report = output_device_report()
        self.device.addItem(DEFAULT_DEVICE_LABEL, "")
        for name in report.names:
            self.device.addItem(name, name)
        if current.output_device and self.device.findData(current.output_device) < 0:
            # Keep a device that is unplugged right now: it is used again when it comes back.
            self.device.addItem(f"{current.output_device} (not connected)", current.output_device)
        self.device.setCurrentIndex(max(0, self.device.findData(current.output_device)))
        form.addRow("Output device", self.device)
        self.device_note = QLabel(report.reason or "", objectName="outputDeviceNote")
        self.device_note.setWordWrap(True)
        self.device_note.setVisible(bool(report.reason))
        form.addRow("", self.device_note)

        self.auto_play = QCheckBox(
            "Play each new take as soon as it arrives", objectName="autoPlayChoice"
        )
        self.auto_play.setChecked(current.auto_play_newest)
        form.addRow("New takes", self.auto_play)

        self.concurrency = QSpinBox(objectName="concurrencyChoice")
        self.concurrency.setRange(1, 16)
        self.concurrency.setValue(current.max_concurrent_jobs)
        self.concurrency.setToolTip(
            "Jobs sent to the service at once; more wait in Sonodesk's queue. "
            "The service's own limit lowers this automatically."
        )
        form.addRow("Jobs in flight", self.concurrency)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._on_accepted)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def values(self) -> Preferences:
        return Preferences(
            theme=str(self.theme.currentData()),
            output_device=str(self.device.currentData() or ""),
            auto_play_newest=self.auto_play.isChecked(),
            max_concurrent_jobs=self.concurrency.value(),
        )

    def _on_accepted(self) -> None:
        self.sig_applied.emit(self.values())
        self.accept()
