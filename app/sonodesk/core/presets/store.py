"""Named presets per model, as one JSON file per provider/model under ``presets_dir``.

Save, update, rename, delete, a default per model, and the last-used values (a separate
small file, so frequent saves never rewrite the presets). Starter presets are read-only and
copied into the user's file on first edit. Damaged files are set aside with a notice. No Qt.
"""

from __future__ import annotations

import copy
import json
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sonodesk.core import atomic
from sonodesk.core.library.untrusted import UntrustedJsonError, is_params_object, read_json_file
from sonodesk.core.paths import resource_dir
from sonodesk.core.presets.files import file_stem, load_user_file, provider_dir
from sonodesk.core.presets.model import (
    NO_NAME,
    Preset,
    PresetError,
    PresetSet,
    clean_name,
    name_key,
    now_iso,
    to_document,
)
from sonodesk.core.presets.reconcile import Reconciled, reconcile
from sonodesk.core.presets.starters import StarterPresets
from sonodesk.core.schema import FieldSpec, schema_fingerprint

log = logging.getLogger(__name__)

READ_ONLY_STARTER = "'{name}' is a starter preset and can't be deleted."
NEWER_FILE = "These presets were saved by a newer Sonodesk; update Sonodesk to change them."


@dataclass(frozen=True)
class PresetListing:
    """What the preset menu shows: user presets (A-Z), then starters not shadowed by them."""

    presets: tuple[Preset, ...]
    default: str | None
    notice: str | None = None

    def names(self) -> list[str]:
        return [p.name for p in self.presets]


