"""Server JSON is untrusted: parsers return sane values or a ProtocolError, never crash."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sonodesk.core.errors import ProtocolError
from sonodesk.core.providers import scenario_parse as parse
from sonodesk.core.providers.status import RemoteStatus, parse_status


def test_job_round_trip() -> None:
    job = parse.job_from_json(
        {
            "job": {
                "jobId": "job_1",
                "status": "in-progress",
                "progress": 0.42,
                "metadata": {"assetIds": ["asset_a", "asset_b"], "input": {"prompt": "x"}},
                "billing": {"cuCost": 2.5, "cuDiscount": 0},
                "createdAt": "2026-11-21T10:00:00.000Z",
            }
        }
    )
    assert job.job_id == "job_1" and job.status is RemoteStatus.IN_PROGRESS
    assert job.progress == 0.42 and job.output_refs == ("asset_a", "asset_b")
    assert job.cost == 2.5 and job.inputs == {"prompt": "x"}
    assert job.created_at == pytest.approx(1795255200.0)


@pytest.mark.parametrize(
    ("word", "status"),
    [
        ("pending", RemoteStatus.PENDING),
        ("queued", RemoteStatus.QUEUED),
        ("warming-up", RemoteStatus.WARMING_UP),
        ("in-progress", RemoteStatus.IN_PROGRESS),
        ("finalizing", RemoteStatus.FINALIZING),
        ("success", RemoteStatus.SUCCESS),
        ("failure", RemoteStatus.FAILURE),
        ("canceled", RemoteStatus.CANCELED),
        ("failed", RemoteStatus.FAILURE),
        ("error", RemoteStatus.FAILURE),
        ("cancelled", RemoteStatus.CANCELED),
        ("processing", RemoteStatus.IN_PROGRESS),
        ("SUCCESS ", RemoteStatus.SUCCESS),
        ("exploded", None),
        (None, None),
    ],
)
def test_status_words(word: object, status: RemoteStatus | None) -> None:
    assert parse_status(word) is status


def test_hostile_job_fields_are_neutralised() -> None:
    job = parse.job_from_json(
        {
            "jobId": "job_2",
            "status": 42,
            "progress": -3,
            "metadata": {"assetIds": ["../../etc/passwd", "ok_id", 5, "x" * 5000], "error": 7},
            "billing": {"cuCost": "free"},
        }
    )
    assert job.status is None and job.progress == 0.0
    assert job.output_refs == ("ok_id",)
    assert job.error is None and job.cost is None


@pytest.mark.parametrize("payload", [None, [], "job", {"job": {}}, {"jobId": ""}, {"jobId": "a/b"}])
def test_unusable_jobs_raise_protocol_error(payload: object) -> None:
    with pytest.raises(ProtocolError):
        parse.job_from_json(payload)


def test_asset_requires_url_and_reads_properties() -> None:
    asset = parse.asset_from_json(
        {
            "asset": {
                "id": "asset_1",
                "url": "https://cdn.example/x?Signature=s",
                "mimeType": "audio/mpeg",
                "properties": {"size": 1234, "duration": 3.5, "sampleRate": 44100, "channels": 2},
                "metadata": {"seed": 77},
            }
        },
        "asset_1",
    )
    assert (asset.size, asset.duration, asset.sample_rate, asset.channels) == (1234, 3.5, 44100, 2)
    assert asset.seed == 77
    with pytest.raises(ProtocolError):
        parse.asset_from_json({"asset": {"id": "asset_1"}}, "asset_1")
    assert parse.asset_from_json({"url": "https://x", "properties": {"size": -5}}, "r").size is None


def test_model_record_and_deprecation_tag() -> None:
    model = parse.model_from_json(
        {
            "model": {
                "id": "model_a",
                "tags": ["deprecated:model_b", 3],
                "inputs": [{"name": "p"}, 1],
                "accessRestrictions": 50,
            }
        },
        "scenario",
    )
    assert model.deprecated_successor == "model_b"
    assert model.inputs == ({"name": "p"},)
    assert model.access_restrictions == 50 and model.name == "model_a"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=50),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)
job_like = st.fixed_dictionaries(
    {},
    optional={
        "jobId": json_values | st.text(max_size=30),
        "status": json_values | st.sampled_from(["success", "failure", "in-progress", "odd"]),
        "progress": json_values,
        "metadata": st.dictionaries(
            st.sampled_from(["assetIds", "error", "input", "hint"]), json_values, max_size=4
        ),
        "billing": st.dictionaries(st.sampled_from(["cuCost"]), json_values),
        "createdAt": json_values,
    },
)


@settings(max_examples=300, deadline=None)
@given(payload=st.one_of(json_values, job_like, st.fixed_dictionaries({"job": job_like})))
def test_any_json_gives_a_job_or_protocol_error(payload: object) -> None:
    try:
        job = parse.job_from_json(payload)
    except ProtocolError:
        return
    assert isinstance(job.job_id, str) and job.job_id
    assert job.progress is None or 0.0 <= job.progress <= 1.0
    assert all(isinstance(ref, str) and "/" not in ref for ref in job.output_refs)


@settings(max_examples=200, deadline=None)
@given(payload=json_values)
def test_any_json_gives_an_asset_model_or_protocol_error(payload: object) -> None:
    for reader in (
        lambda p: parse.asset_from_json(p, "ref"),
        lambda p: parse.model_from_json(p, "scenario"),
        parse.upload_from_json,
    ):
        with contextlib.suppress(ProtocolError):
            reader(payload)
