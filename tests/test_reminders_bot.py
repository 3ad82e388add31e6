"""Reminders through the bot with a clock the test moves: local times in several zones, DST,
snooze, pause, zone change, restarts without duplicates, the 30-minute catch-up, 429 and 403."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from bot.reminders.dispatcher import ReminderDispatcher
from bot.reminders.rules import ReminderKind, ReminderRule
from bot.storage.reminders import DueReminder
from handlers.remind import DISPATCHER_KEY, build_dispatcher, reminder_message
from tests.conftest import MovableClock
from tests.harness import BotHarness, button_data, running_harness, texts


async def fire_due(harness: BotHarness) -> ReminderDispatcher:
    """Run the app's own dispatcher until nothing is due (waiting out a run the job started)."""
    app = harness.app
    dispatcher = app.bot_data.get(DISPATCHER_KEY)
    if dispatcher is None:
        dispatcher = build_dispatcher(app, app.bot_data["services"])
        app.bot_data[DISPATCHER_KEY] = dispatcher
    for _ in range(500):
        if not dispatcher._busy:
            await dispatcher.run_until_idle()
            if not dispatcher._busy:
                return dispatcher
        await asyncio.sleep(0.01)
    raise TimeoutError("dispatcher stayed busy")


def reminders_sent(harness: BotHarness, user_id: int, since: int = 0) -> list[str]:
    markers = ("🧘", "💧", "🌙 Bedtime", "☀️ Good morning")
    return [
        m["text"]
        for m in harness.api.sent_messages(chat_id=user_id, since=since)
        if str(m.get("text", "")).startswith(markers)
    ]


async def _setup(harness: BotHarness, user_id: int, zone: str, *commands: str) -> None:
    await harness.send(f"/timezone {zone}", user_id)
    for command in commands:
        out = await harness.send(command, user_id)
        assert "Next:" in texts(out)[-1], texts(out)


async def test_each_user_is_reminded_at_their_own_local_time(harness: BotHarness) -> None:
    harness.clock.set(datetime(2026, 11, 20, 12, 0, tzinfo=UTC))
    zones = {1: "Asia/Tokyo", 2: "Europe/Berlin", 3: "America/New_York"}
    for user, zone in zones.items():
        await _setup(harness, user, zone, "/remind stretch 08:00")
    # 08:00 in Tokyo is 23:00 UTC; Berlin 07:00 UTC; New York 13:00 UTC (all in winter time).
    expected_utc = {
        1: datetime(2026, 11, 20, 23, 0),
        2: datetime(2026, 11, 21, 7, 0),
        3: datetime(2026, 11, 21, 13, 0),
    }
    for user, at in sorted(expected_utc.items(), key=lambda item: item[1]):
        harness.clock.set((at - timedelta(minutes=1)).replace(tzinfo=UTC))
        await fire_due(harness)
        assert reminders_sent(harness, user) == [], (user, "too early")
        harness.clock.set((at + timedelta(seconds=5)).replace(tzinfo=UTC))
        await fire_due(harness)
        assert len(reminders_sent(harness, user)) == 1, user
        others = [u for u in zones if u != user and expected_utc[u] > at]
        assert all(reminders_sent(harness, u) == [] for u in others)


async def test_morning_check_in_follows_the_wall_clock_across_dst(harness: BotHarness) -> None:
    harness.clock.set(datetime(2026, 10, 23, 12, 0, tzinfo=UTC))
    await _setup(harness, 5, "Europe/Berlin", "/remind morning 07:30")
    # Saturday 24 Oct: 07:30 CEST = 05:30 UTC. Sunday 25 Oct (clocks went back): 07:30 CET = 06:30 UTC.
    for day, hour in ((24, 5), (25, 6)):
        harness.clock.set(datetime(2026, 10, day, hour, 29, tzinfo=UTC))
        await fire_due(harness)
        before = len(reminders_sent(harness, 5))
        harness.clock.set(datetime(2026, 10, day, hour, 30, 5, tzinfo=UTC))
        await fire_due(harness)
        assert len(reminders_sent(harness, 5)) == before + 1, day
    assert reminders_sent(harness, 5)[-1].startswith("☀️ Good morning")


async def test_hydration_stays_inside_its_window(harness: BotHarness) -> None:
    harness.clock.set(datetime(2026, 11, 21, 5, 0, tzinfo=UTC))  # 06:00 in Berlin
    await _setup(harness, 6, "Europe/Berlin", "/remind hydration every 3h 09:00-21:00")
    fired_local: list[str] = []
    for _ in range(24 * 4):  # a day in 15-minute steps
        harness.clock.advance(timedelta(minutes=15))
        before = len(reminders_sent(harness, 6))
        await fire_due(harness)
        if len(reminders_sent(harness, 6)) > before:
            fired_local.append(f"{(harness.clock.now() + timedelta(hours=1)):%H:%M}")
    assert fired_local == ["09:00", "12:00", "15:00", "18:00", "21:00"]


