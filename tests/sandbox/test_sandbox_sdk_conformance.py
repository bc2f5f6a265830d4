"""Protocol conformance: the official scenario-sdk in strict mode drives every sandbox route.

Strict response validation raises on any field, type or enum mismatch, so each call passing
proves the JSON shape. Everything is passed explicitly; conftest clears SCENARIO_* env vars.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import numpy as np
import pytest
import scenario_sdk
from scenario_sdk import AsyncScenario

from sonodesk.sandbox import catalog
from support.sandbox_http import SFX_MODEL_ID, TOOLS_MODEL_ID, wav_bytes


def _client(sandbox: Any) -> AsyncScenario:
    return AsyncScenario(
        api_key="sdk-key",
        api_secret="sdk-secret",
        base_url=sandbox.api_url,
        max_retries=0,
        timeout=30.0,
        _strict_response_validation=True,
    )


async def _wait(client: AsyncScenario, job_id: str) -> Any:
    for _ in range(2000):
        job = (await client.jobs.retrieve(job_id)).job
        if job.status in ("success", "failure", "canceled"):
            return job
        await asyncio.sleep(0.01)
    raise AssertionError("job did not finish")


def test_models_list_and_retrieve(sandbox) -> None:
    async def run() -> None:
        async with _client(sandbox) as client:
            public = [m async for m in client.models.list(privacy="public")]
            private = [m async for m in client.models.list()]
            paged = [m async for m in client.models.list(privacy="public", page_size=1)]
            assert [m.id for m in public] == [m["id"] for m in catalog.MODELS]
            assert [m.id for m in paged] == [m.id for m in public]
            assert [m.id for m in private] == [k["id"] for k in catalog.KITS]
            for model_id in [m.id for m in public + private]:
                model = (await client.models.retrieve(model_id)).model
                assert model.id == model_id
            music = (await client.models.retrieve(catalog.MUSIC_MODEL_ID)).model
            assert music.inputs is not None and music.ui_config is not None
            kit = next(i for i in music.inputs if i.name == "kit")
            assert kit.api_model_types == ["custom"]  # the SDK enum has no kit type
            assert {m.type for m in private} == {"custom"}

    asyncio.run(run())


def test_generate_dry_run_and_run_jobs_and_assets(sandbox) -> None:
    async def run() -> None:
        async with _client(sandbox) as client:
            body = {"prompt": "laser zap", "duration": 1, "numOutputs": 2}
            # The SDK treats 269 as an ordinary 2xx and parses the quote like a run.
            quote = await client.generate.run_model(SFX_MODEL_ID, body=body, dry_run="true")
            assert quote.creative_units_cost == catalog.price(SFX_MODEL_ID, body)
            assert quote.cost_details is not None and quote.cost_details.custom_generation
            raw = await client.generate.with_raw_response.run_model(
                SFX_MODEL_ID, body=body, dry_run="api"
            )
            assert raw.status_code == 269 and (await raw.parse()).job.status == "pending"
            started = await client.generate.run_model(SFX_MODEL_ID, body=body, project_id="proj_x")
            job = await _wait(client, started.job.job_id)
            assert job.status == "success" and job.progress == 1.0
            assert job.metadata.input == body and len(job.metadata.asset_ids or []) == 2
            assert [h.status for h in job.status_history][-1] == "success"
            listed = [j async for j in client.jobs.list(page_size=1)]
            assert [j.job_id for j in listed] == [job.job_id]
            for asset_id in job.metadata.asset_ids or []:
                asset = (await client.assets.retrieve(asset_id)).asset
                assert asset.kind == "audio" and asset.properties.duration == 1.0
                assert asset.metadata.seed is not None and asset.source == "txt2audio"
                link = await client.assets.download.request(asset_id)
                async with httpx.AsyncClient() as http:
                    assert (await http.get(link.url)).status_code == 200
            with pytest.raises(scenario_sdk.BadRequestError) as refused:
                await client.assets.download.request(job.metadata.asset_ids[0], target_format="mp3")  # type: ignore[index]
            assert refused.value.status_code == 400
            with pytest.raises(
                scenario_sdk.BadRequestError, match="must be less than or equal to 30"
            ):
                await client.generate.run_model(SFX_MODEL_ID, body={"prompt": "x", "duration": 99})
            with pytest.raises(scenario_sdk.NotFoundError):
                await client.jobs.retrieve("job_nope")

    asyncio.run(run())


def test_cancel_through_the_sdk(sandbox_factory) -> None:
    sandbox = sandbox_factory(time_scale=0.5)

    async def run() -> None:
        async with _client(sandbox) as client:
            started = await client.generate.run_model(SFX_MODEL_ID, body={"prompt": "wind"})
            canceled = await client.jobs.trigger_action(started.job.job_id, action="cancel")
            assert canceled.job.status == "canceled"
            running = await client.generate.run_model(SFX_MODEL_ID, body={"prompt": "wind"})
            while (await client.jobs.retrieve(running.job.job_id)).job.status in (
                "pending", "queued", "warming-up",
            ):  # fmt: skip
                await asyncio.sleep(0.01)
            with pytest.raises(scenario_sdk.BadRequestError, match="Action not permitted"):
                await client.jobs.trigger_action(running.job.job_id, action="cancel")

    asyncio.run(run())


def test_upload_flow_and_tools_through_the_sdk(sandbox) -> None:
    data = wav_bytes(np.linspace(-0.5, 0.5, 8000, dtype=np.float32)[:, None], 8000)

    async def run() -> None:
        async with _client(sandbox) as client:
            created = await client.uploads.create(
                file_name="clip.wav",
                content_type="audio/wav",
                kind="audio",
                file_size=len(data),
                parts=1,
                asset_options={"hide": False},
            )
            assert created.upload.status == "pending" and created.upload.parts
            async with httpx.AsyncClient() as http:
                put = await http.put(created.upload.parts[0].url, content=data)
                assert put.status_code == 200
            done = await client.uploads.trigger_action(created.upload.id, action="complete")
            assert done.upload.status == "validating"
            for _ in range(1000):
                upload = (await client.uploads.retrieve(created.upload.id)).upload
                if upload.status in ("imported", "failed"):
                    break
                await asyncio.sleep(0.01)
            assert upload.status == "imported" and upload.entity_id
            asset = (await client.assets.retrieve(upload.entity_id)).asset
            assert asset.source == "uploaded-audio" and asset.properties.sample_rate == 8000
            started = await client.generate.run_model(
                TOOLS_MODEL_ID, body={"audio": upload.entity_id, "cutPoints": [0.5]}
            )
            job = await _wait(client, started.job.job_id)
            assert job.status == "success" and len(job.metadata.asset_ids or []) == 2
            output = (await client.assets.retrieve(job.metadata.asset_ids[0])).asset  # type: ignore[index]
            assert output.source == "audio2audio" and output.metadata.parent_id == upload.entity_id

    asyncio.run(run())


def test_failure_jobs_validate_and_sdk_paging_stops_at_empty_pages(sandbox_factory) -> None:
    sandbox = sandbox_factory(empty_pages=True)
    sandbox.script_fault("job_failure", "generate")

    async def run() -> None:
        async with _client(sandbox) as client:
            failed = await client.generate.run_model(
                SFX_MODEL_ID, body={"prompt": "x", "duration": 1}
            )
            job = await _wait(client, failed.job.job_id)
            assert job.status == "failure" and job.metadata.error and job.metadata.hint
            for _ in range(3):
                await client.generate.run_model(SFX_MODEL_ID, body={"prompt": "y", "duration": 1})
            # Found here: the SDK's auto-paging stops at the first empty page even though
            # nextPaginationToken is set, so a client must follow the token itself.
            auto = [j async for j in client.jobs.list(page_size=1)]
            assert len(auto) == 1
            manual, token = [], None
            for _ in range(20):
                page = await client.jobs.list(
                    page_size=1, **({"pagination_token": token} if token else {})
                )
                manual += page.jobs
                token = page.next_pagination_token
                if not token:
                    break
            assert len(manual) == 4

    asyncio.run(run())


def test_sdk_sees_401_and_429(sandbox_factory) -> None:
    sandbox = sandbox_factory(require_credentials="right:secret", max_concurrent_jobs=1)

    async def run() -> None:
        async with _client(sandbox) as wrong:
            with pytest.raises(scenario_sdk.AuthenticationError):
                await wrong.models.retrieve(SFX_MODEL_ID)
        async with AsyncScenario(
            api_key="right",
            api_secret="secret",
            base_url=sandbox.api_url,
            max_retries=0,
            _strict_response_validation=True,
        ) as client:
            await client.generate.run_model(SFX_MODEL_ID, body={"prompt": "x"})
            with pytest.raises(scenario_sdk.RateLimitError) as limited:
                await client.generate.run_model(SFX_MODEL_ID, body={"prompt": "x"})
            assert limited.value.body["details"]["actionLimit"] == 1  # type: ignore[index]

    asyncio.run(run())
