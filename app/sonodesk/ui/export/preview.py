"""The file name the first take of an export will get, for the dialog's live preview.

Uses core.export.naming exactly as the export does; touches no files (collisions are the
planner's job). No Qt.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sonodesk.core.export import ExportSettings, format_spec
from sonodesk.core.export.naming import (
    MIN_STEM_CHARS,
    fields_for,
    render_stem,
    stem_budget,
    template_problems,
)
from sonodesk.core.jobs.records import TakeRecord


def first_name(takes: Sequence[TakeRecord], settings: ExportSettings) -> str:
    """ "File: Night drive.flac" / "First file: …", or "" when no name can be made yet."""
    if not takes or template_problems(settings.name_template):
        return ""
    try:
        extension = format_spec(settings.format).extension
    except ValueError:
        return ""
    folder = Path(settings.folder or ".").expanduser().absolute()
    budget = max(MIN_STEM_CHARS, stem_budget(len(str(folder)), extension))
    fields = fields_for(takes[0], index=1, count=len(takes))
    name = f"{render_stem(settings.name_template, fields, max_chars=budget)}.{extension}"
    if len(takes) == 1:
        return f"File: {name}"
    return f"First file: {name}  (+{len(takes) - 1} more)"
