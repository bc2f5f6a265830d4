"""Turn an ExportReport into the sentences the dialog shows: headline, files, notes, problems.

Also phrases the "these files already exist" question. Pure text; no Qt, no I/O.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from sonodesk.core.export import ExportReport, PlannedExport, TakeResult
from sonodesk.core.jobs.records import TakeRecord

# The question lists this many clashing names; the rest are counted.
MAX_LISTED = 5


@dataclass(frozen=True)
class Summary:
    """What the end-of-export page says."""

    title: str
    headline: str
    written: tuple[Path, ...]
    files: tuple[str, ...]  # one line per written file: its name and measured levels
    notes: tuple[str, ...]
    problems: tuple[str, ...]
    skipped: tuple[str, ...]
    folder: Path | None
    ok: bool  # nothing failed (cancelled or skipped takes are the user's choice)


def take_title(take: TakeRecord) -> str:
    """How a take is named in messages: its title, else its prompt, else its id."""
    text = take.title.strip() or take.prompt.strip() or take.id
    return text if len(text) <= 48 else text[:47].rstrip() + "…"


def summarize(report: ExportReport, titles: Mapping[str, str], folder: Path | None) -> Summary:
    """The summary of ``report``; ``titles`` maps take ids to display names."""
    written = report.with_status("written")
    failed = report.with_status("failed")
    skipped = report.with_status("conflict")
    cancelled = report.with_status("cancelled")
    parts = [f"{len(written)} of {len(report.results)} exported"]
    for results, word in ((skipped, "skipped"), (failed, "failed"), (cancelled, "cancelled")):
        if results:
            parts.append(f"{len(results)} {word}")
    if report.cancelled:
        title = "Export cancelled"
    elif failed:
        title = "Export finished with problems"
    else:
        title = "Export finished"
    problems = [_problem(result, titles) for result in failed]
    if cancelled:
        problems.append(
            f"{_count(len(cancelled))} not exported because the export was cancelled; "
            "nothing half-written was kept."
        )
    return Summary(
        title=title,
        headline=", ".join(parts) + ".",
        written=tuple(r.path for r in written if r.path is not None),
        files=tuple(_file_line(r) for r in written if r.path is not None),
        notes=_notes(written),
        problems=tuple(problems),
        skipped=tuple(f"“{r.path.name}” already exists" for r in skipped if r.path is not None),
        folder=folder,
        ok=not failed,
    )


def conflict_question(plans: Sequence[PlannedExport]) -> str:
    """ "2 files already exist in “Exports”: a.wav, b.wav. What should happen to them?" """
    clashing = [p.target.path for p in plans if p.target.conflict]
    if not clashing:
        return ""
    names = [f"“{path.name}”" for path in clashing[:MAX_LISTED]]
    if len(clashing) > MAX_LISTED:
        names.append(f"and {len(clashing) - MAX_LISTED} more")
    where = clashing[0].parent.name or str(clashing[0].parent)
    lead = "1 file already exists" if len(clashing) == 1 else f"{len(clashing)} files already exist"
    return f"{lead} in “{where}”: {', '.join(names)}."


def _file_line(result: TakeResult) -> str:
    """ "Night drive_1.flac  ·  -14.0 LUFS, -1.2 dBTP" (levels only when normalised)."""
    assert result.path is not None
    loudness = result.loudness
    if loudness is None or loudness.output_lufs is None:
        return result.path.name
    peak = result.decoded_true_peak
    peak = loudness.output_true_peak if peak is None else peak
    return f"{result.path.name}  ·  {loudness.output_lufs:.1f} LUFS, {peak:.1f} dBTP"


def _problem(result: TakeResult, titles: Mapping[str, str]) -> str:
    text = f"{titles.get(result.take_id, result.take_id)}: {result.message or 'not exported.'}"
    return f"{text} {result.hint}" if result.hint else text


def _notes(written: Sequence[TakeResult]) -> tuple[str, ...]:
    """Each distinct note once; a note several takes share says how many."""
    counts: Counter[str] = Counter()
    for result in written:
        notes = list(result.notes)
        if result.loudness is not None and result.loudness.note:
            notes.append(result.loudness.note)
        counts.update(dict.fromkeys(notes, 1))
    total = len(written)
    out = []
    for note, count in counts.items():
        if total > 1:
            note = f"{note} ({'every take' if count == total else _count(count)})"
        out.append(note)
    return tuple(out)


def _count(number: int) -> str:
    return "1 take" if number == 1 else f"{number} takes"
