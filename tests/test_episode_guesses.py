"""What the parser guessed, and two episodes in one message (bot/episodes/guesses.py, counts.py):
the reasons to ask "Did I get this right?" before saving, written by hand from each line."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.episodes import flow
from bot.episodes.export import episode_csv_row
from bot.episodes.flow import FlowState
from bot.episodes.guesses import Reading, read_message, reasons_to_confirm
from bot.episodes.model import Episode, EpisodeDraft
from bot.episodes.parse import ParseResult, parse_episode_line
from bot.episodes.vocabulary import Kind, Region, Side

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 5, 14, 7, 30, tzinfo=UTC)  # Thursday 09:30 in Berlin


def parse(text: str) -> ParseResult:
    return parse_episode_line(text, now=NOW, tz=BERLIN)


def read(text: str) -> Reading:
    return read_message(text, parse)


def local(result: ParseResult) -> datetime:
    assert result.draft.started_at is not None
    return result.draft.started_at.astimezone(BERLIN)


# ----- the parser cases of issue 11 -------------------------------------------------------------


def test_side_after_the_kind_word_is_kept() -> None:
    run = parse("calf cramp after 25k long run, right, 7/10, 3 mins")
    assert (run.draft.region, run.draft.side, run.draft.intensity) == (Region.CALF, Side.RIGHT, 7)
    assert run.draft.duration_seconds == 180
    left = parse("calf cramp left 5/10")
    assert (left.draft.side, left.draft.intensity, left.draft.kind) == (Side.LEFT, 5, Kind.CRAMP)


def test_this_morning_is_kept_and_not_nocturnal() -> None:
    result = parse("shoulder blade spasm, left, 3/10, 10 mins, this morning")
    assert (result.draft.region, result.draft.side, result.draft.duration_seconds) == (
        Region.UPPER_BACK,
        Side.LEFT,
        600,
    )
    assert "started_at" in result.understood and local(result).date() == NOW.date()
    assert 5 <= local(result).hour < 10
    assert result.draft.nocturnal is False


def test_minutes_later_is_not_a_duration() -> None:
    result = parse("left calf 6/10, 20 minutes later the right one too")
    assert result.draft.duration_seconds is None


def test_all_night_is_a_duration_only_with_a_start() -> None:
    bare = parse("calf cramps all night 6/10")
    assert bare.draft.duration_seconds is None and bare.time_guessed
    started = parse("calf cramps from 1am all night 6/10")
    assert started.draft.duration_seconds is not None and not started.time_guessed


@pytest.mark.parametrize("line", ["calf 6/10 yesterday arvo", "calf 6/10 yesterday afternoon"])
def test_yesterday_arvo_is_yesterday_afternoon(line: str) -> None:
    result = parse(line)
    assert local(result).date() == NOW.date() - timedelta(days=1)
    assert 12 <= local(result).hour < 18  # not the clock time of now (09:30)


def test_after_lunch_is_an_afternoon() -> None:
    result = parse("calf 6/10 after lunch")
    assert "started_at" in result.understood and 12 <= local(result).hour < 18


@pytest.mark.parametrize(
    ("line", "count", "words"),
    [
        ("calf cramp woke me up 3 times 7/10", 3, "3 times"),
        ("3 cramps last night calf 6/10", 3, "3 cramps"),
        ("calf 7/10 twice", 2, "twice"),
        ("left calf 7/10 woke me three times", 3, "three times"),
        ("left calf 7/10 2x", 2, "2x"),
    ],
)
def test_counts_are_read_and_kept_in_the_note(line: str, count: int, words: str) -> None:
    result = parse(line)
    assert result.count == count
    assert result.leftover is not None and result.leftover.startswith(words)
    assert result.draft.intensity in (6, 7)  # the count is never read as the strength


def test_once_or_many_times_is_no_count_question() -> None:
    assert parse("left calf 7/10 once").count is None
    assert parse("left calf 7/10 woke me 30 times").count is None  # not 30 entries: kept as a note
    assert parse("left calf 7/10 woke me 30 times").leftover == "30 times"


def test_unused_words_are_kept_as_the_note() -> None:
    result = parse("left calf 7/10 2 min woke me twice, after the cold walk, felt like a knot")
    assert result.leftover == "twice, felt like a knot"
    assert result.draft.trigger_text == "the cold walk"


def test_formula_words_are_kept_and_the_export_stays_safe() -> None:
    result = parse('left calf 7/10 2 min =HYPERLINK("x") zebra')
    assert result.leftover is not None and "zebra" in result.leftover and "hyperlink" in result.leftover
    assert result.leftover.startswith("=")
    draft = result.draft
    assert draft.started_at is not None and draft.region is not None and draft.intensity is not None
    episode = Episode(
        id=1,
        user_id=1,
        started_at_utc=draft.started_at.astimezone(UTC),
        timezone="Europe/Berlin",
        nocturnal=False,
        kind=draft.kind,
        region=draft.region,
        side=draft.side,
        intensity=draft.intensity,
        duration_seconds=draft.duration_seconds,
        ongoing=False,
        triggers=(),
        trigger_text=None,
        symptoms=(),
        relief=(),
        relief_helped=None,
        notes=result.leftover,
        logged_at_utc=NOW,
    )
    row = episode_csv_row(episode)
    assert any("zebra" in cell for cell in row)
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row)


# ----- guesses --------------------------------------------------------------------------------


def test_a_clear_line_has_no_reason_to_ask() -> None:
    for line in (
        "left calf 7/10 2 min",
        "calf cramp left 5/10",
        "left and right calf 6/10",
        "l & r calf 5/10",
    ):
        assert read(line).reasons == (), line


def test_a_typo_is_a_reason() -> None:
    reading = read("left calff 7/10")
    assert reading.episodes[0].draft.region is Region.CALF
    assert any("calff" in reason for reason in reading.reasons)


def test_sides_named_apart_are_a_reason() -> None:
    reading = read("left calf 7/10 right")
    assert reading.episodes[0].side_conflict
    assert any("both left and right" in reason for reason in reading.reasons)


def test_a_count_is_a_reason() -> None:
    reading = read("calf cramp woke me up 3 times 7/10")
    assert reading.count == 3 and any("3 times" in reason for reason in reading.reasons)


def test_all_night_without_a_start_is_a_reason() -> None:
    assert any("All night" in reason for reason in read("calf cramps all night 6/10").reasons)


def test_minutes_later_splits_and_the_second_inherits_place_and_kind() -> None:
    reading = read("LEFT CALF CRAMP AT 2AM 8/10, 20 MINUTES LATER THE RIGHT ONE TOO")
    first, second = reading.episodes
    assert (first.draft.region, first.draft.side, first.draft.kind, first.draft.intensity) == (
        Region.CALF,
        Side.LEFT,
        Kind.CRAMP,
        8,
    )
    assert (second.draft.region, second.draft.side, second.draft.kind) == (
        Region.CALF,
        Side.RIGHT,
        Kind.CRAMP,
    )
    assert local(first).hour == 2 and local(first).minute == 0
    assert local(second) - local(first) == timedelta(minutes=20)
    assert second.draft.duration_seconds is None and first.draft.duration_seconds is None
    assert second.leftover is None  # "the right one too" was used, not left as a note
    assert any("2 episodes" in reason for reason in reading.reasons)


def test_the_other_one_later_without_a_time_ends_now() -> None:
    first, second = read("left calf 6/10, 20 minutes later the other one").episodes
    assert second.draft.side is Side.RIGHT
    assert second.draft.started_at == NOW.astimezone(BERLIN)  # never in the future
    assert local(second) - local(first) == timedelta(minutes=20)


def test_and_between_two_full_episodes_splits() -> None:
    first, second = read("left calf 7/10 at 3am and right foot 4/10 at 5am").episodes
    assert (first.draft.region, first.draft.side, first.draft.intensity, local(first).hour) == (
        Region.CALF,
        Side.LEFT,
        7,
        3,
    )
    assert (second.draft.region, second.draft.side, second.draft.intensity, local(second).hour) == (
        Region.FOOT,
        Side.RIGHT,
        4,
        5,
    )


def test_the_second_takes_the_firsts_time_when_it_names_none() -> None:
    first, second = read("left calf 7/10 last night and right calf 5/10").episodes
    assert second.draft.started_at == first.draft.started_at and second.draft.nocturnal


@pytest.mark.parametrize(
    "line",
    [
        "left calf 7/10 and it lasted 2 min",
        "calf and foot 7/10",
        "left calf 7/10 and then stretched",
        "both calves 6/10",
    ],
)
def test_one_episode_is_not_split(line: str) -> None:
    assert len(read(line).episodes) == 1, line


def test_reasons_are_not_repeated() -> None:
    typo = parse("left calff 7/10")
    assert len(reasons_to_confirm((typo, typo))) == 2  # "2 episodes" and the typo, once


# ----- the flow state keeps the question ----------------------------------------------------------


def _drafts() -> list[EpisodeDraft]:
    return [parse("left calf 8/10 at 2am").draft, parse("right calf 8/10 at 2:20am").draft]


def test_the_confirmation_survives_a_round_trip() -> None:
    state = flow.confirm_flow(_drafts(), ["I read 2 episodes"], count=None, key="msg:7", line="x")
    back = FlowState.from_json(state.to_json())
    assert back is not None
    assert (back.screen, back.reasons, back.key, back.line, back.count) == (
        "confirm",
        ["I read 2 episodes"],
        "msg:7",
        "x",
        None,
    )
    assert back.queue == state.queue and back.draft == state.draft


def test_a_version_1_state_is_still_read() -> None:
    old = flow.new_flow(_drafts()[0]).to_json()
    for name in ("reasons", "queue", "count", "key", "line"):
        old.pop(name)
    old["version"] = 1
    back = FlowState.from_json(old)
    assert back is not None and back.queue == [] and back.reasons == [] and back.count is None
    assert FlowState.from_json({**old, "version": 99}) is None


def test_a_forged_count_is_dropped() -> None:
    data = flow.confirm_flow(_drafts()[:1], [], count=3, key="k").to_json()
    for forged in (1, 500, "3", True):
        back = FlowState.from_json({**data, "count": forged})
        assert back is not None and back.count is None


def test_count_copies_number_each_note() -> None:
    draft = parse("calf cramp woke me up 3 times 7/10").draft
    draft.notes = "3 times"
    copies = flow.count_copies(draft, 3)
    assert [c.notes for c in copies] == ["3 times (1 of 3)", "3 times (2 of 3)", "3 times (3 of 3)"]
    assert draft.notes == "3 times"  # the original is not changed


def test_fixing_opens_the_review_and_drops_the_count() -> None:
    state = flow.confirm_flow(_drafts(), ["r"], count=None, key="k")
    fixed = flow.fixing(replace_count(state, 3))
    assert (fixed.screen, fixed.count, fixed.reasons) == ("review", None, [])
    assert fixed.queue == state.queue  # the second episode waits for its own question


def replace_count(state: FlowState, count: int) -> FlowState:
    return replace(state, count=count)


def test_filler_alone_is_never_the_note() -> None:
    assert parse("ive had spasms 3 times today in my thigh").leftover == "3 times"
    for line in (
        "i've had a cramp in my calf 6/10",
        "i have got some calf cramps again 5/10",
        "just really bad calf cramp so very 7/10",
        "I had a calf cramp 4/10 me",
    ):
        leftover = parse(line).leftover
        assert leftover is None or leftover == "bad", (line, leftover)


def test_real_words_next_to_filler_are_kept_as_typed() -> None:
    assert parse("ive had calf cramp 6/10 felt like a knot").leftover == "felt like a knot"
    assert parse("calf 5/10 some zebra stripes").leftover == "zebra stripes"
