"""File names that are safe on Windows, macOS and Linux, built from prompts and model names.

Nothing from a server is ever used as a path: names are built from our own records and
sanitised here. No Qt, no I/O.
"""

from __future__ import annotations

import re
import time
import unicodedata

MAX_STEM = 120
_RESERVED = {
    "con", "prn", "aux", "nul",
    *(f"com{i}" for i in range(1, 10)),
    *(f"lpt{i}" for i in range(1, 10)),
}  # fmt: skip
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_SPACES = re.compile(r"\s+")
_DASHES = re.compile(r"-{2,}")

EXTENSIONS = {
    "audio/mpeg": "mp3",
    "audio/mp3": "mp3",
    "audio/wav": "wav",
    "audio/x-wav": "wav",
    "audio/wave": "wav",
    "audio/flac": "flac",
    "audio/x-flac": "flac",
    "audio/ogg": "ogg",
    "audio/opus": "opus",
    "audio/m4a": "m4a",
    "audio/mp4": "m4a",
    "audio/aac": "aac",
}
KNOWN_FORMATS = {"mp3", "wav", "flac", "ogg", "opus", "m4a", "aac"}


def sanitize_component(text: str, *, fallback: str = "untitled", max_len: int = MAX_STEM) -> str:
    """One path component: no separators, no control or reserved characters, no '..'."""
    text = unicodedata.normalize("NFKC", text)
    text = _UNSAFE.sub(" ", text)
    text = _SPACES.sub(" ", text).strip()
    text = text.strip(". ")  # Windows drops trailing dots/spaces; leading dots hide files
    if len(text) > max_len:
        text = text[:max_len].rstrip(". ")
    if not text or set(text) <= {"."}:
        text = fallback
    if text.split(".")[0].strip().lower() in _RESERVED:
        text = f"_{text}"
    return text


def slug(text: str, *, max_len: int = 40) -> str:
    """A short ASCII-ish slug for file names: 'Dreamy lofi, 80 BPM!' -> 'dreamy-lofi-80-bpm'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[A-Za-z0-9]+", ascii_text.lower())
    result = ""
    for word in words:
        candidate = f"{result}-{word}" if result else word
        if len(candidate) > max_len:
            break
        result = candidate
    return result or (words[0][:max_len] if words else "")


def model_short_name(model_id: str) -> str:
    """'model_sonodesk-music-sketch' -> 'sonodesk-music-sketch'; 'google/lyria2' -> 'lyria2'."""
    name = model_id.rsplit("/", 1)[-1]
    if name.startswith("model_"):
        name = name[len("model_") :]
    return slug(name.replace("_", "-"), max_len=40) or "model"


def extension_for(mime_type: str | None, file_format: str | None = None) -> str:
    fmt = (file_format or "").lower().strip(".")
    if fmt in KNOWN_FORMATS:
        return fmt
    return EXTENSIONS.get((mime_type or "").split(";")[0].strip().lower(), "bin")


def take_stem(
    *, created_at: float, model_id: str, prompt: str, job_id: str, output_index: int
) -> str:
    """Readable, unique and deterministic: 2026-11-21_1530_music-sketch_dreamy-lofi_3f2a9c-1."""
    stamp = time.strftime("%Y-%m-%d_%H%M%S", time.localtime(created_at))
    short_job = job_id.rsplit("_", 1)[-1][:6]
    parts = [stamp, model_short_name(model_id)]
    prompt_slug = slug(prompt, max_len=40)
    if prompt_slug:
        parts.append(prompt_slug)
    parts.append(f"{short_job}-{output_index + 1}")
    return sanitize_component("_".join(parts))