async def test_snooze_fires_again_in_30_minutes(harness: BotHarness) -> None:
    harness.clock.set(datetime(2026, 11, 21, 6, 59, tzinfo=UTC))
    await _setup(harness, 7, "Europe/Berlin", "/remind stretch 08:00 20:00")
    harness.clock.set(datetime(2026, 11, 21, 7, 0, 5, tzinfo=UTC))
    await fire_due(harness)
    assert len(reminders_sent(harness, 7)) == 1
    await harness.press("rm:snooze:stretch", 7)
    harness.clock.advance(timedelta(minutes=29))
    await fire_due(harness)
    assert len(reminders_sent(harness, 7)) == 1
    harness.clock.advance(timedelta(minutes=1, seconds=5))
    await fire_due(harness)
    assert len(reminders_sent(harness, 7)) == 2
    harness.clock.set(datetime(2026, 11, 21, 19, 0, 5, tzinfo=UTC))  # 20:00 Berlin: regular again
    await fire_due(harness)
    assert len(reminders_sent(harness, 7)) == 3


async def test_pause_and_resume(harness: BotHarness) -> None:
    harness.clock.set(datetime(2026, 11, 21, 6, 0, tzinfo=UTC))
    await _setup(harness, 8, "Europe/Berlin", "/remind stretch 08:00")
    out = await harness.send("/remind pause 2d", 8)
    assert "paused until" in texts(out)[0]
    for _day in range(2):
        harness.clock.advance(timedelta(days=1))
        await fire_due(harness)
    assert reminders_sent(harness, 8) == []
    await harness.send("/remind resume", 8)
    harness.clock.set(datetime(2026, 11, 23, 7, 0, 5, tzinfo=UTC))  # Monday 08:00 Berlin, still in the pause
    await fire_due(harness)
    assert len(reminders_sent(harness, 8)) == 1


async def test_zone_change_moves_the_reminder_to_the_new_wall_clock(harness: BotHarness) -> None:
    harness.clock.set(datetime(2026, 11, 21, 0, 0, tzinfo=UTC))
    await _setup(harness, 9, "Europe/Berlin", "/remind night 21:30")
    await harness.send("/timezone Asia/Tokyo", 9)
    services = harness.app.bot_data["services"]
    [stored] = await services.reminders.repository.for_user(9)
    assert stored.next_due == datetime(2026, 11, 21, 12, 30, tzinfo=UTC)  # 21:30 in Tokyo


async def test_catch_up_sends_if_at_most_30_minutes_late(harness: BotHarness) -> None:
    harness.clock.set(datetime(2026, 11, 21, 6, 0, tzinfo=UTC))
    await _setup(harness, 10, "Europe/Berlin", "/remind stretch 08:00")
    await _setup(harness, 11, "Europe/Berlin", "/remind stretch 08:00")
    harness.clock.set(datetime(2026, 11, 21, 7, 30, tzinfo=UTC))  # 30 min late: send
    dispatcher = await fire_due(harness)
    assert len(reminders_sent(harness, 10)) == 1
    harness.clock.set(datetime(2026, 11, 22, 7, 31, tzinfo=UTC))  # 31 min late next day: skip
    skipped = dispatcher.stats.skipped_late
    await fire_due(harness)
    assert len(reminders_sent(harness, 10)) == 1 and dispatcher.stats.skipped_late == skipped + 2
    [stored] = await harness.app.bot_data["services"].reminders.repository.for_user(10)
    assert stored.next_due == datetime(2026, 11, 23, 7, 0, tzinfo=UTC)  # planned from now, no flood


async def test_restart_never_sends_twice(tmp_path: Path) -> None:
    clock = MovableClock(datetime(2026, 11, 21, 6, 0, tzinfo=UTC))
    database = tmp_path / "bot.sqlite3"
    async with running_harness(database, clock) as first:
        await _setup(first, 12, "Europe/Berlin", "/remind stretch 08:00")
        clock.set(datetime(2026, 11, 21, 7, 0, 5, tzinfo=UTC))
        await fire_due(first)
        assert len(reminders_sent(first, 12)) == 1
    async with running_harness(database, clock) as second:
        await fire_due(second)
        assert reminders_sent(second, 12) == []
        clock.set(datetime(2026, 11, 22, 7, 0, 5, tzinfo=UTC))
        await fire_due(second)
        assert len(reminders_sent(second, 12)) == 1


async def test_two_dispatchers_on_one_database_send_once(harness: BotHarness) -> None:
    harness.clock.set(datetime(2026, 11, 21, 6, 0, tzinfo=UTC))
    for user in range(20, 40):
        await _setup(harness, user, "Europe/Berlin", "/remind stretch 08:00")
    harness.clock.set(datetime(2026, 11, 21, 7, 0, 5, tzinfo=UTC))
    services = harness.app.bot_data["services"]
    one, two = build_dispatcher(harness.app, services), build_dispatcher(harness.app, services)
    await asyncio.gather(one.run_until_idle(), two.run_until_idle())
    assert one.stats.sent + two.stats.sent == 20
    assert all(len(reminders_sent(harness, user)) == 1 for user in range(20, 40))


