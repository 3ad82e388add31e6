"""The fake Bot API's flood limit (sends per rolling window, counted on arrival) over real HTTP."""

from __future__ import annotations

import pytest
from telegram import Bot
from telegram.error import RetryAfter

from tests.fake_telegram import FakeTelegramServer

TOKEN = "123:ABC"


async def test_sends_beyond_the_window_get_429_with_retry_after_and_are_recorded() -> None:
    # A long window, so the sends surely fall inside it however slow the machine is.
    async with FakeTelegramServer(send_limit=3, send_window=600.0) as server:
        server.api.user_message(7, "hi")
        async with Bot(TOKEN, base_url=server.base_url) as bot:
            for n in range(3):
                await bot.send_message(7, f"message {n}")
            with pytest.raises(RetryAfter) as caught:
                await bot.send_message(7, "one too many")
            assert caught.value.retry_after.total_seconds() >= 1  # type: ignore[union-attr]
            await bot.get_me()  # not a send: never limited
        statuses = [c.status for c in server.api.calls_named("sendMessage")]
        assert statuses == [200, 200, 200, 429]
        assert server.api.calls_named("sendMessage")[-1].params["chat_id"] == 7


async def test_a_throttled_send_does_not_use_up_the_window() -> None:
    async with FakeTelegramServer(send_limit=1, send_window=600.0) as server:
        server.api.user_message(8, "hi")
        async with Bot(TOKEN, base_url=server.base_url) as bot:
            await bot.send_message(8, "first")
            for _ in range(3):
                with pytest.raises(RetryAfter):
                    await bot.send_message(8, "again")
        assert len(server._arrivals) == 1
