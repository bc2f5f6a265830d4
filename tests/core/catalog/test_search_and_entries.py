"""Catalogue search and the entries the picker shows."""

from __future__ import annotations

from sonodesk.core.catalog.categories import Category
from sonodesk.core.catalog.entries import build_entries
from sonodesk.core.catalog.search import haystack, matches, query_words
from sonodesk.core.providers.base import ModelRecord


def _record(model_id: str, name: str, **extra: object) -> ModelRecord:
    fields: dict[str, object] = {"capabilities": ("txt2audio",), "provider_id": "scenario"}
    fields.update(extra)
    return ModelRecord(model_id=model_id, name=name, **fields)  # type: ignore[arg-type]


def test_query_words_are_casefolded() -> None:
    assert query_words("  Lo-Fi  DRUMS ") == ("lo-fi", "drums")
    assert query_words("   ") == ()


def test_every_word_must_match_somewhere() -> None:
    text = haystack(["ElevenLabs Music v2", "model_elevenlabs-music-v2", "Songs", "Music"])
    assert matches(query_words("eleven songs"), text)
    assert matches(query_words("MUSIC v2"), text)
    assert not matches(query_words("eleven speech"), text)
    assert matches((), text)


def test_entries_are_grouped_sorted_and_audio_only() -> None:
    records = [
        _record("model_b-tts", "Beta Voice"),
        _record("model_z-music", "Zeta"),
        _record("model_a-music", "alpha"),
        _record("model_old-music", "Aardvark", tags=("deprecated:model_a-music",)),
        _record("model_image", "Picture", capabilities=("txt2img",)),
        _record("model_fx", "Boom", tags=("sfx",)),
    ]
    entries = build_entries(records)
    assert [e.model_id for e in entries] == [
        "model_a-music",
        "model_z-music",
        "model_old-music",  # deprecated models come after current ones in their group
        "model_b-tts",
        "model_fx",
    ]
    assert [e.category for e in entries][:3] == [Category.MUSIC] * 3


def test_entry_marks_and_texts() -> None:
    records = [
        _record("model_lyria-3-pro", "Lyria 3 Pro", access_restrictions=50),
        _record("model_lyria-2", "Lyria 2", tags=("deprecated:model_lyria-3-pro",)),
        _record("model_gone", "Gone", tags=("deprecated:model_unknown-next",)),
        _record("model_s", "Sketch", provider_id="sandbox", short_description="  Two\n lines "),
    ]
    by_id = {e.model_id: e for e in build_entries(records)}
    assert by_id["model_lyria-3-pro"].plan_note == "Needs Pro plan"
    assert by_id["model_lyria-2"].deprecation_note == "Deprecated → Lyria 3 Pro"
    assert by_id["model_gone"].deprecated_successor == "unknown-next"
    assert by_id["model_s"].provider == "Sandbox"
    assert by_id["model_s"].description == "Two lines"
    assert not by_id["model_s"].deprecated and by_id["model_s"].plan_note is None


def test_search_text_covers_name_id_description_category_and_provider() -> None:
    (entry,) = build_entries(
        [_record("model_x-tts", "Narrator", short_description="Warm radio voice")]
    )
    for query in ("narrator", "x-tts", "radio", "speech", "scenario", "WARM narr"):
        assert matches(query_words(query), entry.search_text), query


def test_duplicates_are_listed_once() -> None:
    records = [_record("model_a", "A"), _record("model_a", "A again")]
    assert [e.name for e in build_entries(records)] == ["A"]
