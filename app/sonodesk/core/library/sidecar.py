"""The JSON file beside every take (``<audio file>.sonodesk.json``): how it was made, what it is.

Written atomically when a take arrives and again when its title, notes or tags change.
Reading one back (untrusted) is restore.py's job. No Qt.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Final

import sonodesk
from sonodesk.core import atomic
from sonodesk.core.errors import StorageError
from sonodesk.core.jobs.records import TakeRecord
from sonodesk.core.redact import redact
from sonodesk.core.take_record import take_record

log = logging.getLogger(__name__)

# ``<audio file>.sonodesk.json`` rather than ``<stem>.json``: two exports of one take
# (take.wav, take.mp3) each keep their own sidecar, other tools' ``<stem>.json`` files
# (AudioCraft Plus writes those) are never overwritten, and it sorts right after its audio.
SUFFIX: Final = ".sonodesk.json"
FORMAT_VERSION: Final = 1


def sidecar_path(audio_path: str | Path) -> Path:
    path = Path(audio_path)
    return path.with_name(path.name + SUFFIX)


def sidecar_document(
    take: TakeRecord, *, notes: str = "", tags: Iterable[str] = ()
) -> dict[str, Any]:
    """Everything needed to find, credit and reproduce the take; never a credential.

    The shared take record (as embedded in exports) plus what only the sidecar keeps.
    """
    document = take_record(take, app_version=sonodesk.__version__)
    document.update(
        format_version=FORMAT_VERSION, asset_ref=take.asset_ref, notes=notes, tags=list(tags)
    )
    document["source"].update(file=Path(take.file_path).name, size=take.size)
    return document


def render(document: dict[str, Any]) -> str:
    """The sidecar text, with anything registered as a secret masked as a last line of defence."""
    text = json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False)
    masked = redact(text)
    if masked != text:
        log.warning("a take's sidecar contained secret-looking text; it was masked")
    return masked + "\n"


def write_sidecar(
    take: TakeRecord,
    *,
    notes: str = "",
    tags: Iterable[str] = (),
    audio_path: str | Path | None = None,
) -> Path:
    """Write (or replace) the take's sidecar atomically; StorageError when the disk refuses.

    ``audio_path`` overrides where the audio is now (for a take in the trash).
    """
    path = sidecar_path(audio_path if audio_path is not None else take.file_path)
    try:
        text = render(sidecar_document(take, notes=notes, tags=tags))
    except (TypeError, ValueError) as exc:
        raise StorageError("The take's settings could not be written as JSON.") from exc
    try:
        atomic.write_text(path, text)
    except OSError as exc:
        raise StorageError(
            f"The settings file next to '{Path(take.file_path).name}' could not be written.",
            hint="Check that the library folder is writable and the disk is not full.",
        ) from exc
    return path


def take_added(take: TakeRecord) -> Path | None:
    """The hook for a new take: its sidecar, or None (logged) when it could not be written.

    A missing sidecar loses nothing (the database has the same facts and edits rewrite it),
    so a failure here must not disturb the download that produced the take.
    """
    try:
        return write_sidecar(take)
    except StorageError as exc:
        log.warning("sidecar for %s not written: %s", take.id, exc.message)
        return None


def engine_listener() -> Callable[[object], None]:
    """A JobEngine listener writing the sidecar of every TakeAdded: ``engine.subscribe(...)``."""
    from sonodesk.core.jobs.engine import TakeAdded

    def on_event(event: object) -> None:
        if isinstance(event, TakeAdded):
            take_added(event.take)

    return on_event
