"""The library page's stylesheet: only what palette roles cannot express on their own.

Colours come from ``palette(...)`` references, so the page follows the dark and light themes.
"""

from __future__ import annotations

_SHEET = """
QTableView#libraryTable {
    background-color: palette(base);
    border: none;
    outline: none;
    selection-background-color: transparent;
}
QTableView#libraryTable QHeaderView {
    background-color: palette(base);
    border: none;
}
QTableView#libraryTable QHeaderView::section {
    background-color: palette(base);
    color: palette(placeholder-text);
    border: none;
    border-bottom: 1px solid palette(mid);
    padding: 0 8px;
}
QTableView#libraryTable QHeaderView::section:hover {
    color: palette(text);
}
QLineEdit#librarySearch {
    border: 1px solid palette(mid);
    border-radius: 6px;
    padding: 5px 8px;
    background-color: palette(window);
}
QLineEdit#librarySearch:focus,
QLineEdit#takeTitle:focus,
QPlainTextEdit#takeNotes:focus {
    border-color: palette(highlight);
}
QLineEdit#takeTitle {
    border: 1px solid transparent;
    border-radius: 6px;
    padding: 3px 5px;
    background-color: transparent;
}
QLineEdit#takeTitle:hover {
    border-color: palette(mid);
}
QPlainTextEdit#takeNotes,
QPlainTextEdit#takeParams {
    border: 1px solid palette(mid);
    border-radius: 6px;
    padding: 3px;
    background-color: palette(base);
}
QPlainTextEdit#takeParams {
    color: palette(placeholder-text);
}
QFrame#comparePanel {
    border: 1px solid palette(mid);
    border-radius: 8px;
    background-color: palette(alternate-base);
}
QFrame#comparePanel QPushButton,
QWidget#takeDetails QPushButton {
    border: 1px solid palette(mid);
    border-radius: 6px;
    padding: 5px 8px;
    background-color: palette(window);
}
QFrame#comparePanel QPushButton:hover,
QWidget#takeDetails QPushButton:hover {
    background-color: palette(button);
}
QFrame#comparePanel QPushButton:disabled,
QWidget#takeDetails QPushButton:disabled {
    color: palette(placeholder-text);
    border-color: palette(midlight);
}
QWidget#takeDetails QPushButton#takePlay {
    background-color: palette(highlight);
    color: palette(highlighted-text);
    border: none;
    border-radius: 6px;
    padding: 5px 12px;
    font-weight: 600;
}
QWidget#takeDetails QPushButton#takePlay:disabled {
    background-color: palette(button);
    color: palette(placeholder-text);
}
QPushButton#clearFilters {
    color: palette(link);
    border: none;
    padding: 4px 0;
    text-align: left;
}
QScrollArea#libraryFiltersScroll,
QScrollArea#libraryFiltersScroll > QWidget > QWidget {
    background-color: palette(base);
}
"""


def page_style_sheet() -> str:
    return _SHEET
