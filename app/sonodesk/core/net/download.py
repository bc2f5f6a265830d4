"""Download one remote file into place: stream to a temp file, verify, fsync, rename.

Nothing half-written ever appears under the final name. Only https (or loopback) URLs are
fetched, every redirect hop is checked, the size is capped and compared with what the server
announced, and the content type must be audio. No Qt.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

from sonodesk.core import atomic
from sonodesk.core.errors import DownloadError, StorageError, UnsafeUrlError
from sonodesk.core.net.http import transport_error
from sonodesk.core.net.urls import check_download_url, url_is_allowed

MAX_DOWNLOAD_BYTES = 2 * 1024**3  # 2 GiB: far above any audio take, far below a full disk
MAX_REDIRECTS = 3
CHUNK = 256 * 1024
ACCEPTED_TYPES = ("audio/", "application/octet-stream", "binary/octet-stream", "video/ogg")

ProgressFn = Callable[[int, int | None], None]


@dataclass(frozen=True)
class DownloadedFile:
    path: Path
    size: int
    sha256: str
    content_type: str | None


def partial_path(final: Path) -> Path:
    return final.with_name(f".{final.name}.part")


async def download_file(
    client: httpx.AsyncClient,
    url: str,
    final: Path,
    *,
    expected_size: int | None = None,
    max_bytes: int = MAX_DOWNLOAD_BYTES,
    progress: ProgressFn | None = None,
) -> DownloadedFile:
    """Fetch ``url`` into ``final`` atomically; raises DownloadError/StorageError on failure."""
    if expected_size is not None and expected_size > max_bytes:
        raise DownloadError("The take is larger than Sonodesk accepts.", retryable=False)
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # a read-only or full library folder: the same words as a write
        raise _storage_error(exc) from exc
    part = partial_path(final)
    try:
        result = await _stream_to(client, url, part, expected_size, max_bytes, progress)
        await asyncio.to_thread(_finish, part, final)
    except BaseException:
        with contextlib.suppress(OSError):
            part.unlink()
        raise
    return DownloadedFile(final, result[0], result[1], result[2])


async def _stream_to(
    client: httpx.AsyncClient,
    url: str,
    part: Path,
    expected_size: int | None,
    max_bytes: int,
    progress: ProgressFn | None,
) -> tuple[int, str, str | None]:
    current = check_download_url(url)
    for _hop in range(MAX_REDIRECTS + 1):
        try:
            async with client.stream("GET", current) as response:
                if response.is_redirect:
                    current = _next_hop(current, response)
                    continue
                _check_response(response)
                return await _write_body(response, part, expected_size, max_bytes, progress)
        except httpx.HTTPError as exc:
            raise DownloadError(transport_error(exc, what="The download server").message) from exc
    raise DownloadError("The download was redirected too many times.", retryable=False)


def _next_hop(current: str, response: httpx.Response) -> str:
    location = response.headers.get("location", "")
    target = str(httpx.URL(current).join(location))
    # Refuse a hop to another scheme (https -> http) or to any non-https, non-loopback place.
    if not url_is_allowed(target) or httpx.URL(target).scheme != httpx.URL(current).scheme:
        raise UnsafeUrlError("The download was redirected to an address Sonodesk refuses to use.")
    return target


def _check_response(response: httpx.Response) -> None:
    if response.status_code in (401, 403):
        raise DownloadError("The download link was refused or has expired.", retryable=True)
    if response.status_code == 404:
        raise DownloadError("The file is no longer on the server.", retryable=True)
    if response.status_code >= 500 or response.status_code in (408, 429):
        raise DownloadError(f"The download server is busy (HTTP {response.status_code}).")
    if response.status_code != 200:
        raise DownloadError(f"The download failed (HTTP {response.status_code}).", retryable=False)
    content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type and not content_type.startswith(ACCEPTED_TYPES):
        raise DownloadError(
            f"The server sent {content_type} instead of audio; the take was not saved.",
            retryable=False,
        )


async def _write_body(
    response: httpx.Response,
    part: Path,
    expected_size: int | None,
    max_bytes: int,
    progress: ProgressFn | None,
) -> tuple[int, str, str | None]:
    declared = _int_header(response, "content-length")
    if response.headers.get("content-encoding", "identity").lower() != "identity":
        declared = None  # the length then counts compressed bytes, not the file's
    if declared is not None and declared > max_bytes:
        raise DownloadError("The take is larger than Sonodesk accepts.", retryable=False)
    total = expected_size if expected_size is not None else declared
    digest = hashlib.sha256()
    written = 0
    try:
        handle = open(part, "wb")  # noqa: SIM115 - closed in finally; writes stay on this thread
    except OSError as exc:
        raise _storage_error(exc) from exc
    try:
        async for chunk in response.aiter_bytes(CHUNK):
            written += len(chunk)
            if written > max_bytes:
                raise DownloadError("The take is larger than Sonodesk accepts.", retryable=False)
            digest.update(chunk)
            try:
                handle.write(chunk)
            except OSError as exc:
                raise _storage_error(exc) from exc
            if progress:
                progress(written, total)
        try:
            handle.flush()
            await asyncio.to_thread(os.fsync, handle.fileno())
        except OSError as exc:
            raise _storage_error(exc) from exc
    finally:
        handle.close()
    if declared is not None and written != declared:
        raise DownloadError(f"The download stopped early ({written} of {declared} bytes).")
    if expected_size is not None and written != expected_size:
        raise DownloadError(
            f"The downloaded file has the wrong size ({written} bytes, expected {expected_size})."
        )
    if written == 0:
        raise DownloadError("The server sent an empty file.")
    content_type = response.headers.get("content-type")
    return written, digest.hexdigest(), content_type


def _finish(part: Path, final: Path) -> None:
    try:
        os.replace(part, final)
    except OSError as exc:
        raise _storage_error(exc) from exc
    atomic.fsync_directory(final.parent)


def _int_header(response: httpx.Response, name: str) -> int | None:
    try:
        value = int(response.headers.get(name, ""))
    except ValueError:
        return None
    return value if value >= 0 else None


def _storage_error(exc: OSError) -> StorageError:
    if exc.errno == errno.ENOSPC:
        return StorageError(
            "The disk is full; the take could not be saved.",
            hint="Free some space; the download resumes when you retry.",
        )
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return StorageError(
            "Sonodesk cannot write to its library folder (read-only or no permission).",
            hint="Check the folder's permissions; the download resumes when you retry.",
        )
    return StorageError(f"The take could not be written to disk ({exc.strerror or 'I/O error'}).")
