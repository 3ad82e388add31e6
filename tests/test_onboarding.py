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


async def test_onboarding_by_city_sets_a_single_match_with_undo(harness: BotHarness) -> None:
    await harness.send("/start")
    out = await harness.send("new york")
    assert await _zone_of(harness, 1) == "America/New_York"  # one match: set, no confirming tap
    assert any("America/New_York" in t for t in texts(out))
    assert any("Would you like reminders?" in t for t in texts(out))  # offered once, after the first zone
    out = await harness.press(_undo(out))
    assert await _zone_of(harness, 1) is None and "Undone" in texts(out)[0]
    out = await harness.send("Europe/Lisbon")  # asked again after the undo
    assert await _zone_of(harness, 1) == "Europe/Lisbon"


async def test_undo_goes_back_to_the_zone_before(harness: BotHarness) -> None:
    await harness.send("/timezone Europe/Berlin")
    out = await harness.send("/timezone Mumbai")
    assert await _zone_of(harness, 1) == "Asia/Kolkata"
    out = await harness.press(button_data(out, "Undo"))
    assert await _zone_of(harness, 1) == "Europe/Berlin" and "Europe/Berlin again" in texts(out)[0]
    assert _expired(await harness.press("tz:undo:Mars/Olympus", check_button=False))


def _undo(out: list[dict[str, object]]) -> str:
    """The ↩ Undo button's data, from whichever message carries it."""
    for item in out:
        markup = item.get("reply_markup") or {}
        for row in markup.get("inline_keyboard", []) if isinstance(markup, dict) else []:
            for button in row:
                if "Undo" in button["text"]:
                    return str(button["callback_data"])
    raise AssertionError("no Undo button")


def _expired(out: list[dict[str, object]]) -> bool:
    return any(o["method"] == "answerCallbackQuery" and "expired" in str(o.get("text", "")) for o in out)


async def test_onboarding_by_location(harness: BotHarness) -> None:
    await harness.send("/start")
    out = await harness.inject(harness.api.user_location(1, 35.68, 139.69))
    assert await _zone_of(harness, 1) == "Asia/Tokyo"
    assert _undo(out).startswith("tz:undo:")


async def test_unknown_place_is_asked_again_once(harness: BotHarness) -> None:
    await harness.send("/start")
    out = await harness.send("Qwzxplk")
    assert "couldn't find" in texts(out)[0]
    out = await harness.send("Europe/Lisbon")
    assert await _zone_of(harness, 1) == "Europe/Lisbon"


async def test_the_zone_question_never_traps(harness: BotHarness) -> None:
    await harness.send("/start")
    out = await harness.send("how do i stop a cramp")
    assert "left the time-zone question" in texts(out)[0]
    assert len(texts(out)) >= 2 and "couldn't find" not in "\n".join(texts(out))  # answered as a question
    out = await harness.send("left calf 7/10 2 min")
    assert any(t.startswith("✅ Saved") for t in texts(out))


async def test_two_misses_leave_the_question(harness: BotHarness) -> None:
    await harness.send("/start")
    await harness.send("Qwzxplk")
    out = await harness.send("Blorptown")
    assert "left the time-zone question" in texts(out)[0]
    out = await harness.send("Berlin")  # no longer read as a place
    assert not [data for _label, data in buttons(out) if data.startswith("tz:")]


async def test_start_from_a_known_person_greets_with_the_menu(harness: BotHarness) -> None:
    await harness.send("/timezone Europe/Madrid")
    out = await harness.send("/start")
    assert len(texts(out)) == 1 and "Welcome back" in texts(out)[0] and "Europe/Madrid" in texts(out)[0]
    assert button_data(out, "Log a spasm").startswith("mn:")
    out = await harness.send("how do i stop a cramp")  # not eaten by a zone question
    assert "couldn't find" not in "\n".join(texts(out))


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
