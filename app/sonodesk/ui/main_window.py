"""The main window: arranges the injected panes, owns menus, status bar and saved layout.

It is given its panes (model picker, parameters, jobs, player) and an AppInfo; it never sees
the Session or the engine. User intent leaves as signals.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import QMimeData, QSize, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QFrame,
    QMainWindow,
    QMenu,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from sonodesk.ui import theme
from sonodesk.ui.app_info import AppInfo
from sonodesk.ui.icons import app_icon, icon
from sonodesk.ui.ui_state import UiState
from sonodesk.ui.widgets.page_switcher import PageSwitcher
from sonodesk.ui.widgets.status_badge import StatusBadge

DEFAULT_SIZE = QSize(1280, 800)
MINIMUM_SIZE = QSize(960, 600)
_WINDOW_KEY = "mainWindow"
_JOBS_VISIBLE_KEY = "jobsPanelVisible"
_PANE_SIZES = (300, 610, 370)  # picker, parameters, jobs at the default width
_PLAYER_HEIGHT = 190
AUDIO_FILE_FILTER = (
    "Audio files (*.wav *.flac *.mp3 *.ogg *.opus *.aif *.aiff *.m4a);;All files (*)"
)


class _LazyPage(QWidget):
    """Holds a page's factory and builds the page into itself on first use."""

    def __init__(self, factory: Callable[[], QWidget], parent: QWidget) -> None:
        super().__init__(parent)
        self._factory: Callable[[], QWidget] | None = factory
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

    def ensure_built(self) -> None:
        if self._factory is not None:
            factory, self._factory = self._factory, None
            self.layout().addWidget(factory())


def _local_files(mime: QMimeData) -> list[str]:
    """Local files in a drag (folders and remote URLs are not ours to open)."""
    if not mime.hasUrls():
        return []
    paths = [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]
    return [p for p in paths if p and Path(p).is_file()]


