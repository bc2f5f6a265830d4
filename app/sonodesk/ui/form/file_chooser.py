"""Shared by the file editors: the non-modal Browse… dialog and "check now or in the background".

Opens dialogs with ``open()`` (never ``exec()``) and schedules checks; decides nothing about
whether a file fits.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from sonodesk.core.schema import FieldSpec
from sonodesk.ui.form.background import run_in_background
from sonodesk.ui.form.base import FieldEditor
from sonodesk.ui.form.file_probe import (
    AUDIO_PATTERNS,
    IMAGE_PATTERNS,
    SYNC_PROBE_BYTES,
    FileReport,
    inspect_file,
)


class FileChooser:
    """The non-modal Browse… dialog shared by both file editors (never ``exec()``)."""

    def __init__(self, editor: FieldEditor, many: bool) -> None:
        self._editor = editor
        self._many = many
        self.dialog: QFileDialog | None = None

    def open(self, on_paths: Callable[[list[str]], None]) -> QFileDialog:
        dialog = QFileDialog(self._editor, f"Choose {self._editor.spec.label.lower()}")
        mode = (
            QFileDialog.FileMode.ExistingFiles if self._many else QFileDialog.FileMode.ExistingFile
        )
        dialog.setFileMode(mode)
        kind = self._editor.spec.file_kind
        if kind == "audio":
            dialog.setNameFilters([f"Audio files ({AUDIO_PATTERNS})", "All files (*)"])
        elif kind == "image":
            dialog.setNameFilters([f"Images ({IMAGE_PATTERNS})", "All files (*)"])
        dialog.filesSelected.connect(lambda paths: on_paths(list(paths)))
        self.dialog = dialog
        dialog.open()
        return dialog


def report_now_or_later(
    editor: QWidget, spec: FieldSpec, path: str, done: Callable[[FileReport], None]
) -> FileReport | None:
    """Small files are checked at once (returned); big ones later, through ``done``."""
    try:
        size = Path(path).stat().st_size
    except OSError:
        size = 0
    if size <= SYNC_PROBE_BYTES:
        return inspect_file(spec, path)
    run_in_background(editor, lambda: inspect_file(spec, path), done)
    return None
