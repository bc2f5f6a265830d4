"""The window's glue: model choice → form, Generate → engine, jobs → panel, takes → player.

Widgets only render and forward intent; everything that decides lives in core (schema,
generation planning, pricing, the engine). This object owns the async calls and turns failures
into messages. It never blocks the UI thread.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from qasync import asyncSlot

from sonodesk.core.catalog.specs import specs_for
from sonodesk.core.errors import CancelRefusedError, SonodeskError
from sonodesk.core.generation import plan_generation
from sonodesk.core.jobs.records import JobRecord, JobState, TakeRecord
from sonodesk.core.pricing import PriceQuoter, QuoteResult, format_price
from sonodesk.core.providers.base import ModelRecord
from sonodesk.core.schema import FieldSpec, merge_values
from sonodesk.core.session import Session
from sonodesk.core.spend import batch_refusal
from sonodesk.ui.form.params_panel import ParamsPanel
from sonodesk.ui.main_window import MainWindow
from sonodesk.ui.player.qt_player import QtPlayer
from sonodesk.ui.take_flows import TakeFlows
from sonodesk.ui.widgets.jobs_panel import JobsPanel
from sonodesk.ui.widgets.model_picker import ModelPicker
from sonodesk.ui.widgets.notice_bar import NoticeBar

log = logging.getLogger(__name__)
RECENT_JOBS = 300


class AppController(QObject):
    """Owns the flows between the session and the widgets of one main window."""

    sig_model_ready = Signal(str)  # the form now shows this model
    sig_jobs_submitted = Signal(list)  # job ids of one press of Generate

    def __init__(
        self,
        session: Session,
        *,
        window: MainWindow,
        picker: ModelPicker,
        panel: ParamsPanel,
        jobs: JobsPanel,
        player: QtPlayer,
        rng: random.Random | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.catalog = session.catalog
        self._window, self._picker, self._panel = window, picker, panel
        self._jobs, self._player = jobs, player
        self._rng = rng or random.Random()
        self._model: ModelRecord | None = None
        self._specs: tuple[FieldSpec, ...] = ()
        self._quote: QuoteResult | None = None
        self._price_hints: dict[str, str] = {}
        self._latest_batch: str | None = None
        self.quoter = PriceQuoter(session.provider.quote, self._on_quote)
        self.flows = TakeFlows(self)
        self.model_notice = NoticeBar(panel)
        self.model_notice.hide()
        panel.add_header_row(self.model_notice)
        self._connect()

    def _connect(self) -> None:
        self._picker.sig_model_selected.connect(self._on_model_selected)
        self._panel.sig_generate_requested.connect(self._on_generate_requested)
        self._panel.form.sig_cost_inputs_changed.connect(self._request_quote)
        self._panel.form.sig_values_changed.connect(self._on_values_changed)
        self._panel.form.sig_values_changed.connect(self.flows.values_changed)
        self._panel.sig_takes_changed.connect(self._on_takes_changed)
        self._panel.sig_preview_requested.connect(self._on_preview_requested)
        self._jobs.sig_cancel_requested.connect(self._on_cancel_requested)
        self._jobs.sig_stop_tracking_requested.connect(self._on_stop_tracking_requested)
        self._jobs.sig_retry_requested.connect(self._on_retry_requested)
        self._jobs.sig_open_take_requested.connect(self._on_open_take_requested)

    # -- start -------------------------------------------------------------------------------

    async def start(self) -> None:
        """Fill the jobs panel from the database and the picker from the provider."""
        self._jobs.set_jobs(self.session.store.jobs(limit=RECENT_JOBS))
        try:
            models = await self.catalog.refresh()
        except SonodeskError as exc:
            self._window.show_message(f"Models unavailable: {exc.full_text()}", 0)
            return
        if self.catalog.notice:
            self.say(self.catalog.notice, 0)
        self._picker.set_models(models)
        wanted = self.session.settings.last_model_id
        if not wanted or self.catalog.listed(wanted) is None:
            wanted = models[0].model_id if models else ""
        if wanted and self._picker.select_model(wanted):
            await self.show_model(wanted)

    def model_options(self, model_types: Sequence[str]) -> list[tuple[str, str]]:
        return self.catalog.options_for(model_types)

    def cost_hint(self, model_id: str) -> str | None:
        return self._price_hints.get(model_id)

    # -- model -------------------------------------------------------------------------------

    @asyncSlot(str)
    async def _on_model_selected(self, model_id: str) -> None:
        await self.show_model(model_id)

    async def show_model(self, model_id: str) -> bool:
        """Show a model in the form, with its remembered values; False if it cannot be shown."""
        self.flows.remember_now()
        try:
            record = await self.catalog.full(model_id)
        except SonodeskError as exc:
            self._window.show_message(f"{model_id}: {exc.full_text()}", 0)
            return False
        if self._picker.current_model_id() not in (None, model_id):
            return False  # the user picked another model while this one loaded
        self._model = record
        self._specs = specs_for(record)
        self._quote = None
        self._panel.set_model(
            record.name,
            self._specs,
            self.flows.initial_values(model_id, self._specs),
            provider=self.session.provider.display_name,
            description=record.short_description,
        )
        self.session.settings.last_model_id = model_id
        self.session.save_settings()
        self._show_model_status(model_id)
        self._request_quote()
        self.sig_model_ready.emit(model_id)
        return True

    async def show_model_with(self, model_id: str, params: dict[str, Any]) -> bool:
        """Show ``model_id`` with these values (a take's settings), fitted to today's schema."""
        if self.catalog.listed(model_id) is None:
            self.say(
                f"The model {model_id} is not available with {self.session.provider.display_name}."
            )
            return False
        self._picker.select_model(model_id)
        if not await self.show_model(model_id):
            return False
        values, notes = merge_values(self._specs, params)
        self._panel.form.set_values(values)
        if notes:
            self.say("Some settings did not fit the model today: " + "; ".join(notes))
        self.show_create_page()
        return True

    def _show_model_status(self, model_id: str) -> None:
        """Deprecated → a one-click switch to the successor; a blocker → said up front."""
        status = self.catalog.status(model_id)
        if status is not None and status.successor_id and status.can_switch:
            successor = status.successor_id
            self.model_notice.show_notice(
                f"<b>{escape(status.name)}</b> is deprecated; its successor is "
                f"<b>{escape(status.successor_name or successor)}</b>.",
                [
                    (
                        f"Switch to {status.successor_name or successor}",
                        lambda: self._switch_to(successor),
                    )
                ],
                kind="warning",
            )
        elif status is not None and status.blocker:
            self.model_notice.show_notice(escape(status.blocker), [], kind="info")
        else:
            self.model_notice.hide()

    def _switch_to(self, model_id: str) -> None:
        self._picker.select_model(model_id)
        self._picker.sig_model_selected.emit(model_id)

    async def provider_changed(self) -> None:
        """The session now runs another provider: new catalogue, prices, models, form."""
        self.flows.remember_now()
        self.quoter.cancel()
        self.catalog = self.session.catalog
        self.quoter = PriceQuoter(self.session.provider.quote, self._on_quote)
        self._model, self._specs, self._quote = None, (), None
        self._price_hints.clear()
        await self.start()

    @property
    def current_model(self) -> ModelRecord | None:
        return self._model

    @property
    def specs(self) -> tuple[FieldSpec, ...]:
        return self._specs

    def form_values(self) -> dict[str, Any]:
        return self._panel.form.values()

    def say(self, text: str, timeout_ms: int = 8000) -> None:
        self._window.show_message(text, timeout_ms)

    def show_create_page(self) -> None:
        self._window.show_page("create")

    def play_file(self, path: Path) -> None:
        self._player.load_take(str(path), title=path.name, autoplay=True)

    # -- price -------------------------------------------------------------------------------

    def _request_quote(self) -> None:
        if self._model is None:
            return
        try:
            body = self._panel.form.body()
        except ValueError:
            self._panel.set_price(None)  # an invalid form has no price yet
            return
        self._panel.set_busy_quoting(True)
        self.quoter.request(self._model.model_id, body)

    def _on_values_changed(self) -> None:
        # A dry run needs a valid body, and fields that do not change the price (the prompt)
        # are often what makes it valid: quote on any edit until a price is known.
        if self._quote is None or self._quote.quote is None:
            self._request_quote()

    def _on_quote(self, result: QuoteResult) -> None:
        self._panel.set_busy_quoting(False)
        if self._model is None or result.model_id != self._model.model_id:
            return
        self._quote = result
        single = format_price(result.quote)
        if single:
            self._price_hints[result.model_id] = f"≈ {single}"
            self._picker.refresh_costs()
        self._panel.set_price(format_price(result.quote, self._panel.takes()))

    def _on_takes_changed(self, takes: int) -> None:
        quote = self._quote.quote if self._quote else None
        self._panel.set_price(format_price(quote, takes))

    # -- generate ----------------------------------------------------------------------------

    def _on_generate_requested(self, values: dict[str, Any], takes: int) -> None:
        """Plan N takes with known seeds and hand them to the engine; never waits."""
        if self._model is None:
            return
        model = self._model
        status = self.catalog.status(model.model_id)
        if status is not None and status.blocker:
            self.say(status.blocker)
            return
        try:
            planned = plan_generation(
                self._specs,
                values,
                takes,
                seed_locked=self._panel.form.seed_locked(),
                rng=self._rng,
            )
        except (SonodeskError, ValueError) as exc:
            self._window.show_message(str(exc), 8000)
            return
        engine = self.session.engine
        quote = self._quote.quote.cost if self._quote and self._quote.quote else None
        provider_id = self.session.provider.provider_id
        refusal = batch_refusal(
            self.session.store, self.session.budget_policy, provider_id, [quote] * len(planned)
        )
        if refusal:  # refused whole: never half a batch
            self.say(refusal, 0)
            return
        batch = engine.new_batch_id()
        job_ids = []
        for job in planned:
            record = engine.submit(
                self.session.provider.provider_id,
                model.model_id,
                job.params,
                files=job.files,
                model_name=model.name,
                batch_id=batch,
                batch_index=job.index,
                quoted_cost=quote,
            )
            job_ids.append(record.id)
        self._latest_batch = batch
        if planned[0].seed is not None:
            self._panel.form.set_last_used_seed(planned[0].seed)
        count = len(job_ids)
        self._window.show_message(f"Generating {count} take{'s' if count > 1 else ''}…", 4000)
        self.sig_jobs_submitted.emit(job_ids)

    # -- jobs --------------------------------------------------------------------------------

    def on_job_changed(self, job: JobRecord) -> None:
        """A job moved: a server rejection that names a field is shown on that field."""
        same_model = self._model is not None and job.model_id == self._model.model_id
        if job.state is JobState.FAILED and job.error_field and same_model:
            editor = self._panel.form.editor(job.error_field)
            if editor is not None:
                editor.set_error(job.error.split(": ", 1)[-1] if job.error else "Rejected.")
                self._panel.form.reveal(job.error_field, focus=False)

    def on_take_added(self, take: TakeRecord, job: JobRecord) -> None:
        """The newest take auto-plays (setting), but only the first take of the latest batch."""
        if not self.session.settings.auto_play_newest:
            return
        if job.batch_id == self._latest_batch and job.batch_index == 0 and take.output_index == 0:
            self._player.load_take(take.file_path, title=take.title, autoplay=True)

    @asyncSlot(str)
    async def _on_cancel_requested(self, job_id: str) -> None:
        try:
            await self.session.engine.cancel(job_id)
        except CancelRefusedError as exc:
            self._jobs.show_cancel_refused(job_id, exc.full_text())
        except SonodeskError as exc:
            self._window.show_message(exc.full_text(), 8000)

    @asyncSlot(str)
    async def _on_stop_tracking_requested(self, job_id: str) -> None:
        await self.session.engine.stop_tracking(job_id)

    def _on_retry_requested(self, job_id: str) -> None:
        try:
            self.session.engine.retry(job_id)
        except SonodeskError as exc:
            self._window.show_message(exc.full_text(), 8000)

    def _on_open_take_requested(self, job_id: str) -> None:
        takes = self.session.store.takes_for_job(job_id)
        if takes:
            self._player.load_take(takes[0].file_path, title=takes[0].title, autoplay=True)

    def _on_preview_requested(self, path: str) -> None:
        self.play_file(Path(path))

    async def aclose(self) -> None:
        self.flows.remember_now()
        await self.quoter.aclose()
