"""Odd input: invisible and control characters, negative numbers, dates far in the past."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.episodes.parse import NEGATIVE_REFUSAL, TOO_OLD_REFUSAL, ParseResult, parse_episode_line
from bot.episodes.textscan import strip_invisible
from bot.episodes.vocabulary import Region
from tests.harness import BotHarness, button_data, texts

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


def _parse(text: str) -> ParseResult:
    return parse_episode_line(text, now=NOW, tz=ZoneInfo("UTC"))


@pytest.mark.parametrize(
    ("text", "clean"),
    [
        ("calf\x1b[31m 7", "calf 7"),  # ANSI colour
        ("\x1b[1;31mcalf 7\x1b[0m", "calf 7"),
        ("ca\u200blf 7", "calf 7"),  # zero-width space inside a word
        ("ca\u200dlf\u2060 7\ufeff", "calf 7"),  # joiner, word joiner, BOM
        ("\u202ecalf 7\u202c", "calf 7"),  # bidi override and pop
        ("\u200fcalf\u200e 7", "calf 7"),  # bidi marks
        ("calf\x00\x07 7", "calf 7"),  # NUL, BEL
        ("calf\t7\n", "calf 7 "),  # whitespace controls become spaces
    ],
)
def test_invisible_and_control_characters_are_removed(text: str, clean: str) -> None:
    assert strip_invisible(text) == clean


def test_an_ansi_escape_is_not_read_as_minutes() -> None:
    result = _parse("left calf 7/10 \x1b[31m")
    assert result.draft.duration_seconds is None and "duration_seconds" not in result.understood


def test_zero_width_characters_do_not_hide_a_word() -> None:
    result = _parse("left ca\u200blf 7/10 2 m\u200bin")
    assert (result.draft.region, result.draft.intensity, result.draft.duration_seconds) == (
        Region.CALF,
        7,
        120,
    )


@pytest.mark.parametrize(("text", "number"), [("calf 7 -5 min", "5"), ("calf -5/10", "5"), ("-5 min", "5")])
def test_negative_numbers_are_refused(text: str, number: str) -> None:
    assert _parse(text).refusal == NEGATIVE_REFUSAL.format(n=number)


@pytest.mark.parametrize("text", ["calf 5-10 min 7/10", "left calf - 7/10", "calf 7 on 2026-03-02", "calf 7"])
def test_hyphens_that_are_not_minus_signs_pass(text: str) -> None:
    assert _parse(text).refusal is None


@pytest.mark.parametrize(
    "text", ["calf 7 on 1 Jan 1900", "calf 7 on 1900-01-01", "calf 7 on march 5, 2019", "calf 7 1.1.1990"]
)
def test_dates_far_in_the_past_are_refused_not_moved_to_this_year(text: str) -> None:
    result = _parse(text)
    assert result.refusal == TOO_OLD_REFUSAL
    assert result.draft.started_at is not None and result.draft.started_at.year == 2026
    assert "started_at" not in result.understood


def test_a_date_with_this_years_number_is_kept() -> None:
    result = _parse("calf 7 on 5 March 2026")
    assert result.refusal is None and result.draft.started_at == datetime(2026, 3, 5, 12, 0, tzinfo=UTC)


async def _count(harness: BotHarness) -> int:
    return int(await harness.app.bot_data["services"].db.fetch_value("SELECT COUNT(*) FROM episodes"))


@pytest.mark.parametrize(
    ("line", "refusal"),
    [
        ("left calf 7/10 -5 min", NEGATIVE_REFUSAL.format(n="5")),
        ("left calf -5/10", NEGATIVE_REFUSAL.format(n="5")),
        ("-5 min", NEGATIVE_REFUSAL.format(n="5")),
        ("left calf 7/10 on 1 Jan 1900", TOO_OLD_REFUSAL),
    ],
)
async def test_the_bot_answers_clearly_and_logs_nothing(harness: BotHarness, line: str, refusal: str) -> None:
    out = await harness.send(line)
    assert texts(out) == [refusal]
    assert await _count(harness) == 0


async def test_a_line_with_an_escape_and_a_zero_width_space_is_logged_as_meant(harness: BotHarness) -> None:
    await harness.send("left ca\u200blf 7/10 \x1b[31m")
    row = await harness.app.bot_data["services"].db.fetch_one(
        "SELECT region, intensity, duration_seconds FROM episodes"
    )
    assert row is not None and tuple(row) == ("calf", 7, None)


async def test_a_negative_duration_typed_in_the_flow_is_asked_again(harness: BotHarness) -> None:
    out = await harness.send("/log")
    for label in ("Calf", "7", "Duration", "Type"):
        out = await harness.press(button_data(out, label))
    out = await harness.send("-5 min")
    assert texts(out)[0].startswith(NEGATIVE_REFUSAL.format(n="5"))
    out = await harness.send("5 min")
    out = await harness.press(button_data(out, "Save"))
    duration = await harness.app.bot_data["services"].db.fetch_value("SELECT duration_seconds FROM episodes")
    assert duration == 300
