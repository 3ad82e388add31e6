"""The real bot for tests, with a temporary database and a clock the test can move: in process over
the Bot API stand-in (no sockets, fast handler tests), or over real HTTP to the fake Bot API server
(tests/fake_telegram.py on 127.0.0.1) with Telegram's round trip and flood limit (the dialogues)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import Any

from telegram.ext import Application
from telegram.request import BaseRequest

from bot.app import OFFLINE_TOKEN, running_bot
from bot.config import load_settings
from bot.processor import OrderedPerUserProcessor
from bot.standin.request import StandinRequest
from handlers import register
from tests.conftest import MovableClock
from tests.fake_telegram import FakeTelegramServer
from tests.standin_extras import FakeBotApi

JsonDict = dict[str, Any]


# A hang guard, not a speed check: a loaded two-core CI machine can take seconds for a first
# location lookup (timezonefinder loads its polygons on first use).
PROCESS_TIMEOUT = 60.0
# Over HTTP: Telegram's answers take 30-80 ms, and it refuses a 31st send in any rolling second.
TELEGRAM_ROUND_TRIP = (0.030, 0.080)
TELEGRAM_SENDS_PER_SECOND = 30


class BotHarness:
    def __init__(self, api: FakeBotApi, application: Application, clock: MovableClock) -> None:
        self.api = api
        self.app = application
        self.clock = clock
        processor = application.update_processor
        assert isinstance(processor, OrderedPerUserProcessor)
        self.processor = processor

    async def _deliver(self, update_id: int) -> list[JsonDict]:
        since = len(self.api.calls)
        await self.processor.wait_processed(update_id, timeout=PROCESS_TIMEOUT)
        return [
            {"method": c.method, **c.params, "result": c.result}
            for c in self.api.calls[since:]
            if c.ok and c.method in {"sendMessage", "editMessageText", "sendDocument", "sendPhoto"}
        ]

    async def send(self, text: str, user_id: int = 1) -> list[JsonDict]:
        """Send a message as the user; returns what the bot sent or edited in reply."""
        start = len(self.api.calls)
        update_id = self.api.user_message(user_id, text)
        await self.processor.wait_processed(update_id, timeout=PROCESS_TIMEOUT)
        return self.outgoing(start)

    async def press(
        self, data: str, user_id: int = 1, message_id: int | None = None, **kw: Any
    ) -> list[JsonDict]:
        start = len(self.api.calls)
        update_id = self.api.callback_query(user_id, data, message_id=message_id, **kw)
        await self.processor.wait_processed(update_id, timeout=PROCESS_TIMEOUT)
        return self.outgoing(start)

    async def send_as(self, user_id: int, text: str) -> list[JsonDict]:
        """Like `send`, but waits for this update only and returns only this chat's replies, so
        many people can talk to the bot at once."""
        start = len(self.api.calls)
        await self.handled(self.api.user_message(user_id, text))
        return self.outgoing(start, chat_id=user_id)

    async def press_as(self, user_id: int, data: str) -> list[JsonDict]:
        """Like `press` (on the latest message offering `data`), for many people at once."""
        start = len(self.api.calls)
        await self.handled(self.api.callback_query(user_id, data, check_button=False))
        return self.outgoing(start, chat_id=user_id)

    async def handled(self, update_id: int, timeout: float = PROCESS_TIMEOUT) -> None:  # noqa: ASYNC109
        """Until the bot has handled this update (its replies sent), whatever else it is doing."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while update_id not in self.processor.finished_ids:
            if loop.time() > deadline:
                raise TimeoutError(f"update {update_id} not handled within {timeout:.0f}s")
            await asyncio.sleep(0.01)

    async def inject(self, update_id: int) -> list[JsonDict]:
        start = len(self.api.calls)
        await self.processor.wait_processed(update_id, timeout=PROCESS_TIMEOUT)
        return self.outgoing(start)

    def outgoing(self, since: int, chat_id: int | None = None) -> list[JsonDict]:
        """Messages sent or edited, answered callback queries, files — in call order; with
        `chat_id` only what went into that chat (callback answers name no chat: left out)."""
        wanted = {"sendMessage", "editMessageText", "sendDocument", "sendPhoto", "answerCallbackQuery"}
        return [
            {"method": c.method, **c.params, "files": c.files, "result": c.result}
            for c in self.api.calls[since:]
            if c.ok and c.method in wanted and (chat_id is None or c.params.get("chat_id") == chat_id)
        ]


