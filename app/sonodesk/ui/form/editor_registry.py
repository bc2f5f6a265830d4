"""Which editor class shows which field: ``(FieldKind, variant) -> class``, open to new kinds.

A variant refines a kind ("prompt" for a prompt text, "unset" for a yes/no without a default);
lookups fall back from the variant to the kind, and from an unknown kind to the JSON editor.
"""

from __future__ import annotations

from typing import Final

from sonodesk.core.schema import FieldKind, FieldSpec
from sonodesk.ui.form.base import EditorContext, FieldEditor
from sonodesk.ui.form.choice_editors import BooleanEditor, ChoiceEditor, OptionalBooleanEditor
from sonodesk.ui.form.file_editors import FileEditor
from sonodesk.ui.form.file_list_editor import FileListEditor
from sonodesk.ui.form.group_editor import GroupListEditor
from sonodesk.ui.form.list_editors import MultiChoiceEditor, NumberListEditor, TagsEditor
from sonodesk.ui.form.model_editors import ModelEditor, ModelListEditor
from sonodesk.ui.form.number_editors import NumberEditor
from sonodesk.ui.form.seed_editor import SeedEditor
from sonodesk.ui.form.text_editors import JsonEditor, LongTextEditor, TextEditor

EditorClass = type[FieldEditor]
Kind = FieldKind | str

PROMPT: Final = "prompt"
UNSET: Final = "unset"


def variant_of(spec: FieldSpec) -> str | None:
    """The variant hint a spec asks for: a provider's ``ui:widget``, else one we infer."""
    hint = spec.raw.get("ui:widget") if spec.raw else None
    if isinstance(hint, str) and hint:
        return hint
    if spec.kind is FieldKind.LONG_TEXT and spec.prompt:
        return PROMPT
    if spec.kind is FieldKind.BOOLEAN and not spec.has_default and not spec.required_always:
        return UNSET
    return None


class EditorRegistry:
    """A two-level map ``widget_map[kind][variant]`` with ``None`` as the plain variant."""

    def __init__(self, fallback: EditorClass = JsonEditor) -> None:
        self._map: dict[str, dict[str | None, EditorClass]] = {}
        self._fallback = fallback

    def register(self, kind: Kind, cls: EditorClass, variant: str | None = None) -> None:
        """Use ``cls`` for fields of ``kind`` (and ``variant``); replaces an earlier entry."""
        self._map.setdefault(str(kind), {})[variant] = cls

    def lookup(self, kind: Kind, variant: str | None = None) -> EditorClass:
        by_variant = self._map.get(str(kind))
        if not by_variant:
            return self._fallback
        return by_variant.get(variant) or by_variant.get(None) or self._fallback

    def editor_class(self, spec: FieldSpec) -> EditorClass:
        return self.lookup(spec.kind, variant_of(spec))

    def create(
        self, spec: FieldSpec, *, path: str | None = None, context: EditorContext | None = None
    ) -> FieldEditor:
        """A new editor for ``spec``; nested editors get this registry through the context."""
        if context is None or context.registry is None:
            base = context or EditorContext()
            context = EditorContext(registry=self, model_options=base.model_options)
        return self.editor_class(spec)(spec, path=path, context=context)

    def copy(self) -> EditorRegistry:
        clone = EditorRegistry(self._fallback)
        clone._map = {kind: dict(variants) for kind, variants in self._map.items()}
        return clone


def _builtin() -> EditorRegistry:
    registry = EditorRegistry()
    registry.register(FieldKind.LONG_TEXT, LongTextEditor)
    registry.register(FieldKind.LONG_TEXT, LongTextEditor, variant=PROMPT)
    registry.register(FieldKind.TEXT, TextEditor)
    registry.register(FieldKind.NUMBER, NumberEditor)
    registry.register(FieldKind.INTEGER, NumberEditor)
    registry.register(FieldKind.BOOLEAN, BooleanEditor)
    registry.register(FieldKind.BOOLEAN, OptionalBooleanEditor, variant=UNSET)
    registry.register(FieldKind.CHOICE, ChoiceEditor)
    registry.register(FieldKind.MULTI_CHOICE, MultiChoiceEditor)
    registry.register(FieldKind.TAGS, TagsEditor)
    registry.register(FieldKind.NUMBER_LIST, NumberListEditor)
    registry.register(FieldKind.FILE, FileEditor)
    registry.register(FieldKind.FILE_LIST, FileListEditor)
    registry.register(FieldKind.MODEL, ModelEditor)
    registry.register(FieldKind.MODEL_LIST, ModelListEditor)
    registry.register(FieldKind.GROUP_LIST, GroupListEditor)
    registry.register(FieldKind.SEED, SeedEditor)
    registry.register(FieldKind.JSON, JsonEditor)
    return registry


_default = _builtin()


def default_registry() -> EditorRegistry:
    """The registry forms use unless given their own."""
    return _default


def register(kind: Kind, cls: EditorClass, variant: str | None = None) -> None:
    """Plug an editor class into the default registry (new kinds, or a nicer variant)."""
    _default.register(kind, cls, variant)
