"""The parameter form: editors generated from a model's FieldSpecs, the form, and its panel.

Rules (defaults, validation, bodies) live in ``sonodesk.core.schema``; this package renders
them and forwards the user's intent.
"""

from __future__ import annotations

from sonodesk.ui.form.base import EditorContext, FieldEditor, ModelOptions
from sonodesk.ui.form.editor_registry import (
    EditorRegistry,
    default_registry,
    register,
    variant_of,
)
from sonodesk.ui.form.param_form import ParamForm
from sonodesk.ui.form.params_panel import ParamsPanel, generate_label

__all__ = [
    "EditorContext",
    "EditorRegistry",
    "FieldEditor",
    "ModelOptions",
    "ParamForm",
    "ParamsPanel",
    "default_registry",
    "generate_label",
    "register",
    "variant_of",
]