def texts(outgoing: list[JsonDict]) -> list[str]:
    return [str(o.get("text", "")) for o in outgoing if o["method"] in {"sendMessage", "editMessageText"}]


def buttons(outgoing: list[JsonDict]) -> list[tuple[str, str]]:
    """(label, callback_data) of the inline buttons in the last message that has any."""
    for item in reversed(outgoing):
        markup = item.get("reply_markup") or {}
        if isinstance(markup, dict) and markup.get("inline_keyboard"):
            return [(b["text"], b.get("callback_data", "")) for row in markup["inline_keyboard"] for b in row]
    return []


def button_data(outgoing: list[JsonDict], label_part: str) -> str:
    for label, data in buttons(outgoing):
        if label_part.casefold() in label.casefold():
            return data
    raise AssertionError(f"no button containing {label_part!r} in {buttons(outgoing)}")


@asynccontextmanager
async def running_harness(
    database: Path,
    clock: MovableClock | None = None,
    *,
    overall_rate: float | None = None,
    over_http: bool = False,
) -> AsyncIterator[BotHarness]:
    """The real bot on the in-process stand-in; `overall_rate` overrides the send budget (a large
    one lets a whole labelled set through without Telegram's pacing). `over_http`: the bot reaches
    the fake Bot API server on 127.0.0.1 through PTB's own HTTPXRequest (base_url pointed at it),
    each call answered after 30-80 ms, 30 sends per rolling second, beyond that 429 + retry_after."""
    clock = clock or MovableClock()
    async with AsyncExitStack() as stack:
        base_url: str | None = None
        request: BaseRequest | None = None
        get_updates_request: BaseRequest | None = None
        if over_http:
            server = FakeTelegramServer(round_trip=TELEGRAM_ROUND_TRIP, send_limit=TELEGRAM_SENDS_PER_SECOND)
            await stack.enter_async_context(server)
            api, base_url = server.api, server.base_url
        else:
            api = FakeBotApi()
            request, get_updates_request = StandinRequest(api), StandinRequest(api)
        settings = load_settings(
            telegram_bot_token=OFFLINE_TOKEN,
            database_url=f"sqlite:///{database}",
            default_timezone="UTC",
            **({"telegram_api_base_url": base_url} if base_url else {}),
        )
        application = await stack.enter_async_context(
            running_bot(
                settings,
                features=register,
                clock=clock,
                request=request,
                get_updates_request=get_updates_request,
                overall_rate=overall_rate,
            )
        )
        yield BotHarness(api, application, clock)


HTTP_TOKEN = "424242:E2E-test-token-for-the-fake-server"


@asynccontextmanager
async def bot_over_http(
    tmp_path: Path,
    clock: MovableClock | None = None,
    *,
    overall_rate: float | None = None,
    **settings: Any,
) -> AsyncIterator[tuple[FakeTelegramServer, Application]]:
    """The real bot polling a fresh fake Bot API server over HTTP (the server as tests set it up by
    default: no added latency), its database in `tmp_path`; `settings` override or add settings
    (`database_url`, `mode="webhook"`, …). For tests that talk to `server.api` directly."""
    async with FakeTelegramServer() as server:
        chosen: dict[str, Any] = {"database_url": f"sqlite:///{tmp_path / 'e2e.sqlite3'}", **settings}
        loaded = load_settings(telegram_bot_token=HTTP_TOKEN, telegram_api_base_url=server.base_url, **chosen)
        async with running_bot(
            loaded, features=register, clock=clock, overall_rate=overall_rate
        ) as application:
            yield server, application
