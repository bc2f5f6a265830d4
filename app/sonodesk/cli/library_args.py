"""Options of ``sonodesk library`` and ``sonodesk export``, and reading them (flac + 24 → flac24).

Argument handling only, cheap to import (the window builds this parser too): no audio code,
no files. Bad options end with one line on stderr and exit code 3, like the other commands.
"""

from __future__ import annotations

import argparse
import math
import sys
from typing import Any, NoReturn

EXIT_ERROR = 3
FAMILIES = ("wav", "flac", "mp3", "ogg", "opus")
BITS = {"wav": {16: "wav16", 24: "wav24", 32: "wav32f"}, "flac": {16: "flac16", 24: "flac24"}}
MP3_QUALITIES = ("320", "192", "128", "v0", "v2", "v4")
# Families without a quality option are written at a transparent, widely used setting.
FIXED_QUALITY = {"ogg": "ogg-q6", "opus": "opus-128"}


class UsageError(Exception):
    """Options that cannot work together; the message is the one line the user sees."""


def add_library_commands(sub: Any) -> None:
    """Register ``library`` and ``export`` on the main parser's subcommands."""
    library = sub.add_parser("library", help="list and search your takes, newest first")
    library.add_argument("search", nargs="?", default="", metavar="SEARCH", help="words to find")
    library.add_argument("--model", metavar="M", help="only takes of this model (id or name)")
    library.add_argument("--favorites", action="store_true", help="only favourite takes")
    library.add_argument("--min-rating", type=int, default=0, metavar="N", help="rating ≥ N")
    library.add_argument("--limit", type=int, default=50, metavar="N", help="at most N takes")
    library.add_argument("--json", action="store_true", help="print the takes as JSON")
    export = sub.add_parser("export", help="export takes as DAW-ready files")
    _export_arguments(export)
    for parser in (library, export):
        _one_line_errors(parser)


def _export_arguments(parser: argparse.ArgumentParser) -> None:
    add = parser.add_argument
    add("take_ids", nargs="+", metavar="TAKE_ID", help="takes to export (see `sonodesk library`)")
    add("--out", required=True, metavar="DIR", help="folder to write into")
    add("--format", choices=FAMILIES, default="wav", help="default: wav")
    add("--bits", type=int, metavar="16|24|32", help="WAV/FLAC bit depth (default 24)")
    add("--mp3", choices=MP3_QUALITIES, metavar="320|192|128|v0|v2|v4", help="default 320")
    add("--rate", metavar="HZ", help="44100, 48000, 88200 or 96000 (default: keep)")
    add("--lufs", metavar="LUFS", help="loudness target, e.g. -14 (default: off)")
    add("--ceiling", type=float, metavar="DBTP", help="true-peak ceiling (default -1)")
    channels = parser.add_mutually_exclusive_group()
    for flag in ("mono", "stereo"):
        channels.add_argument(f"--{flag}", dest="channels", action="store_const", const=flag,
                              help=f"write {flag} (default: keep the take's channels)")  # fmt: skip
    add("--trim", action="store_true", help="trim leading and trailing silence")
    add("--fade-in", type=float, default=0.0, metavar="S", help="fade-in seconds")
    add("--fade-out", type=float, default=0.0, metavar="S", help="fade-out seconds")
    add("--template", metavar="T", help="file name, e.g. '{title}_{n}'")
    add("--overwrite", choices=("ask", "replace", "number"), default="ask",
        help="when a file exists (default: ask)")  # fmt: skip
    add("--json", action="store_true", help="print the results as JSON")


def format_key(family: str, bits: int | None, mp3: str | None) -> str:
    """ "flac", 24 → "flac24"; "mp3", None, "v0" → "mp3-v0"; UsageError for contradictions."""
    if mp3 is not None and family != "mp3":
        raise UsageError("--mp3 applies to --format mp3 only.")
    if family in BITS:
        depths = BITS[family]
        depth = 24 if bits is None else bits
        if depth not in depths:
            shown = " or ".join(str(d) for d in depths)
            hint = " (32-bit float is WAV only)" if family == "flac" and depth == 32 else ""
            raise UsageError(f"{family.upper()} is written at {shown} bits, not {depth}{hint}.")
        return depths[depth]
    if bits is not None:
        raise UsageError(f"--bits applies to WAV and FLAC; {family.upper()} is compressed.")
    if family == "mp3":
        return f"mp3-{mp3 or '320'}"
    return FIXED_QUALITY[family]


def parse_rate(text: str | None) -> int | None:
    """ "48000", "48k", "44.1" (kHz) → Hz; None or "keep" → None (the take's own rate)."""
    if text is None or text.casefold() == "keep":
        return None
    value = _number(text.casefold().removesuffix("hz").removesuffix("k"), "--rate")
    return round(value * 1000) if value < 1000 else round(value)


def parse_lufs(text: str | None) -> float | None:
    """ "-14" → -14.0; None or "off" → None."""
    if text is None or text.casefold() == "off":
        return None
    return _number(text.casefold().removesuffix("lufs"), "--lufs")


def _number(text: str, option: str) -> float:
    try:
        value = float(text.strip())
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise UsageError(f"{option} expects a number, not {text!r}.")
    return value


def _one_line_errors(parser: argparse.ArgumentParser) -> None:
    """argparse prints its usage and exits 2; these commands say one line and exit 3.

    Unknown options would reach the main parser (exit 2), so this parser refuses them itself.
    """
    command = parser.prog.split()[-1]

    def error(message: str) -> NoReturn:
        print(f"sonodesk: {message} (see `sonodesk {command} --help`)", file=sys.stderr)
        raise SystemExit(EXIT_ERROR)

    plain_parse = parser.parse_known_args

    def parse_known_args(args: Any = None, namespace: Any = None) -> Any:
        parsed, extras = plain_parse(args, namespace)
        if extras:
            error(f"unrecognized arguments: {' '.join(extras)}")
        return parsed, extras

    parser.error = error  # type: ignore[method-assign]
    parser.parse_known_args = parse_known_args  # type: ignore[method-assign]
