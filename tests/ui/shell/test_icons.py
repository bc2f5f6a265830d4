"""Every icon loads and renders crisp at the sizes and pixel ratios the app uses."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QIcon, QImage

from sonodesk.ui.icons import app_icon, icon, icon_names

REQUIRED = {
    "play", "pause", "stop", "loop", "volume", "volume-mute", "generate", "cancel",
    "stop-tracking", "retry", "open", "reveal", "search", "settings", "dice", "lock", "unlock",
    "add", "remove", "up", "down", "upload", "file-audio", "export", "star", "star-filled",
    "music", "speech", "sfx", "audio-to-audio", "warning", "info", "check", "clock",
}  # fmt: skip


def _opaque_pixels(image: QImage) -> int:
    return sum(
        1
        for y in range(image.height())
        for x in range(image.width())
        if image.pixelColor(x, y).alpha() > 0
    )


def test_the_required_set_is_shipped() -> None:
    assert set(icon_names()) >= REQUIRED
    assert "sonodesk" not in icon_names()


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_icon_renders_at_every_size_and_ratio(qapp, name: str) -> None:  # type: ignore[no-untyped-def]
    for size in (16, 24, 32):
        for ratio in (1.0, 2.0):
            pixmap = icon(name).pixmap(QSize(size, size), ratio)
            assert pixmap.devicePixelRatio() == ratio
            assert pixmap.width() == round(size * ratio)
            assert _opaque_pixels(pixmap.toImage()) > size * ratio  # drawn, not a blank square


def test_high_ratio_renders_more_detail_not_a_scaled_copy(qapp) -> None:  # type: ignore[no-untyped-def]
    low = _opaque_pixels(icon("settings").pixmap(QSize(24, 24), 1.0).toImage())
    high = _opaque_pixels(icon("settings").pixmap(QSize(24, 24), 2.0).toImage())
    assert high > 3 * low


def test_given_colour_tints_the_icon(qapp) -> None:  # type: ignore[no-untyped-def]
    image = icon("stop", color=QColor("#ff0000")).pixmap(QSize(24, 24), 1.0).toImage()
    centre = image.pixelColor(12, 12)
    assert (centre.red(), centre.green(), centre.blue(), centre.alpha()) == (255, 0, 0, 255)


def test_default_colour_follows_the_palette(themed_app) -> None:  # type: ignore[no-untyped-def]
    from sonodesk.ui.theme import apply_theme

    def centre() -> QColor:
        return icon("stop").pixmap(QSize(24, 24), 1.0).toImage().pixelColor(12, 12)

    dark = centre()
    apply_theme(themed_app, "light")
    light = centre()
    assert dark.lightness() > 180 > 100 > light.lightness()


def test_disabled_and_selected_modes_differ(themed_app) -> None:  # type: ignore[no-untyped-def]
    def centre(mode: QIcon.Mode) -> QColor:
        return icon("stop").pixmap(QSize(24, 24), mode).toImage().pixelColor(12, 12)

    normal = centre(QIcon.Mode.Normal)
    assert centre(QIcon.Mode.Disabled) != normal
    assert centre(QIcon.Mode.Selected) != normal


def test_icons_are_cached(qapp) -> None:  # type: ignore[no-untyped-def]
    assert icon("play").cacheKey() == icon("play").cacheKey()
    assert icon("play", color=QColor("red")).cacheKey() != icon("play").cacheKey()


def test_unknown_icon_fails_loudly(qapp) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(KeyError):
        icon("no-such-icon")


def test_app_icon_keeps_its_own_colours(qapp) -> None:  # type: ignore[no-untyped-def]
    for size in (16, 32, 64, 256):
        image = app_icon().pixmap(QSize(size, size), 2.0).toImage()
        assert image.width() == size * 2
        plate = image.pixelColor(image.width() // 6, image.height() // 6)
        assert plate.red() > 200 and plate.blue() < 120  # the amber plate, not a tint
