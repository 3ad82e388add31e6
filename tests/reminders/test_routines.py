"""Stretching routines: the real content file passes its checks; broken files fail with a named problem."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from bot.reminders.routines import (
    DEFAULT_CONTENT_DIR,
    ROUTINES_FILE,
    Routine,
    RoutineError,
    Source,
    format_routine,
    load_routines,
    routine_for,
)

EXPECTED_IDS = ["calf", "hamstring", "quadriceps", "hip", "back"]


@pytest.fixture(scope="module")
def routines() -> list[Routine]:
    return load_routines(DEFAULT_CONTENT_DIR)


def test_content_file_has_the_five_routines(routines: list[Routine]) -> None:
    assert [routine.id for routine in routines] == EXPECTED_IDS
    for routine in routines:
        assert 2 <= len(routine.steps) <= 4
        assert date(2026, 11, 21) <= routine.reviewed <= date.today()
        assert routine.hold_seconds > 0 and routine.repetitions > 0
        assert routine.sources and all(source.url.startswith("http") for source in routine.sources)
        caution = routine.caution_hypermobile.lower()
        assert "eds/hsd" in caution
        assert any(word in caution for word in ("comfortable", "mild", "easy", "range"))


def test_formatted_routines_fit_and_carry_the_essentials(routines: list[Routine]) -> None:
    for routine in routines:
        text = format_routine(routine)
        assert len(text) <= 900
        assert text.startswith(routine.title)
        assert all(step in text for step in routine.steps)
        assert routine.caution_hypermobile in text
        assert f"{routine.hold_seconds} s" in text
        assert all(source.name in text for source in routine.sources)
        assert not re.search(r"\d\s*(mg|mcg|ml|tablets?)\b", text, re.IGNORECASE)  # no doses


def test_routine_for_rotates_through_all(routines: list[Routine]) -> None:
    picked = [routine_for(n).id for n in range(10)]
    assert picked == EXPECTED_IDS * 2
    assert routine_for(-1).id == "back"
    assert routine_for(7, routines[:2]).id == "hamstring"


def test_format_drops_links_from_the_end_when_too_long(routines: list[Routine]) -> None:
    long_url = "https://example.org/" + "x" * 400
    base = routines[0]
    routine = Routine(
        **{**base.__dict__, "sources": (Source("First", "https://a.example/1"), Source("Second", long_url))}
    )
    text = format_routine(routine)
    assert len(text) <= 900
    assert "https://a.example/1" in text and "Second" in text and long_url not in text


def _write(tmp_path: Path, data: object) -> Path:
    (tmp_path / ROUTINES_FILE).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return tmp_path


def _valid_raw() -> dict:
    return {
        "id": "calf",
        "title": "Calf",
        "steps": ["Face a wall.", "Lean in gently."],
        "hold_seconds": 3,
        "repetitions": 10,
        "caution_hypermobile": "Stay within a comfortable range.",
        "sources": [{"name": "NHS", "url": "https://www.nhs.uk/"}],
        "reviewed": date(2026, 11, 21),
    }


def test_minimal_valid_file_loads(tmp_path: Path) -> None:
    loaded = load_routines(_write(tmp_path, {"routines": [_valid_raw()]}))
    assert loaded[0].steps == ("Face a wall.", "Lean in gently.")
    assert loaded[0].sources == (Source("NHS", "https://www.nhs.uk/"),)


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"steps": ["Only one."]}, "steps must be a list of 2 to 4"),
        ({"steps": ["a", "b", "c", "d", "e"]}, "steps must be a list of 2 to 4"),
        ({"steps": ["ok", "x" * 200]}, "each step is longer"),
        ({"hold_seconds": True}, "hold_seconds must be a whole number"),
        ({"hold_seconds": 0}, "hold_seconds must be a whole number"),
        ({"repetitions": "ten"}, "repetitions must be a whole number"),
        ({"sources": []}, "sources must be a non-empty list"),
        ({"sources": [{"name": "NHS", "url": "nhs.uk"}]}, "url must start with http"),
        ({"sources": [{"name": "NHS"}]}, "exactly a name and a url"),
        ({"reviewed": "soon"}, "reviewed must be a date"),
        ({"id": "Calf Stretch"}, "id must be lower_snake_case"),
        ({"caution_hypermobile": ""}, "caution_hypermobile must be non-empty"),
        ({"colour": "red"}, "unknown field colour"),
        ({"caution_hypermobile": "y " * 140, "title": "t" * 80, "steps": ["s" * 160] * 4}, "exceed 900"),
    ],
)
def test_broken_routine_names_the_problem(tmp_path: Path, change: dict, problem: str) -> None:
    raw = {**_valid_raw(), **change}
    with pytest.raises(RoutineError, match=problem) as caught:
        load_routines(_write(tmp_path, {"routines": [raw]}))
    assert "\n" not in str(caught.value)


def test_missing_field_is_named(tmp_path: Path) -> None:
    raw = _valid_raw()
    del raw["sources"]
    with pytest.raises(RoutineError, match="routine 'calf': missing sources"):
        load_routines(_write(tmp_path, {"routines": [raw]}))


def test_duplicate_ids_rejected(tmp_path: Path) -> None:
    with pytest.raises(RoutineError, match="used twice"):
        load_routines(_write(tmp_path, {"routines": [_valid_raw(), _valid_raw()]}))


def test_unusable_files(tmp_path: Path) -> None:
    with pytest.raises(RoutineError, match="cannot read"):
        load_routines(tmp_path)
    (tmp_path / ROUTINES_FILE).write_text("routines: [unclosed", encoding="utf-8")
    with pytest.raises(RoutineError, match="not valid YAML"):
        load_routines(tmp_path)
    with pytest.raises(RoutineError, match="top-level 'routines:' list"):
        load_routines(_write(tmp_path, {"routines": []}))
