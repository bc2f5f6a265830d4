"""The CLI's library commands: ``library`` (list and search takes) and ``export`` (write files).

Opens the take database and the library directly (no provider, no network, no sandbox) and
exports through core.export like the window does. No Qt.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from sonodesk.cli.library_args import UsageError, format_key, parse_lufs, parse_rate
from sonodesk.core import paths as paths_mod
from sonodesk.core.errors import SonodeskError
from sonodesk.core.export import (
    ExportProgress,
    ExportReport,
    ExportSettings,
    TakeResult,
    export_takes,
    format_spec,
    plan_exports,
    retry_with,
)
from sonodesk.core.export.settings import OverwritePolicy
from sonodesk.core.jobs.records import TakeRecord
from sonodesk.core.jobs.store import JobStore
from sonodesk.core.library import Library, LibraryQuery, LibraryRow

EXIT_OK, EXIT_FAILED, EXIT_ERROR = 0, 1, 3
_ANSWERS: dict[str, OverwritePolicy] = {
    "r": "replace",
    "replace": "replace",
    "n": "number",
    "number": "number",
}


def say(text: str) -> None:
    print(text, file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    handler: Callable[[argparse.Namespace], int] = library if args.command == "library" else export
    try:
        return handler(args)
    except UsageError as exc:
        say(f"sonodesk: {exc}")
        return EXIT_ERROR
    except SonodeskError as exc:
        say(f"sonodesk: {exc.full_text()}")
        return EXIT_ERROR


@contextmanager
def _open_library() -> Iterator[Library]:
    paths = paths_mod.ensure(paths_mod.app_paths())
    store = JobStore(paths.database_file)
    try:
        yield Library(store, paths.trash_dir)
    finally:
        store.close()


# -- library ---------------------------------------------------------------------------------


def library(args: argparse.Namespace) -> int:
    if args.limit < 1 or not 0 <= args.min_rating <= 5:
        raise UsageError("--limit must be at least 1 and --min-rating between 0 and 5.")
    with _open_library() as lib:
        query = LibraryQuery(
            text=args.search,
            model_ids=_model_ids(lib, args.model),
            favorite_only=args.favorites,
            min_rating=args.min_rating,
            limit=args.limit,
        )
        rows = lib.run(query)
    if args.json:
        print(json.dumps([_row_json(row) for row in rows], indent=2, ensure_ascii=False))
        return EXIT_OK
    if not rows:
        say("No takes match." if args.search or args.model else "No takes yet.")
        return EXIT_OK
    for row in rows:
        print(_row_line(row))
    return EXIT_OK


def _model_ids(lib: Library, model: str | None) -> tuple[str, ...]:
    """The ids a --model value names: an id as given, or every model whose name matches."""
    if not model:
        return ()
    known = lib.model_counts(include_deleted=True)
    ids = [m[1] for m in known if model in (m[1], m[1].removeprefix("model_"))]
    ids = ids or [m[1] for m in known if m[2].casefold() == model.casefold()]
    return tuple(dict.fromkeys(ids)) or (model,)


def _row_json(row: LibraryRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "title": row.title,
        "model": row.model_id,
        "model_name": row.model_name,
        "duration": row.duration,
        "created": _iso(row.created_at),
        "created_at": row.created_at,
        "rating": row.rating,
        "favorite": row.favorite,
        "tags": list(row.tags),
        "prompt": row.prompt,
        "path": row.file_path,
    }


def _row_line(row: LibraryRow) -> str:
    stars = "★" * row.rating + "·" * (5 - row.rating)
    heart = "♥" if row.favorite else " "
    duration = f"{row.duration:6.1f}s" if row.duration is not None else "      —"
    title = (row.title or row.prompt or "(untitled)")[:40]
    created = time.strftime("%Y-%m-%d %H:%M", time.localtime(row.created_at))
    return (
        f"{row.id}  {created}  {duration}  {stars} {heart}  {row.model_name or row.model_id:<24}"
        f"  {title:<40}  {row.file_path}"
    )


def _iso(stamp: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(stamp))


# -- export ----------------------------------------------------------------------------------


def export(args: argparse.Namespace) -> int:
    settings = settings_from_args(args)
    problems = settings.problems()
    if problems:
        raise UsageError(" ".join(problems))
    with _open_library() as lib:
        takes = _takes(lib, args.take_ids)
    settings, skipping = _resolve_conflicts(takes, settings)
    if not args.json:
        say(f"Exporting {_count(len(takes))} as {_describe(settings)} to {settings.folder}")
    try:
        report = export_takes(takes, settings, progress=_ProgressLines(args.json))
    except KeyboardInterrupt:
        # The writer removes its temp file on the way out: nothing half-written remains.
        say("sonodesk: interrupted; no partial file was left.")
        return 130
    titles = {take.id: take.title or take.prompt[:40] for take in takes}
    return _report(report, titles, as_json=args.json, skipping=skipping)


def settings_from_args(args: argparse.Namespace) -> ExportSettings:
    """The ExportSettings the options describe; options left out keep the core's defaults."""
    chosen: dict[str, Any] = {
        "format": format_key(args.format, args.bits, args.mp3),
        "sample_rate": parse_rate(args.rate),
        "channels": args.channels or "keep",
        "loudness_target": parse_lufs(args.lufs),
        "trim_silence": args.trim,
        "fade_in": args.fade_in,
        "fade_out": args.fade_out,
        "folder": args.out,
        "overwrite": args.overwrite,
    }
    if args.ceiling is not None:
        chosen["true_peak_ceiling"] = args.ceiling
    if args.template is not None:
        chosen["name_template"] = args.template
    return ExportSettings(**chosen)


