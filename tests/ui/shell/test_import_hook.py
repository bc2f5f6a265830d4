"""remove_feature_import_hook: PySide6's import hook comes out, anything else stays."""

from __future__ import annotations

import builtins

import pytest
from PySide6 import QtCore  # noqa: F401 - installs the hook under test

from sonodesk.ui.import_hook import remove_feature_import_hook


def test_the_feature_hook_is_replaced_by_the_import_it_wrapped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    hook = builtins.__feature_import__  # type: ignore[attr-defined]
    monkeypatch.setattr(builtins, "__import__", hook)
    assert remove_feature_import_hook()
    assert builtins.__import__ is builtins.__orig_import__  # type: ignore[attr-defined]
    assert not remove_feature_import_hook()  # already gone
    import json  # imports keep working

    assert json.loads("[1]") == [1]


def test_another_import_replacement_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    original = builtins.__import__

    def someone_elses(*args: object, **kwargs: object) -> object:
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", someone_elses)
    assert not remove_feature_import_hook()
    assert builtins.__import__ is someone_elses
