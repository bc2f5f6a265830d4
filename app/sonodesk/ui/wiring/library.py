"""The Library page in the window: new takes appear in it; its requests reach the controller.

Connects only: re-run and "use these params" go to the take flows, Export to the launcher.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sonodesk.ui.library.library_page import LibraryPage

if TYPE_CHECKING:
    from sonodesk.core.session import Session
    from sonodesk.ui.bridge import EngineBridge
    from sonodesk.ui.controller import AppController
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
) -> LibraryPage:
    page = LibraryPage(session.library, player)
    window.add_page("library", "Library", page, icon_name="waveform", shortcut="Ctrl+2")
    bridge.sig_take_added.connect(lambda take, _job: page.take_added(take.id))
    page.sig_use_params_requested.connect(controller.flows.on_use_params)
    page.sig_rerun_requested.connect(controller.flows.rerun)
    page.sig_export_requested.connect(exports.open_for)
    exports.selection = page.selected_take_ids
    return page
