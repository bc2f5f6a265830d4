"""Fixtures for the form tests: widgets shown in an active window, editors from raw inputs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from ui.form.form_helpers import spec_of


@pytest.fixture
def show(qtbot) -> Callable[..., Any]:  # type: ignore[no-untyped-def]
    """Add a widget to qtbot, show it and wait until its window is active (focus needs it)."""

    def _show(widget: Any, width: int = 460, height: int | None = None) -> Any:
        qtbot.addWidget(widget)
        widget.resize(width, height or max(120, widget.sizeHint().height()))
        widget.show()
        widget.activateWindow()
        qtbot.waitUntil(widget.isActiveWindow, timeout=3000)
        return widget

    return _show


@pytest.fixture
def make_editor(show) -> Callable[..., Any]:  # type: ignore[no-untyped-def]
    """An editor for one raw Scenario input, built by the default registry and shown."""
    from sonodesk.ui.form import default_registry
    from sonodesk.ui.form.base import EditorContext

    def _make(model_options: Any = None, **raw: Any) -> Any:
        spec = spec_of(**raw)
        context = EditorContext(registry=default_registry(), model_options=model_options)
        return show(default_registry().create(spec, context=context))

    return _make
