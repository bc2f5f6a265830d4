"""The Library page in the window: new takes appear in it; its requests reach the controller.

The page is built the first time it is shown. Re-run and "use these params" go to the take
flows, Export to the launcher.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sonodesk.core.session import Session
    from sonodesk.ui.bridge import EngineBridge
    from sonodesk.ui.controller import AppController
    from sonodesk.ui.library.library_page import LibraryPage
    from sonodesk.ui.main_window import MainWindow
    from sonodesk.ui.player.qt_player import QtPlayer
    from sonodesk.ui.wiring.exports import ExportLauncher


def install_library(
    window: MainWindow,
    session: Session,
    controller: AppController,
    player: QtPlayer,
    bridge: EngineBridge,
    exports: ExportLauncher,
) -> None:
    built: list[LibraryPage] = []

    def build() -> LibraryPage:
        from sonodesk.ui.library.library_page import LibraryPage  # imported with the page

        page = LibraryPage(session.library, player)
        page.sig_use_params_requested.connect(controller.flows.on_use_params)
        page.sig_rerun_requested.connect(controller.flows.rerun)
        page.sig_export_requested.connect(exports.open_for)
        built.append(page)
        return page

    def on_take_added(take: object, _job: object) -> None:
        if built:  # an unbuilt page reads the library when it is first shown
            built[0].take_added(take.id)  # type: ignore[attr-defined]

    window.add_page("library", "Library", build, icon_name="waveform", shortcut="Ctrl+2")
    bridge.sig_take_added.connect(on_take_added)
    exports.selection = lambda: built[0].selected_take_ids() if built else []
