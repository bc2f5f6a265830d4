"""Screenshots of the presets bar in the form's header (dark theme): tests/artifacts/presets_*.png.

The bar sits where the window puts it: in the ParamsPanel header row, before Reset, with a
NoticeBar under the header for its messages.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QHBoxLayout, QVBoxLayout, QWidget

from sonodesk.core.presets import PresetStore
from sonodesk.core.schema import FieldSpec
from sonodesk.sandbox.catalog import MUSIC_MODEL_ID, model_by_id
from sonodesk.ui.form import ParamsPanel
from sonodesk.ui.presets import PresetBar
from sonodesk.ui.widgets.notice_bar import NoticeBar

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
SIZE = (600, 640)


def _panel_with_bar(qtbot, store: PresetStore, specs, values) -> tuple[ParamsPanel, PresetBar]:
    model = model_by_id(MUSIC_MODEL_ID)
    panel = ParamsPanel()
    qtbot.addWidget(panel)
    panel.set_model(
        model["name"], specs, values, provider="Sandbox", description=model["shortDescription"]
    )
    header = panel.findChild(QWidget, "paramsHeader")
    column = header.layout()
    assert isinstance(column, QVBoxLayout)
    top = column.itemAt(0).layout()
    assert isinstance(top, QHBoxLayout)
    notice = NoticeBar(header)
    column.addWidget(notice)
    bar = PresetBar(store, values=panel.form.values, notice=notice)
    bar.setMaximumWidth(230)
    top.insertWidget(top.count() - 1, bar)
    bar.sig_apply_values.connect(lambda applied: panel.form.set_values(applied))
    bar.set_model(MUSIC_MODEL_ID, specs, model_name=model["name"])
    panel.resize(*SIZE)
    panel.show()
    qtbot.waitExposed(panel)
    return panel, bar


def _save(image: QPixmap, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"presets_{name}.png"
    assert image.save(str(path))
    return path


def test_menu_open(dark, qtbot, store: PresetStore, specs, form_values) -> None:
    store.save(MUSIC_MODEL_ID, "Late night keys", form_values, specs)
    store.save(MUSIC_MODEL_ID, "Sunday demo", {**form_values, "bpm": 92}, specs)
    store.set_default(MUSIC_MODEL_ID, "Late night keys")
    panel, bar = _panel_with_bar(qtbot, store, specs, form_values)
    bar.apply("Late night keys")
    button = bar.menu_button
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitExposed(bar.menu)
    # Right-aligned under the ⋯ button (its texts are final only once it is shown), as Qt
    # places it when the window's right edge is near; here the picture ends at the panel.
    bar.menu.move(button.mapToGlobal(QPoint(button.width() - bar.menu.width(), button.height())))
    QApplication.processEvents()
    qtbot.wait(30)
    # The menu is its own top-level window: paint it onto the panel's picture where it is.
    image = panel.grab()
    painter = QPainter(image)
    painter.drawPixmap(bar.menu.pos() - panel.mapToGlobal(QPoint(0, 0)), bar.menu.grab())
    painter.end()
    bar.menu.hide()
    assert _save(image, "menu_open").stat().st_size > 0
    assert bar.menu.update.text() == "Update “Late night keys”"


def test_list_open(dark, qtbot, store: PresetStore, specs, form_values) -> None:
    store.save(MUSIC_MODEL_ID, "Late night keys", form_values, specs)
    store.set_default(MUSIC_MODEL_ID, "Late night keys")
    panel, bar = _panel_with_bar(qtbot, store, specs, form_values)
    bar.combo.showPopup()
    popup = bar.combo.view().window()
    qtbot.waitExposed(popup)
    qtbot.wait(30)
    image = panel.grab()
    painter = QPainter(image)
    painter.drawPixmap(popup.pos() - panel.mapToGlobal(QPoint(0, 0)), popup.grab())
    painter.end()
    bar.combo.hidePopup()
    _save(image, "list_open")


def test_schema_change_report(dark, qtbot, store: PresetStore, specs, form_values) -> None:
    older: list[FieldSpec] = [
        dataclasses.replace(s, maximum=300) if s.name in ("duration", "bpm") else s for s in specs
    ]
    saved = {**form_values, "duration": 240, "bpm": 200, "mood": "dusty"}
    store.save(MUSIC_MODEL_ID, "Long ambient", saved, older)
    panel, bar = _panel_with_bar(qtbot, store, specs, form_values)
    bar.apply("Long ambient")
    QApplication.processEvents()
    qtbot.wait(30)
    assert "Duration (s) 240 → 180 (the new maximum)" in bar.notice.text.text()
    _save(panel.grab(), "schema_report")
