"""The JSON the sandbox answers with, matching scenario-sdk's response models field for field.

Also translates catalog values the SDK's enums do not know (the kit model type) into ones it
does, so strict clients validate every answer. No I/O, no Qt.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from sonodesk.sandbox.catalog import KIT_MODEL_TYPE
from sonodesk.sandbox.ids import iso
from sonodesk.sandbox.records import AssetRecord, JobRecord, UploadRecord
from sonodesk.sandbox.timeline import JobView

AUTHOR_ID = "sandbox-user"
OWNER_ID = "proj_sandbox"
# The SDK's Model.type and ModelInput.modelTypes are closed enums without a kit type; kits
# travel as "custom" models tagged "kit" (the catalog keeps its own type for validation).
_WIRE_MODEL_TYPES = {KIT_MODEL_TYPE: "custom"}


def model_json(record: Mapping[str, Any], *, with_inputs: bool) -> dict[str, Any]:
    model = copy.deepcopy(dict(record))
    model["type"] = _WIRE_MODEL_TYPES.get(model.get("type", "custom"), model.get("type", "custom"))
    model.setdefault("collectionIds", [])
    model.setdefault("exampleAssetIds", [])
    model.setdefault("source", "scenario")
    model.setdefault("trainingImagesNumber", 0)
    model.setdefault("authorId", AUTHOR_ID)
    model.setdefault("ownerId", OWNER_ID)
    inputs = model.pop("inputs", None)
    if with_inputs and inputs is not None:
        model["inputs"] = [_wire_input(spec) for spec in inputs]
    return model


def _wire_input(spec: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(spec)
    if "modelTypes" in out:
        out["modelTypes"] = sorted({_WIRE_MODEL_TYPES.get(t, t) for t in out["modelTypes"]})
    if "inputs" in out:
        out["inputs"] = [_wire_input(sub) for sub in out["inputs"]]
    return out


def job_json(job: JobRecord, view: JobView) -> dict[str, Any]:
    metadata: dict[str, Any] = {"input": copy.deepcopy(job.input), "modelId": job.model_id}
    if view.status == "success":
        metadata["assetIds"] = list(job.asset_ids)
    elif view.status == "failure":
        failure = job.failure or {
            "error": job.render_error or "The generation failed.",
            "hint": "Check the inputs (for example the uploaded audio) and try again.",
        }
        metadata["error"] = failure["error"]
        metadata["hint"] = failure["hint"]
    return {
        "jobId": job.job_id,
        "jobType": "custom",
        "status": view.status,
        "progress": view.progress,
        "statusHistory": [{"status": status, "date": iso(at)} for status, at in view.history],
        "createdAt": iso(job.created_at),
        "updatedAt": iso(view.updated_at),
        "authorId": AUTHOR_ID,
        "ownerId": OWNER_ID,
        "billing": {"cuCost": job.cost, "cuDiscount": 0},
        "metadata": metadata,
    }


def asset_json(asset: AssetRecord, url: str) -> dict[str, Any]:
    return {
        "id": asset.asset_id,
        "authorId": AUTHOR_ID,
        "ownerId": OWNER_ID,
        "collectionIds": [],
        "createdAt": iso(asset.created_at),
        "updatedAt": iso(asset.created_at),
        "editCapabilities": [],
        "kind": "audio",
        "metadata": copy.deepcopy(asset.metadata),
        "mimeType": asset.mime_type,
        "privacy": "private",
        "properties": copy.deepcopy(asset.properties),
        "source": asset.source,
        "status": "success",
        "tags": [],
        "url": url,
        "outputIndex": asset.output_index,
        "isHidden": False,
    }


def upload_json(upload: UploadRecord, parts: list[dict[str, Any]] | None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": upload.upload_id,
        "authorId": AUTHOR_ID,
        "ownerId": OWNER_ID,
        "createdAt": iso(upload.created_at),
        "updatedAt": iso(upload.updated_at),
        "fileName": upload.file_name,
        "originalFileName": upload.file_name,
        "kind": upload.kind,
        "source": "multipart",
        "status": upload.status,
        "contentType": upload.content_type,
        "fileSize": upload.file_size,
        "partsCount": upload.parts,
    }
    if parts is not None:
        body["parts"] = parts
    if upload.asset_options:
        body["assetOptions"] = copy.deepcopy(upload.asset_options)
    if upload.entity_id:
        body["entityId"] = upload.entity_id
    if upload.error_message:
        body["errorMessage"] = upload.error_message
    return body
