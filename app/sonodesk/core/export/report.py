"""What an export reports: progress, cancellation, each take's outcome and the summary. No Qt."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from sonodesk.core.errors import SonodeskError
from sonodesk.core.export.normalize import LoudnessResult
from sonodesk.core.export.targets import Target
from sonodesk.core.jobs.records import TakeRecord

TakeStatus = Literal["written", "conflict", "failed", "cancelled"]


class ExportCancelled(SonodeskError):
    """The user stopped the export; nothing half-written was left behind."""

    def __init__(self) -> None:
        super().__init__("The export was cancelled.")


@dataclass(frozen=True)
class ExportProgress:
    """Where the batch is: take ``index`` (0-based) of ``total``, and the overall fraction."""

    index: int
    total: int
    take_id: str
    stage: str  # "reading", "processing", "encoding", "done"
    fraction: float


@dataclass(frozen=True)
class TakeResult:
    """What happened to one take. ``path``: the file written, or the existing one on conflict."""

    take_id: str
    status: TakeStatus
    path: Path | None = None
    message: str | None = None
    hint: str | None = None
    notes: tuple[str, ...] = ()
    loudness: LoudnessResult | None = None
    decoded_true_peak: float | None = None
    seconds: float = 0.0


@dataclass(frozen=True)
class ExportReport:
    """Every take's outcome, in the order given, and whether the user cancelled."""

    results: tuple[TakeResult, ...]
    cancelled: bool = False

    def with_status(self, status: TakeStatus) -> list[TakeResult]:
        return [r for r in self.results if r.status == status]

    def summary(self) -> str:
        """'3 exported, 1 failed, 2 already exist, 2 cancelled.'"""
        parts = []
        for status, one, many in (
            ("written", "exported", "exported"),
            ("failed", "failed", "failed"),
            ("conflict", "already exists", "already exist"),
            ("cancelled", "cancelled", "cancelled"),
        ):
            count = len(self.with_status(status))
            if count:
                parts.append(f"{count} {one if count == 1 else many}")
        return (", ".join(parts) or "Nothing exported") + "."


@dataclass(frozen=True)
class PlannedExport:
    """One take and the file it will become (``target.conflict``: policy "ask" must ask)."""

    take: TakeRecord
    target: Target
