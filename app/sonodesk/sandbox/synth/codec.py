"""Encode float samples to wav/flac/mp3/ogg bytes and decode uploaded bytes, with properties.

Everything happens in memory through soundfile; no file paths, no Qt.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import numpy as np
import soundfile as sf

from sonodesk.sandbox.synth.ogg import fix_serial

# Our format name -> (soundfile format, subtype, codec name reported in asset properties).
_ENCODINGS: dict[str, tuple[str, str, str]] = {
    "wav": ("WAV", "PCM_16", "pcm_s16le"),
    "flac": ("FLAC", "PCM_16", "flac"),
    "mp3": ("MP3", "MPEG_LAYER_III", "mp3"),
    "ogg": ("OGG", "VORBIS", "vorbis"),
}
MIME_TYPES = {
    "wav": "audio/wav",
    "flac": "audio/flac",
    "mp3": "audio/mpeg",
    "ogg": "audio/ogg",
    "aiff": "audio/aiff",
}
_SF_FORMATS = {"WAV": "wav", "WAVEX": "wav", "RF64": "wav", "W64": "wav", "FLAC": "flac"}
_SF_FORMATS |= {"MP3": "mp3", "OGG": "ogg", "AIFF": "aiff"}
_SUBTYPE_CODECS = {
    "PCM_16": "pcm_s16le",
    "PCM_24": "pcm_s24le",
    "PCM_32": "pcm_s32le",
    "PCM_U8": "pcm_u8",
    "FLOAT": "pcm_f32le",
    "DOUBLE": "pcm_f64le",
    "VORBIS": "vorbis",
    "OPUS": "opus",
    "MPEG_LAYER_III": "mp3",
    "MPEG_LAYER_II": "mp2",
}
_PCM_BITS = {"PCM_16": 16, "PCM_24": 24, "PCM_32": 32, "PCM_U8": 8, "FLOAT": 32, "DOUBLE": 64}
# Refuse to decode more than this many samples (all channels): about 15 minutes of 48 kHz
# stereo. A hostile header cannot make the server allocate gigabytes.
MAX_DECODED_SAMPLES = 90_000_000


class AudioDecodeError(ValueError):
    """The bytes are not audio soundfile can read, or are too long to accept."""


@dataclass(frozen=True)
class Decoded:
    samples: np.ndarray  # float32, shape (frames, channels)
    sample_rate: int
    file_format: str  # "wav", "flac", "mp3", "ogg", "aiff"
    subtype: str


def encode(samples: np.ndarray, sample_rate: int, file_format: str) -> bytes:
    """Encode (frames, channels) floats in [-1, 1]; ``file_format`` is one of wav/flac/mp3/ogg."""
    sf_format, subtype, _ = _ENCODINGS[file_format]
    data = np.clip(np.nan_to_num(np.asarray(samples, dtype=np.float32)), -1.0, 1.0)
    if data.ndim == 1:
        data = data[:, None]
    buffer = io.BytesIO()
    sf.write(buffer, data, sample_rate, format=sf_format, subtype=subtype)
    encoded = buffer.getvalue()
    return fix_serial(encoded) if file_format == "ogg" else encoded


def decode(data: bytes) -> Decoded:
    try:
        info = sf.info(io.BytesIO(data))
        if info.frames * info.channels > MAX_DECODED_SAMPLES:
            raise AudioDecodeError("The audio is too long to import.")
        samples, sample_rate = sf.read(io.BytesIO(data), dtype="float32", always_2d=True)
    except AudioDecodeError:
        raise
    except Exception as exc:  # soundfile raises several types for unreadable input
        raise AudioDecodeError("The file could not be decoded as audio.") from exc
    if samples.shape[0] == 0:
        raise AudioDecodeError("The file contains no audio frames.")
    file_format = _SF_FORMATS.get(info.format, info.format.lower())
    return Decoded(samples, int(sample_rate), file_format, info.subtype)


def mime_type(file_format: str) -> str:
    return MIME_TYPES.get(file_format, "application/octet-stream")


def output_format_for(requested: str, source_format: str) -> str:
    """The format to encode to: the requested one, or the source's when it can be written."""
    if requested:
        return requested
    return source_format if source_format in _ENCODINGS else "wav"


def _codec_name(decoded: Decoded) -> str:
    # FLAC and MP3 report their sample width as the subtype; the codec is the container's.
    if decoded.file_format in ("flac", "mp3"):
        return decoded.file_format
    return _SUBTYPE_CODECS.get(decoded.subtype, decoded.subtype.lower())


def describe(data: bytes, decoded: Decoded, classification: str) -> dict[str, Any]:
    """Asset ``properties`` for encoded bytes whose decoded form is ``decoded``."""
    frames, channels = decoded.samples.shape
    duration = frames / decoded.sample_rate
    bits = _PCM_BITS.get(decoded.subtype)
    if bits is not None and decoded.file_format in ("wav", "aiff"):
        bitrate = decoded.sample_rate * channels * bits
    else:
        bitrate = round(len(data) * 8 / duration) if duration > 0 else 0
    return {
        "size": len(data),
        "duration": round(duration, 6),
        "sampleRate": decoded.sample_rate,
        "channels": channels,
        "format": decoded.file_format,
        "codecName": _codec_name(decoded),
        "bitrate": bitrate,
        "classification": classification,
    }
