"""The export dialog's choice lists (grouped formats, rates, loudness targets) as plain data.

Built from core.export's tables so the dialog can never offer what the core cannot write.
No Qt, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

from sonodesk.core.export import FORMATS, LOUDNESS_PRESETS, FormatSpec
from sonodesk.core.export.formats import CHOSEN_RATES, khz
from sonodesk.core.export.naming import PLACEHOLDERS

# The order musicians scan for: lossless first, then the lossy families.
_FAMILY_ORDER = ("WAV", "FLAC", "MP3 CBR", "MP3 VBR", "OGG Vorbis", "Opus")
# A custom loudness target starts here: the common streaming level.
CUSTOM_LUFS_START = -14.0
# The placeholders shown under the template, most useful first; the rest are in the tooltip.
SHOWN_PLACEHOLDERS = ("model", "prompt", "seed", "n", "date", "title", "bpm")


@dataclass(frozen=True)
class FormatGroup:
    """One heading of the format list and the format keys under it."""

    title: str
    keys: tuple[str, ...]


def family_title(spec: FormatSpec) -> str:
    """ "WAV", "FLAC", "MP3 CBR", "MP3 VBR", "OGG Vorbis" or "Opus"."""
    if spec.container == "MP3":
        return "MP3 VBR" if spec.bitrate_mode == "VARIABLE" else "MP3 CBR"
    if spec.subtype == "VORBIS":
        return "OGG Vorbis"
    return spec.family


def format_groups() -> tuple[FormatGroup, ...]:
    """Every export format under its family heading, in the core's order within a family."""
    grouped: dict[str, list[str]] = {title: [] for title in _FAMILY_ORDER}
    for key, spec in FORMATS.items():
        grouped.setdefault(family_title(spec), []).append(key)
    return tuple(FormatGroup(title, tuple(keys)) for title, keys in grouped.items() if keys)


def rate_choices() -> tuple[tuple[str, int | None], ...]:
    """(label, rate) pairs: keep the take's own rate, then every rate the core accepts."""
    return (("Keep original", None), *((khz(rate), rate) for rate in CHOSEN_RATES))


CHANNEL_CHOICES: tuple[tuple[str, str], ...] = (
    ("Keep original", "keep"),
    ("Mono", "mono"),
    ("Stereo", "stereo"),
)

OVERWRITE_CHOICES: tuple[tuple[str, str], ...] = (
    ("Ask me", "ask"),
    ("Replace it", "replace"),
    ("Add a number", "number"),
)


def loudness_choices() -> tuple[tuple[str, float | None], ...]:
    """(label, LUFS) pairs: off, the core's presets, and "Custom…" (LUFS given separately).

    "Custom…" carries NaN so it never equals a preset target.
    """
    presets = tuple((label, value) for label, value in LOUDNESS_PRESETS.items())
    return (("Off (keep the level)", None), *presets, ("Custom…", float("nan")))


def placeholder_help() -> str:
    """Every placeholder and what it stands for, one per line (the template's tooltip)."""
    return "\n".join(f"{{{name}}}: {meaning}" for name, meaning in PLACEHOLDERS.items())
