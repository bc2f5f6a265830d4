"""A minimal ID3v2.4 writer and an ID3v2.3/2.4 text-frame reader for MP3 exports. Bytes only, no Qt.

libsndfile's MP3 tags go through LAME as Latin-1 (UTF-8 titles come back garbled) and have no
TXXX field, and mutagen is GPL; this writes exactly the frames Sonodesk needs in UTF-8.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

_HEADER = struct.Struct(">3sBBB4s")
_UTF8 = b"\x03"
_ENCODINGS = {0: "latin-1", 1: "utf-16", 2: "utf-16-be", 3: "utf-8"}
_TERMINATORS = {0: b"\x00", 1: b"\x00\x00", 2: b"\x00\x00", 3: b"\x00"}
_FLAG_UNSYNC = 0x80
_FLAG_EXTENDED = 0x40


def _syncsafe(value: int) -> bytes:
    return bytes(((value >> shift) & 0x7F) for shift in (21, 14, 7, 0))


def _unsyncsafe(raw: bytes) -> int:
    return (raw[0] << 21) | (raw[1] << 14) | (raw[2] << 7) | raw[3]


def _frame(frame_id: str, body: bytes) -> bytes:
    return frame_id.encode("ascii") + _syncsafe(len(body)) + b"\x00\x00" + body


def text_frame(frame_id: str, text: str) -> bytes:
    """A T*** text frame (TIT2, TPE1, TDRC, TSSE...) in UTF-8."""
    return _frame(frame_id, _UTF8 + text.encode("utf-8"))


def comment_frame(text: str, *, description: str = "", language: str = "eng") -> bytes:
    """A COMM frame."""
    body = _UTF8 + language.encode("ascii")[:3] + description.encode("utf-8") + b"\x00"
    return _frame("COMM", body + text.encode("utf-8"))


def user_text_frame(description: str, value: str) -> bytes:
    """A TXXX frame: a named free-text field."""
    return _frame("TXXX", _UTF8 + description.encode("utf-8") + b"\x00" + value.encode("utf-8"))


def build_tag(frames: list[bytes], *, padding: int = 256) -> bytes:
    """An ID3v2.4 tag holding ``frames`` plus a little padding for later in-place edits."""
    body = b"".join(frames) + b"\x00" * padding
    return b"ID3\x04\x00\x00" + _syncsafe(len(body)) + body


def tag_size(data: bytes) -> int:
    """Length of the ID3v2 tag at the start of ``data`` (header and footer included), or 0."""
    if len(data) < 10 or data[:3] != b"ID3" or any(b & 0x80 for b in data[6:10]):
        return 0
    footer = 10 if data[3] == 4 and data[5] & 0x10 else 0
    return 10 + _unsyncsafe(data[6:10]) + footer


@dataclass
class Id3Text:
    """The text frames found in a tag: plain T*** frames, TXXX by description, COMM texts."""

    text: dict[str, str] = field(default_factory=dict)
    user: dict[str, str] = field(default_factory=dict)
    comments: list[str] = field(default_factory=list)


def _decode(encoding: int, raw: bytes) -> str:
    return raw.decode(_ENCODINGS.get(encoding, "latin-1"), errors="replace").rstrip("\x00")


def _split(encoding: int, raw: bytes) -> tuple[bytes, bytes]:
    """Split at the first terminator of the encoding (aligned to 2 bytes for UTF-16)."""
    term = _TERMINATORS.get(encoding, b"\x00")
    index = raw.find(term)
    while len(term) == 2 and index >= 0 and index % 2:
        index = raw.find(term, index + 1)
    if index < 0:
        return raw, b""
    return raw[:index], raw[index + len(term) :]


def read_text_frames(data: bytes) -> Id3Text | None:
    """Parse the ID3v2.3/2.4 tag at the start of ``data``; None when there is none."""
    size = tag_size(data)
    if not size or data[3] not in (3, 4):
        return None
    version, flags = data[3], data[5]
    body = data[10 : 10 + _unsyncsafe(data[6:10])]
    if flags & _FLAG_UNSYNC and version == 3:
        body = body.replace(b"\xff\x00", b"\xff")
    pos = 0
    if flags & _FLAG_EXTENDED and len(body) >= 4:
        ext = _unsyncsafe(body[:4]) if version == 4 else struct.unpack(">I", body[:4])[0] + 4
        pos = ext
    found = Id3Text()
    while pos + 10 <= len(body) and body[pos : pos + 4].isalnum():
        frame_id = body[pos : pos + 4].decode("ascii")
        raw_size = body[pos + 4 : pos + 8]
        length = _unsyncsafe(raw_size) if version == 4 else struct.unpack(">I", raw_size)[0]
        fmt_flags = body[pos + 9]
        content = body[pos + 10 : pos + 10 + length]
        pos += 10 + length
        if version == 4:
            if fmt_flags & 0x0C:  # compressed or encrypted: not ours, skip
                continue
            if fmt_flags & 0x01:
                content = content[4:]
            if fmt_flags & 0x02 or flags & _FLAG_UNSYNC:
                content = content.replace(b"\xff\x00", b"\xff")
        elif fmt_flags & 0xC0:
            continue
        _collect(found, frame_id, content)
    return found


def _collect(found: Id3Text, frame_id: str, content: bytes) -> None:
    if not content:
        return
    encoding, rest = content[0], content[1:]
    if frame_id == "TXXX":
        description, value = _split(encoding, rest)
        found.user[_decode(encoding, description)] = _decode(encoding, value)
    elif frame_id == "COMM":
        _description, text = _split(encoding, rest[3:])
        found.comments.append(_decode(encoding, text))
    elif frame_id.startswith("T"):
        found.text[frame_id] = _decode(encoding, rest)
