"""The safety net through the real bot: guidance is the FIRST reply, with the person's numbers;
a crisis message gets only the crisis reply and is never stored, logged or answered by the FAQ."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.app import OFFLINE_TOKEN, running_bot
from bot.config import load_settings
from bot.services import Services
from bot.standin.request import StandinRequest
from handlers import register
from handlers.common import EXPIRED
from tests.conftest import MovableClock
from tests.harness import BotHarness, button_data, buttons, texts
from tests.safety.cases import alarming_cases
from tests.standin_extras import FakeBotApi

CRISIS = "I want to die, these spasms are unbearable"
SAFETY_MARKS = ("🚨", "📞", "🗓")


def _services(harness: BotHarness) -> Services:
    found = harness.app.bot_data["services"]
    assert isinstance(found, Services)
    return found


async def _set_zone(harness: BotHarness, zone: str, user_id: int = 1) -> None:
    svc = _services(harness)
    now = datetime(2026, 12, 1, 12, tzinfo=UTC)
    await svc.users.ensure(user_id, user_id, now)
    await svc.users.set_timezone(user_id, zone, now)


async def _episodes(harness: BotHarness, user_id: int = 1) -> list[dict[str, Any]]:
    rows = await _services(harness).db.fetch_all("SELECT * FROM episodes WHERE user_id = ?", (user_id,))
    return [dict(zip(row.keys(), tuple(row), strict=True)) for row in rows]


def _is_safety_reply(text: str) -> bool:
    return text.startswith(SAFETY_MARKS) or "I'm really sorry you're feeling this way" in text


@pytest.fixture
async def fast_harness(tmp_path: Path) -> AsyncIterator[BotHarness]:
    """The real bot without Telegram's 30 messages/s pacing: the whole labelled set goes through it."""
    api, clock = FakeBotApi(), MovableClock()
    settings = load_settings(
        telegram_bot_token=OFFLINE_TOKEN, database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}"
    )
    async with running_bot(
        settings,
        features=register,
        clock=clock,
        request=StandinRequest(api),
        get_updates_request=StandinRequest(api),
        overall_rate=100_000.0,
    ) as application:
        yield BotHarness(api, application, clock)


async def test_every_alarming_text_gets_its_guidance_first(fast_harness: BotHarness) -> None:
    harness = fast_harness
    rules = _services(harness).content.red_flags
    cases = alarming_cases()
    start = len(harness.api.calls)
    # a fresh person per text (no flow left open), all sent at once: the processor runs people in parallel
    updates = [harness.api.user_message(1000 + number, case.text) for number, case in enumerate(cases)]
    for update_id in updates:
        await harness.processor.wait_processed(update_id, timeout=30)
    sent: dict[int, list[str]] = {}
    for call in harness.api.calls[start:]:
        if call.ok and call.method == "sendMessage":
            sent.setdefault(int(call.params["chat_id"]), []).append(str(call.params["text"]))
    for number, case in enumerate(cases):
        replies = sent.get(1000 + number, [])
        assert replies, case.text
        flag = rules.flag(case.rule) if case.rule else rules.check(case.text)
        assert flag is not None
        assert flag.message in replies[0], case.text
        if case.tier == "crisis":
            assert replies == [replies[0]], "a crisis message gets the crisis reply and nothing else"
        else:
            assert not any(flag.message in later for later in replies[1:]), "said once"


@pytest.mark.parametrize(
    ("zone", "emergency", "urgent", "crisis"),
    [
        ("Europe/London", "999", "111", "Samaritans: 116 123"),
        ("America/New_York", "911", None, "988"),
        ("Australia/Brisbane", "000", "1800 022 222", "Lifeline: 13 11 14"),
        ("Europe/Berlin", "112", "116 117", "0800 111 0 111"),
        ("Asia/Kolkata", "112", None, "14416"),
        ("America/Sao_Paulo", "192", None, "188"),
        ("Etc/GMT-5", "112 or 911", None, "findahelpline.com"),
    ],
)
async def test_numbers_fit_the_country_of_the_persons_time_zone(
    harness: BotHarness, zone: str, emergency: str, urgent: str | None, crisis: str
) -> None:
    await _set_zone(harness, zone)
    first = texts(await harness.send("my calf is swollen and I'm short of breath"))[0]
    assert first.startswith("🚨") and emergency in first.splitlines()[0]
    first = texts(await harness.send("calf cramp for 25 min and it still won't let go"))[0]
    assert first.startswith("📞") and (urgent or emergency) in first.splitlines()[0][:40]
    sent = texts(await harness.send(CRISIS))
    assert len(sent) == 1 and crisis in sent[0] and emergency in sent[0]


