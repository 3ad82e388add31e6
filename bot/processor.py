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
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

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

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = ordering_key(update)
        previous = self._tails.get(key) if key is not None else None
        mine: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        if key is not None:
            self._tails[key] = mine
        try:
            if previous is not None:
                await previous
            async with self._workers:
                try:
                    await coroutine
                finally:
                    if self.after_update is not None:
                        await self.after_update()
        finally:
            mine.set_result(None)
            if key is not None and self._tails.get(key) is mine:
                del self._tails[key]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Tasks are awaited by the Application on stop."""
