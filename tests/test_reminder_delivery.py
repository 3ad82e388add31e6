"""Reminder delivery through the real bot (rate limiter, sender, dispatcher) against the fake Bot
API: 429s in a row, permanent errors, and one failure inside a batch."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.reminders.dispatcher import ReminderDispatcher
from bot.reminders.sender import Delivered
from bot.storage.reminders import DueReminder
from handlers.remind import build_dispatcher
from tests.harness import BotHarness
from tests.test_reminders_bot import _setup, fire_due, reminders_sent


async def test_a_reminder_that_meets_three_429s_in_a_row_is_delivered_once(harness: BotHarness) -> None:
    harness.clock.set(datetime(2026, 11, 21, 6, 0, tzinfo=UTC))
    await _setup(harness, 31, "Europe/Berlin", "/remind stretch 08:00")
    harness.api.fail_next("sendMessage", 429, retry_after=1, times=3)
    harness.clock.set(datetime(2026, 11, 21, 7, 0, 5, tzinfo=UTC))
    dispatcher = await fire_due(harness)
    attempts = harness.api.calls_named("sendMessage", chat_id=31)
    assert [c.status for c in attempts[-4:]] == [429, 429, 429, 200]
    assert len(reminders_sent(harness, 31)) == 1
    assert dispatcher.stats.sent == 1 and dispatcher.stats.retried == 1
    db = harness.app.bot_data["services"].db
    events = await db.fetch_all("SELECT event FROM reminder_events WHERE user_id = 31")
    assert [e[0] for e in events] == ["sent"]


async def test_a_bad_request_is_not_retried_and_is_recorded_as_failed(harness: BotHarness) -> None:
    harness.clock.set(datetime(2026, 11, 21, 6, 0, tzinfo=UTC))
    await _setup(harness, 32, "Europe/Berlin", "/remind stretch 08:00")
    before = len(harness.api.calls_named("sendMessage", chat_id=32))
    harness.api.fail_next("sendMessage", 400, description="Bad Request: chat not found")
    harness.clock.set(datetime(2026, 11, 21, 7, 0, 5, tzinfo=UTC))
    dispatcher = await fire_due(harness)
    assert len(harness.api.calls_named("sendMessage", chat_id=32)) == before + 1  # one try only
    assert dispatcher.stats.failed == 1 and dispatcher.stats.sent == 0
    db = harness.app.bot_data["services"].db
    events = await db.fetch_all("SELECT event FROM reminder_events WHERE user_id = 32")
    assert [e[0] for e in events] == ["failed"]


async def test_an_error_in_one_delivery_does_not_abort_the_batch(harness: BotHarness) -> None:
    harness.clock.set(datetime(2026, 11, 21, 6, 0, tzinfo=UTC))
    for user in range(40, 46):
        await _setup(harness, user, "Europe/Berlin", "/remind stretch 08:00")
    harness.clock.set(datetime(2026, 11, 21, 7, 0, 5, tzinfo=UTC))
    real = build_dispatcher(harness.app, harness.app.bot_data["services"])

    async def send(reminder: DueReminder) -> Delivered:
        if reminder.user_id == 42:
            raise RuntimeError("something unexpected")
        return await real.send(reminder)

    dispatcher = ReminderDispatcher(
        repository=real.repository, clock=real.clock, send=send, mark_blocked=real.mark_blocked
    )
    await dispatcher.run_until_idle()
    assert dispatcher.stats.failed == 1 and dispatcher.stats.sent == 5
    assert reminders_sent(harness, 42) == []
    assert all(len(reminders_sent(harness, user)) == 1 for user in (40, 41, 43, 44, 45))
