"""Take PySide6's ``__feature__`` import hook out of ``builtins.__import__`` again.

Importing PySide6 routes every import through ``__feature_import__``, which exists for
``from __feature__ import snake_case`` (Sonodesk never uses it) and, after each import, reads
the module's source to see whether it uses PySide. To stop that check from recursing it swaps
the process-wide ``builtins.__import__`` back and forth, which is not safe while another thread
imports: the app imports the Scenario SDK (pydantic) on a worker thread while the window's
thread imports too, and the check then re-entered a half-imported pydantic module
("cannot import name 'import_string' from partially initialized module"). Touches only
``builtins.__import__``, and only when it is that hook.
"""

from __future__ import annotations

import builtins


def remove_feature_import_hook() -> bool:
    """Restore the import PySide6 wrapped (its own ``__orig_import__``); True if it did."""
    hook = getattr(builtins, "__feature_import__", None)
    original = getattr(builtins, "__orig_import__", None)
    if hook is None or original is None or builtins.__import__ is not hook:
        return False
    builtins.__import__ = original
    return True
