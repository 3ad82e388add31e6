"""The reminder dispatcher: one periodic job (not one scheduler job per reminder) that takes the
reminders due from the database, moves each to its next due instant, then sends them.

- Never twice: a reminder is moved on (claimed) in the database before it is sent, so a restart
  or a crash, even kill -9, cannot send it again. The price is that a crash in the instant between
  claiming and sending loses that one reminder.
- No flood after an outage: one that is at most 30 minutes late is sent, older ones are skipped
  (catch_up_decision), and the next one is planned from now.
- Polite: sends go through the shared rate limiter as background traffic (replies to people
  chatting go first, reminders keep a guaranteed share); a user who blocked the bot is marked and
  skipped until they return.
- Nothing lost quietly: each reminder is delivered by bot/reminders/sender.py (retries until sent
  or past its catch-up window, then recorded as skipped); an error in one never aborts the batch;
  how late reminders went out is counted and logged once a wave is done.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.metrics import REMINDERS
from bot.reminders.schedule import catch_up_decision, next_fire
from bot.reminders.sender import Delivered, Outcome
from bot.storage.reminders import DueReminder, ReminderRepository

log = logging.getLogger(__name__)

__all__ = ["DispatchStats", "Outcome", "ReminderDispatcher"]

Send = Callable[[DueReminder], Awaitable[Delivered]]
MarkBlocked = Callable[[int], Awaitable[None]]
# Lateness of sent reminders is counted in these buckets (upper bounds, minutes).
LATENESS_BUCKETS_MINUTES = (1, 5, 10, 20, 30)
WAVE_LOG_THRESHOLD = 100  # a run that handled this many reminders logs its counts and lateness


@dataclass
class DispatchStats:
    sent: int = 0
    skipped_late: int = 0  # found more than the catch-up window late (e.g. after an outage)
    late: int = 0  # claimed in time, but still undelivered when the window closed (recorded)
    blocked: int = 0
    failed: int = 0  # rejected for good, stopped by a shutdown, or an unexpected error
    retried: int = 0  # reminders that needed more than one try
    lateness_max_seconds: float = 0.0
    # sent reminders by lateness: "<=1m", "<=5m", ..., ">30m"
    lateness: dict[str, int] = field(default_factory=dict)

    def note_sent(self, lateness: timedelta) -> None:
        self.sent += 1
        seconds = max(0.0, lateness.total_seconds())
        self.lateness_max_seconds = max(self.lateness_max_seconds, seconds)
        bucket = next((f"<={m}m" for m in LATENESS_BUCKETS_MINUTES if seconds <= m * 60), ">30m")
        self.lateness[bucket] = self.lateness.get(bucket, 0) + 1


@dataclass
class ReminderDispatcher:
    repository: ReminderRepository
    clock: Clock
    send: Send
    mark_blocked: MarkBlocked
    default_zone: str = "UTC"
    batch_size: int = 100
    concurrency: int = 16
    stats: DispatchStats = field(default_factory=DispatchStats)
    stop_sending: Callable[[], None] | None = None  # ends retries that wait (ReminderSender.stop_soon)
    _busy: bool = False
    _stopping: bool = False
    _gate: asyncio.Semaphore = field(init=False)

    def __post_init__(self) -> None:
        self._gate = asyncio.Semaphore(self.concurrency)  # sends in flight, over all batches

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
        due, sending = await self._claim_batch()
        await sending
        return due

    async def _claim_batch(self) -> tuple[int, asyncio.Future[list[None]]]:
        """Claim one batch (one short transaction) and start sending it; returns how many were due
        and the sends, to be awaited."""
        now = self.clock.now()
        due = await self.repository.due(now, self.batch_size)
        taken = await self.repository.claim([self.plan(r, now) for r in due], now) if due else []
        return len(due), asyncio.gather(*(self._deliver(r) for r in taken))

    async def _deliver(self, reminder: DueReminder) -> None:
        try:
            async with self._gate:
                if self._stopping:
                    return
                delivered = await self.send(reminder)
            self._count(delivered)
            if delivered.outcome is Outcome.BLOCKED:
                await self.mark_blocked(reminder.user_id)
        except Exception:  # one reminder's trouble must not abort the others in the batch
            self.stats.failed += 1
            log.exception("reminder delivery failed unexpectedly")

    def _count(self, delivered: Delivered) -> None:
        REMINDERS.labels(delivered.outcome.value).inc()
        stats = self.stats
        if delivered.tries > 1:
            stats.retried += 1
        if delivered.outcome is Outcome.SENT:
            stats.note_sent(delivered.lateness)
        elif delivered.outcome is Outcome.BLOCKED:
            stats.blocked += 1
        elif delivered.outcome is Outcome.LATE:
            stats.late += 1
        else:
            stats.failed += 1

    async def run_until_idle(self) -> None:
        """Work through every due reminder (a wave may span many batches), then return. Runs of
        the periodic job that start while one is busy return at once instead of piling up."""
        if self._busy:
            return
        self._busy = True
        before = self.stats.sent + self.stats.late + self.stats.failed
        # The next batch is claimed while the current one is still sending (at most two in hand),
        # so the budget never idles between batches; batches stay small because a claim holds the
        # database for its whole transaction, and every reply waits for the database.
        in_hand: deque[asyncio.Future[list[None]]] = deque()
        try:
            while not self._stopping:
                due, sending = await self._claim_batch()
                in_hand.append(sending)
                if due < self.batch_size:
                    break
                if len(in_hand) >= 2:
                    await in_hand.popleft()
            while in_hand:
                await in_hand.popleft()
        finally:
            self._busy = False
        if self.stats.sent + self.stats.late + self.stats.failed - before >= WAVE_LOG_THRESHOLD:
            log.info("reminder wave done: %s", self.stats)

    def stop_soon(self) -> None:
        """Finish the sends in flight and start no new ones (called before shutdown)."""
        self._stopping = True
        if self.stop_sending is not None:
            self.stop_sending()
