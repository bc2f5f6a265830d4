"""Local audio for the AI/ML API: read a file and inline it as a base64 ``data:`` URL.

The API has no upload endpoint for the music models; ``reference_audio_url`` takes a URL or
base64 audio (music-cover: at most 50 MB). Reads the file off the event loop. No network, no Qt.
"""

from __future__ import annotations

import asyncio
import base64
from pathlib import Path

from sonodesk.core.errors import StorageError
from sonodesk.core.providers.base import ProgressCallback
from sonodesk.core.providers.scenario_upload import UploadError, content_type_for
from sonodesk.core.schema.labels import format_bytes

# Below the documented 50 MB on purpose: the data URL travels in the JSON body (a third
# larger than the file) and is kept with the job's parameters in the local database.
INLINE_CAP_BYTES = 20 * 1024 * 1024


async def inline_file(
    path: Path,
    *,
    cap: int = INLINE_CAP_BYTES,
    progress: ProgressCallback | None = None,
) -> str:
    """``data:<type>;base64,...`` for ``path``; UploadError when empty, too large or not audio."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise StorageError(f"The file {path.name} could not be read.") from exc
    if size == 0:
        raise UploadError(f"{path.name} is empty; there is nothing to send.")
    if size > cap:
        raise UploadError(
            f"{path.name} is {format_bytes(size)}; the AI/ML API takes files up to "
            f"{format_bytes(cap)} from Sonodesk.",
            hint="Export a shorter excerpt or an MP3 and choose that instead.",
        )
    content_type = content_type_for(path)
    if not content_type.startswith("audio/"):
        raise UploadError(
            f"{path.name} does not look like audio (mp3, wav, flac, ogg or m4a).",
            hint="Choose an audio file.",
        )
    try:
        data = await asyncio.to_thread(path.read_bytes)
    except OSError as exc:
        raise StorageError(f"The file {path.name} could not be read.") from exc
    if len(data) > cap:  # it grew between stat and read
        raise UploadError(f"{path.name} changed while it was being read; choose it again.")
    encoded = await asyncio.to_thread(base64.b64encode, data)
    if progress is not None:
        progress(len(data), len(data))
    return f"data:{content_type};base64,{encoded.decode('ascii')}"
