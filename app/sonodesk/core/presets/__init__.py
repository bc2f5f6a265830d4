"""Presets: named values per model, defaults, last-used values, import/export, schema fitting.

No Qt.
"""

from __future__ import annotations

from sonodesk.core.presets.model import (
    FORMAT_VERSION,
    Preset,
    PresetError,
    PresetFormatError,
    PresetSet,
)
from sonodesk.core.presets.reconcile import (
    Change,
    ChangeKind,
    Reconciled,
    ReconcileReport,
    reconcile,
)
from sonodesk.core.presets.store import PresetListing, PresetStore
from sonodesk.core.presets.transfer import (
    ImportedPreset,
    ImportResult,
    PresetImportError,
    export_presets,
    import_presets,
    read_preset_file,
    suggested_file_name,
)

__all__ = [
    "FORMAT_VERSION",
    "Change",
    "ChangeKind",
    "ImportResult",
    "ImportedPreset",
    "Preset",
    "PresetError",
    "PresetFormatError",
    "PresetImportError",
    "PresetListing",
    "PresetSet",
    "PresetStore",
    "ReconcileReport",
    "Reconciled",
    "export_presets",
    "import_presets",
    "read_preset_file",
    "reconcile",
    "suggested_file_name",
]
