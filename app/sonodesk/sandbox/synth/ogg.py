"""Make Ogg output byte-reproducible by giving every page one fixed stream serial number.

libsndfile picks a random serial for each Ogg stream, so the same samples would encode to
different bytes and a re-rendered asset would not match its recorded sha256. Pure bytes in,
bytes out. No Qt.
"""

from __future__ import annotations

import struct

_SERIAL = 0x534F4E4F  # "SONO"
_CAPTURE = b"OggS"
_HEADER = 27


def _crc_table() -> tuple[int, ...]:
    # Ogg's CRC-32: polynomial 0x04C11DB7, not bit-reflected, initial value 0 (so not zlib's).
    table = []
    for byte in range(256):
        value = byte << 24
        for _ in range(8):
            value = ((value << 1) ^ 0x04C11DB7) if value & 0x80000000 else (value << 1)
        table.append(value & 0xFFFFFFFF)
    return tuple(table)


_TABLE = _crc_table()


def page_crc(data: bytes | bytearray | memoryview) -> int:
    crc = 0
    table = _TABLE
    for byte in data:
        crc = ((crc << 8) & 0xFFFFFFFF) ^ table[((crc >> 24) & 0xFF) ^ byte]
    return crc


def fix_serial(data: bytes, serial: int = _SERIAL) -> bytes:
    """Rewrite each page's serial number and checksum; input that is not Ogg is returned as is."""
    out = bytearray(data)
    pos = 0
    while pos + _HEADER <= len(out):
        if out[pos : pos + 4] != _CAPTURE:
            return bytes(data)
        segments = out[pos + 26]
        header_len = _HEADER + segments
        body_len = sum(out[pos + _HEADER : pos + header_len])
        end = pos + header_len + body_len
        if end > len(out):
            return bytes(data)
        out[pos + 14 : pos + 18] = struct.pack("<I", serial)
        out[pos + 22 : pos + 26] = b"\x00\x00\x00\x00"
        out[pos + 22 : pos + 26] = struct.pack("<I", page_crc(memoryview(out)[pos:end]))
        pos = end
    return bytes(out)
