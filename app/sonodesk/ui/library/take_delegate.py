"""Paints library rows (two-line titles, stars, heart, tag chips, tabular numbers) and turns
clicks on a row's heart or stars into ``sig_favorite_clicked``/``sig_rating_clicked``.

Draws and hit-tests only; the page decides what a click changes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QMouseEvent, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from sonodesk.core.library import LibraryRow
from sonodesk.core.library import display as text
from sonodesk.ui import theme
from sonodesk.ui.icons import icon
from sonodesk.ui.library import glyphs
from sonodesk.ui.library.columns import Column
from sonodesk.ui.library.library_model import PLAYING_ROLE, ROW_ROLE
from sonodesk.ui.widgets.paint import draw_elided, draw_pill, pill_width, with_alpha

ROW_HEIGHT = 46
STAR_SIZE = 11.0
HEART_SIZE = 15.0
_HPAD = 10
_LINE_GAP = 2
_MOUSE_EVENTS = (
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseButtonDblClick,
)

_AnyIndex = QModelIndex | QPersistentModelIndex


class TakeDelegate(QStyledItemDelegate):
    """One delegate for every column; the column decides what a cell shows."""

    sig_favorite_clicked = Signal(str, bool)  # take id, new favourite state
    sig_rating_clicked = Signal(str, int)  # take id, new rating (0 clears)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Every visible cell is painted on each scroll step: build the fonts once per base.
        self._fonts_for: dict[str, tuple[QFont, QFont, QFont]] = {}

    # -- geometry (shared by painting and hit tests) ------------------------------------------

    @staticmethod
    def stars_left(cell: QRectF) -> float:
        return cell.left() + _HPAD - 2

    @staticmethod
    def heart_rect(cell: QRectF) -> QRectF:
        return QRectF(
            cell.center().x() - HEART_SIZE / 2,
            cell.center().y() - HEART_SIZE / 2,
            HEART_SIZE,
            HEART_SIZE,
        )

    def star_under(self, cell: QRectF, x: float, y: float) -> int | None:
        if abs(y - cell.center().y()) > STAR_SIZE:
            return None
        return glyphs.star_at(self.stars_left(cell), STAR_SIZE, x)

    def _fonts(self, base: QFont) -> tuple[QFont, QFont, QFont]:
        fonts = self._fonts_for.get(base.key())
        if fonts is None:
            primary = theme.scaled(base, 1.0)
            primary.setWeight(QFont.Weight.Medium)
            secondary = theme.scaled(base, 0.88)
            fonts = (primary, secondary, theme.tabular(theme.scaled(base, 0.95)))
            self._fonts_for[base.key()] = fonts
        return fonts

    # -- painting ----------------------------------------------------------------------------

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _AnyIndex) -> None:
        row = index.data(ROW_ROLE)
        if not isinstance(row, LibraryRow):
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        cell = QRectF(option.rect)
        column = Column(index.column())
        view = option.widget
        hovered = view is not None and getattr(view, "hover_row", -1) == index.row()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        self._paint_background(painter, option, index.row(), cell, selected, hovered)
        if column is Column.FAVORITE:
            self._paint_favorite(painter, option, row, cell, selected or hovered)
            if view is not None and view.currentIndex().row() == index.row():
                painter.fillRect(
                    QRectF(cell.left(), cell.top(), 3, cell.height()), theme.colors().accent
                )
        elif column is Column.RATING:
            preview = None
            if hovered and view is not None:
                point = getattr(view, "hover_point", None)
                if point is not None and cell.contains(point):
                    preview = self.star_under(cell, point.x(), point.y())
            self._paint_rating(painter, option, row, cell, preview, selected or hovered)
        elif column is Column.TAGS:
            self._paint_tags(painter, option, row, cell)
        else:
            self._paint_text(painter, option, index, row, column, cell)
        painter.restore()

    def _paint_background(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        row: int,
        cell: QRectF,
        selected: bool,
        hovered: bool,
    ) -> None:
        palette = option.palette
        colors = theme.colors()
        if row % 2:
            painter.fillRect(cell, palette.color(QPalette.ColorRole.AlternateBase))
        if selected:
            painter.fillRect(cell, with_alpha(colors.accent, 0.17))
        elif hovered:
            painter.fillRect(cell, with_alpha(palette.color(QPalette.ColorRole.Text), 0.045))

    def _paint_favorite(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        row: LibraryRow,
        cell: QRectF,
        emphasized: bool,
    ) -> None:
        colors = theme.colors()
        if row.favorite:
            glyphs.paint_heart(painter, self.heart_rect(cell), True, colors.accent)
            return
        alpha = 0.55 if emphasized else 0.2
        glyphs.paint_heart(painter, self.heart_rect(cell), False, with_alpha(colors.muted, alpha))

    def _paint_rating(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        row: LibraryRow,
        cell: QRectF,
        preview: int | None,
        emphasized: bool,
    ) -> None:
        colors = theme.colors()
        off = with_alpha(colors.muted, 0.5 if emphasized else 0.22)
        top = cell.center().y() - STAR_SIZE / 2
        glyphs.paint_stars(
            painter,
            self.stars_left(cell),
            top,
            STAR_SIZE,
            row.rating,
            colors.accent,
            off,
            preview=preview,
        )

    def _paint_tags(
        self, painter: QPainter, option: QStyleOptionViewItem, row: LibraryRow, cell: QRectF
    ) -> None:
        if not row.tags:
            return
        _, small, _ = self._fonts(option.font)
        color = theme.colors().muted
        height = QFontMetrics(small).height() + 2
        x, right = cell.left() + _HPAD - 4, cell.right() - _HPAD + 4
        y = cell.center().y() - height / 2
        for number, tag in enumerate(row.tags):
            remaining = len(row.tags) - number
            more = f"+{remaining - 1}" if remaining > 1 else ""
            needed = pill_width(small, tag)
            reserve = pill_width(small, more) + 4 if more else 0
            if x + needed > right - reserve:
                if number == 0:  # a single long tag: elide it rather than show nothing
                    draw_pill(painter, x, y, tag, small, color, max_width=right - x)
                else:
                    draw_elided(
                        painter, QRectF(x, y, right - x, height), f"+{remaining}", small, color
                    )
                return
            x += draw_pill(painter, x, y, tag, small, color) + 4

    def _paint_text(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: _AnyIndex,
        row: LibraryRow,
        column: Column,
        cell: QRectF,
    ) -> None:
        palette = option.palette
        colors = theme.colors()
        primary_font, small_font, number_font = self._fonts(option.font)
        body = palette.color(QPalette.ColorRole.Text)
        inner = cell.adjusted(_HPAD, 0, -_HPAD, 0)
        if column is Column.TITLE:
            playing = bool(index.data(PLAYING_ROLE))
            if playing:
                side = 12
                icon("play", color=colors.accent).paint(
                    painter,
                    round(inner.left()),
                    round(cell.center().y() - side / 2) - 8,
                    side,
                    side,
                )
            self._two_lines(
                painter,
                inner,
                row.title or "Untitled",
                row.prompt or "No prompt",
                primary_font,
                small_font,
                palette.color(QPalette.ColorRole.Link) if playing else body,
                colors.muted,
                indent=16 if playing else 0,
            )
        elif column is Column.MODEL:
            self._two_lines(
                painter,
                inner,
                text.model_text(row.model_name, row.model_id),
                text.provider_text(row.provider),
                small_font,
                small_font,
                body,
                colors.muted,
            )
        elif column is Column.PROMPT:
            draw_elided(painter, inner, row.prompt, small_font, colors.muted)
        elif column is Column.DURATION:
            draw_elided(
                painter,
                inner,
                text.duration_text(row.duration),
                number_font,
                body,
                align=Qt.AlignmentFlag.AlignRight,
            )
        elif column is Column.COST:
            draw_elided(
                painter,
                inner,
                text.cost_text(row.cost, row.provider, short=True),
                number_font,
                colors.muted,
                align=Qt.AlignmentFlag.AlignRight,
            )
        elif column is Column.CREATED:
            draw_elided(painter, inner, str(index.data() or ""), small_font, colors.muted)

    def _two_lines(
        self,
        painter: QPainter,
        rect: QRectF,
        first: str,
        second: str,
        first_font: QFont,
        second_font: QFont,
        first_color: QColor,
        second_color: QColor,
        *,
        indent: float = 0,
    ) -> None:
        top_h = QFontMetrics(first_font).height()
        bottom_h = QFontMetrics(second_font).height()
        y = rect.center().y() - (top_h + _LINE_GAP + bottom_h) / 2
        draw_elided(
            painter,
            QRectF(rect.left() + indent, y, rect.width() - indent, top_h),
            first,
            first_font,
            first_color,
        )
        draw_elided(
            painter,
            QRectF(rect.left(), y + top_h + _LINE_GAP, rect.width(), bottom_h),
            second,
            second_font,
            second_color,
        )

    # -- clicks ------------------------------------------------------------------------------

    def editorEvent(
        self, event: QEvent, model: object, option: QStyleOptionViewItem, index: _AnyIndex
    ) -> bool:
        """Clicks on the heart or the stars edit the row and never change the selection."""
        if event.type() not in _MOUSE_EVENTS or not isinstance(event, QMouseEvent):
            return super().editorEvent(event, model, option, index)  # type: ignore[arg-type]
        row = index.data(ROW_ROLE)
        if not isinstance(row, LibraryRow) or event.button() != Qt.MouseButton.LeftButton:
            return False
        cell = QRectF(option.rect)
        point = event.position()
        column = Column(index.column())
        if column is Column.FAVORITE and self.heart_rect(cell).adjusted(-6, -8, 6, 8).contains(
            point
        ):
            if event.type() == QEvent.Type.MouseButtonPress:
                self.sig_favorite_clicked.emit(row.id, not row.favorite)
            return True
        if column is Column.RATING:
            star = self.star_under(cell, point.x(), point.y())
            if star is not None:
                if event.type() == QEvent.Type.MouseButtonPress:
                    # Clicking the rating a take already has clears it, as in most players.
                    self.sig_rating_clicked.emit(row.id, 0 if star == row.rating else star)
                return True
        return False

    def sizeHint(self, option: QStyleOptionViewItem, index: _AnyIndex) -> object:
        hint = super().sizeHint(option, index)
        hint.setHeight(ROW_HEIGHT)
        return hint


def header_font(widget: QWidget) -> QFont:
    font = theme.scaled(widget.font(), 0.82, bold=True)
    font.setCapitalization(QFont.Capitalization.AllUppercase)
    font.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, 0.8)
    return font
