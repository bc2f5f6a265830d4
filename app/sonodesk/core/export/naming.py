"""File-name templates for exports: placeholders, validation and OS-safe, length-capped stems.

Builds names only from our own take records and sanitises them with core.naming. No I/O, no Qt.
"""

from __future__ import annotations

import re
import string
import time
import unicodedata
from dataclasses import dataclass
from typing import Any

from sonodesk.core.jobs.records import TakeRecord
from sonodesk.core.naming import model_short_name, sanitize_component

# Windows' classic MAX_PATH is 260; staying under 240 leaves room for the temp-file prefix and
# for DAWs and archivers that add their own suffixes.
MAX_PATH_CHARS = 240
# Room kept for a collision suffix such as " (12)".
_SUFFIX_RESERVE = 6
MIN_STEM_CHARS = 8
PROMPT_MAX_CHARS = 80
_FIELD_MAX_CHARS = 60

PLACEHOLDERS: dict[str, str] = {
    "model": "model short name",
    "prompt": "the prompt's words",
    "seed": "seed",
    "n": "number in this export (01, 02…)",
    "date": "creation date (YYYY-MM-DD)",
    "time": "creation time (HHMMSS)",
    "title": "take title",
    "job": "short job id",
    "take": "output number within its job",
    "bpm": "tempo, when the parameters state one",
    "provider": "provider name",
}
_SEPARATORS = " _-."
_FORMATTER = string.Formatter()


@dataclass(frozen=True)
class NameFields:
    """The values a template can use, already reduced to short text ("" when unknown)."""

    model: str = ""
    prompt: str = ""
    seed: str = ""
    n: str = ""
    date: str = ""
    time: str = ""
    title: str = ""
    job: str = ""
    take: str = ""
    bpm: str = ""
    provider: str = ""


def template_problems(template: str) -> list[str]:
    """Why ``template`` cannot name files, in plain words (empty when it can)."""
    if not template.strip():
        return ["The file-name template is empty."]
    try:
        parts = list(_FORMATTER.parse(template))
    except ValueError:
        return ["The file-name template has an unmatched { or }. Use {{ and }} for braces."]
    problems: list[str] = []
    known = ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
    for literal, field, spec, conversion in parts:
        if "/" in literal or "\\" in literal:
            problems.append(
                "The file-name template cannot contain / or \\: choose the folder separately."
            )
        if field is None:
            continue
        if field not in PLACEHOLDERS:
            shown = f"{{{field}}}" if field else "{}"
            problems.append(f"Unknown placeholder {shown} in the file-name template. Use {known}.")
        elif spec or conversion:
            problems.append(
                f"Write {{{field}}} in the file-name template without a format (no : or !)."
            )
    return list(dict.fromkeys(problems))


def prompt_words(prompt: str, max_chars: int = PROMPT_MAX_CHARS) -> str:
    """'Dreamy lofi, 80 BPM! ☕' -> 'Dreamy-lofi-80-BPM'; keeps any script, cuts at a word end."""
    words = re.findall(r"\w+", unicodedata.normalize("NFKC", prompt))
    result = ""
    for word in words:
        candidate = f"{result}-{word}" if result else word
        if len(candidate) > max_chars:
            break
        result = candidate
    if not result and words:
        result = words[0][:max_chars]
    return result


def _bpm(params: dict[str, Any]) -> str:
    for key in ("bpm", "tempo", "BPM"):
        value = params.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool) and 0 < value < 1000:
            return f"{value:g}bpm"
    return ""


def fields_for(take: TakeRecord, *, index: int = 1, count: int = 1) -> NameFields:
    """Template values for ``take``, the ``index``-th (1-based) of ``count`` takes exported."""
    stamp = time.localtime(take.created_at)
    model = model_short_name(take.model_id) if take.model_id else _short(take.model_name)
    return NameFields(
        model=model,
        prompt=prompt_words(take.prompt or _param_prompt(take.params)),
        seed="" if take.seed is None else str(take.seed),
        n=str(index).zfill(len(str(max(count, 1)))),
        date=time.strftime("%Y-%m-%d", stamp),
        time=time.strftime("%H%M%S", stamp),
        title=_short(take.title),
        job=_short(take.job_id.rsplit("_", 1)[-1][:8]),
        take=str(take.output_index + 1),
        bpm=_bpm(take.params),
        provider=_short(take.provider),
    )


def _short(text: str) -> str:
    return sanitize_component(text, fallback="", max_len=_FIELD_MAX_CHARS)


def _param_prompt(params: dict[str, Any]) -> str:
    for key in ("prompt", "text", "textPrompt", "lyrics"):
        value = params.get(key)
        if isinstance(value, str) and value.strip():
            return value
    return ""


def stem_budget(folder_chars: int, extension: str) -> int:
    """Characters left for a file stem when the folder path is ``folder_chars`` long."""
    return MAX_PATH_CHARS - folder_chars - 1 - (len(extension) + 1) - _SUFFIX_RESERVE


def render_stem(template: str, fields: NameFields, *, max_chars: int) -> str:
    """The sanitised stem for ``fields``; the prompt is shortened first when it is too long.

    A placeholder with no value disappears together with the separator before it, so
    "{model}_{seed}_{n}" without a seed gives "model_1", not "model__1".
    """
    problems = template_problems(template)
    if problems:
        raise ValueError(problems[0])
    stem = _render(template, fields)
    overflow = len(stem) - max_chars
    if overflow > 0 and fields.prompt:
        shorter = prompt_words(fields.prompt, max(0, len(fields.prompt) - overflow))
        stem = _render(template, _replace_prompt(fields, shorter))
    return sanitize_component(stem, fallback="take", max_len=max(1, max_chars))


def _replace_prompt(fields: NameFields, prompt: str) -> NameFields:
    values = {name: getattr(fields, name) for name in PLACEHOLDERS}
    values["prompt"] = prompt
    return NameFields(**values)


def _render(template: str, fields: NameFields) -> str:
    out = ""
    for literal, field, _spec, _conversion in _FORMATTER.parse(template):
        out += literal
        if field is None:
            continue
        value = getattr(fields, field)
        if value:
            out += value
        else:
            out = out.rstrip(_SEPARATORS)
    return out.strip(_SEPARATORS)
