"""End to end over real HTTP: the bot polls the fake Bot API server on 127.0.0.1 through
TELEGRAM_API_BASE_URL, exactly as it would poll Telegram."""

from __future__ import annotations

import logging
import random
from pathlib import Path

import pytest

from handlers.help import command_menu
from tests.fake_telegram import FakeTelegramServer
from tests.harness import bot_over_http


async def test_answers_start_and_registers_commands(tmp_path: Path) -> None:
    async with bot_over_http(tmp_path) as (server, _application):
        assert [c["command"] for c in server.api.my_commands()] == [c.command for c in command_menu()]
        server.api.user_message(5, "/start")
        # Speed is measured in bench/ (bench_throughput); here only that it is answered.
        calls = await server.api.wait_for_calls("sendMessage", chat_id=5, timeout=10)
        assert "Spasm Diary" in calls[0].params["text"]


def _random_text(rng: random.Random) -> str:
    choice = rng.randrange(6)
    if choice == 0:
        return "".join(chr(rng.randrange(0x20, 0x2FFFF)) for _ in range(rng.randrange(1, 60)))
    if choice == 1:
        return "x" * 10_000
    if choice == 2:
        return "/" + "".join(rng.choice("abcxyz_") for _ in range(rng.randrange(1, 20)))
    if choice == 3:
        return rng.choice(["/start", "/help", "/timezone", "/timezone Berlin", "/cancel", "Berlin", "1"])
    if choice == 4:
        return " ".join(
            rng.choice(["calf", "7/10", "left", "why", "cramp", "?", "🙂", "\u202e"]) for _ in range(5)
        )
    return "".join(rng.choice("\u0000\u200b\ufeff\n\t ") for _ in range(rng.randrange(1, 5)))


def _inject_random(server: FakeTelegramServer, rng: random.Random) -> None:
    api = server.api
    user = rng.randrange(1, 40)
    kind = rng.randrange(10)
    if kind <= 3:
        api.user_message(user, _random_text(rng))
    elif kind == 4:
        api.raw_update(
            {"message": {"message_id": 1, "date": 0, "chat": {"id": user, "type": "private"}, "text": ""}}
        )
    elif kind == 5:
        api.user_sticker(user)
    elif kind == 6:
        api.callback_query(user, _random_text(rng)[:64] or "x", check_button=False)
    elif kind == 7:
        api.group_message(-1000 - user, user, _random_text(rng))
    elif kind == 8:
        try:
            api.edited_message(user, _random_text(rng))
        except ValueError:  # this user has no message to edit yet
            api.user_voice(user)
    else:
        api.my_chat_member(user, rng.choice(["kicked", "member"]))


async def test_survives_1000_random_updates_and_still_answers(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    rng = random.Random(20261121)
    caplog.set_level(logging.ERROR)
    # Telegram's 30 messages/s pacing would make ~900 replies take 30 s; lift it for this test.
    async with bot_over_http(tmp_path, overall_rate=0) as (server, _application):
        for _ in range(1000):
            _inject_random(server, rng)
        await server.api.wait_for(lambda: not server.api.pending_updates(), timeout=60)
        server.api.unblock_user(999)
        server.api.user_message(999, "/help")
        calls = await server.api.wait_for_calls("sendMessage", chat_id=999, timeout=30)
        assert "/timezone" in calls[0].params["text"]
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [], [r.getMessage() for r in errors]
    refused = [(c.method, c.response.get("description")) for c in server.api.calls if c.status == 400]
    assert refused == [], "the bot sent something Telegram would refuse"


async def test_one_users_burst_is_answered_in_order(tmp_path: Path) -> None:
    zones = ["Europe/Berlin", "Asia/Tokyo", "America/Chicago", "Europe/Paris", "Australia/Sydney", "UTC"] * 5
    async with bot_over_http(tmp_path) as (server, _application):
        for other in range(100, 110):  # other users at the same time
            server.api.user_message(other, "/help")
        for zone in zones:
            server.api.user_message(7, f"/timezone {zone}")
        # +1: the first zone ever set is followed by the offer of reminders.
        calls = await server.api.wait_for_calls("sendMessage", len(zones) + 1, chat_id=7, timeout=30)
    confirmations = [c for c in calls if c.params["text"].startswith("✅ Time zone set")]
    answered = [next(z for z in set(zones) if z in c.params["text"]) for c in confirmations]
    assert answered == zones
