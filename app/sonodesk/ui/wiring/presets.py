"""The presets bar in the form's header: follows the shown model, applies a preset to the form."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sonodesk.ui.presets.bar import PresetBar
from sonodesk.ui.widgets.notice_bar import NoticeBar

if TYPE_CHECKING:
    from sonodesk.core.session import Session
    from sonodesk.ui.controller import AppController
    from sonodesk.ui.form.params_panel import ParamsPanel


def install_presets(panel: ParamsPanel, session: Session, controller: AppController) -> PresetBar:
    notice = NoticeBar(panel)
    notice.hide()
    panel.add_header_row(notice)
    bar = PresetBar(session.presets, values=panel.form.values, parent=panel, notice=notice)
    panel.add_header_widget(bar)

    def on_model_ready(model_id: str) -> None:
        bar.store = session.presets  # the provider may have changed since the last model
        model = controller.current_model
        bar.set_model(model_id, controller.specs, model_name=model.name if model else "")

    controller.sig_model_ready.connect(on_model_ready)
    bar.sig_apply_values.connect(panel.form.set_values)
    return bar
