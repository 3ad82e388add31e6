"""The reminder dispatcher: one periodic job (not one scheduler job per reminder) that takes the
reminders due from the database, moves each to its next due instant, then sends them.

- Never twice: a reminder is moved on (claimed) in the database before it is sent, so a restart
  or a crash, even kill -9, cannot send it again. The price is that a crash in the instant between
  claiming and sending loses that one reminder.
- No flood after an outage: one that is at most 30 minutes late is sent, older ones are skipped
  (catch_up_decision), and the next one is planned from now.
- Polite: sends go through the shared rate limiter as background traffic (replies to people
  chatting go first); a user who blocked the bot is marked and skipped until they return.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.metrics import REMINDERS
from bot.reminders.schedule import catch_up_decision, next_fire
from bot.storage.reminders import DueReminder, ReminderRepository

log = logging.getLogger(__name__)


class Outcome(StrEnum):
    SENT = "sent"
    BLOCKED = "blocked"  # 403: the user blocked the bot
    FAILED = "failed"  # network trouble that outlasted the retries


Send = Callable[[DueReminder], Awaitable[Outcome]]
MarkBlocked = Callable[[int], Awaitable[None]]


@dataclass
class DispatchStats:
    sent: int = 0
    skipped_late: int = 0
    blocked: int = 0
    failed: int = 0


@dataclass
class ReminderDispatcher:
    repository: ReminderRepository
    clock: Clock
    send: Send
    mark_blocked: MarkBlocked
    default_zone: str = "UTC"
    batch_size: int = 500
    concurrency: int = 16
    stats: DispatchStats = field(default_factory=DispatchStats)
    _busy: bool = False
    _stopping: bool = False

    def plan(self, reminder: DueReminder, now: datetime) -> tuple[DueReminder, datetime | None, bool]:
        """(reminder, its next due instant, whether to send this one)."""
        zone = ZoneInfo(reminder.timezone or self.default_zone)
        paused = reminder.paused_until is not None and reminder.paused_until > now
        upcoming = next_fire(
            reminder.rule,
            after=now,
            tz=zone,
            sleep_start=reminder.sleep_start,
            sleep_end=reminder.sleep_end,
            paused_until=reminder.paused_until if paused else None,
        )
        send = not paused and catch_up_decision(reminder.due, now) == "send"
        if not send and not paused:
            self.stats.skipped_late += 1
            REMINDERS.labels("late").inc()
        return reminder, upcoming, send

    async def run_once(self) -> int:
        """Handle one batch of due reminders; returns how many were due."""
        now = self.clock.now()
        due = await self.repository.due(now, self.batch_size)
        if not due:
            return 0
        taken = await self.repository.claim([self.plan(r, now) for r in due], now)
        gate = asyncio.Semaphore(self.concurrency)

        async def one(reminder: DueReminder) -> None:
            async with gate:
                if self._stopping:
                    return
                outcome = await self.send(reminder)
            REMINDERS.labels(outcome.value).inc()
            if outcome is Outcome.SENT:
                self.stats.sent += 1
            elif outcome is Outcome.BLOCKED:
                self.stats.blocked += 1
                await self.mark_blocked(reminder.user_id)
            else:
                self.stats.failed += 1

        await asyncio.gather(*(one(r) for r in taken))
        return len(due)

    async def run_until_idle(self) -> None:
        """Work through every due reminder (a wave may span many batches), then return. Runs of
        the periodic job that start while one is busy return at once instead of piling up."""
        if self._busy:
            return
        self._busy = True
        try:
            while not self._stopping and await self.run_once() >= self.batch_size:
                pass
        finally:
            self._busy = False

    def stop_soon(self) -> None:
        """Finish the sends in flight and start no new ones (called before shutdown)."""
        self._stopping = True
