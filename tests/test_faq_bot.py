"""The FAQ through the bot: answers with sources, related entries and feedback, browsing by topic,
honest "not sure" replies, and red-flag triage before anything else (also inside the /log flow)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.faq import FaqLibrary
from bot.safety import RedFlag
from handlers.callbacks import faq_feedback, parse_faq_button
from handlers.common import EXPIRED
from tests.conftest import MovableClock
from tests.harness import BotHarness, JsonDict, bot_over_http, button_data, buttons, texts

QUESTIONS = [
    "why do I get cramps at night",
    "what is baclofin",  # misspelled
    "charley horse in my carf what do i do",  # lay words and a typo
]
NONSENSE = ["banana phone", "zebra carburettor"]  # read as questions; keyboard mash: tests/dialogues
EMERGENCIES = [
    "my calf is swollen red and hot",
    "I can't breathe properly and my chest feels tight",
    "high fever and confused after my baclofen pump alarm",
]
INFORMATIONAL = ["is chest pain a sign of the MS hug?", "what is a DVT?"]
EMERGENCY_NUMBER = re.compile(r"\b(112|999|911)\b")


# ----- helpers ----------------------------------------------------------------------------------


def _library(harness: BotHarness) -> FaqLibrary:
    library = harness.app.bot_data["services"].content.faq
    assert isinstance(library, FaqLibrary)
    return library


def _red_flags(harness: BotHarness) -> list[RedFlag]:
    return list(harness.app.bot_data["services"].content.red_flags.flags)


def _is_urgent(text: str, flags: list[RedFlag]) -> bool:
    """The text is a safety reply (as opposed to an FAQ entry that talks about the same signs)."""
    return any(flag.message in text for flag in flags)


def _looks_like_answer(text: str) -> bool:
    """An entry: names its sources (the links are behind the Sources button) and says it is not advice."""
    return "Source" in text and "Reviewed" in text and "not medical advice" in text


def _data_with(outgoing: list[JsonDict], prefix: str) -> list[str]:
    return [data for _label, data in buttons(outgoing) if data.startswith(prefix)]


def _answered(outgoing: list[JsonDict]) -> list[JsonDict]:
    return [o for o in outgoing if o["method"] == "answerCallbackQuery"]


async def _feedback_rows(harness: BotHarness, user_id: int) -> list[tuple[Any, ...]]:
    rows = await harness.app.bot_data["services"].db.fetch_all(
        "SELECT entry_id, helpful FROM faq_feedback WHERE user_id = ? ORDER BY id", (user_id,)
    )
    return [tuple(row) for row in rows]


async def _episode_rows(harness: BotHarness, user_id: int = 1) -> list[dict[str, Any]]:
    rows = await harness.app.bot_data["services"].db.fetch_all(
        "SELECT * FROM episodes WHERE user_id = ? ORDER BY id", (user_id,)
    )
    return [dict(zip(row.keys(), tuple(row), strict=True)) for row in rows]


# ----- answers ----------------------------------------------------------------------------------


@pytest.mark.parametrize("question", QUESTIONS)
async def test_a_question_gets_a_sourced_answer_with_related_and_feedback_buttons(
    harness: BotHarness, question: str
) -> None:
    out = await harness.send(question)
    sent = texts(out)
    assert len(sent) == 1, sent
    assert _looks_like_answer(sent[0])
    library = _library(harness)
    related = _data_with(out, "faq:show:")
    assert 1 <= len(related) <= 3
    assert all(data.removeprefix("faq:show:") in library.entries for data in related)
    votes = _data_with(out, "faq:fb:")
    assert [parse_faq_button(data).helpful for data in votes] == [True, False]  # type: ignore[union-attr]
    assert {label[0] for label, data in buttons(out) if data.startswith("faq:fb:")} == {"👍", "👎"}
    # the answer is the entry the vote buttons name, naming that entry's own sources, links kept back
    entry = library.entries[votes[0].split(":")[2]]
    assert sent[0].startswith(entry.title)
    assert all(source.name in sent[0] for source in entry.sources)
    assert "http" not in sent[0]
    assert _data_with(out, "faq:src:") == [f"faq:src:{entry.id}"]
    assert all(len(data.encode()) <= 64 for _label, data in buttons(out))
    assert await _episode_rows(harness) == []  # a question is never logged as an episode


async def test_the_sources_button_shows_the_links_and_answers_the_button(harness: BotHarness) -> None:
    out = await harness.send(QUESTIONS[0])
    data = button_data(out, "Sources")
    entry = _library(harness).entries[data.removeprefix("faq:src:")]
    shown = await harness.press(data)
    assert len(_answered(shown)) == 1 and _answered(shown)[0].get("text") != EXPIRED
    sent = texts(shown)
    assert len(sent) == 1
    assert all(source.name in sent[0] and source.url in sent[0] for source in entry.sources)
    assert all(source.url.startswith("https://") for source in entry.sources)
    sends = [o for o in shown if o["method"] == "sendMessage"]
    assert sends[0].get("link_preview_options", {}).get("is_disabled") is True


async def test_every_entry_fits_its_buttons_in_telegrams_64_bytes(harness: BotHarness) -> None:
    longest = max(_library(harness).entries, key=len)
    out = await harness.press(f"faq:show:{longest}", check_button=False)
    data = [d for _label, d in buttons(out)]
    assert f"faq:src:{longest}" in data
    assert any(d.startswith(f"faq:fb:{longest}:down:") for d in data)  # the vote carries its day
    assert all(len(d.encode()) <= 64 for d in data)


async def test_thumbs_up_stores_the_vote_for_that_user_and_answers_the_button(harness: BotHarness) -> None:
    out = await harness.send(QUESTIONS[0], user_id=5)
    up = button_data(out, "👍")
    entry_id = up.split(":")[2]
    answer = await harness.press(up, user_id=5)
    assert len(_answered(answer)) == 1 and _answered(answer)[0].get("text")
    assert _answered(answer)[0].get("text") != EXPIRED
    assert await _feedback_rows(harness, 5) == [(entry_id, 1)]
    assert await _feedback_rows(harness, 1) == []
    await harness.press(button_data(out, "👎"), user_id=5)  # a second vote replaces the first
    assert await _feedback_rows(harness, 5) == [(entry_id, 0)]


async def test_a_related_button_sends_that_entry(harness: BotHarness) -> None:
    out = await harness.send(QUESTIONS[0])
    first_votes = _data_with(out, "faq:fb:")
    data = _data_with(out, "faq:show:")[0]
    entry = _library(harness).entries[data.removeprefix("faq:show:")]
    shown = await harness.press(data)
    assert len(_answered(shown)) == 1
    sent = texts(shown)
    assert len(sent) == 1 and sent[0].startswith(entry.title) and _looks_like_answer(sent[0])
    today = date(2026, 11, 21)
    assert _data_with(shown, "faq:fb:") == [
        faq_feedback(entry.id, True, today),
        faq_feedback(entry.id, False, today),
    ]
    assert _data_with(shown, "faq:fb:") != first_votes


async def test_browsing_topics_then_entries(harness: BotHarness) -> None:
    library = _library(harness)
    out = await harness.send("/faq")
    topic_buttons = _data_with(out, "faq:topic:")
    assert sorted(topic_buttons) == sorted(f"faq:topic:{t.id}" for t in library.topics)
    topic = next(t for t in library.topics if library.by_topic(t.id))
    opened = await harness.press(f"faq:topic:{topic.id}")
    assert texts(opened) == [topic.title]
    assert _data_with(opened, "faq:show:") == [f"faq:show:{e.id}" for e in library.by_topic(topic.id)]
    entry = library.by_topic(topic.id)[0]
    shown = await harness.press(f"faq:show:{entry.id}")
    assert texts(shown)[0].startswith(entry.title) and _looks_like_answer(texts(shown)[0])
    back = await harness.press(button_data(opened, "All topics"))
    assert sorted(_data_with(back, "faq:topic:")) == sorted(topic_buttons)


async def test_faq_command_with_a_question_answers_it(harness: BotHarness) -> None:
    out = await harness.send("/faq what is baclofin")
    sent = texts(out)
    assert len(sent) == 1 and _looks_like_answer(sent[0])
    assert "baclofen" in sent[0].lower()
    assert _data_with(out, "faq:fb:")


@pytest.mark.parametrize("nonsense", NONSENSE)
async def test_nonsense_gets_an_honest_not_sure_with_a_few_choices(
    harness: BotHarness, nonsense: str
) -> None:
    out = await harness.send(nonsense)
    sent = texts(out)
    assert len(sent) == 1
    assert "not sure" in sent[0].lower() and "clinician" in sent[0].lower()
    assert "http" not in sent[0]  # no entry was passed off as the answer
    choices = [d for _l, d in buttons(out) if re.fullmatch(r"faq:(topic|show):\w+", d)]
    assert 1 <= len(choices) <= 3
    assert not _data_with(out, "faq:fb:")
    shown = await harness.press(choices[0])  # the choices work
    assert texts(shown) and not _answered(shown)[0].get("text")


@pytest.mark.parametrize(
    "data",
    [
        "faq:show:no_such_entry",
        "faq:topic:no_such_topic",
        "faq:fb:no_such_entry:up",
        "faq:src:no_such_entry",
        "faq:src:",
        "faq:fb:x",
        "faq:",
        "faq:zz",
    ],
)
async def test_forged_faq_buttons_expire(harness: BotHarness, data: str) -> None:
    answer = await harness.press(data, check_button=False)
    assert [o.get("text") for o in _answered(answer)] == [EXPIRED]
    assert texts(answer) == []
    assert await _feedback_rows(harness, 1) == []


async def test_a_vote_with_a_forged_value_is_not_stored(harness: BotHarness) -> None:
    entry_id = next(iter(_library(harness).entries))
    answer = await harness.press(f"faq:fb:{entry_id}:sideways", check_button=False)
    assert [o.get("text") for o in _answered(answer)] == [EXPIRED]
    assert await _feedback_rows(harness, 1) == []


# ----- red flags --------------------------------------------------------------------------------


@pytest.mark.parametrize("message", EMERGENCIES)
async def test_an_emergency_gets_the_urgent_guidance_first(harness: BotHarness, message: str) -> None:
    out = await harness.send(message)
    sent = texts(out)
    assert sent, "no reply"
    first = sent[0]
    assert EMERGENCY_NUMBER.search(first) and "emergency" in first.lower()
    assert _is_urgent(first, _red_flags(harness))
    assert not any(_is_urgent(text, _red_flags(harness)) for text in sent[1:])  # said once


@pytest.mark.parametrize("question", INFORMATIONAL)
async def test_an_informational_question_does_not_get_the_urgent_message(
    harness: BotHarness, question: str
) -> None:
    out = await harness.send(question)
    sent = texts(out)
    assert len(sent) == 1
    assert not _is_urgent(sent[0], _red_flags(harness))
    assert _looks_like_answer(sent[0])


async def test_a_red_flag_typed_as_a_note_is_answered_first_and_the_note_is_kept(
    harness: BotHarness,
) -> None:
    note = "my calf is swollen and hot"
    out = await harness.send("/log")
    for label in ("Calf", "6", "Notes"):
        out = await harness.press(button_data(out, label))
    out = await harness.send(note)
    sent = texts(out)
    assert sent and _is_urgent(sent[0], _red_flags(harness))
    assert EMERGENCY_NUMBER.search(sent[0])
    assert "Save" in [label.split()[-1] for label, _ in buttons(out)]  # the flow goes on
    assert await _episode_rows(harness) == []
    await harness.press(button_data(out, "Save"))
    rows = await _episode_rows(harness)
    assert [(r["region"], r["intensity"], r["notes"]) for r in rows] == [("calf", 6, note)]


# ----- over real HTTP -----------------------------------------------------------------------------


async def test_faq_and_triage_over_http(tmp_path: Path) -> None:
    clock = MovableClock(datetime(2026, 11, 21, 12, 0, tzinfo=UTC))
    async with bot_over_http(tmp_path, clock) as (server, application):
        flags: list[RedFlag] = application.bot_data["services"].content.red_flags.flags
        api = server.api

        api.user_message(21, QUESTIONS[0])
        answer = (await api.wait_for_calls("sendMessage", chat_id=21, timeout=10))[0].params
        assert _looks_like_answer(answer["text"]) and not _is_urgent(answer["text"], flags)

        api.user_message(22, EMERGENCIES[0])
        first = (await api.wait_for_calls("sendMessage", chat_id=22, timeout=10))[0].params["text"]
        assert _is_urgent(first, flags) and EMERGENCY_NUMBER.search(first)
        # then the bot goes on normally (here: the matching FAQ entry), without repeating the alarm
        then = (await api.wait_for_calls("sendMessage", 2, chat_id=22, timeout=10))[1].params["text"]
        assert not _is_urgent(then, flags)

        api.user_message(23, NONSENSE[0])
        unsure = (await api.wait_for_calls("sendMessage", chat_id=23, timeout=10))[0].params
        assert "not sure" in unsure["text"].lower()
        offered = [b["callback_data"] for row in unsure["reply_markup"]["inline_keyboard"] for b in row]
        assert any(data.startswith(("faq:topic:", "faq:show:")) for data in offered)
