"""One budget for Telegram's send limits, shared by replies and reminders (python-telegram-bot's
rate limiter hook). The arithmetic lives in bot/sendbudget.py; this module queues the senders.

PTB's AIORateLimiter serves requests first come, first served and fills the limit exactly: a wave of
reminders queued ahead makes a person wait minutes, and jitter provokes 429s. Here every send waits
in one of two lanes; a single pump hands out places as the budget frees them: replies first, but
reminders (`rate_limit_args=BACKGROUND`) get their guaranteed share whenever they wait. A 429 pauses
everyone for `retry_after` and lowers the rate for a while. A reply is retried after a 429 (up to
`max_retries`); a reminder is not: its sender decides, knowing how late it may still go out.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from bot.metrics import HEALTH, TELEGRAM_429
from bot.sendbudget import Lane, SendBudget, SendLimits

log = logging.getLogger(__name__)

BACKGROUND = "background"
# Calls Telegram does not count as sending (or that must never wait): answered at once.
UNLIMITED_ENDPOINTS = frozenset({"getUpdates", "getMe", "answerCallbackQuery", "setWebhook", "deleteWebhook"})
_SCAN = 64  # how deep to look in a lane for a chat that may receive now

Result = bool | dict[str, Any] | list[dict[str, Any]]


def _seconds(value: int | float | timedelta) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


@dataclass(slots=True)
class _Waiter:
    chat_id: int | None
    granted: asyncio.Future[int] = field(default_factory=lambda: asyncio.get_running_loop().create_future())


class PriorityRateLimiter(BaseRateLimiter[str]):
    def __init__(self, limits: SendLimits | None = None, max_retries: int = 3) -> None:
        self.limits = limits or SendLimits()
        self._max_retries = max_retries
        self._budget: SendBudget | None = None
        self._lanes: dict[Lane, deque[_Waiter]] = {Lane.INTERACTIVE: deque(), Lane.BACKGROUND: deque()}
        self._wake: asyncio.Event | None = None
        self._pump: asyncio.Task[None] | None = None

    @property
    def waiting(self) -> int:
        """Sends waiting for a slot (the metrics' queue length)."""
        return sum(len(lane) for lane in self._lanes.values())

    @property
    def budget(self) -> SendBudget:
        if self._budget is None:
            self._budget = SendBudget(self.limits, asyncio.get_running_loop().time())
        return self._budget

    async def initialize(self) -> None:
        """Nothing to set up: the pump starts with the first waiting send."""

    async def shutdown(self) -> None:
        if self._pump is not None:
            self._pump.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._pump
            self._pump = None

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: str | None,
    ) -> Result:
        limited = not self.limits.unlimited and endpoint not in UNLIMITED_ENDPOINTS
        lane = Lane.BACKGROUND if rate_limit_args == BACKGROUND else Lane.INTERACTIVE
        chat = data.get("chat_id")
        chat_id = chat if isinstance(chat, int) else None
        loop = asyncio.get_running_loop()
        attempt = 0
        while True:
            ticket = await self._acquire(lane, chat_id) if limited else None
            try:
                result = await callback(*args, **kwargs)
                HEALTH.telegram_seen()
                return result
            except RetryAfter as exc:
                TELEGRAM_429.inc()
                wait = _seconds(exc.retry_after)
                self.budget.throttled(wait, loop.time())
                log.warning(
                    "Telegram answered 429: pausing sends for %.1f s, rate now %.1f/s",
                    wait,
                    self.budget.rate(loop.time()),
                )
                attempt += 1
                if lane is Lane.BACKGROUND or attempt > self._max_retries:
                    raise
                if not limited:
                    await asyncio.sleep(wait)
            finally:
                if ticket is not None:
                    self.budget.finish(ticket, loop.time())
                    self._kick()

    async def _acquire(self, lane: Lane, chat_id: int | None) -> int:
        waiter = _Waiter(chat_id)
        self._lanes[lane].append(waiter)
        self._kick()
        try:
            return await waiter.granted
        except asyncio.CancelledError:
            if waiter.granted.done() and not waiter.granted.cancelled():
                self.budget.finish(waiter.granted.result(), asyncio.get_running_loop().time())
            with contextlib.suppress(ValueError):
                self._lanes[lane].remove(waiter)
            raise

    def _kick(self) -> None:
        if self._pump is None or self._pump.done():
            self._wake = asyncio.Event()
            self._pump = asyncio.get_running_loop().create_task(self._run_pump(), name="send-budget")
        elif self._wake is not None:
            self._wake.set()

    async def _run_pump(self) -> None:
        loop = asyncio.get_running_loop()
        budget = self.budget
        while any(self._lanes.values()):
            now = loop.time()
            wait = budget.wait(now)
            if wait is None or wait > 0:
                await self._sleep(wait)
                continue
            ready = {lane: self._first_ready(queue, now) for lane, queue in self._lanes.items()}
            spacing = budget.background_wait(now)
            if spacing > 0:
                ready[Lane.BACKGROUND] = None
            lane = budget.choose(
                ready[Lane.INTERACTIVE] is not None,
                ready[Lane.BACKGROUND] is not None,
                background_waiting=bool(self._lanes[Lane.BACKGROUND]),
            )
            if lane is None:  # reminders keep their spacing, or every waiting chat had its burst
                waits = [budget.chat_wait(w.chat_id, now) for w in self._lanes[Lane.INTERACTIVE]]
                waits += [
                    max(spacing, budget.chat_wait(w.chat_id, now)) for w in self._lanes[Lane.BACKGROUND]
                ]
                await self._sleep(max(min(waits), 0.001))
                continue
            index = ready[lane]
            assert index is not None
            queue = self._lanes[lane]
            waiter = queue[index]
            del queue[index]
            if not waiter.granted.done():
                waiter.granted.set_result(budget.start(waiter.chat_id, now, lane))

    def _first_ready(self, queue: deque[_Waiter], now: float) -> int | None:
        for index, waiter in enumerate(queue):
            if index >= _SCAN:
                return None
            if waiter.granted.done() or self.budget.chat_wait(waiter.chat_id, now) == 0:
                return index
        return None

    async def _sleep(self, seconds: float | None) -> None:
        """Until `seconds` pass or something changes (a send finished, a new one waits)."""
        assert self._wake is not None
        self._wake.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(
                self._wake.wait(), timeout=self.limits.window if seconds is None else seconds
            )
