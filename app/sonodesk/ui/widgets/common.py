"""Building blocks every pane shares: the small upper-case pane title and muted captions.

Pure layout helpers; no signals, no state.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from sonodesk.ui import theme


def pane_title(text: str, parent: QWidget | None = None) -> QLabel:
    """ "MODELS", "JOBS": small, spaced capitals in the secondary text colour."""
    label = QLabel(text, parent)
    font = theme.scaled(label.font(), 0.85, bold=True)
    font.setCapitalization(QFont.Capitalization.AllUppercase)
    font.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, 1.0)
    label.setFont(font)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def muted_label(text: str = "", parent: QWidget | None = None, *, scale: float = 0.9) -> QLabel:
    label = QLabel(text, parent)
    label.setFont(theme.tabular(theme.scaled(label.font(), scale)))
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def pane_header(title: str, trailing: QWidget | None = None) -> QHBoxLayout:
    """A title on the left and an optional widget (a count, a button) on the right."""
    row = QHBoxLayout()
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(theme.SPACING)
    row.addWidget(pane_title(title))
    row.addStretch(1)
    if trailing is not None:
        row.addWidget(trailing)
    return row
