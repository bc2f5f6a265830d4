"""Find which field a provider's 400 message is about, so the form can mark that field.

Understands Scenario/Joi (``"duration" must be ...``), AI/ML API (``... at "audio_setting.format"``)
and ``name: message`` prefixes. No Qt, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from sonodesk.core.schema.fieldspec import FieldSpec
from sonodesk.core.schema.paths import resolve_path

_MAX_MESSAGE: Final = 4000
_AT_PATH = re.compile(r"""\bat\s+(?:"([^"]{1,300})"|'([^']{1,300})'|([A-Za-z_][\w.\[\]]{0,300}))""")
_DOUBLE_QUOTED = re.compile(r'"([^"]{1,300})"')
_PREFIX = re.compile(r"^\s*([A-Za-z_][\w.\[\]]{0,300})\s*:")


def field_from_server_message(message: str, specs: Sequence[FieldSpec]) -> str | None:
    """The field path (``"duration"``, ``"sections[0].bars"``) a server error names, or None.

    Candidates are tried in order: an ``at "path"`` tail, double-quoted tokens (Joi puts the
    input name first), a leading ``name:``; then a quoted token equal to a field's label.
    Single-quoted tokens are ignored: they usually quote values ('mp3'), not names.
    """
    if not isinstance(message, str) or not message or not specs:
        return None
    message = message[:_MAX_MESSAGE]
    candidates: list[str] = []
    for match in _AT_PATH.finditer(message):
        candidates.append(next(group for group in match.groups() if group))
    quoted = _DOUBLE_QUOTED.findall(message)
    candidates.extend(quoted)
    if prefix := _PREFIX.match(message):
        candidates.append(prefix.group(1))
    for candidate in candidates:
        resolved = resolve_path(specs, candidate) or resolve_path(specs, candidate.strip())
        if resolved is not None:
            return resolved
    labels = {spec.label.casefold(): spec.name for spec in specs}
    for token in quoted:
        if (name := labels.get(token.strip().casefold())) is not None:
            return name
    return None