class PresetStore:
    """The presets of one provider's models. Files are read on every call (they are small)."""

    def __init__(
        self,
        directory: Path,
        provider: str,
        *,
        starters_dir: Path | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.provider = provider
        self.directory = provider_dir(directory, provider)
        self.starters = StarterPresets(
            (starters_dir if starters_dir is not None else resource_dir() / "presets"), provider
        )
        self._clock = clock
        self._last_written: dict[str, str] = {}
        self.notices: list[str] = []

    # -- reading ----------------------------------------------------------------------------

    def listing(self, model_id: str) -> PresetListing:
        user, notice = self._load(model_id)
        own = sorted(user.presets, key=lambda p: name_key(p.name))
        taken = {name_key(p.name) for p in own}
        starters = [p for p in self.starters.presets(model_id) if name_key(p.name) not in taken]
        return PresetListing((*own, *starters), user.default, notice)

    def get(self, model_id: str, name: str) -> Preset:
        key = name_key(name)
        for preset in self.listing(model_id).presets:
            if name_key(preset.name) == key:
                return preset
        raise PresetError(f"There is no preset named '{clean_name(name)}'.")

    def apply(self, model_id: str, name: str, specs: Sequence[FieldSpec]) -> Reconciled:
        """The preset's values fitted to today's schema, with the report of what changed."""
        preset = self.get(model_id, name)
        return reconcile(specs, preset.params, saved_fingerprint=preset.schema_fingerprint)

    def default_preset(self, model_id: str) -> Preset | None:
        listing = self.listing(model_id)
        if listing.default is None:
            return None
        key = name_key(listing.default)
        return next((p for p in listing.presets if name_key(p.name) == key), None)

    # -- editing ----------------------------------------------------------------------------

    def save(
        self,
        model_id: str,
        name: str,
        params: Mapping[str, Any],
        specs: Sequence[FieldSpec],
        *,
        replace_existing: bool = False,
    ) -> Preset:
        """Save values under a new name (or over an existing one with ``replace_existing``)."""
        name = _required_name(name)
        if not replace_existing and self._exists(model_id, name):
            raise PresetError(f"A preset named '{name}' already exists.")
        return self._put(model_id, name, params, specs)

    def update(
        self, model_id: str, name: str, params: Mapping[str, Any], specs: Sequence[FieldSpec]
    ) -> Preset:
        """Replace an existing preset's values (a starter becomes the user's own copy)."""
        existing = self.get(model_id, name)
        return self._put(model_id, existing.name, params, specs)

    def rename(self, model_id: str, old: str, new: str) -> Preset:
        preset = self.get(model_id, old)
        new = _required_name(new)
        if name_key(new) != name_key(preset.name) and self._exists(model_id, new):
            raise PresetError(f"A preset named '{new}' already exists.")
        user = self._writable(model_id)
        renamed = replace(preset, name=new, starter=False, updated=now_iso(self._clock()))
        others = tuple(p for p in user.presets if name_key(p.name) != name_key(preset.name))
        default = user.default
        if default is not None and name_key(default) == name_key(preset.name):
            default = new
        self._write(replace(user, presets=(*others, renamed), default=default))
        return renamed

    def delete(self, model_id: str, name: str) -> None:
        preset = self.get(model_id, name)
        if preset.starter:
            raise PresetError(READ_ONLY_STARTER.format(name=preset.name))
        user = self._writable(model_id)
        others = tuple(p for p in user.presets if name_key(p.name) != name_key(preset.name))
        default = user.default
        if default is not None and name_key(default) == name_key(preset.name):
            default = None
        self._write(replace(user, presets=others, default=default))

    def set_default(self, model_id: str, name: str | None) -> None:
        """Mark the preset the form starts from (None: the model's own defaults)."""
        user = self._writable(model_id)
        if name is None:
            self._write(replace(user, default=None))
            return
        preset = self.get(model_id, name)
        if preset.starter:  # the user's file must hold what its default names
            user = replace(user, presets=(*user.presets, replace(preset, starter=False)))
        self._write(replace(user, default=preset.name))

    # -- last used --------------------------------------------------------------------------

    def remember_last(
        self, model_id: str, params: Mapping[str, Any], *, fingerprint: str | None = None
    ) -> bool:
        """Keep the form's values for next time; returns False when nothing changed.

        Cheap enough to call on every debounced edit: a small file of its own, skipped when
        the values are what was written last.
        """
        document = {
            "format_version": 1,
            "provider": self.provider,
            "model_id": model_id,
            "schema_fingerprint": fingerprint,
            "params": _plain(params),
        }
        text = json.dumps(document, sort_keys=True, ensure_ascii=False, allow_nan=False)
        path = self._last_path(model_id)
        if self._last_written.get(model_id) == text:
            return False
        try:
            atomic.write_text(path, text + "\n")
        except OSError as exc:
            log.warning("last-used values not saved: %s", exc.__class__.__name__)
            return False
        self._last_written[model_id] = text
        return True

    def last_used(self, model_id: str, specs: Sequence[FieldSpec]) -> Reconciled | None:
        """The values remembered for this model, fitted to today's schema; None if none."""
        try:
            data = read_json_file(self._last_path(model_id), max_bytes=1 << 20, max_depth=16)
        except UntrustedJsonError:
            return None  # missing or damaged: the model's defaults are a fine start
        if not isinstance(data, dict) or data.get("model_id") != model_id:
            return None
        if not is_params_object(data.get("params")):
            return None
        fingerprint = data.get("schema_fingerprint")
        return reconcile(
            specs,
            data["params"],
            saved_fingerprint=fingerprint if isinstance(fingerprint, str) else None,
        )

    # -- files ------------------------------------------------------------------------------

    def path_for(self, model_id: str) -> Path:
        return self.directory / f"{file_stem(model_id)}.json"

    def _last_path(self, model_id: str) -> Path:
        return self.directory / f"{file_stem(model_id)}.last.json"

    def _load(self, model_id: str) -> tuple[PresetSet, str | None]:
        loaded = load_user_file(self.path_for(model_id), self.provider, model_id)
        if loaded.notice and loaded.notice not in self.notices:
            self.notices.append(loaded.notice)
        return loaded.presets, loaded.notice

    def _writable(self, model_id: str) -> PresetSet:
        loaded = load_user_file(self.path_for(model_id), self.provider, model_id)
        if loaded.read_only:
            raise PresetError(NEWER_FILE)
        return loaded.presets

    def _exists(self, model_id: str, name: str) -> bool:
        key = name_key(name)
        return any(name_key(p.name) == key for p in self.listing(model_id).presets)

    def _put(
        self, model_id: str, name: str, params: Mapping[str, Any], specs: Sequence[FieldSpec]
    ) -> Preset:
        user = self._writable(model_id)
        fingerprint = schema_fingerprint(specs)
        preset = Preset(name, _plain(params), now_iso(self._clock()), fingerprint)
        others = tuple(p for p in user.presets if name_key(p.name) != name_key(name))
        self._write(replace(user, presets=(*others, preset), schema_fingerprint=fingerprint))
        return preset

    def _write(self, presets: PresetSet) -> None:
        try:
            atomic.write_json(self.path_for(presets.model_id), to_document(presets))
        except OSError as exc:
            raise PresetError(
                "The presets could not be saved.",
                hint="Check that the settings folder is writable and the disk is not full.",
            ) from exc


def _required_name(name: str) -> str:
    cleaned = clean_name(name)
    if not cleaned:
        raise PresetError(NO_NAME)
    return cleaned


def _plain(params: Mapping[str, Any]) -> dict[str, Any]:
    """A deep copy that is surely JSON: tuples become lists; anything else is refused."""
    try:
        return json.loads(json.dumps(copy.deepcopy(dict(params)), allow_nan=False))
    except (TypeError, ValueError) as exc:
        raise PresetError("These values can't be saved as a preset.") from exc
