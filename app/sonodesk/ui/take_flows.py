"""Flows that bring a take's settings back: re-run, "use these params", open or drop a file.

Also remembers each model's last form values (debounced) and offers them, or the model's
default preset, the next time the model is shown. Decisions live in core (library.restore,
presets.reconcile); this module only moves values between the session and the widgets.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer
from qasync import asyncSlot

from sonodesk.core.errors import SonodeskError
from sonodesk.core.library import RerunRequest, RestoreError, params_from_file
from sonodesk.core.schema import FieldSpec, schema_fingerprint

if TYPE_CHECKING:
    from sonodesk.ui.controller import AppController

log = logging.getLogger(__name__)
REMEMBER_AFTER_MS = 800


class TakeFlows(QObject):
    def __init__(self, controller: AppController) -> None:
        super().__init__(controller)
        self._controller = controller
        self._remember = QTimer(self, singleShot=True, interval=REMEMBER_AFTER_MS)
        self._remember.timeout.connect(self.remember_now)

    @property
    def _session(self) -> Any:
        return self._controller.session

    # -- remembered values ---------------------------------------------------------------------

    def initial_values(self, model_id: str, specs: Sequence[FieldSpec]) -> dict[str, Any] | None:
        """What a freshly shown model's form starts with: last used, else the default preset."""
        presets = self._session.presets
        try:
            fitted = presets.last_used(model_id, specs)
            if fitted is None:
                default = presets.default_preset(model_id)
                fitted = presets.apply(model_id, default.name, specs) if default else None
        except SonodeskError as exc:
            log.warning("presets for %s unusable: %s", model_id, exc.message)
            return None
        if fitted is None:
            return None
        if fitted.report.changes:
            self._controller.say(
                f"This model changed since you last used it: {fitted.report.summary}"
            )
        return dict(fitted.values)

    def values_changed(self) -> None:
        self._remember.start()

    def remember_now(self) -> None:
        """Write the current model's form values (also called when switching models)."""
        self._remember.stop()
        model, specs = self._controller.current_model, self._controller.specs
        if model is None or not specs:
            return
        values = {k: v for k, v in self._controller.form_values().items() if v is not None}
        try:
            self._session.presets.remember_last(
                model.model_id, values, fingerprint=schema_fingerprint(specs)
            )
        except SonodeskError as exc:  # a read-only config dir must not break generating
            log.warning("could not remember values: %s", exc.message)

    # -- takes ---------------------------------------------------------------------------------

    async def use_params(self, request: RerunRequest | Any) -> bool:
        """Show the take's model with its settings in the form (Create page)."""
        shown = await self._controller.show_model_with(request.model_id, request.params)
        if shown:
            name = request.model_name or request.model_id
            self._controller.say(f"Loaded the settings of this take into {name}.")
        return shown

    def rerun(self, request: RerunRequest) -> None:
        """Submit the take's exact settings (or a new seed) without touching the form."""
        engine = self._session.engine
        if request.provider != self._session.provider.provider_id:
            self._controller.say(
                f"This take was made with {request.provider}; switch to it to run it again."
            )
            return
        job = engine.submit(
            request.provider, request.model_id, request.params, model_name=request.model_name
        )
        seed = f" (seed {request.seed})" if request.seed is not None else ""
        self._controller.say(f"Running it again{seed}…")
        self._controller.sig_jobs_submitted.emit([job.id])

    @asyncSlot(object)
    async def on_use_params(self, request: RerunRequest) -> None:
        await self.use_params(request)

    @asyncSlot(list)
    async def on_files_dropped(self, paths: list[str]) -> None:
        await self.open_files(paths)

    @asyncSlot(str)
    async def on_open_requested(self, path: str) -> None:
        await self.open_file(Path(path))

    async def open_files(self, paths: Sequence[str]) -> None:
        """Open or drop files: a Sonodesk take restores its settings; any audio plays."""
        for path in paths:
            await self.open_file(Path(path))

    async def open_file(self, path: Path) -> None:
        audio = path
        if path.name.endswith(".sonodesk.json"):
            audio = path.with_name(path.name[: -len(".sonodesk.json")])
        try:
            restored = params_from_file(path)
        except RestoreError:
            restored = None
        if restored is not None:
            request = _as_request(
                restored.model_id,
                restored.model_name,
                restored.params,
                restored.provider,
                restored.seed,
            )
            if await self.use_params(request):
                self._controller.show_create_page()
        elif path == audio:
            self._controller.say(f"{path.name} has no Sonodesk settings; playing it.")
        if audio.is_file():
            self._controller.play_file(audio)


def _as_request(
    model_id: str, model_name: str, params: Mapping[str, Any], provider: str, seed: int | None
) -> RerunRequest:
    return RerunRequest(
        provider=provider,
        model_id=model_id,
        model_name=model_name,
        params=dict(params),
        seed=seed,
        exact=seed is not None,
    )
