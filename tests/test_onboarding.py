"""Onboarding, /timezone, /help, /cancel, private-only, non-text hints — in process."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from handlers.help import command_menu
from tests.harness import BotHarness, button_data, buttons, texts


async def _zone_of(harness: BotHarness, user_id: int) -> str | None:
    return await harness.app.bot_data["services"].db.fetch_value(
        "SELECT timezone FROM users WHERE user_id = ?", (user_id,)
    )


async def test_start_explains_and_asks_for_zone(harness: BotHarness) -> None:
    out = await harness.send("/start")
    joined = "\n".join(texts(out))
    assert "not a doctor" in joined and "not medical advice" in joined
    assert "/export" in joined and "/forget" in joined
    assert "time zone" in joined
    location_button = out[-1]["reply_markup"]["keyboard"][0][0]
    assert location_button["request_location"] is True


async def test_onboarding_by_city_with_confirmation(harness: BotHarness) -> None:
    await harness.send("/start")
    out = await harness.send("new york")
    assert await _zone_of(harness, 1) is None  # nothing set before the confirming tap
    out = await harness.press(button_data(out, "America/New_York"))
    assert "America/New_York" in texts(out)[0]
    assert "Would you like reminders?" in texts(out)[1]  # offered once, after the first zone
    assert await _zone_of(harness, 1) == "America/New_York"


async def test_onboarding_by_location(harness: BotHarness) -> None:
    await harness.send("/start")
    out = await harness.inject(harness.api.user_location(1, 35.68, 139.69))
    assert await _zone_of(harness, 1) is None
    out = await harness.press(button_data(out, "Asia/Tokyo"))
    assert await _zone_of(harness, 1) == "Asia/Tokyo"


async def test_unknown_place_is_asked_again(harness: BotHarness) -> None:
    await harness.send("/start")
    out = await harness.send("Qwzxplk")
    assert "couldn't find" in texts(out)[0]
    out = await harness.send("Europe/Lisbon")
    await harness.press(button_data(out, "Europe/Lisbon"))
    assert await _zone_of(harness, 1) == "Europe/Lisbon"


async def test_timezone_one_line_answers_with_zone_and_local_time(harness: BotHarness) -> None:
    out = await harness.send("/timezone Europe/Berlin")
    # The harness clock is 2026-11-21 12:00 UTC = 13:00 in Berlin.
    assert "Europe/Berlin" in texts(out)[0] and "13:00" in texts(out)[0]
    assert await _zone_of(harness, 1) == "Europe/Berlin"


async def test_timezone_ambiguous_city_offers_choices(harness: BotHarness) -> None:
    out = await harness.send("/timezone Springfield")
    assert len(buttons(out)) >= 2
    await harness.press(buttons(out)[1][1])
    assert await _zone_of(harness, 1) == buttons(out)[1][1].removeprefix("tz:set:")


async def test_forged_zone_button_changes_nothing(harness: BotHarness) -> None:
    await harness.send("/timezone Europe/Berlin")
    out = await harness.press("tz:set:Mars/Olympus", check_button=False)
    assert any(o["method"] == "answerCallbackQuery" and "expired" in o.get("text", "") for o in out)
    assert await _zone_of(harness, 1) == "Europe/Berlin"


async def test_cancel_leaves_onboarding(harness: BotHarness) -> None:
    await harness.send("/start")
    out = await harness.send("/cancel")
    assert "Cancelled" in texts(out)[0]
    out = await harness.send("Berlin")  # no longer read as a place
    assert not [data for _label, data in buttons(out) if data.startswith("tz:")]
    out = await harness.send("/cancel")
    assert "nothing to cancel" in texts(out)[0]


async def test_command_in_the_middle_of_a_flow_is_handled(harness: BotHarness) -> None:
    await harness.send("/start")
    out = await harness.send("/help")
    assert "/timezone" in texts(out)[0]
    out = await harness.send("Berlin")  # the flow was closed by the command
    assert not [data for _label, data in buttons(out) if data.startswith("tz:")]


async def test_help_lists_every_menu_command_with_an_example(harness: BotHarness) -> None:
    out = await harness.send("/help")
    for command in command_menu():
        assert f"/{command.command}" in texts(out)[0]
    assert "e.g." in texts(out)[0]


async def test_command_menu_registered_at_start(harness: BotHarness) -> None:
    registered = [c["command"] for c in harness.api.my_commands()]
    assert registered == [c.command for c in command_menu()]


async def test_group_message_gets_one_notice_and_nothing_is_stored(
    harness: BotHarness, tmp_path: Path
) -> None:
    start = len(harness.api.calls)
    await harness.inject(harness.api.group_message(-500, 77, "/start"))
    sent = harness.api.sent_messages(chat_id=-500, since=start)
    assert len(sent) == 1 and "private" in sent[0]["text"]
    assert harness.api.left_chats == [-500]
    with sqlite3.connect(tmp_path / "bot.sqlite3") as conn:
        assert conn.execute("SELECT COUNT(*) FROM users").fetchone()[0] == 0


async def test_non_text_messages_get_a_hint(harness: BotHarness) -> None:
    for make_update in (harness.api.user_sticker, harness.api.user_voice, harness.api.user_photo):
        out = await harness.inject(make_update(1))
        assert len(texts(out)) == 1 and "log" in texts(out)[0]


async def test_blocking_and_unblocking_is_recorded(harness: BotHarness) -> None:
    await harness.send("/timezone UTC")
    await harness.inject(harness.api.my_chat_member(1, "kicked"))
    db = harness.app.bot_data["services"].db
    assert await db.fetch_value("SELECT blocked FROM users WHERE user_id = 1") == 1
    await harness.inject(harness.api.my_chat_member(1, "member"))
    assert await db.fetch_value("SELECT blocked FROM users WHERE user_id = 1") == 0


async def test_sleep_window_is_set_and_used(harness: BotHarness) -> None:
    out = await harness.send("/sleep 23:30-06:45")
    assert "23:30–06:45" in texts(out)[0]
    db = harness.app.bot_data["services"].db
    assert (
        await db.fetch_value("SELECT sleep_start || '-' || sleep_end FROM users WHERE user_id = 1")
        == "23:30-06:45"
    )
    out = await harness.send("/sleep whenever")
    assert "start-end" in texts(out)[0] or "time" in texts(out)[0]
    out = await harness.send("/sleep")
    assert "23:30–06:45" in texts(out)[0]
