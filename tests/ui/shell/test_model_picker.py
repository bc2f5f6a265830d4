"""The model picker: grouping, search, keyboard from the search field, picking, marks."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QListView

from sonodesk.core.catalog.categories import Category
from sonodesk.ui.models.model_catalog import (
    COST_ROLE,
    ENTRY_ROLE,
    HEADER_ROLE,
    MODEL_ID_ROLE,
    ModelCatalogModel,
    ModelFilterModel,
)
from sonodesk.ui.widgets.model_picker import ModelPicker


def _cost(model_id: str) -> str | None:
    return "≈ 1 CU" if "sonodesk" in model_id else None


@pytest.fixture
def picker(qtbot, themed_app, models):  # type: ignore[no-untyped-def]
    widget = ModelPicker(cost_hint=_cost)
    qtbot.addWidget(widget)
    widget.set_models(models)
    widget.resize(320, 900)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _rows(picker: ModelPicker) -> list[tuple[str, object]]:
    model = picker.list.model()
    rows = []
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        header = index.data(HEADER_ROLE)
        rows.append(
            ("header", header) if header is not None else ("entry", index.data(MODEL_ID_ROLE))
        )
    return rows


def test_object_names(picker: ModelPicker) -> None:
    assert picker.objectName() == "modelPicker"
    assert isinstance(picker.findChild(QLineEdit, "modelSearch"), QLineEdit)
    assert isinstance(picker.findChild(QListView, "modelList"), QListView)


def test_grouped_by_category_with_headers_first(picker: ModelPicker) -> None:
    rows = _rows(picker)
    headers = [value for kind, value in rows if kind == "header"]
    assert headers == [c.value for c in Category]
    assert rows[0] == ("header", "music")
    speech_at = rows.index(("header", "speech"))
    assert ("entry", "model_elevenlabs-tts-v3") in rows[speech_at:]
    assert ("entry", "model_sonodesk-music-sketch") in rows[:speech_at]
    # Sound-kit helper models are not runnable audio models.
    assert not any("kit" in str(value) for _, value in rows)
    assert picker.count_label.text() == "12"


def test_headers_are_not_selectable(picker: ModelPicker, qtbot) -> None:  # type: ignore[no-untyped-def]
    model = picker.list.model()
    header = model.index(0, 0)
    assert not header.flags() & Qt.ItemFlag.ItemIsSelectable
    assert not header.flags() & Qt.ItemFlag.ItemIsEnabled
    qtbot.mouseClick(
        picker.list.viewport(),
        Qt.MouseButton.LeftButton,
        pos=picker.list.visualRect(header).center(),
    )
    assert picker.current_model_id() is None
    assert not picker.list.selectionModel().selectedIndexes()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("lyria", ["model_lyria-3-pro", "model_lyria-2"]),
        ("LYRIA 3", ["model_lyria-3-pro"]),  # case-insensitive, every word
        ("tts-v3", ["model_elevenlabs-tts-v3"]),  # the id
        ("seamless loops", ["model_elevenlabs-sound-effects-v2"]),  # the description
        ("sound effects sandbox", ["model_sonodesk-sfx"]),  # category + provider
        ("audio-to-audio", ["model_ace-step-1-5-turbo-cover", "model_elevenlabs-voice-isolator",
                            "model_sonodesk-audio-tools"]),
    ],
)  # fmt: skip
def test_search_filters_on_every_word(picker: ModelPicker, query: str, expected: list[str]) -> None:
    picker.search.setText(query)
    assert sorted(picker.visible_model_ids()) == sorted(expected)
    headers = [v for kind, v in _rows(picker) if kind == "header"]
    assert len(headers) == len({Category(h) for h in headers})
    assert all(kind == "header" or value in expected for kind, value in _rows(picker))


def test_search_keeps_only_headers_with_matches(picker: ModelPicker) -> None:
    picker.search.setText("voice")
    assert [v for kind, v in _rows(picker) if kind == "header"] == ["speech", "audio2audio"]
    assert picker.count_label.text() == f"{len(picker.visible_model_ids())} of 12"


def test_no_match_shows_the_empty_state(picker: ModelPicker) -> None:
    picker.search.setText("bagpipes")
    assert picker.visible_model_ids() == []
    assert picker.empty_label.isVisible() and not picker.list.isVisible()
    picker.search.clear()
    assert picker.list.isVisible() and not picker.empty_label.isVisible()


def test_keyboard_from_the_search_field(picker: ModelPicker, qtbot) -> None:  # type: ignore[no-untyped-def]
    picker.search.setFocus()
    qtbot.keyClick(picker.search, Qt.Key.Key_Down)
    first = picker.highlighted_model_id()
    assert first == picker.visible_model_ids()[0]
    qtbot.keyClick(picker.search, Qt.Key.Key_Down)
    assert picker.highlighted_model_id() == picker.visible_model_ids()[1]
    qtbot.keyClick(picker.search, Qt.Key.Key_Up)
    assert picker.highlighted_model_id() == first
    # Moving past the last music model skips the Speech header onto the first speech model.
    for _ in range(5):
        qtbot.keyClick(picker.search, Qt.Key.Key_Down)
    assert picker.highlighted_model_id() == "model_elevenlabs-tts-v3"
    qtbot.keyClick(picker.search, Qt.Key.Key_PageDown)
    after_page = picker.highlighted_model_id()
    assert picker.visible_model_ids().index(after_page) > 5
    qtbot.keyClick(picker.search, Qt.Key.Key_PageUp)
    assert picker.visible_model_ids().index(picker.highlighted_model_id()) < 5
    assert picker.search.hasFocus()  # navigation never took focus from typing


def test_typing_then_enter_picks_the_best_match(picker: ModelPicker, qtbot) -> None:  # type: ignore[no-untyped-def]
    picker.search.setFocus()
    qtbot.keyClicks(picker.search, "gemini")
    with qtbot.waitSignal(picker.sig_model_selected, timeout=1000) as blocker:
        qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    assert blocker.args == ["model_google-gemini-3-1-flash-tts"]
    assert picker.current_model_id() == "model_google-gemini-3-1-flash-tts"


def test_enter_after_arrows_emits_the_highlighted_id(picker: ModelPicker, qtbot) -> None:  # type: ignore[no-untyped-def]
    picker.search.setFocus()
    qtbot.keyClick(picker.search, Qt.Key.Key_Down)
    qtbot.keyClick(picker.search, Qt.Key.Key_Down)
    expected = picker.highlighted_model_id()
    with qtbot.waitSignal(picker.sig_model_selected, timeout=1000) as blocker:
        qtbot.keyClick(picker.search, Qt.Key.Key_Enter)
    assert blocker.args == [expected]
    # Picking the same model again is not a change.
    with qtbot.assertNotEmitted(picker.sig_model_selected):
        qtbot.keyClick(picker.search, Qt.Key.Key_Enter)


def test_the_list_itself_is_keyboard_navigable(picker: ModelPicker, qtbot) -> None:  # type: ignore[no-untyped-def]
    picker.select_model("model_sonodesk-sfx")
    picker.list.setFocus()
    qtbot.keyClick(picker.list, Qt.Key.Key_Down)
    assert picker.highlighted_model_id() == "model_ace-step-1-5-turbo-cover"
    with qtbot.waitSignal(picker.sig_model_selected, timeout=1000) as blocker:
        qtbot.keyClick(picker.list, Qt.Key.Key_Return)
    assert blocker.args == ["model_ace-step-1-5-turbo-cover"]


def test_click_picks(picker: ModelPicker, qtbot) -> None:  # type: ignore[no-untyped-def]
    row = picker.visible_model_ids().index("model_lyria-3-pro")
    index = next(
        picker.list.model().index(r, 0)
        for r in range(picker.list.model().rowCount())
        if picker.list.model().index(r, 0).data(MODEL_ID_ROLE) == "model_lyria-3-pro"
    )
    assert row >= 0
    with qtbot.waitSignal(picker.sig_model_selected, timeout=1000) as blocker:
        qtbot.mouseClick(
            picker.list.viewport(),
            Qt.MouseButton.LeftButton,
            pos=picker.list.visualRect(index).center(),
        )
    assert blocker.args == ["model_lyria-3-pro"]


def test_escape_clears_the_search(picker: ModelPicker, qtbot) -> None:  # type: ignore[no-untyped-def]
    picker.search.setFocus()
    qtbot.keyClicks(picker.search, "lyria")
    qtbot.keyClick(picker.search, Qt.Key.Key_Escape)
    assert picker.search.text() == ""
    assert len(picker.visible_model_ids()) == 12


def test_select_model_is_silent_and_clears_a_hiding_query(picker: ModelPicker, qtbot) -> None:  # type: ignore[no-untyped-def]
    picker.search.setText("lyria")
    with qtbot.assertNotEmitted(picker.sig_model_selected):
        assert picker.select_model("model_sonodesk-sfx")
    assert picker.search.text() == ""
    assert picker.current_model_id() == picker.highlighted_model_id() == "model_sonodesk-sfx"
    assert not picker.select_model("model_nope")
    assert picker.current_model_id() == "model_sonodesk-sfx"


def test_set_models_keeps_a_surviving_pick(picker: ModelPicker, models) -> None:  # type: ignore[no-untyped-def]
    picker.select_model("model_sonodesk-sfx")
    picker.set_models(models[:5])
    assert picker.current_model_id() == "model_sonodesk-sfx"
    picker.set_models([m for m in models if m.model_id != "model_sonodesk-sfx"])
    assert picker.current_model_id() is None


def test_marks_cost_and_tooltip(picker: ModelPicker) -> None:
    model = picker.list.model()
    entries = {}
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        if index.data(ENTRY_ROLE) is not None:
            entries[index.data(MODEL_ID_ROLE)] = index
    lyria2 = entries["model_lyria-2"].data(ENTRY_ROLE)
    assert lyria2.deprecation_note == "Deprecated → Lyria 3 Pro"
    assert entries["model_lyria-3-pro"].data(ENTRY_ROLE).plan_note == "Needs Pro plan"
    assert (
        entries["model_ace-step-1-5-turbo-cover"].data(ENTRY_ROLE).plan_note == "Needs Starter plan"
    )
    assert entries["model_sonodesk-sfx"].data(COST_ROLE) == "≈ 1 CU"
    assert entries["model_lyria-3-pro"].data(COST_ROLE) is None
    tip = entries["model_lyria-2"].data(Qt.ItemDataRole.ToolTipRole)
    assert "Instrumental clips" in tip and "Deprecated → Lyria 3 Pro" in tip
    # Marked rows are taller: the third line holds the marks.
    plain = picker.list.visualRect(entries["model_elevenlabs-music-v2"]).height()
    assert picker.list.visualRect(entries["model_lyria-2"]).height() > plain


def test_marks_are_painted(picker: ModelPicker) -> None:
    from sonodesk.ui.theme import colors

    image = picker.list.viewport().grab().toImage()
    warning = colors().warning
    found = any(
        abs(image.pixelColor(x, y).red() - warning.red()) < 12
        and abs(image.pixelColor(x, y).green() - warning.green()) < 12
        and abs(image.pixelColor(x, y).blue() - warning.blue()) < 12
        for y in range(0, image.height(), 2)
        for x in range(0, image.width(), 2)
    )
    assert found, "the deprecation pill is drawn in the warning colour"


def test_a_failing_cost_hint_does_not_break_the_list(qtbot, themed_app, models) -> None:  # type: ignore[no-untyped-def]
    def broken(model_id: str) -> str | None:
        raise RuntimeError("price service down")

    widget = ModelPicker(cost_hint=broken)
    qtbot.addWidget(widget)
    widget.set_models(models)
    widget.show()
    widget.list.viewport().grab()
    assert widget.list.model().index(1, 0).data(COST_ROLE) is None


def test_item_models_pass_the_model_tester(qtmodeltester, models) -> None:  # type: ignore[no-untyped-def]
    from sonodesk.core.catalog.entries import build_entries

    catalog = ModelCatalogModel(_cost)
    catalog.set_entries(build_entries(models))
    qtmodeltester.check(catalog)
    proxy = ModelFilterModel()
    proxy.setSourceModel(catalog)
    proxy.set_query("eleven")
    qtmodeltester.check(proxy)
    catalog.set_entries(build_entries(models[:4]))
    proxy.set_query("")
    catalog.refresh_costs()
