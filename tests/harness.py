"""In-process bot for fast handler tests: the real Application over the Bot API stand-in (no
sockets), a temporary database and a clock the test can move."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from telegram.ext import Application

from bot.app import OFFLINE_TOKEN, running_bot
from bot.config import load_settings
from bot.processor import OrderedPerUserProcessor
from bot.standin.request import StandinRequest
from handlers import register
from tests.conftest import MovableClock
from tests.standin_extras import FakeBotApi

JsonDict = dict[str, Any]


# A hang guard, not a speed check: a loaded two-core CI machine can take seconds for a first
# location lookup (timezonefinder loads its polygons on first use).
PROCESS_TIMEOUT = 60.0


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

    async def inject(self, update_id: int) -> list[JsonDict]:
        start = len(self.api.calls)
        await self.processor.wait_processed(update_id, timeout=PROCESS_TIMEOUT)
        return self.outgoing(start)

    def outgoing(self, since: int) -> list[JsonDict]:
        """Messages sent or edited, answered callback queries, files — in call order."""
        wanted = {"sendMessage", "editMessageText", "sendDocument", "sendPhoto", "answerCallbackQuery"}
        return [
            {"method": c.method, **c.params, "files": c.files, "result": c.result}
            for c in self.api.calls[since:]
            if c.ok and c.method in wanted
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
    database: Path, clock: MovableClock | None = None, *, overall_rate: float | None = None
) -> AsyncIterator[BotHarness]:
    """The real bot on the in-process stand-in; `overall_rate` overrides the send budget (a large
    one lets a whole labelled set through without Telegram's pacing)."""
    api = FakeBotApi()
    clock = clock or MovableClock()
    settings = load_settings(
        telegram_bot_token=OFFLINE_TOKEN,
        database_url=f"sqlite:///{database}",
        default_timezone="UTC",
    )
    async with running_bot(
        settings,
        features=register,
        clock=clock,
        request=StandinRequest(api),
        get_updates_request=StandinRequest(api),
        overall_rate=overall_rate,
    ) as application:
        yield BotHarness(api, application, clock)
