"""Process different users' updates concurrently, each user's own updates strictly in order.

ConversationHandler needs per-user order (PTB's `concurrent_updates(True)` breaks it), but one
slow user must not hold up everyone else. Each update waits for the previous update of the same
user (a chain of futures), then runs; afterwards its conversation state is flushed to the database.

Order of arrival: PTB creates one task per update, in update order, and each task registers
itself here before its first await, because PTB's admission semaphore is sized far above the
real work limit (`max_workers`) and so never makes a task wait.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot.metrics import REPLY_SECONDS, UPDATES_HANDLED

ADMISSION_LIMIT = 1_000_000


def ordering_key(update: object) -> int | None:
    if isinstance(update, Update):
        if update.effective_user is not None:
            return update.effective_user.id
        if update.effective_chat is not None:
            return update.effective_chat.id
    return None


class OrderedPerUserProcessor(BaseUpdateProcessor):
    def __init__(self, max_workers: int = 64) -> None:
        super().__init__(max_concurrent_updates=ADMISSION_LIMIT)
        self._workers = asyncio.Semaphore(max_workers)
        self._tails: dict[int, asyncio.Future[None]] = {}
        # Called after each update (flushes persistence); set by the app factory.
        self.after_update: Callable[[], Awaitable[Any]] | None = None
        # Runs an update through the handlers again (Application.process_update); set by the factory.
        self.process_again: Callable[[object], Awaitable[Any]] | None = None
        self._again: set[int] = set()
        self.in_flight = 0
        self.finished_ids: set[int] = set()  # kept small: cleared past a few thousand

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = ordering_key(update)
        previous = self._tails.get(key) if key is not None else None
        mine: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        if key is not None:
            self._tails[key] = mine
        self.in_flight += 1
        try:
            if previous is not None:
                await previous
            async with self._workers:
                started = time.monotonic()
                try:
                    await coroutine
                    if isinstance(update, Update) and update.update_id in self._again:
                        # A flow closed itself for this command: now the command's own handler runs,
                        # in the same per-user slot, so nothing of this user's overtakes it.
                        self._again.discard(update.update_id)
                        if self.process_again is not None:
                            await self.process_again(update)
                finally:
                    if self.after_update is not None:
                        await self.after_update()
                    UPDATES_HANDLED.inc()
                    REPLY_SECONDS.observe(time.monotonic() - started)
        finally:
            mine.set_result(None)
            if key is not None and self._tails.get(key) is mine:
                del self._tails[key]
            self.in_flight -= 1
            if isinstance(update, Update):
                if len(self.finished_ids) > 10_000:
                    self.finished_ids.clear()
                self.finished_ids.add(update.update_id)

    def handle_again(self, update: Update) -> None:
        """Ask for `update` to be processed once more when its current pass has finished."""
        self._again.add(update.update_id)

    async def wait_processed(self, update_id: int, timeout: float = 30.0) -> None:  # noqa: ASYNC109
        """Wait until an update has been handled and nothing else is running (demo, tests)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while update_id not in self.finished_ids or self.in_flight:
            if loop.time() > deadline:
                raise TimeoutError(f"update {update_id} not processed within {timeout:.0f}s")
            await asyncio.sleep(0.01)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Tasks are awaited by the Application on stop."""