class MainWindow(QMainWindow):
    """Sidebar picker | scrolling parameters | jobs, over a full-width player."""

    sig_closing = Signal()
    sig_open_audio_requested = Signal(str)  # a local file path
    sig_files_dropped = Signal(list)  # local file paths dropped anywhere on the window
    sig_theme_changed = Signal(str)
    sig_page_changed = Signal(str)

    def __init__(
        self,
        *,
        model_picker: QWidget,
        parameters: QWidget,
        jobs_panel: QWidget,
        player: QWidget,
        info: AppInfo,
        ui_state: UiState | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle("Sonodesk")
        self.setWindowIcon(app_icon())
        self.setMinimumSize(MINIMUM_SIZE)
        self._info = info
        self._ui_state = ui_state
        self._about: QDialog | None = None
        self._open_dialog: QFileDialog | None = None
        self.model_picker = model_picker
        self.parameters = parameters
        self.jobs_panel = jobs_panel
        self.player = player

        self.parameters_scroll = QScrollArea(self)
        self.parameters_scroll.setObjectName("parametersScroll")
        self.parameters_scroll.setWidgetResizable(True)
        self.parameters_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.parameters_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.parameters_scroll.setWidget(parameters)

        self.work_splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.work_splitter.setObjectName("workSplitter")
        self.work_splitter.setChildrenCollapsible(False)
        for pane, stretch, minimum in (
            (model_picker, 0, 220),
            (self.parameters_scroll, 1, 360),
            (jobs_panel, 0, 260),
        ):
            pane.setMinimumWidth(minimum)
            self.work_splitter.addWidget(pane)
            self.work_splitter.setStretchFactor(self.work_splitter.indexOf(pane), stretch)
        self.work_splitter.setSizes(list(_PANE_SIZES))

        # Pages share the player below them: auditioning continues across pages.
        self.pages = QStackedWidget(self)
        self.pages.setObjectName("pages")
        self.pages.addWidget(self.work_splitter)
        self._page_keys = ["create"]
        self.page_switcher = PageSwitcher(self)
        self.page_switcher.add_page("create", "Create", "generate", "Models, parameters and jobs")
        self.page_switcher.sig_page_chosen.connect(self.show_page)

        self.main_splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.main_splitter.setObjectName("mainSplitter")
        self.main_splitter.setChildrenCollapsible(False)
        self.main_splitter.addWidget(self.pages)
        self.main_splitter.addWidget(player)
        self.main_splitter.setStretchFactor(0, 1)
        self.main_splitter.setStretchFactor(1, 0)
        player.setMinimumHeight(96)
        self.main_splitter.setSizes([DEFAULT_SIZE.height() - _PLAYER_HEIGHT, _PLAYER_HEIGHT])

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.main_splitter)
        self.setCentralWidget(central)

        self.provider_badge = StatusBadge(info.provider_badge, online=info.online)
        self.provider_badge.setToolTip(info.provider_tooltip)
        self.statusBar().addPermanentWidget(self.provider_badge)
        self.statusBar().setSizeGripEnabled(False)
        self.statusBar().setContentsMargins(theme.SPACING, 0, theme.SPACING, 2)

        self._build_menus()
        self.menuBar().setCornerWidget(self.page_switcher, Qt.Corner.TopRightCorner)
        self._page_actions: dict[str, QAction] = {}
        self._add_page_action("create", "Create", "Ctrl+1")
        self.setAcceptDrops(True)
        self.resize(DEFAULT_SIZE)
        self._restore_layout()

    # -- menus ------------------------------------------------------------------------------

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("&File")
        self.action_open_audio = self._action(
            "&Open audio file…",
            "open",
            QKeySequence.StandardKey.Open,
            self._on_open_audio_triggered,
        )
        self.file_menu.addAction(self.action_open_audio)
        self.file_menu.addSeparator()
        self.action_quit = self._action("&Quit", None, QKeySequence.StandardKey.Quit, self.close)
        self.action_quit.setMenuRole(QAction.MenuRole.QuitRole)
        self.file_menu.addAction(self.action_quit)

        self.view_menu = bar.addMenu("&View")
        self._theme_group = QActionGroup(self)
        self._theme_group.setExclusive(True)
        self.theme_actions: dict[str, QAction] = {}
        for name in theme.theme_names():
            item = QAction(f"{name.title()} theme", self, checkable=True)
            item.setData(name)
            item.setChecked(name == self._info.theme)
            item.triggered.connect(lambda _=False, n=name: self.set_theme(n))
            self._theme_group.addAction(item)
            self.view_menu.addAction(item)
            self.theme_actions[name] = item
        self.view_menu.addSeparator()
        self.action_toggle_jobs = QAction("Show &Jobs panel", self, checkable=True)
        self.action_toggle_jobs.setShortcut(QKeySequence("Ctrl+J"))
        self.action_toggle_jobs.setChecked(True)
        self.action_toggle_jobs.toggled.connect(self.set_jobs_visible)
        self.view_menu.addAction(self.action_toggle_jobs)

        self.help_menu = bar.addMenu("&Help")
        self.action_about = self._action("&About Sonodesk", "info", None, self.show_about)
        self.action_about.setMenuRole(QAction.MenuRole.AboutRole)
        self.help_menu.addAction(self.action_about)

    def _action(
        self,
        text: str,
        icon_name: str | None,
        shortcut: QKeySequence.StandardKey | None,
        slot: object,
    ) -> QAction:
        item = QAction(text, self)
        if icon_name:
            item.setIcon(icon(icon_name))
        if shortcut is not None:
            item.setShortcut(QKeySequence(shortcut))
        item.triggered.connect(slot)
        return item

    def register_actions(
        self, actions: Iterable[QAction], *, menu: str | None = None
    ) -> QMenu | None:
        """Make actions' shortcuts work anywhere in the window; optionally list them in a menu.

        ``menu`` names a menu ("Playback", "Generate") created before Help on first use.
        """
        actions = list(actions)
        self.addActions(actions)
        if menu is None:
            return None
        target = self.menu(menu)
        if target is None:
            target = QMenu(menu, self)
            self.menuBar().insertMenu(self.help_menu.menuAction(), target)
        target.addActions(actions)
        return target

    def menu(self, title: str) -> QMenu | None:
        wanted = title.replace("&", "").casefold()
        for item in self.menuBar().actions():
            if item.menu() is not None and item.text().replace("&", "").casefold() == wanted:
                return item.menu()
        return None

    # -- pages ------------------------------------------------------------------------------

    def add_page(
        self,
        key: str,
        title: str,
        widget: QWidget | Callable[[], QWidget],
        *,
        icon_name: str | None = None,
        shortcut: str | None = None,
    ) -> None:
        """Add a page beside Create (e.g. the library), with a switcher button and a shortcut.

        A factory instead of a widget defers building the page until it is first shown,
        which keeps pages nobody opened out of the start-up path.
        """
        page = widget if isinstance(widget, QWidget) else _LazyPage(widget, self.pages)
        self.pages.addWidget(page)
        self._page_keys.append(key)
        self.page_switcher.add_page(key, title, icon_name)
        self._add_page_action(key, title, shortcut)

    def _add_page_action(self, key: str, title: str, shortcut: str | None) -> None:
        action = QAction(title, self)
        action.setObjectName(f"actionPage:{key}")
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _=False, k=key: self.show_page(k))
        self.addAction(action)
        self.view_menu.insertAction(self.view_menu.actions()[0], action)
        if len(self._page_actions) == 0:
            self.view_menu.insertSeparator(self.view_menu.actions()[1])
        self._page_actions[key] = action

    def show_page(self, key: str) -> None:
        if key not in self._page_keys:
            return
        index = self._page_keys.index(key)
        page = self.pages.widget(index)
        if isinstance(page, _LazyPage):
            page.ensure_built()
        self.pages.setCurrentIndex(index)
        self.page_switcher.set_current(key)
        self.sig_page_changed.emit(key)

    def current_page(self) -> str:
        return self._page_keys[self.pages.currentIndex()]

    # -- drops ------------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _local_files(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = _local_files(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.sig_files_dropped.emit(paths)

    # -- behaviour --------------------------------------------------------------------------

    def show_message(self, text: str, timeout_ms: int = 6000) -> None:
        """A transient status-bar message."""
        self.statusBar().showMessage(text, timeout_ms)

    def set_provider_status(self, text: str, *, online: bool, tooltip: str = "") -> None:
        self.provider_badge.set_status(text, online=online)
        self.provider_badge.setToolTip(tooltip)

    def set_jobs_visible(self, visible: bool) -> None:
        self.jobs_panel.setVisible(visible)
        if self.action_toggle_jobs.isChecked() != visible:
            self.action_toggle_jobs.setChecked(visible)

    def set_theme(self, name: str) -> None:
        app = QApplication.instance()
        if not isinstance(app, QApplication):
            return
        applied = theme.apply_theme(app, name)
        self.theme_actions[applied].setChecked(True)
        if self._info.save_theme is not None:
            self._info.save_theme(applied)
        self.sig_theme_changed.emit(applied)

    def show_about(self) -> None:
        if self._about is None:
            # Imported on first use: start-up never needs it.
            from sonodesk.ui.dialogs.about import AboutDialog

            self._about = AboutDialog(self._info, self)
        self._about.show()
        self._about.raise_()

    def _on_open_audio_triggered(self) -> None:
        # Non-modal (open(), not exec()): a nested event loop would stall running coroutines.
        if self._open_dialog is None:
            dialog = QFileDialog(self, "Open audio file", str(Path.home()), AUDIO_FILE_FILTER)
            dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
            dialog.fileSelected.connect(self.sig_open_audio_requested)
            self._open_dialog = dialog
        self._open_dialog.open()

    # -- layout persistence -----------------------------------------------------------------

    def _restore_layout(self) -> None:
        if self._ui_state is None:
            return
        self._ui_state.restore_geometry(_WINDOW_KEY, self)
        self._ui_state.restore_splitter("work", self.work_splitter)
        self._ui_state.restore_splitter("main", self.main_splitter)
        self.set_jobs_visible(self._ui_state.flag(_JOBS_VISIBLE_KEY, True))

    def save_layout(self) -> None:
        if self._ui_state is None:
            return
        self._ui_state.save_geometry(_WINDOW_KEY, self)
        self._ui_state.save_splitter("work", self.work_splitter)
        self._ui_state.save_splitter("main", self.main_splitter)
        self._ui_state.save_flag(_JOBS_VISIBLE_KEY, self.action_toggle_jobs.isChecked())
        self._ui_state.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        super().closeEvent(event)
        if event.isAccepted():
            self.sig_closing.emit()