async def test_a_crisis_line_is_never_stored_logged_or_answered(
    harness: BotHarness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)  # the level the bot runs at (library DEBUG logs are off)
    for text in (CRISIS, f"/log calf 8/10 {CRISIS}", "left calf 9/10 and i want to end it all"):
        sent = texts(await harness.send(text))
        assert len(sent) == 1 and _is_safety_reply(sent[0])
    assert await _episodes(harness) == []
    assert "die" not in caplog.text and "end it all" not in caplog.text


async def test_a_crisis_typed_as_a_note_is_not_kept_in_the_entry(harness: BotHarness) -> None:
    out = await harness.send("/log")
    for label in ("Calf", "6", "Notes"):
        out = await harness.press(button_data(out, label))
    sent = texts(await harness.send("honestly I just want to die"))
    assert len(sent) == 1 and _is_safety_reply(sent[0])
    # the flow is still open; saving keeps the entry without the note
    user_data = harness.app.user_data.get(1, {})
    assert "want to die" not in repr(user_data)
    out = await harness.send("just tired")
    await harness.press(button_data(out, "Save"))
    rows = await _episodes(harness)
    assert [(r["region"], r["notes"]) for r in rows] == [("calf", "just tired")]


async def test_an_emergency_note_is_answered_first_and_the_bot_goes_on(harness: BotHarness) -> None:
    sent = texts(await harness.send("left calf 7/10, it's swollen and red"))
    assert sent[0].startswith("📞") and "blood clot" in sent[0]
    assert any(text.startswith("✅ Saved") for text in sent[1:])
    assert len(await _episodes(harness)) == 1


@pytest.mark.parametrize(
    "text",
    ["I'm dying to know if stretching helps", "no chest pain, just calf cramps", "left calf 6/10 2 min"],
)
async def test_ordinary_texts_get_no_safety_reply(harness: BotHarness, text: str) -> None:
    sent = texts(await harness.send(text))
    assert sent and not any(_is_safety_reply(reply) for reply in sent)


async def test_a_safety_reply_names_its_sources_and_keeps_the_links_behind_a_button(
    harness: BotHarness,
) -> None:
    out = await harness.send("my calf is swollen and I'm short of breath")
    first = texts(out)[0]
    assert first.startswith("🚨") and "Sources:" in first and "https://" not in first
    data = button_data(out[:1], "Sources")  # the safety reply's own (an FAQ answer may follow)
    flag = _services(harness).content.red_flags.flag(data.removeprefix("sf:src:"))
    assert flag is not None and flag.tier == "emergency"
    shown = await harness.press(data)
    links = texts(shown)
    assert len(links) == 1 and all(s.name in links[0] and s.url in links[0] for s in flag.sources)
    answered = [o for o in shown if o["method"] == "answerCallbackQuery"]
    assert len(answered) == 1 and answered[0].get("text") != EXPIRED


async def test_a_crisis_reply_has_no_buttons_and_a_forged_sources_button_expires(harness: BotHarness) -> None:
    out = await harness.send(CRISIS)
    assert not buttons(out)
    for forged in ("sf:src:no_such_rule", "sf:src:../../x", "sf:src:"):
        shown = await harness.press(forged, check_button=False)
        answered = [o for o in shown if o["method"] == "answerCallbackQuery"]
        assert [o.get("text") for o in answered] == [EXPIRED] and not texts(shown)
