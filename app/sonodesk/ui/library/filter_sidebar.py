"""The library's filter sidebar: as-you-type search, favourites, minimum rating, date presets,
models, providers and tags with counts.

Turns the user's choices into LibraryQuery fields (``apply``) and says when they change
(``sig_filters_changed``, search debounced); it never queries the library itself.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from sonodesk.core.catalog.labels import provider_label
from sonodesk.core.library import LibraryQuery
from sonodesk.core.library.date_presets import DatePreset, date_range
from sonodesk.ui import theme
from sonodesk.ui.form.chips import ChipButton, FlowLayout
from sonodesk.ui.icons import icon
from sonodesk.ui.library.facets import FacetList
from sonodesk.ui.library.rating_widgets import StarRating
from sonodesk.ui.widgets.common import muted_label, pane_header, pane_title

SEARCH_DEBOUNCE_MS = 150
ModelCount = tuple[str, str, str, int]  # provider, model id, model name, takes


class FilterSidebar(QWidget):
    """Every filter of the library page. Empty choices mean "everything"."""

    sig_filters_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("libraryFilters")
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self._tag_counts: list[tuple[str, int]] = []
        self._tag_chips: dict[str, ChipButton] = {}
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.sig_filters_changed)
        self._build()

    # -- building ----------------------------------------------------------------------------

    def _build(self) -> None:
        self.count_label = muted_label(parent=self)
        self.count_label.setObjectName("libraryCount")
        self.search = QLineEdit(self)
        self.search.setObjectName("librarySearch")
        self.search.setPlaceholderText("Search takes")
        self.search.setToolTip("Titles, prompts, tags, notes and models; word prefixes match")
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setAccessibleName("Search the library")
        self.search.textChanged.connect(self._on_search_text_changed)

        self.favorites = ChipButton("Favorites only", self, checkable=True)
        self.favorites.setObjectName("favoritesOnly")
        self.favorites.toggled.connect(self._on_choice_changed)
        self.min_rating = StarRating(13.0, self)
        self.min_rating.setObjectName("minRating")
        self.min_rating.setToolTip("Show takes rated at least this many stars")
        self.min_rating.sig_rating_changed.connect(self._on_choice_changed)
        rating_row = QHBoxLayout()
        rating_row.setSpacing(theme.SPACING)
        rating_row.addWidget(muted_label("Rating at least", self))
        rating_row.addStretch(1)
        rating_row.addWidget(self.min_rating)

        self.date_buttons: dict[DatePreset, ChipButton] = {}
        self._dates = QButtonGroup(self)
        self._dates.setExclusive(True)
        self.dates_box = QWidget(self)
        date_row = FlowLayout(self.dates_box, spacing=4)
        for preset in DatePreset:
            chip = ChipButton(preset.label, self, checkable=True)
            chip.setObjectName(f"date:{preset.value}")
            chip.setChecked(preset is DatePreset.ALL)
            self._dates.addButton(chip)
            self.date_buttons[preset] = chip
            date_row.addWidget(chip)
        self._dates.buttonToggled.connect(self._on_dates_button_toggled)

        self.models = FacetList(self)
        self.models.setObjectName("modelFilter")
        self.models.sig_changed.connect(self._on_choice_changed)
        self.providers = FacetList(self)
        self.providers.setObjectName("providerFilter")
        self.providers.sig_changed.connect(self._on_choice_changed)
        self.tags_box = QWidget(self)
        self.tags_box.setObjectName("tagFilter")
        self._tags_flow = FlowLayout(self.tags_box, spacing=5)
        self.no_tags = muted_label("Tags you add to takes appear here.", self)
        self.no_tags.setWordWrap(True)

        self.clear_button = QPushButton("Clear filters", self)
        self.clear_button.setObjectName("clearFilters")
        self.clear_button.setFlat(True)
        self.clear_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.clear_button.clicked.connect(self.clear)
        self.clear_button.hide()

        body = QWidget(self)
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 4, theme.MARGIN)
        column.setSpacing(theme.SPACING)
        column.addWidget(self.favorites, 0, Qt.AlignmentFlag.AlignLeft)
        column.addLayout(rating_row)
        for title, widget in (
            ("Created", self.dates_box),
            ("Models", self.models),
            ("Providers", self.providers),
            ("Tags", self.tags_box),
        ):
            column.addSpacing(6)
            column.addWidget(pane_title(title, body))
            column.addWidget(widget)
        column.addWidget(self.no_tags)
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setObjectName("libraryFiltersScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        scroll.viewport().setBackgroundRole(QPalette.ColorRole.Base)
        body.setBackgroundRole(QPalette.ColorRole.Base)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(theme.MARGIN, theme.MARGIN, theme.MARGIN - 4, 0)
        layout.setSpacing(theme.SPACING)
        layout.addLayout(pane_header("Library", self.count_label))
        layout.addWidget(self.search)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignLeft)

    # -- public API --------------------------------------------------------------------------

    def apply(self, query: LibraryQuery, now: float) -> LibraryQuery:
        """``query`` with this sidebar's filters (its sort and paging are kept)."""
        created_from, created_to = date_range(self.date_preset(), now)
        return dataclasses.replace(
            query,
            text=self.search.text().strip(),
            model_ids=self.models.checked(),
            providers=self.providers.checked(),
            favorite_only=self.favorites.isChecked(),
            min_rating=self.min_rating.value(),
            created_from=created_from,
            created_to=created_to,
            tags=self.checked_tags(),
        )

    def date_preset(self) -> DatePreset:
        return next((p for p, b in self.date_buttons.items() if b.isChecked()), DatePreset.ALL)

    def checked_tags(self) -> tuple[str, ...]:
        return tuple(name for name, chip in self._tag_chips.items() if chip.isChecked())

    def tag_chip(self, name: str) -> ChipButton | None:
        return self._tag_chips.get(name)

    def filtering(self) -> bool:
        return bool(
            self.search.text().strip()
            or self.models.checked()
            or self.providers.checked()
            or self.favorites.isChecked()
            or self.min_rating.value()
            or self.date_preset() is not DatePreset.ALL
            or self.checked_tags()
        )

    def set_counts(self, shown: int, total: int) -> None:
        self.count_label.setText(f"{shown:,} of {total:,}" if shown != total else f"{total:,}")
        self.clear_button.setVisible(self.filtering())

    def set_facets(self, models: Sequence[ModelCount], tags: Sequence[tuple[str, int]]) -> None:
        """New counts; a checked model, provider or tag that no longer exists is dropped."""
        lost = self.models.set_facets([(m, name or m, n) for _, m, name, n in models])
        per_provider: dict[str, int] = {}
        for provider, _, _, n in models:
            per_provider[provider] = per_provider.get(provider, 0) + n
        lost |= self.providers.set_facets(
            [(p, provider_label(p), n) for p, n in per_provider.items()]
        )
        lost |= self._set_tags(tags)
        if lost:
            self.sig_filters_changed.emit()

    def clear(self) -> None:
        """Every filter off (one change signal)."""
        widgets = [
            self.search,
            self.favorites,
            self.min_rating,
            self._dates,
            *self._tag_chips.values(),
        ]
        for widget in widgets:
            widget.blockSignals(True)
        self.search.clear()
        self.favorites.setChecked(False)
        self.min_rating.set_value(0)
        self.date_buttons[DatePreset.ALL].setChecked(True)
        for chip in self._tag_chips.values():
            chip.setChecked(False)
        for widget in widgets:
            widget.blockSignals(False)
        self.models.clear_checks()
        self.providers.clear_checks()
        self._debounce.stop()
        self.sig_filters_changed.emit()

    def focus_search(self, typed: str = "") -> None:
        """Jump to the search field, continuing with what was typed elsewhere."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if typed:
            self.search.insert(typed)
        else:
            self.search.selectAll()

    # -- internals ---------------------------------------------------------------------------

    def _set_tags(self, tags: Sequence[tuple[str, int]]) -> bool:
        keep = set(self.checked_tags())
        if list(tags) == self._tag_counts:
            return False
        self._tag_counts = list(tags)
        for chip in self._tag_chips.values():
            self._tags_flow.removeWidget(chip)
            chip.deleteLater()
        self._tag_chips = {}
        for name, count in tags:
            chip = ChipButton(f"{name}  {count:,}", self.tags_box, checkable=True)
            chip.setObjectName(f"tag:{name}")
            chip.setToolTip(f"Show only takes tagged “{name}” ({count:,})")
            chip.setChecked(name in keep)
            chip.toggled.connect(self._on_choice_changed)
            self._tags_flow.addWidget(chip)
            self._tag_chips[name] = chip
        self.no_tags.setVisible(not tags)
        self.tags_box.updateGeometry()
        return bool(keep - set(self.checked_tags()))

    def _on_search_text_changed(self, _text: str) -> None:
        self._debounce.start()

    def _on_choice_changed(self, *_args: object) -> None:
        self.sig_filters_changed.emit()

    def _on_dates_button_toggled(self, _button: object, checked: bool) -> None:
        if checked:
            self.sig_filters_changed.emit()
