"""Paints the model picker's rows: category headers, and two-line model cards with their marks.

Reads CatalogEntry values through the item model's roles; draws only.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from sonodesk.core.catalog.categories import Category
from sonodesk.core.catalog.entries import CatalogEntry
from sonodesk.ui import theme
from sonodesk.ui.icons import icon
from sonodesk.ui.models.model_catalog import COST_ROLE, ENTRY_ROLE, HEADER_ROLE
from sonodesk.ui.widgets.paint import draw_elided, draw_pill, pill_width, with_alpha

CATEGORY_ICONS = {
    Category.MUSIC: "music",
    Category.SPEECH: "speech",
    Category.SFX: "sfx",
    Category.AUDIO_TO_AUDIO: "audio-to-audio",
}

_HPAD = 10
_VPAD = 7
_LINE_GAP = 3
_CARD_MARGIN = 3  # between cards and the view's edges
_HEADER_TOP = 12

_AnyIndex = QModelIndex | QPersistentModelIndex


class ModelEntryDelegate(QStyledItemDelegate):
    """Header rows are small capitals with the category icon; entries are rounded cards."""

    def _fonts(self, base: QFont) -> tuple[QFont, QFont, QFont]:
        name = theme.scaled(base, 1.0, bold=True)
        small = theme.scaled(base, 0.88)
        header = theme.scaled(base, 0.82, bold=True)
        header.setCapitalization(QFont.Capitalization.AllUppercase)
        header.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, 1.0)
        return name, theme.tabular(small), header

    def sizeHint(self, option: QStyleOptionViewItem, index: _AnyIndex) -> QSize:
        name_font, small_font, header_font = self._fonts(option.font)
        width = option.rect.width() if option.rect.width() > 0 else 260
        if index.data(HEADER_ROLE) is not None:
            return QSize(width, _HEADER_TOP + QFontMetrics(header_font).height() + 6)
        entry: CatalogEntry | None = index.data(ENTRY_ROLE)
        small = QFontMetrics(small_font).height() + 2
        height = 2 * _CARD_MARGIN + 2 * _VPAD + QFontMetrics(name_font).height()
        height += _LINE_GAP + small
        if entry is not None and (entry.deprecated or entry.plan_note):
            height += _LINE_GAP + small
        return QSize(width, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _AnyIndex) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        header = index.data(HEADER_ROLE)
        if header is not None:
            # Qt hands a StrEnum back as a plain str.
            self._paint_header(painter, option, Category(header))
        else:
            entry = index.data(ENTRY_ROLE)
            if entry is not None:
                self._paint_entry(painter, option, entry, index.data(COST_ROLE))
        painter.restore()

    def _paint_header(
        self, painter: QPainter, option: QStyleOptionViewItem, category: Category
    ) -> None:
        _, _, font = self._fonts(option.font)
        metrics = QFontMetrics(font)
        color = option.palette.color(QPalette.ColorRole.PlaceholderText)
        rect = QRectF(option.rect)
        y = rect.top() + _HEADER_TOP
        side = metrics.height()
        icon(CATEGORY_ICONS[category], color=color).paint(
            painter, round(rect.left() + _HPAD), round(y), side, side
        )
        text_rect = QRectF(
            rect.left() + _HPAD + side + 6, y, rect.width() - 2 * _HPAD - side, metrics.height()
        )
        draw_elided(painter, text_rect, category.label, font, color)

    def _paint_entry(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        entry: CatalogEntry,
        cost: str | None,
    ) -> None:
        palette = option.palette
        colors = theme.colors()
        name_font, small_font, _ = self._fonts(option.font)
        card = QRectF(option.rect).adjusted(
            _CARD_MARGIN, _CARD_MARGIN, -_CARD_MARGIN, -_CARD_MARGIN
        )
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
        if selected:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(with_alpha(colors.accent, 0.20))
            painter.drawRoundedRect(card, theme.RADIUS, theme.RADIUS)
            painter.setBrush(colors.accent)
            painter.drawRoundedRect(
                QRectF(card.left(), card.top() + 6, 3, card.height() - 12), 1.5, 1.5
            )
        elif hovered:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colors.subtle)
            painter.drawRoundedRect(card, theme.RADIUS, theme.RADIUS)

        text = palette.color(QPalette.ColorRole.Text)
        muted = colors.muted
        left = card.left() + _HPAD
        right = card.right() - _HPAD
        y = card.top() + _VPAD

        name_metrics = QFontMetrics(name_font)
        small_metrics = QFontMetrics(small_font)
        cost_width = small_metrics.horizontalAdvance(cost) + theme.SPACING if cost else 0
        if cost:
            draw_elided(
                painter,
                QRectF(right - cost_width, y, cost_width, name_metrics.height()),
                cost,
                small_font,
                muted,
                align=Qt.AlignmentFlag.AlignRight,
            )
        draw_elided(
            painter,
            QRectF(left, y, right - left - cost_width, name_metrics.height()),
            entry.name,
            name_font,
            muted if entry.deprecated else text,
        )

        y += name_metrics.height() + _LINE_GAP
        x = left
        x += draw_pill(painter, x, y, entry.provider, small_font, muted) + theme.SPACING - 2
        draw_elided(
            painter,
            QRectF(x, y, max(0.0, right - x), small_metrics.height() + 2),
            entry.description,
            small_font,
            muted,
        )

        if entry.deprecated or entry.plan_note:
            y += small_metrics.height() + 2 + _LINE_GAP
            x = left
            if entry.deprecation_note:
                x += draw_pill(
                    painter,
                    x,
                    y,
                    entry.deprecation_note,
                    small_font,
                    colors.warning,
                    icon=icon("warning", color=colors.warning),
                    filled=True,
                    max_width=right - x,
                )
                x += theme.SPACING - 2
            if entry.plan_note and right - x > pill_width(small_font, "Pro", has_icon=True):
                # Neutral, not the accent: a plan gate is a fact about access, not a warning.
                draw_pill(
                    painter,
                    x,
                    y,
                    entry.plan_note,
                    small_font,
                    text,
                    icon=icon("lock", color=text),
                    filled=True,
                    max_width=right - x,
                )
