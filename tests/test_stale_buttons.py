"""Forged, stale and orphaned buttons, and drafts that must not outlive their flow (issue #13, items
3, 6 and 7), through the real bot: each press answers "This button has expired", reaches no error
handler, and writes nothing."""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from telegram.ext import ConversationHandler

from handlers import diary
from handlers.callbacks import entry_button, history_page, reminder_button
from handlers.errors import APOLOGY
from handlers.help import COMMANDS
from tests.conftest import MovableClock
from tests.harness import BotHarness, button_data, running_harness, texts
from tests.test_reminders_bot import fire_due

EXPIRED = "This button has expired."
TODAY = date(2026, 11, 21)  # the harness clock's day


def _answers(out: list[dict[str, object]]) -> list[object]:
    return [o.get("text") for o in out if o["method"] == "answerCallbackQuery"]


async def _count(harness: BotHarness, sql: str, *params: object) -> int:
    return int(await harness.app.bot_data["services"].db.fetch_value(sql, params))


async def _draft_rows(harness: BotHarness, user_id: int = 1) -> list[str]:
    rows = await harness.app.bot_data["services"].db.fetch_all(
        "SELECT data FROM user_data WHERE user_id = ?", (user_id,)
    )
    return [row["data"] for row in rows]


def _open_conversations(harness: BotHarness, user_id: int) -> list[str]:
    return [
        str(handler.name)
        for handlers in harness.app.handlers.values()
        for handler in handlers
        if isinstance(handler, ConversationHandler)
        for key in handler._conversations
        if key[-1] == user_id
    ]


@pytest.mark.parametrize(
    "data",
    [
        "hi:²",
        "ep:open:²",
        "ep:del:²",
        "ep:delok:²",
        "ep:edit:²",
        "ep:del:" + "9" * 25,
        "ep:open:99999999999999999999",
        "hi:" + "9" * 30,
        "rm:night:few:2026²121",
    ],
)
async def test_forged_numbers_expire_without_reaching_the_error_handler(
    harness: BotHarness, data: str, caplog: pytest.LogCaptureFixture
) -> None:
    await harness.send("calf 7")
    with caplog.at_level(logging.ERROR):
        out = await harness.press(data, check_button=False)
    assert _answers(out) == [EXPIRED]
    assert APOLOGY not in texts(out)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_a_forged_go_target_is_refused_and_the_flow_keeps_working(harness: BotHarness) -> None:
    out = await harness.send("/log")
    flow_id = button_data(out, "Calf").split(":")[1]
    answer = await harness.press(f"lg:{flow_id}:go:nowhere", check_button=False)
    assert _answers(answer) == [EXPIRED]
    out = await harness.press(button_data(out, "Calf"))
    assert "How strong" in texts(out)[-1]
    out = await harness.press(button_data(out, "7"))
    out = await harness.press(button_data(out, "Save"))
    assert "Saved" in texts(out)[-1]


async def test_a_reminder_button_from_days_ago_records_nothing_for_today(harness: BotHarness) -> None:
    await harness.send("/timezone Europe/Berlin")
    old = TODAY - timedelta(days=3)
    for data in (reminder_button("drank", day=old), reminder_button("done", day=old)):
        assert _answers(await harness.press(data, check_button=False)) == [EXPIRED]
    assert _answers(await harness.press(reminder_button("night", "few", old), check_button=False)) == [
        EXPIRED
    ]
    assert await _count(harness, "SELECT COUNT(*) FROM reminder_events WHERE event != 'sent'") == 0
    assert await _count(harness, "SELECT COUNT(*) FROM night_reports") == 0
    # today's buttons still count
    out = await harness.press(reminder_button("drank", day=TODAY), check_button=False)
    assert _answers(out) == ["Noted 💧"]


async def _forget(harness: BotHarness, user_id: int) -> None:
    out = await harness.send("/forget", user_id)
    await harness.press(button_data(out, "Delete everything"), user_id)


