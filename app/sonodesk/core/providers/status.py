"""Remote job status words, and a tolerant reader for the words servers actually send. No Qt."""

from __future__ import annotations

from enum import StrEnum


class RemoteStatus(StrEnum):
    """Scenario's eight job statuses (the SDK enum), used for every provider."""

    PENDING = "pending"
    QUEUED = "queued"
    WARMING_UP = "warming-up"
    IN_PROGRESS = "in-progress"
    FINALIZING = "finalizing"
    SUCCESS = "success"
    FAILURE = "failure"
    CANCELED = "canceled"

    @property
    def terminal(self) -> bool:
        return self in _TERMINAL

    @property
    def label(self) -> str:
        """Short display word ("Warming up")."""
        return _LABELS[self]


_TERMINAL = frozenset({RemoteStatus.SUCCESS, RemoteStatus.FAILURE, RemoteStatus.CANCELED})

_LABELS = {
    RemoteStatus.PENDING: "Pending",
    RemoteStatus.QUEUED: "Queued",
    RemoteStatus.WARMING_UP: "Warming up",
    RemoteStatus.IN_PROGRESS: "In progress",
    RemoteStatus.FINALIZING: "Finalizing",
    RemoteStatus.SUCCESS: "Success",
    RemoteStatus.FAILURE: "Failed",
    RemoteStatus.CANCELED: "Canceled",
}

# Words seen in docs, older clients and the AI/ML API, mapped onto the canonical set.
_ALIASES = {
    "failed": RemoteStatus.FAILURE,
    "error": RemoteStatus.FAILURE,
    "errored": RemoteStatus.FAILURE,
    "cancelled": RemoteStatus.CANCELED,
    "processing": RemoteStatus.IN_PROGRESS,
    "generating": RemoteStatus.IN_PROGRESS,
    "active": RemoteStatus.IN_PROGRESS,
    "running": RemoteStatus.IN_PROGRESS,
    "in_progress": RemoteStatus.IN_PROGRESS,
    "warming_up": RemoteStatus.WARMING_UP,
    "waiting": RemoteStatus.QUEUED,
    "completed": RemoteStatus.SUCCESS,
    "succeeded": RemoteStatus.SUCCESS,
    "done": RemoteStatus.SUCCESS,
}


def parse_status(word: object) -> RemoteStatus | None:
    """Map a server's status word onto RemoteStatus; None for anything unrecognised."""
    if not isinstance(word, str):
        return None
    key = word.strip().lower()
    try:
        return RemoteStatus(key)
    except ValueError:
        return _ALIASES.get(key)
