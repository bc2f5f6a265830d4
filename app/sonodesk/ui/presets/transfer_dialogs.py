"""File dialogs for importing and exporting presets, built to be opened with ``open()``.

Only builds the dialogs; choosing a file is the caller's business (``fileSelected``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from sonodesk.core.presets import suggested_file_name

FILTERS = "Sonodesk presets (*.json);;All files (*)"


def _documents() -> str:
    location = QStandardPaths.StandardLocation.DocumentsLocation
    return QStandardPaths.writableLocation(location) or str(Path.home())


def import_dialog(parent: QWidget) -> QFileDialog:
    dialog = QFileDialog(parent, "Import presets", _documents(), FILTERS)
    dialog.setObjectName("presetImportDialog")
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    return dialog


def export_dialog(parent: QWidget, model_name: str) -> QFileDialog:
    dialog = QFileDialog(parent, "Export presets", _documents(), FILTERS)
    dialog.setObjectName("presetExportDialog")
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setDefaultSuffix("json")
    dialog.selectFile(suggested_file_name(model_name))
    return dialog
