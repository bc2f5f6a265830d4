"""Export UI: the export dialog for one take or a batch, and its worker-thread runner."""

from __future__ import annotations

from sonodesk.ui.export.dialog import ExportDialog, default_folder
from sonodesk.ui.export.runner import ExportRunner

__all__ = ["ExportDialog", "ExportRunner", "default_folder"]
