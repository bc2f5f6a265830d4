"""MainWindow composed from injected panes (stand-ins for the form and the player)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from sonodesk.core.paths import app_paths
from sonodesk.ui.app_info import AppInfo
from sonodesk.ui.main_window import DEFAULT_SIZE, MainWindow
from sonodesk.ui.theme import current_theme
from sonodesk.ui.ui_state import UiState
from sonodesk.ui.widgets.jobs_panel import JobsPanel
from sonodesk.ui.widgets.model_picker import ModelPicker
from ui.shell.sample_data import NOW, sample_jobs
from ui.shell.standins import FormStandIn, PlayerStandIn


def _window(qtbot, *, info: AppInfo | None = None, state: UiState | None = None) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(
        model_picker=ModelPicker(),
        parameters=FormStandIn(),
        jobs_panel=JobsPanel(clock=lambda: NOW),
        player=PlayerStandIn(),
        info=info or AppInfo(version="9.9.9", provider_badge="Sandbox · offline"),
        ui_state=state,
    )
    qtbot.addWidget(window)
    return window


def test_composition(qtbot, themed_app) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot)
    window.show()
    assert window.size() == DEFAULT_SIZE
    assert window.minimumWidth() >= 900 and window.minimumHeight() >= 560
    assert window.main_splitter.widget(0) is window.pages
    assert (
        window.pages.currentWidget() is window.work_splitter and window.current_page() == "create"
    )
    assert window.main_splitter.widget(1) is window.player
    work = [window.work_splitter.widget(i) for i in range(3)]
    assert work[0].objectName() == "modelPicker"
    assert isinstance(work[1], QScrollArea) and work[1].widget() is window.parameters
    assert work[2].objectName() == "jobsPanel"
    sizes = window.work_splitter.sizes()
    assert sizes[1] > sizes[0] and sizes[1] > sizes[2]  # the form gets the room
    assert window.provider_badge.text() == "Sandbox · offline"
    assert not window.windowIcon().isNull()
    menus = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert menus == ["File", "View", "Help"]


def test_jobs_panel_toggle(qtbot, themed_app) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot)
    window.show()
    window.action_toggle_jobs.trigger()
    assert not window.jobs_panel.isVisible()
    window.action_toggle_jobs.trigger()
    assert window.jobs_panel.isVisible()


def test_theme_menu_applies_and_persists(qtbot, themed_app) -> None:  # type: ignore[no-untyped-def]
    saved: list[str] = []
    window = _window(qtbot, info=AppInfo(theme="dark", save_theme=saved.append))
    assert window.theme_actions["dark"].isChecked()
    with qtbot.waitSignal(window.sig_theme_changed, timeout=500) as blocker:
        window.theme_actions["light"].trigger()
    assert blocker.args == ["light"]
    assert current_theme() == "light" and saved == ["light"]
    assert QApplication.palette().window().color().lightness() > 200
    assert (
        window.theme_actions["light"].isChecked() and not window.theme_actions["dark"].isChecked()
    )


def test_register_actions_for_shortcuts_and_menus(qtbot, themed_app) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot)
    window.show()
    qtbot.waitExposed(window)
    play = QAction("Play / pause", window)
    play.setShortcut(QKeySequence(Qt.Key.Key_Space))
    generate = QAction("Generate", window)
    generate.setShortcut(QKeySequence("Ctrl+Return"))
    menu = window.register_actions([play], menu="Playback")
    window.register_actions([generate])
    assert menu is not None and play in menu.actions()
    assert play in window.actions() and generate in window.actions()
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert titles == ["File", "View", "Playback", "Help"]
    assert window.register_actions([QAction("Loop", window)], menu="playback") is menu
    triggered: list[bool] = []
    generate.triggered.connect(lambda: triggered.append(True))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    window.model_picker.search.setFocus()  # shortcuts work wherever the focus is
    qtbot.keyClick(
        window.model_picker.search, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )
    assert triggered == [True]


def test_closing_emits_and_saves_the_layout(qtbot, themed_app) -> None:  # type: ignore[no-untyped-def]
    state = UiState.in_config_dir(app_paths().config_dir)
    window = _window(qtbot, state=state)
    window.show()
    # The offscreen screen is 800 px wide: restoreGeometry() clamps anything wider than the
    # window's minimum, so the round trip is checked at the minimum width.
    window.resize(960, 700)
    window.work_splitter.setSizes([250, 400, 310])
    sizes = window.work_splitter.sizes()
    window.set_jobs_visible(False)
    window.set_jobs_visible(True)
    with qtbot.waitSignal(window.sig_closing, timeout=500):
        window.close()

    again = _window(qtbot, state=UiState.in_config_dir(app_paths().config_dir))
    again.show()
    assert again.size().width() == 960 and again.size().height() == 700
    assert again.work_splitter.sizes() == sizes


def test_hidden_jobs_panel_is_remembered(qtbot, themed_app) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, state=UiState.in_config_dir(app_paths().config_dir))
    window.show()
    window.set_jobs_visible(False)
    window.close()
    again = _window(qtbot, state=UiState.in_config_dir(app_paths().config_dir))
    again.show()
    assert not again.jobs_panel.isVisible()
    assert not again.action_toggle_jobs.isChecked()


def test_quit_closes_the_window(qtbot, themed_app) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot)
    window.show()
    with qtbot.waitSignal(window.sig_closing, timeout=500):
        window.action_quit.trigger()
    assert not window.isVisible()


def test_about_is_non_modal(qtbot, themed_app) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot)
    window.show()
    window.action_about.trigger()
    about = window._about
    assert about is not None and about.isVisible()
    assert not about.isModal()
    assert "9.9.9" in about.title.text()  # type: ignore[attr-defined]
    assert QApplication.activeModalWidget() is None
    about.close()


def test_open_audio_file_uses_a_non_modal_dialog(qtbot, themed_app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot)
    window.show()
    window.action_open_audio.trigger()
    dialog = window._open_dialog
    assert dialog is not None and dialog.isVisible()
    assert "*.wav" in dialog.nameFilters()[0]
    chosen = tmp_path / "loop.wav"
    chosen.write_bytes(b"RIFF")
    with qtbot.waitSignal(window.sig_open_audio_requested, timeout=500) as blocker:
        dialog.fileSelected.emit(str(chosen))
    assert blocker.args == [str(chosen)]
    dialog.close()


def test_messages_and_provider_status(qtbot, themed_app) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot)
    window.show_message("Take saved", 2000)
    assert window.statusBar().currentMessage() == "Take saved"
    window.set_provider_status("Scenario", online=True, tooltip="Connected")
    assert window.provider_badge.text() == "Scenario"
    assert window.provider_badge.toolTip() == "Connected"


def test_real_panes_inside(qtbot, themed_app, models) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot)
    picker, jobs = window.model_picker, window.jobs_panel
    assert isinstance(picker, ModelPicker) and isinstance(jobs, JobsPanel)
    picker.set_models(models)
    jobs.set_jobs(sample_jobs())
    window.show()
    qtbot.waitExposed(window)
    image = window.grab().toImage()
    assert image.width() >= 1280 and image.height() >= 800
    assert isinstance(window.findChild(QWidget, "formStandIn"), QWidget)


def test_pages_switch_by_button_and_shortcut_and_files_can_be_dropped(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QMimeData, QPoint, QUrl
    from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QApplication, QLabel, QToolButton

    window = _window(qtbot)
    library = QLabel("library page")
    window.add_page("library", "Library", library, icon_name="music", shortcut="Ctrl+2")
    seen: list[str] = []
    window.sig_page_changed.connect(seen.append)
    qtbot.mouseClick(window.findChild(QToolButton, "page:library"), Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is library and seen == ["library"]
    create = window.findChild(QAction, "actionPage:create")
    assert create.shortcut().toString() == "Ctrl+1"
    create.trigger()
    assert window.current_page() == "create"

    audio = tmp_path / "take.wav"
    audio.write_bytes(b"RIFF")
    mime = QMimeData()
    mime.setUrls(
        [
            QUrl.fromLocalFile(str(audio)),
            QUrl.fromLocalFile(str(tmp_path)),
            QUrl("https://example.com/x.wav"),
        ]
    )
    dropped: list[list[str]] = []
    window.sig_files_dropped.connect(dropped.append)
    actions = Qt.DropAction.CopyAction
    enter = QDragEnterEvent(
        QPoint(5, 5), actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPoint(5, 5), actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(window, drop)
    assert dropped == [[str(audio)]]  # the folder and the remote URL are not ours to open


def test_a_page_given_as_a_factory_is_built_on_first_show(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel

    window = _window(qtbot)
    built: list[QLabel] = []

    def build() -> QLabel:
        built.append(QLabel("spend"))
        return built[-1]

    window.add_page("spend", "Spend", build)
    assert built == []
    window.show_page("spend")
    window.show_page("create")
    window.show_page("spend")
    assert len(built) == 1 and built[0].isVisibleTo(window)
