"""Sonodesk's Qt layer: widgets render core state and forward intent.

Importing it takes PySide6's thread-unsafe ``__feature__`` import hook out again (see
import_hook.py), so no window built from this package races a worker thread's imports.
"""

from PySide6 import QtCore  # noqa: F401 - installs the hook that is taken out just below

from sonodesk.ui.import_hook import remove_feature_import_hook

remove_feature_import_hook()
