"""Put the parameter record into exported files and get it back out, per format. No Qt.

WAV (INFO chunk), FLAC and OGG (Vorbis comments) take libsndfile's string fields; MP3 gets
an ID3v2.4 tag written by core.export.id3 because libsndfile's goes through LAME as Latin-1.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import soundfile as sf

from sonodesk.core.export import id3, riff
from sonodesk.core.export.metadata import Tags, parse_record

ID3_RECORD_KEY = "sonodesk"
_ID3_PEEK = 16 * 1024 * 1024


def soundfile_strings(tags: Tags) -> dict[str, str]:
    """Fields to set on a soundfile handle before the first frame (WAV, FLAC, OGG)."""
    fields = {
        "title": tags.title,
        "artist": tags.artist,
        "comment": tags.comment,
        "date": tags.date,
        "software": tags.software,
    }
    if tags.genre:
        fields["genre"] = tags.genre
    return fields


def id3_tag(tags: Tags) -> bytes:
    """The ID3v2.4 tag for an MP3 export: TIT2, TPE1, TDRC, TSSE, (TCON), COMM, TXXX:sonodesk."""
    frames = [
        id3.text_frame("TIT2", tags.title),
        id3.text_frame("TPE1", tags.artist),
        id3.text_frame("TDRC", tags.date),
        id3.text_frame("TSSE", tags.software),
    ]
    if tags.genre:
        frames.append(id3.text_frame("TCON", tags.genre))
    frames += [
        id3.comment_frame(tags.comment),
        id3.user_text_frame(ID3_RECORD_KEY, tags.record_json),
    ]
    return id3.build_tag(frames)


def prepend_id3(path: Path, tag: bytes) -> None:
    """Put ``tag`` at the start of the MP3 at ``path``, replacing any ID3v2 tag already there.

    Used on the export's temp file only, so rewriting it whole is safe.
    """
    data = path.read_bytes()
    data = data[id3.tag_size(data) :]
    with open(path, "wb") as handle:
        handle.write(tag)
        handle.write(data)


def read_embedded_params(path: str | os.PathLike[str]) -> dict[str, Any] | None:
    """The parameter record embedded in an exported file, or None when it carries none.

    Looks where each format keeps it (ID3 TXXX/COMM, WAV INFO comment, Vorbis comment) and
    falls back to libsndfile's comment field for anything else it can open.
    """
    p = Path(path)
    try:
        with open(p, "rb") as handle:
            head = handle.read(10)
            if id3.tag_size(head):
                handle.seek(0)
                found = _from_id3(handle.read(min(id3.tag_size(head), _ID3_PEEK)))
                if found is not None:
                    return found
    except OSError:
        return None
    info = riff.read_info(p)
    if info:
        return parse_record(info.get("ICMT"))
    try:
        with sf.SoundFile(str(p)) as handle:
            return parse_record(handle.comment)
    except (sf.LibsndfileError, RuntimeError, TypeError, ValueError, OSError):
        return None


def _from_id3(data: bytes) -> dict[str, Any] | None:
    frames = id3.read_text_frames(data)
    if frames is None:
        return None
    record = parse_record(frames.user.get(ID3_RECORD_KEY))
    if record is not None:
        return record
    for text in frames.comments:
        record = parse_record(text)
        if record is not None:
            return record
    return None
