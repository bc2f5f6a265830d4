"""Heavy modules imported on first use: ``np = lazy_module("numpy")``.

The window's first paint needs neither numpy nor soundfile, yet the modules it is built from
use them: importing them costs 0.05 s warm and 0.15 s from a cold disk. The object returned
stands in for the module; the first attribute read imports the real one and copies its
namespace in, so later reads cost what a module attribute costs. Modules keep
``import numpy as np`` under TYPE_CHECKING for their annotations. No Qt.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any


class _LazyModule(types.ModuleType):
    def __getattr__(self, name: str) -> Any:
        # Only reached for names not in this namespace yet: the first use, or a name the
        # module creates on demand (its own __getattr__).
        module = importlib.import_module(self.__name__)
        self.__dict__.update(module.__dict__)
        return getattr(module, name)


def lazy_module(name: str) -> Any:
    """``name`` itself when already imported, else a stand-in that imports it on first use."""
    return sys.modules.get(name) or _LazyModule(name)
