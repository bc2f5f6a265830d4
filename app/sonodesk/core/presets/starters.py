"""The read-only starter presets shipped in ``resources/presets/<provider>/<model>.json``.

Reads bundled files only; a broken one is logged and offers nothing. No Qt.
"""

from __future__ import annotations

import copy
import logging
from dataclasses import replace
from pathlib import Path

from sonodesk.core.library.untrusted import UntrustedJsonError, read_json_file
from sonodesk.core.presets.files import MAX_DEPTH, MAX_FILE_BYTES, file_stem, provider_dir
from sonodesk.core.presets.model import Preset, PresetError, parse_document

log = logging.getLogger(__name__)


class StarterPresets:
    """Starter presets for one provider, read once per model and kept."""

    def __init__(self, root: Path, provider: str) -> None:
        self.directory = provider_dir(root, provider)
        self._cache: dict[str, tuple[Preset, ...]] = {}

    def presets(self, model_id: str) -> tuple[Preset, ...]:
        if model_id not in self._cache:
            self._cache[model_id] = self._read(model_id)
        # Copies: a caller editing the values must not change the starter for everyone.
        return tuple(replace(p, params=copy.deepcopy(p.params)) for p in self._cache[model_id])

    def _read(self, model_id: str) -> tuple[Preset, ...]:
        path = self.directory / f"{file_stem(model_id)}.json"
        if not path.is_file():
            return ()
        try:
            data = read_json_file(path, max_bytes=MAX_FILE_BYTES, max_depth=MAX_DEPTH)
            presets, notes = parse_document(data, starter=True)
        except (UntrustedJsonError, PresetError):
            log.error("starter presets %s are unusable", path.name)
            return ()
        for note in notes:
            log.error("starter presets %s: %s", path.name, note)
        if presets.model_id != model_id:
            log.error("starter presets %s are for another model", path.name)
            return ()
        return tuple(replace(p, starter=True) for p in presets.presets)
