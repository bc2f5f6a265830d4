"""Screenshots of the export dialog (dark, 600×720) for review: tests/artifacts/export_*.png."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from sonodesk.core.export import ExportProgress, ExportSettings, export_takes
from sonodesk.ui.export import ExportDialog, ExportRunner

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
SIZE = (600, 720)


def _save(qtbot, dialog: ExportDialog, name: str) -> Path:
    QApplication.processEvents()
    qtbot.wait(30)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"export_{name}.png"
    assert dialog.grab().save(str(path))
    return path


def _shown(qtbot, dialog: ExportDialog) -> ExportDialog:
    qtbot.addWidget(dialog)
    dialog.resize(*SIZE)
    dialog.open()
    qtbot.waitExposed(dialog)
    return dialog


def test_batch_mp3_streaming(dark, qtbot, takes, tmp_path: Path) -> None:
    settings = ExportSettings(
        format="mp3-320", loudness_target=-14.0, fade_out=1.5, name_template="{title}_{n}",
        folder=str(Path.home() / "Music" / "Sonodesk" / "Night session"),
    )  # fmt: skip
    dialog = _shown(qtbot, ExportDialog(takes, defaults=settings))
    assert dialog.form.format_combo.currentText() == "MP3 320 kbps (CBR)"
    assert "-14" in dialog.form.loudness_combo.currentText()
    assert _save(qtbot, dialog, "batch_mp3").stat().st_size > 0


def test_invalid_combination(dark, qtbot, takes, tmp_path: Path) -> None:
    settings = ExportSettings(format="opus-128", sample_rate=96_000, folder=str(tmp_path))
    dialog = _shown(qtbot, ExportDialog(takes, defaults=settings))
    assert not dialog.export_button.isEnabled()
    _save(qtbot, dialog, "invalid")


def test_during_export_and_summary(dark, qtbot, takes, tmp_path: Path) -> None:
    reached, release = threading.Event(), threading.Event()

    def paused(items: Any, settings: ExportSettings, **kwargs: Any):
        relay = kwargs.pop("progress")

        def progress(step: ExportProgress) -> None:
            relay(step)
            # Hold the worker half-way through the second take while the picture is taken.
            if step.index == 1 and step.stage == "encoding" and step.fraction > 0.5:
                reached.set()
                release.wait(10)

        return export_takes(items, settings, progress=progress, **kwargs)

    settings = ExportSettings(
        format="flac24", sample_rate=48_000, loudness_target=-14.0, name_template="{title}_{n}",
        folder=str(tmp_path / "Night session"),
    )  # fmt: skip
    dialog = ExportDialog(takes, defaults=settings, runner=ExportRunner(exporter=paused))
    _shown(qtbot, dialog)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    try:
        qtbot.waitUntil(reached.is_set, timeout=30_000)
        qtbot.waitUntil(lambda: dialog.progress_page.take_label.text().startswith("Take 2"))
        qtbot.wait(60)
        _save(qtbot, dialog, "running")
    finally:
        release.set()
    qtbot.waitUntil(lambda: dialog.pages.currentWidget() is dialog.summary_page, timeout=30_000)
    _save(qtbot, dialog, "summary")
