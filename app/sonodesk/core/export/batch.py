"""Export many takes with progress and cancel: a plain blocking function for a worker thread.

Thread-safe by construction (no shared state; ``cancel`` is a threading.Event). No Qt, no
asyncio: the UI runs :func:`export_takes` on a thread and relays ``progress`` itself.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from sonodesk import __version__
from sonodesk.core.errors import StorageError
from sonodesk.core.export.formats import format_spec
from sonodesk.core.export.naming import MIN_STEM_CHARS, fields_for, render_stem, stem_budget
from sonodesk.core.export.report import ExportProgress, ExportReport, PlannedExport, TakeResult
from sonodesk.core.export.settings import ExportSettings, OverwritePolicy
from sonodesk.core.export.take_export import Reporter, export_one
from sonodesk.core.export.targets import choose_target
from sonodesk.core.jobs.records import TakeRecord


def plan_exports(takes: Sequence[TakeRecord], settings: ExportSettings) -> list[PlannedExport]:
    """Validate the settings and name every take's file without writing anything.

    The UI can call this first to ask about conflicts before a long export starts.
    """
    settings.validate()
    spec = format_spec(settings.format)
    folder = Path(settings.folder).expanduser().absolute()
    budget = stem_budget(len(str(folder)), spec.extension)
    if budget < MIN_STEM_CHARS:
        raise StorageError(
            "The export folder's path is too long to hold file names safely on every system.",
            hint="Choose a folder closer to the top of the disk.",
        )
    claimed: set[str] = set()
    plans = []
    for index, take in enumerate(takes, 1):
        fields = fields_for(take, index=index, count=len(takes))
        stem = render_stem(settings.name_template, fields, max_chars=budget)
        plans.append(
            PlannedExport(
                take, choose_target(folder, stem, spec.extension, settings.overwrite, claimed)
            )
        )
    return plans


def export_takes(
    takes: Sequence[TakeRecord],
    settings: ExportSettings,
    *,
    progress: Callable[[ExportProgress], None] | None = None,
    cancel: threading.Event | None = None,
    app_version: str = __version__,
) -> ExportReport:
    """Export ``takes`` one after another and report each outcome.

    A take that cannot be read, processed or written is reported as failed (in plain words)
    and the batch goes on.

    Raises only for settings that cannot work at all (ExportSettingsError, StorageError for a
    folder path that is too long). Cancelling stops within one block of audio; the take being
    written leaves no file, and every take not finished is reported as cancelled.
    """
    plans = plan_exports(takes, settings)
    spec = format_spec(settings.format)
    cancel = cancel or threading.Event()
    results: list[TakeResult] = []
    claimed = {p.target.path.name.casefold() for p in plans if not p.target.conflict}
    for index, plan in enumerate(plans):
        take = plan.take
        if cancel.is_set():
            results.append(TakeResult(take.id, "cancelled"))
            continue
        report = Reporter(progress, index, len(plans), take.id)
        if plan.target.conflict:
            results.append(
                TakeResult(
                    take.id,
                    "conflict",
                    plan.target.path,
                    f"“{plan.target.path.name}” already exists.",
                    "Choose to replace it or to save with a number added.",
                )
            )
            report("done", 1.0)
            continue
        results.append(export_one(plan, settings, spec, cancel, report, claimed, app_version))
        report("done", 1.0)
    return ExportReport(tuple(results), cancelled=cancel.is_set())


def retry_with(settings: ExportSettings, overwrite: OverwritePolicy) -> ExportSettings:
    """The same settings with another collision policy (after the user answered "ask")."""
    return dataclasses.replace(settings, overwrite=overwrite)
