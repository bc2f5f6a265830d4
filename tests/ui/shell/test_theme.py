"""Both palettes apply, share one accent and keep text readable."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QFont, QPalette

from sonodesk.ui import theme

R = QPalette.ColorRole


def _contrast(a: QColor, b: QColor) -> float:
    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())
        )

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_theme_names() -> None:
    assert theme.theme_names() == ("dark", "light")


@pytest.mark.parametrize("name", ["dark", "light"])
def test_apply_theme(themed_app, name: str) -> None:  # type: ignore[no-untyped-def]
    assert theme.apply_theme(themed_app, name) == name
    assert theme.current_theme() == name
    sheet = themed_app.styleSheet()
    themed_app.setStyleSheet("")  # under a stylesheet, style() is Qt's unnamed proxy
    assert themed_app.style().name().lower() == "fusion"
    themed_app.setStyleSheet(sheet)
    palette = themed_app.palette()
    assert palette.color(R.Highlight) == theme.palette_for(name).color(R.Highlight)
    window = palette.color(R.Window)
    assert (window.lightness() < 80) if name == "dark" else (window.lightness() > 200)
    for fg, bg in ((R.Text, R.Base), (R.WindowText, R.Window), (R.ButtonText, R.Button),
                   (R.HighlightedText, R.Highlight), (R.ToolTipText, R.ToolTipBase)):  # fmt: skip
        assert _contrast(palette.color(fg), palette.color(bg)) >= 4.5, (name, fg, bg)
    assert _contrast(theme.colors().muted, palette.color(R.Base)) >= 4.0
    assert "palette(" in themed_app.styleSheet()
    assert "#fff" not in themed_app.styleSheet().lower()


def test_unknown_theme_falls_back_to_dark(themed_app) -> None:  # type: ignore[no-untyped-def]
    assert theme.apply_theme(themed_app, "neon") == "dark"


def test_one_accent_in_both_themes() -> None:
    dark, light = theme.colors("dark"), theme.colors("light")
    assert abs(dark.accent.hue() - light.accent.hue()) < 10
    assert theme.palette_for("dark").color(R.Highlight).hue() == dark.accent.hue()


def test_disabled_text_is_dimmer() -> None:
    palette = theme.palette_for("dark")
    disabled = palette.color(QPalette.ColorGroup.Disabled, R.Text)
    assert disabled.lightness() < palette.color(QPalette.ColorGroup.Active, R.Text).lightness()


def test_font_helpers() -> None:
    base = QFont()
    base.setPointSizeF(10.0)
    assert theme.scaled(base, 0.9).pointSizeF() == pytest.approx(9.0)
    assert theme.scaled(base, 1.0, bold=True).weight() == QFont.Weight.DemiBold
    assert QFont.Tag("tnum") in theme.tabular(base).featureTags()
