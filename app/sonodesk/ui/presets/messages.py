"""The presets bar's sentences: what a schema change did to a preset, imports, refusals.

Returns escaped rich text for a NoticeBar. Pure text from core.presets results; no Qt.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from sonodesk.core.presets import ImportResult, ReconcileReport

# Past this many lines a notice stops being read; the rest are counted.
MAX_LINES = 8


def report_message(preset: str, report: ReconcileReport) -> str:
    """ "“Long ambient” was made for an older version of this model. Adjusted: • …" """
    name = html.escape(preset, quote=False)
    if report.schema_changed:
        lead = f"“{name}” was saved for an earlier version of this model, so some values changed:"
    else:
        lead = f"Some values in “{name}” did not fit this model and were changed:"
    return lead + bullet_list(report.messages)


def import_message(result: ImportResult) -> str:
    """ "Imported 2 presets: A, B." plus renames, skipped entries and adjusted values."""
    names = ", ".join(f"“{html.escape(p.name, quote=False)}”" for p in result.presets)
    count = len(result.presets)
    lead = f"Imported {count} preset{'s' if count != 1 else ''}: {names}."
    lines = list(result.notes)
    for preset in result.presets:
        lines += [f"{preset.name}: {message}" for message in preset.report.messages]
    return lead + (bullet_list(lines) if lines else "")


def bullet_list(lines: Sequence[str]) -> str:
    shown = [f"• {html.escape(_sentence(line), quote=False)}" for line in lines[:MAX_LINES]]
    if len(lines) > MAX_LINES:
        shown.append(f"… and {len(lines) - MAX_LINES} more")
    return "<br>" + "<br>".join(shown)


def error_message(message: str, hint: str | None = None) -> str:
    """A core error exactly as worded, with its hint on the next line."""
    text = html.escape(message, quote=False)
    return f"{text}<br>{html.escape(hint, quote=False)}" if hint else text


def _sentence(line: str) -> str:
    """Lines start with a capital ("dropped 'mood'…" reads as "Dropped 'mood'…")."""
    return line[:1].upper() + line[1:]
