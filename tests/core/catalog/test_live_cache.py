"""The model cache on disk: round trip, fetch times, damaged and foreign files, atomic writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sonodesk.core.catalog.cache import ModelCache, account_scope
from sonodesk.core.providers.base import ModelRecord

RECORD = ModelRecord(
    "model_a/b",
    "A",
    "scenario",
    short_description="Songs",
    capabilities=("txt2audio",),
    tags=("music", "deprecated:model_c"),
    access_restrictions=50,
    inputs=({"name": "prompt", "type": "string"},),
    ui_config={"selects": {}},
)


@pytest.fixture
def cache(tmp_path: Path) -> ModelCache:
    return ModelCache(tmp_path, "scenario", account_scope("https://x.test/v1", None, "k" * 20))


def test_round_trip_keeps_every_field_and_the_fetch_time(cache: ModelCache) -> None:
    cache.save_record(123.5, RECORD)
    cache.save_listing(100.0, [RECORD], [])
    loaded = cache.load_record("model_a/b")
    assert loaded is not None and loaded.fetched_at == 123.5
    assert loaded.record == RECORD.__class__(**{**RECORD.__dict__, "schema_source": "cache"})
    listing = cache.load_listing()
    assert listing is not None and listing.fetched_at == 100.0
    assert listing.models[0].deprecated_successor == "model_c"
    # An id with a slash gets a safe file name, never a sub-folder.
    assert next(p.name for p in (cache.folder / "models").iterdir()).startswith("model_a_b-")


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"[]", b'{"format_version": 99}', b"\xff\xfe", b'{"format_version": 1}'],
)
def test_damaged_files_are_ignored(cache: ModelCache, content: bytes) -> None:
    cache.save_record(1.0, RECORD)
    cache.save_listing(1.0, [RECORD], [])
    for path in cache.folder.rglob("*.json"):
        path.write_bytes(content)
    assert cache.load_record("model_a/b") is None
    assert cache.load_listing() is None


def test_a_record_with_bad_fields_is_ignored(cache: ModelCache) -> None:
    cache.save_record(1.0, RECORD)
    path = next(cache.folder.rglob("model_a_b-*.json"))
    data = json.loads(path.read_text())
    data["model"]["inputs"] = "not a list"
    path.write_text(json.dumps(data))
    assert cache.load_record("model_a/b") is None
    data["model"]["inputs"], data["fetched_at"] = [], float("inf")
    path.write_text(json.dumps(data))
    assert cache.load_record("model_a/b") is None


def test_another_scope_does_not_read_this_cache(cache: ModelCache, tmp_path: Path) -> None:
    cache.save_listing(1.0, [RECORD], [])
    other = ModelCache(tmp_path, "scenario", account_scope("https://x.test/v1", None, "j" * 20))
    assert other.load_listing() is None
    # The scope is a digest: the key itself never reaches the disk.
    assert "k" * 20 not in (cache.folder / "listing.json").read_text()


def test_writes_leave_no_temporary_files(cache: ModelCache) -> None:
    for n in range(3):
        cache.save_record(float(n), RECORD)
    names = [p.name for p in cache.folder.rglob("*") if p.is_file()]
    assert len(names) == 1 and not any(name.endswith(".tmp") for name in names)


def test_an_unwritable_cache_is_not_an_error(tmp_path: Path) -> None:
    blocker = tmp_path / "blocked"
    blocker.write_text("a file where the folder should be")
    cache = ModelCache(blocker, "scenario", "scope")
    cache.save_record(1.0, RECORD)  # logged, not raised
    assert cache.load_record("model_a/b") is None