async def test_429_is_waited_out_and_the_reminder_still_arrives(harness: BotHarness) -> None:
    harness.clock.set(datetime(2026, 11, 21, 6, 0, tzinfo=UTC))
    await _setup(harness, 13, "Europe/Berlin", "/remind stretch 08:00")
    harness.api.fail_next("sendMessage", 429, retry_after=1)
    harness.clock.set(datetime(2026, 11, 21, 7, 0, 5, tzinfo=UTC))
    await fire_due(harness)
    assert len(reminders_sent(harness, 13)) == 1
    assert any(c.status == 429 for c in harness.api.calls_named("sendMessage"))


async def test_blocked_user_is_paused_until_they_return(harness: BotHarness) -> None:
    harness.clock.set(datetime(2026, 11, 21, 6, 0, tzinfo=UTC))
    await _setup(harness, 14, "Europe/Berlin", "/remind stretch 08:00")
    harness.api.block_user(14)  # blocked without us hearing of it yet: the send gets 403
    harness.clock.set(datetime(2026, 11, 21, 7, 0, 5, tzinfo=UTC))
    dispatcher = await fire_due(harness)
    assert dispatcher.stats.blocked == 1
    db = harness.app.bot_data["services"].db
    assert await db.fetch_value("SELECT blocked FROM users WHERE user_id = 14") == 1
    harness.clock.set(datetime(2026, 11, 22, 7, 0, 5, tzinfo=UTC))
    attempts = len(harness.api.calls_named("sendMessage", chat_id=14))
    await fire_due(harness)
    assert len(harness.api.calls_named("sendMessage", chat_id=14)) == attempts  # not even tried
    await harness.inject(harness.api.my_chat_member(14, "member"))  # they unblocked the bot
    harness.clock.set(datetime(2026, 11, 23, 7, 0, 5, tzinfo=UTC))
    await fire_due(harness)
    assert len(reminders_sent(harness, 14)) == 1


async def test_buttons_record_adherence_and_night_reports(harness: BotHarness) -> None:
    harness.clock.set(datetime(2026, 11, 21, 5, 0, tzinfo=UTC))
    await _setup(harness, 15, "Europe/Berlin", "/remind morning 07:00", "/remind stretch 07:00")
    harness.clock.set(datetime(2026, 11, 21, 6, 0, 5, tzinfo=UTC))
    await fire_due(harness)
    out = await harness.press("rm:done", 15)
    assert any(o.get("text") == "Well done ✅" for o in out)
    out = await harness.press("rm:night:few", 15)
    out = await harness.press(button_data(out, "Log details"), 15)
    assert "Where was it?" in texts(out)[-1] and "(night)" in texts(out)[-1]
    db = harness.app.bot_data["services"].db
    assert await db.fetch_value("SELECT night_of FROM night_reports WHERE user_id = 15") == "2026-11-20"
    events = await db.fetch_all("SELECT kind, event FROM reminder_events WHERE user_id = 15 ORDER BY id")
    assert ("stretch", "done") in [tuple(e) for e in events]
    assert [tuple(e) for e in events].count(("stretch", "sent")) == 1


async def test_recommended_set_in_one_tap(harness: BotHarness) -> None:
    out = await harness.send("/start", 16)
    out = await harness.send("Europe/Berlin", 16)
    out = await harness.press(button_data(out, "Europe/Berlin"), 16)
    offer = texts(out)[-1]
    assert "heart failure" in offer and "kidney disease" in offer and "bladder urgency" in offer
    out = await harness.press(button_data(out, "Yes, set these up"), 16)
    [stored_text] = texts(out)
    assert "water" not in stored_text.lower()
    [*reminders] = await harness.app.bot_data["services"].reminders.repository.for_user(16)
    # water reminders are never switched on unless the person chooses them
    assert sorted(r.rule.kind.value for r in reminders) == ["morning", "night", "stretch"]


async def test_water_reminders_only_when_chosen_and_with_care(harness: BotHarness) -> None:
    out = await harness.send("/start", 17)
    out = await harness.send("Europe/Berlin", 17)
    out = await harness.press(button_data(out, "Europe/Berlin"), 17)
    out = await harness.press(button_data(out, "plus 💧 water"), 17)
    [stored_text] = texts(out)
    assert "every 2 h" in stored_text.lower()
    [*reminders] = await harness.app.bot_data["services"].reminders.repository.for_user(17)
    assert sorted(r.rule.kind.value for r in reminders) == ["hydration", "morning", "night", "stretch"]
    [reply] = texts(await harness.send("/remind hydration every 30m 9-21", 17))
    assert "1 hour" in reply
    [reply] = texts(await harness.send("/remind hydration every 90m 9-21", 17))
    assert "limits your fluids" in reply and "dialysis" in reply


def test_the_water_reminder_itself_carries_the_fluid_caution() -> None:
    rule = ReminderRule(
        ReminderKind.HYDRATION, interval_minutes=120, window_start=time(9), window_end=time(21)
    )
    due = DueReminder(1, 1, rule, datetime(2026, 12, 1, 9, tzinfo=UTC), 0, "UTC", time(22), time(7), None)
    text, _markup = reminder_message(due)
    assert "unless your doctor limits your fluids" in text