def _takes(lib: Library, ids: Sequence[str]) -> list[TakeRecord]:
    takes, unknown = [], []
    for take_id in dict.fromkeys(ids):
        try:
            take = lib.take(take_id)
        except KeyError:
            unknown.append(take_id)
            continue
        # A trashed take is exported from where its audio is now.
        takes.append(replace(take.record, file_path=str(lib.audio_path(take_id))))
    if unknown:
        raise UsageError(
            f"Unknown take id{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)} "
            "(`sonodesk library` lists them)."
        )
    return takes


def _resolve_conflicts(
    takes: list[TakeRecord], settings: ExportSettings
) -> tuple[ExportSettings, bool]:
    """With --overwrite ask: ask on a terminal, refuse otherwise. Nothing is written yet.

    Returns the settings to export with and whether existing files are to be skipped.
    """
    if settings.overwrite != "ask":
        return settings, False
    clashing = [p.target.path.name for p in plan_exports(takes, settings) if p.target.conflict]
    if not clashing:
        return settings, False
    names = ", ".join(clashing)
    if not sys.stdin.isatty():
        raise UsageError(
            f"{_count(len(clashing), 'file')} already exist in {settings.folder}: {names}. "
            "Use --overwrite replace or --overwrite number."
        )
    say(f"Already in {settings.folder}: {names}")
    print("Replace them, add a number, or skip them? [r/n/S] ", end="", file=sys.stderr)
    policy = _ANSWERS.get(sys.stdin.readline().strip().casefold())
    if policy is None:
        # Skipping keeps "ask": existing files are left alone and reported as skipped.
        return settings, True
    return retry_with(settings, policy), False


class _ProgressLines:
    """One stderr line per take and stage: readable in logs as well as terminals."""

    def __init__(self, quiet: bool) -> None:
        self._quiet = quiet
        self._last: tuple[int, str] | None = None

    def __call__(self, progress: ExportProgress) -> None:
        key = (progress.index, progress.stage)
        if self._quiet or key == self._last or progress.stage == "done":
            return
        self._last = key
        overall = round(progress.fraction * 100)
        say(
            f"[{progress.index + 1}/{progress.total}] {progress.take_id}: "
            f"{progress.stage} ({overall}%)"
        )


def _report(report: ExportReport, titles: dict[str, str], *, as_json: bool, skipping: bool) -> int:
    """Paths (or JSON) on stdout, reasons on stderr; 1 when any take was not exported."""
    written = report.with_status("written")
    failed = report.with_status("failed")
    # Files the user chose to skip are not a failure; a file that appeared meanwhile is.
    conflicts = [] if skipping else report.with_status("conflict")
    if as_json:
        results = [_result_json(r) for r in report.results]
        print(json.dumps({"summary": report.summary(), "results": results}, indent=2))
    else:
        for result in written:
            print(result.path)
            for note in _notes(result):
                say(f"  note: {note}")
        for result in failed + conflicts:
            hint = f" {result.hint}" if result.hint else ""
            title = titles.get(result.take_id)
            who = f"{result.take_id} ({title})" if title else result.take_id
            say(f"sonodesk: {who}: {result.message}{hint}")
        say(report.summary())
    return EXIT_FAILED if failed or conflicts else EXIT_OK


def _notes(result: TakeResult) -> list[str]:
    notes = list(result.notes)
    if result.loudness is not None and result.loudness.note:
        notes.append(result.loudness.note)
    return notes


def _result_json(result: TakeResult) -> dict[str, Any]:
    return {
        "take_id": result.take_id,
        "status": result.status,
        "path": str(result.path) if result.path is not None else None,
        "message": result.message,
        "hint": result.hint,
        "notes": _notes(result),
        "loudness": result.loudness.as_dict() if result.loudness is not None else None,
    }


def _describe(settings: ExportSettings) -> str:
    parts = [format_spec(settings.format).label]
    if settings.sample_rate:
        parts.append(f"{settings.sample_rate / 1000:g} kHz")
    if settings.loudness_target is not None:
        parts.append(f"{settings.loudness_target:g} LUFS")
    return ", ".join(parts)


def _count(number: int, word: str = "take") -> str:
    return f"1 {word}" if number == 1 else f"{number} {word}s"
