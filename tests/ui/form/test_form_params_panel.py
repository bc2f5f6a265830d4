"""ParamsPanel: Ctrl+Enter generates from anywhere (only when valid), takes, price on the button."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton, QSpinBox

from sonodesk.sandbox.catalog import MUSIC_MODEL_ID, SFX_MODEL_ID, model_by_id
from sonodesk.ui.form import ParamsPanel, generate_label
from sonodesk.ui.form.base import FieldEditor
from ui.form.form_helpers import specs_of


@pytest.fixture
def panel(show):  # type: ignore[no-untyped-def]
    widget = ParamsPanel()
    model = model_by_id(SFX_MODEL_ID)
    widget.set_model(
        model["name"], specs_of(model), provider="Sandbox", description=model["shortDescription"]
    )
    return show(widget, 480, 760)


def test_object_names(panel) -> None:  # type: ignore[no-untyped-def]
    assert panel.findChild(QPushButton, "generateButton") is panel.generate_button
    assert panel.findChild(QSpinBox, "variationsSpin").maximum() == 8
    assert panel.form.objectName() == "paramForm"


def test_ctrl_enter_in_the_prompt_generates_with_typed_values(panel, qtbot) -> None:  # type: ignore[no-untyped-def]
    prompt = panel.form.editors()["prompt"]
    prompt.focus_editor()
    qtbot.keyClicks(prompt.edit, "rain on a tin roof")
    panel.set_takes(3)
    with qtbot.waitSignal(panel.sig_generate_requested, timeout=1000) as blocker:
        qtbot.keyClick(prompt.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    values, takes = blocker.args
    assert takes == 3
    assert values["prompt"] == "rain on a tin roof"  # no line break was typed
    assert values["duration"] == 5 and values["loop"] is False and values["seed"] is None
    assert values["numOutputs"] == 1 and isinstance(values["numOutputs"], int)


def test_keypad_enter_and_the_button_also_generate(panel, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel.form.set_values({"prompt": "wind"})
    panel.takes_spin.setFocus()
    with qtbot.waitSignal(panel.sig_generate_requested, timeout=1000):
        qtbot.keyClick(panel.takes_spin, Qt.Key.Key_Enter, Qt.KeyboardModifier.ControlModifier)
    with qtbot.waitSignal(panel.sig_generate_requested, timeout=1000):
        qtbot.mouseClick(panel.generate_button, Qt.MouseButton.LeftButton)


def test_invalid_form_does_not_emit_and_focuses_the_first_error(panel, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel.takes_spin.setFocus()
    with qtbot.assertNotEmitted(panel.sig_generate_requested):
        qtbot.keyClick(panel.takes_spin, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    prompt = panel.findChild(FieldEditor, "field:prompt")
    assert prompt.error() == "Required."
    assert prompt.isAncestorOf(QApplication.focusWidget())
    assert prompt.isEnabled()  # the form stays editable


def test_price_and_takes_on_the_button(panel, qtbot) -> None:  # type: ignore[no-untyped-def]
    assert panel.button_text() == "Generate"
    panel.set_price("2.5 CU")
    assert panel.button_text() == "Generate · 2.5 CU"
    with qtbot.waitSignal(panel.sig_takes_changed, timeout=1000):
        panel.set_takes(4)
    panel.set_price("10 CU")
    assert panel.button_text() == "Generate 4 takes · 10 CU"
    panel.set_busy_quoting(True)
    assert panel.pricing_label.isVisible()
    panel.set_busy_quoting(False)
    assert generate_label(1, None) == "Generate"


def test_switching_model_rebuilds_and_clears_the_price(panel) -> None:  # type: ignore[no-untyped-def]
    panel.set_price("1 CU")
    model = model_by_id(MUSIC_MODEL_ID)
    panel.set_model(model["name"], specs_of(model), provider="Sandbox")
    assert panel.title_label.text() == "Sandbox Music Sketch"
    assert panel.button_text() == "Generate"
    assert "sections" in panel.form.editors()


def test_reset_button_restores_defaults(panel, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel.form.set_values({"duration": 12.5, "prompt": "boom"})
    qtbot.mouseClick(panel.reset_button, Qt.MouseButton.LeftButton)
    assert panel.form.values()["duration"] == 5
    assert panel.form.values()["prompt"] is None


def test_preview_requests_are_forwarded(panel, qtbot) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(panel.sig_preview_requested, timeout=1000) as blocker:
        panel.form.editors()["prompt"].sig_preview_requested.emit("/tmp/x.wav")
    assert blocker.args == ["/tmp/x.wav"]
