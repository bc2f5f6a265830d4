"""Export takes for DAWs: formats, loudness, trims and fades, names, verified writes, metadata.

The public API is re-exported here; each submodule has one job. No Qt.
"""

from __future__ import annotations

from sonodesk.core.export.batch import export_takes, plan_exports, retry_with
from sonodesk.core.export.formats import FORMATS, FormatSpec, format_spec
from sonodesk.core.export.metadata import sidecar_json
from sonodesk.core.export.normalize import LoudnessResult, normalize_loudness
from sonodesk.core.export.report import (
    ExportCancelled,
    ExportProgress,
    ExportReport,
    PlannedExport,
    TakeResult,
)
from sonodesk.core.export.settings import (
    LOUDNESS_PRESETS,
    ExportSettings,
    ExportSettingsError,
)
from sonodesk.core.export.tags import read_embedded_params
from sonodesk.core.take_record import take_record

__all__ = [
    "FORMATS",
    "LOUDNESS_PRESETS",
    "ExportCancelled",
    "ExportProgress",
    "ExportReport",
    "ExportSettings",
    "ExportSettingsError",
    "FormatSpec",
    "LoudnessResult",
    "PlannedExport",
    "TakeResult",
    "export_takes",
    "format_spec",
    "normalize_loudness",
    "plan_exports",
    "read_embedded_params",
    "retry_with",
    "sidecar_json",
    "take_record",
]
