"""lazy_module: a stand-in that imports the module on first use and then behaves as it."""

from __future__ import annotations

import subprocess
import sys

import pytest

from sonodesk.core.lazy_import import _LazyModule, lazy_module


def test_an_imported_module_is_returned_as_it_is() -> None:
    assert lazy_module("sys") is sys


def test_the_stand_in_imports_on_first_use_only() -> None:
    code = (
        "import sys\n"
        "from sonodesk.core.lazy_import import lazy_module\n"
        "cs = lazy_module('colorsys')\n"
        "before = 'colorsys' in sys.modules\n"
        "value = cs.rgb_to_hsv(1.0, 0.0, 0.0)\n"
        "print(before, 'colorsys' in sys.modules, value, cs.hls_to_rgb is sys.modules["
        "'colorsys'].hls_to_rgb)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.split() == ["False", "True", "(0.0,", "1.0,", "1.0)", "True"]


def test_a_missing_name_raises_attribute_error() -> None:
    stand_in = _LazyModule("json")
    with pytest.raises(AttributeError):
        _ = stand_in.no_such_name
