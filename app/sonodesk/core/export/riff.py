"""Read the LIST/INFO text chunks of a WAV file by walking its RIFF chunks. Read-only, no Qt.

libsndfile writes INFO comments of any length but reads back at most ~2 kB of each, which
would cut the embedded parameter record short; this reader has no such limit.
"""

from __future__ import annotations

import os
import struct
from typing import BinaryIO

_MAX_INFO_BYTES = 16 * 1024 * 1024  # a guard against damaged size fields


def read_info(path: str | os.PathLike[str]) -> dict[str, str]:
    """INFO fields by chunk id ("ICMT", "INAM", "IART"...), or {} for a non-WAV or none."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(12)
            if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
                return {}
            return _walk(handle)
    except OSError:
        return {}


def _walk(handle: BinaryIO) -> dict[str, str]:
    found: dict[str, str] = {}
    while True:
        header = handle.read(8)
        if len(header) < 8:
            return found
        chunk_id, size = header[:4], struct.unpack("<I", header[4:])[0]
        if chunk_id == b"LIST" and 4 <= size <= _MAX_INFO_BYTES:
            payload = handle.read(size)
            if payload[:4] == b"INFO":
                found.update(_info_fields(payload[4:]))
        else:
            handle.seek(size, os.SEEK_CUR)
        if size % 2:
            handle.seek(1, os.SEEK_CUR)


def _info_fields(payload: bytes) -> dict[str, str]:
    fields: dict[str, str] = {}
    pos = 0
    while pos + 8 <= len(payload):
        field_id = payload[pos : pos + 4]
        size = struct.unpack("<I", payload[pos + 4 : pos + 8])[0]
        raw = payload[pos + 8 : pos + 8 + size].split(b"\x00", 1)[0]
        if field_id.isalnum():
            fields[field_id.decode("ascii")] = raw.decode("utf-8", errors="replace")
        pos += 8 + size + (size % 2)
    return fields