async def test_old_buttons_after_forget_recreate_no_rows(harness: BotHarness) -> None:
    who = 31
    harness.clock.set(datetime(2026, 11, 21, 19, 0, tzinfo=UTC))
    await harness.send("/timezone Europe/Berlin", who)
    await harness.send("/remind night 21:30", who)
    harness.clock.set(datetime(2026, 11, 21, 20, 30, 5, tzinfo=UTC))
    await fire_due(harness)
    night_prompt = harness.api.sent_messages(chat_id=who)[-1]
    log_button = button_data([{"method": "sendMessage", **night_prompt}], "Log a night spasm")
    faq = await harness.send("why do I get cramps at night", who)
    helpful = button_data(faq, "👍")
    await _forget(harness, who)

    for data in (helpful, log_button):
        assert _answers(await harness.press(data, who, check_button=False)) == [EXPIRED], data
    for table in ("users", "faq_feedback", "user_data", "conversations", "reminders", "reminder_events"):
        assert await _count(harness, f"SELECT COUNT(*) FROM {table} WHERE user_id = ?", who) == 0, table


async def test_forget_ends_the_conversation_in_memory_too(harness: BotHarness) -> None:
    confirm = await harness.send("/forget")
    await harness.send("/log")  # a flow open while the confirmation button is pressed
    assert _open_conversations(harness, 1) == ["log"]
    await harness.press(button_data(confirm, "Delete everything"), check_button=False)
    assert _open_conversations(harness, 1) == []
    assert await _draft_rows(harness) == []


@pytest.mark.parametrize("command", sorted({f"/{c.name}" for c in COMMANDS} - {"/cancel"}))
async def test_every_command_closes_an_open_flow_the_same_way(harness: BotHarness, command: str) -> None:
    await harness.send("/timezone Europe/Berlin")
    out = await harness.send("/log")
    calf = button_data(out, "Calf")
    await harness.press(calf)
    await harness.send(command)
    drafts = await _draft_rows(harness)
    if command == "/log":  # a bare /log finishes the unsaved entry: same flow, region kept
        assert len(drafts) == 1 and calf.split(":")[1] in drafts[0] and '"region": "calf"' in drafts[0]
        return
    assert drafts == []  # the draft went with the flow
    assert "log" not in _open_conversations(harness, 1)
    assert _answers(await harness.press(calf, check_button=False)) == [EXPIRED]


async def test_faq_mid_flow_answers_and_closes_the_flow(harness: BotHarness) -> None:
    out = await harness.send("/log")
    await harness.press(button_data(out, "Calf"))
    out = await harness.send("/faq")
    assert texts(out) == ["Pick a topic:"]
    assert await _draft_rows(harness) == []


async def test_deleting_the_entry_being_edited_drops_the_draft_and_its_note(harness: BotHarness) -> None:
    await harness.send("/timezone Europe/Madrid")  # no time-zone question kept in user_data
    out = await harness.send("calf 7")
    episode_id = int(button_data(out, "Edit").split(":")[2])
    await harness.press(entry_button("more", episode_id), check_button=False)
    out = await harness.press(button_data(harness.outgoing(0), "Notes"), check_button=False)
    await harness.send("secret-note-words")
    assert any("secret-note-words" in d for d in await _draft_rows(harness))
    await harness.press(entry_button("delok", episode_id), check_button=False)
    assert await _draft_rows(harness) == []
    out = await harness.send("/export json")
    document = next(o for o in out if o["method"] == "sendDocument")
    (_name, data) = next(iter(document["files"].values()))
    assert "secret-note-words" not in data.decode("utf-8")
    assert json.loads(data)["episodes"] == []


async def test_a_flow_left_alone_times_out_and_its_draft_goes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(diary, "FLOW_TIMEOUT", timedelta(seconds=0.5))
    async with running_harness(tmp_path / "bot.sqlite3", MovableClock()) as harness:
        out = await harness.send("/log")
        await harness.press(button_data(out, "Calf"))
        assert await _draft_rows(harness)
        for _ in range(100):  # the timeout job runs on the real clock
            if not await _draft_rows(harness) and not _open_conversations(harness, 1):
                break
            await asyncio.sleep(0.1)
        assert await _draft_rows(harness) == []
        assert _open_conversations(harness, 1) == []
        answer = await harness.press(button_data(out, "Calf"), check_button=False)
        assert _answers(answer) == [EXPIRED]


async def test_history_pages_still_work(harness: BotHarness) -> None:
    for n in range(10):
        harness.clock.advance(timedelta(minutes=31))  # apart: no "same episode?" question
        await harness.send(f"calf {n % 10}")
    out = await harness.press(history_page(8), check_button=False)
    assert "Your entries 9–10 of 10" in texts(out)[-1]
