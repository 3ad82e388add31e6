"""bot.lang: the one normaliser's options, and the shared number and unit vocabulary."""

from __future__ import annotations

import re

import pytest

from bot.lang import NUMBER_WORD_RE, NUMBER_WORDS, normalise, number_value, unit_seconds
from bot.lang.quantities import DAY_UNITS, HOUR_UNITS, MINUTE_UNITS, SECOND_UNITS, WEEK_UNITS


def test_defaults_lower_case_and_collapse_whitespace_only() -> None:
    assert normalise("  Calf\tCRAMP \n 7/10!  ") == "calf cramp 7/10!"


def test_case_options() -> None:
    assert normalise("Straße", case="keep") == "Straße"
    assert normalise("Straße") == "straße"
    assert normalise("Straße", case="casefold") == "strasse"


def test_collapse_off_keeps_spacing() -> None:
    assert normalise(" a  b ", collapse=False) == " a  b "


@pytest.mark.parametrize(
    ("mode", "expected"),
    [("keep", "can’t canʼt can`t"), ("straight", "can't can't can't"), ("drop", "cant cant cant")],
)
def test_apostrophes(mode: str, expected: str) -> None:
    assert normalise("can’t canʼt can`t", apostrophes=mode) == expected  # type: ignore[arg-type]


def test_straight_apostrophes_keep_the_ascii_one_and_drop_removes_it() -> None:
    assert normalise("don't", apostrophes="straight") == "don't"
    assert normalise("don't", apostrophes="drop") == "dont"


def test_ascii_punctuation_quotes_dashes_and_fraction_slash() -> None:
    assert normalise("“calf” 2–3 min — 7⁄10 −1", ascii_punctuation=True) == '"calf" 2-3 min - 7/10 -1'
    assert normalise("2–3", ascii_punctuation=False) == "2–3"


def test_unicode_form_nfkc_folds_full_width_digits() -> None:
    assert normalise("７／１０", form="NFKC") == "7/10"
    assert normalise("７", form=None) == "７"


def test_accents_and_ascii_only() -> None:
    assert normalise("Zürich", form="NFKD", accents=False) == "zurich"
    assert normalise("Zürich") == "zürich"
    assert normalise("crampe 😖 Zürich", form="NFKD", ascii_only=True) == "crampe zurich"


def test_half_becomes_a_decimal() -> None:
    assert normalise("1½ min", half=True) == "1.5 min"
    assert normalise("1½ min") == "1½ min"


def test_invisible_characters_and_terminal_escapes() -> None:
    assert normalise("ca\u200blf\x1b[31m 7\x00", invisible=True) == "calf 7"
    assert normalise("ca\u200blf", invisible=False) == "ca\u200blf"


def test_punctuation_space_keeps_words_apostrophes_and_hyphens() -> None:
    assert normalise("Is it OK? night-time cramps, don't (7/10)", punctuation="space") == (
        "is it ok night-time cramps don't 7 10"
    )
    assert normalise("snake_case", punctuation="space") == "snake case"
    assert normalise("7/10?", punctuation="keep") == "7/10?"


def test_as_space() -> None:
    assert normalise("America/New_York", as_space="_") == "america/new york"


def test_head_cuts_the_input_and_limit_the_result() -> None:
    assert normalise("ab    cd", head=4) == "ab"
    assert normalise("ab    cd", limit=4) == "ab c"


def test_number_words_and_values() -> None:
    assert NUMBER_WORDS["twenty"] == 20
    assert number_value("forty five") == 45.0
    assert number_value("1,5") == 1.5
    assert number_value("lots") is None
    assert NUMBER_WORD_RE.startswith("forty")  # longest first: "forty five" before "forty"


@pytest.mark.parametrize(
    ("units", "word", "seconds"),
    [
        (SECOND_UNITS, "secs", 1),
        (SECOND_UNITS, "s", 1),
        (MINUTE_UNITS, "minutes", 60),
        (MINUTE_UNITS, "m", 60),
        (HOUR_UNITS, "hrs", 3600),
        (HOUR_UNITS, "H", 3600),
        (DAY_UNITS, "days", 86400),
        (WEEK_UNITS, "wks", 604800),
    ],
)
def test_each_unit_word_matches_and_has_its_length(units: str, word: str, seconds: int) -> None:
    assert re.fullmatch(units, word.lower())
    assert unit_seconds(word) == seconds
