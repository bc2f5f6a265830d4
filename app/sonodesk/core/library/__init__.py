"""The library of takes: search and filter, edits, trash, sidecars, restore, re-run, A/B. No Qt."""

from __future__ import annotations

from sonodesk.core.library.compare import (
    BlindTrial,
    LoudnessMatch,
    Vote,
    Votes,
    VoteTally,
    blind_trial,
    match_loudness,
)
from sonodesk.core.library.edits import EditError
from sonodesk.core.library.library import Library
from sonodesk.core.library.query import LibraryQuery, LibraryRow, SortKey
from sonodesk.core.library.records import EditOutcome, LibraryTake
from sonodesk.core.library.rerun import RerunRequest, rerun_params
from sonodesk.core.library.restore import RestoredParams, RestoreError, params_from_file
from sonodesk.core.library.sidecar import engine_listener, sidecar_path, take_added, write_sidecar
from sonodesk.core.library.trash import UndoToken

__all__ = [
    "BlindTrial",
    "EditError",
    "EditOutcome",
    "Library",
    "LibraryQuery",
    "LibraryRow",
    "LibraryTake",
    "LoudnessMatch",
    "RerunRequest",
    "RestoreError",
    "RestoredParams",
    "SortKey",
    "UndoToken",
    "Vote",
    "VoteTally",
    "Votes",
    "blind_trial",
    "engine_listener",
    "match_loudness",
    "params_from_file",
    "rerun_params",
    "sidecar_path",
    "take_added",
    "write_sidecar",
]
