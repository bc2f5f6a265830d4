"""The library page: a virtual table of every take, filters, details, A/B compare, trash."""

from __future__ import annotations

from sonodesk.ui.library.columns import Column
from sonodesk.ui.library.compare_panel import ComparePanel
from sonodesk.ui.library.library_model import LibraryModel
from sonodesk.ui.library.library_page import LibraryPage

__all__ = ["Column", "ComparePanel", "LibraryModel", "LibraryPage"]
