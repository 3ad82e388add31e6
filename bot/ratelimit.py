"""One budget for Telegram's ~30 messages/s, shared by replies and reminders, with replies first.

PTB's AIORateLimiter serves requests first come, first served: a wave of 10,000 reminders queued
ahead would make a person chatting with the bot wait minutes. Here interactive requests reserve
the next free slot at once; background requests (reminders, `rate_limit_args=BACKGROUND`) only
take a slot when no interactive request is waiting and the schedule is not already booked ahead,
so an interactive reply waits behind at most one background send. A 429 pauses everyone for
`retry_after`, then the request is retried.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from bot.metrics import HEALTH, TELEGRAM_429

log = logging.getLogger(__name__)

BACKGROUND = "background"
# Calls Telegram does not count as sending (or that must never wait): answered at once.
UNLIMITED_ENDPOINTS = frozenset({"getUpdates", "getMe", "answerCallbackQuery", "setWebhook", "deleteWebhook"})

Result = bool | dict[str, Any] | list[dict[str, Any]]


def _seconds(value: int | float | timedelta) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class PriorityRateLimiter(BaseRateLimiter[str]):
    def __init__(self, overall_per_second: float = 30.0, max_retries: int = 2) -> None:
        self._interval = 1.0 / overall_per_second if overall_per_second > 0 else 0.0
        self._max_retries = max_retries
        self._next_slot = 0.0
        self._paused_until = 0.0
        self._interactive_waiting = 0
        self.waiting = 0  # requests waiting for a slot (the metrics' queue length)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    async def _take_slot(self, background: bool) -> None:
        loop = asyncio.get_running_loop()
        if background:
            while True:
                now = loop.time()
                booked_ahead = self._next_slot > now + self._interval
                if not self._interactive_waiting and not booked_ahead and now >= self._paused_until:
                    break
                await asyncio.sleep(max(self._interval, 0.005))
        else:
            self._interactive_waiting += 1
        try:
            now = loop.time()
            slot = max(now, self._next_slot, self._paused_until)
            self._next_slot = slot + self._interval
            if slot > now:
                await asyncio.sleep(slot - now)
        finally:
            if not background:
                self._interactive_waiting -= 1

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: str | None,
    ) -> Result:
        limited = self._interval > 0 and endpoint not in UNLIMITED_ENDPOINTS
        background = rate_limit_args == BACKGROUND
        attempt = 0
        while True:
            if limited:
                self.waiting += 1
                try:
                    await self._take_slot(background)
                finally:
                    self.waiting -= 1
            try:
                result = await callback(*args, **kwargs)
                HEALTH.telegram_seen()
                return result
            except RetryAfter as exc:
                TELEGRAM_429.inc()
                wait = _seconds(exc.retry_after)
                self._paused_until = max(self._paused_until, asyncio.get_running_loop().time() + wait)
                log.warning("Telegram asked to slow down: pausing sends for %.1f s", wait)
                attempt += 1
                if attempt > self._max_retries:
                    raise
                if not limited:
                    await asyncio.sleep(wait)
