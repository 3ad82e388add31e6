"""Delivering one claimed reminder: try, wait, try again, until it is sent or too late, and record
what happened. Telegram-free: the actual send is a small callable (handlers/remind.py adapts the
Bot API to it) that reports each try as an `Attempt`.

- 429 or a network problem: wait (`retry_after`, or a growing backoff) and retry, for as long as the
  reminder is still inside its catch-up window (the same 30 minutes as after a restart). Past it,
  the reminder is recorded as "skipped", never silently lost. (A timed-out send may in rare cases
  have reached Telegram; retrying it then shows the reminder twice, which beats losing it.)
- Permanent answers are not retried: 403 (blocked: the dispatcher pauses that person) and 400
  (the request itself is wrong: recorded as "failed").
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.reminders.rules import ReminderKind
from bot.reminders.schedule import catch_up_decision
from bot.storage.reminders import DueReminder

log = logging.getLogger(__name__)

BACKOFF_SECONDS = (1.0, 2.0, 4.0, 8.0, 15.0, 30.0)  # network trouble: waits between tries, then 30 s


class Delivery(StrEnum):
    """What one try gave."""

    SENT = "sent"
    BLOCKED = "blocked"  # 403: the person blocked the bot
    RETRY = "retry"  # 429, a timeout, a network error, a 5xx: worth trying again
    REJECTED = "rejected"  # 400 and the like: the same request will never succeed


@dataclass(frozen=True, slots=True)
class Attempt:
    delivery: Delivery
    retry_after: float | None = None  # for RETRY: the wait Telegram asked for (None: our backoff)
    reason: str = ""  # an error's type name, for the log (never message text)


class Outcome(StrEnum):
    SENT = "sent"
    BLOCKED = "blocked"
    FAILED = "failed"  # rejected for good (recorded)
    LATE = "late"  # still undelivered when its catch-up window closed (recorded as skipped)
    STOPPED = "stopped"  # the bot shut down while it waited to retry (recorded as skipped)


class SendOnce(Protocol):
    def __call__(self, reminder: DueReminder, /) -> Awaitable[Attempt]: ...


class EventLog(Protocol):
    async def record_event(
        self, user_id: int, kind: ReminderKind, event: str, local_day: date, now: datetime
    ) -> None: ...


Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Delivered:
    outcome: Outcome
    lateness: timedelta  # from the due instant to the outcome
    tries: int


class ReminderSender:
    def __init__(
        self,
        send_once: SendOnce,
        events: EventLog,
        clock: Clock,
        default_zone: str = "UTC",
        sleep: Sleep | None = None,
    ) -> None:
        self._send_once = send_once
        self._events = events
        self._clock = clock
        self._default_zone = default_zone
        self._stop = asyncio.Event()
        self._sleep = sleep or self._sleep_unless_stopped

    def stop_soon(self) -> None:
        """Retries waiting now give up (recorded as skipped) instead of holding up the shutdown."""
        self._stop.set()

    async def deliver(self, reminder: DueReminder) -> Delivered:
        tries = 0
        failures = 0
        while True:
            tries += 1
            attempt = await self._send_once(reminder)
            if attempt.delivery is Delivery.SENT:
                return await self._finish(reminder, Outcome.SENT, "sent", tries)
            if attempt.delivery is Delivery.BLOCKED:
                return Delivered(Outcome.BLOCKED, self._clock.now() - reminder.due, tries)
            if attempt.delivery is Delivery.REJECTED:
                log.warning("reminder rejected by Telegram (%s): not retried", attempt.reason)
                return await self._finish(reminder, Outcome.FAILED, "failed", tries)
            if attempt.retry_after is not None:
                wait = attempt.retry_after
            else:
                wait = BACKOFF_SECONDS[min(failures, len(BACKOFF_SECONDS) - 1)]
                failures += 1
            if catch_up_decision(reminder.due, self._clock.now() + timedelta(seconds=wait)) == "skip":
                log.warning(
                    "reminder skipped: still undelivered (%s) when its catch-up window closed", attempt.reason
                )
                return await self._finish(reminder, Outcome.LATE, "skipped", tries)
            await self._sleep(wait)
            if self._stop.is_set():
                return await self._finish(reminder, Outcome.STOPPED, "skipped", tries)

    async def _finish(self, reminder: DueReminder, outcome: Outcome, event: str, tries: int) -> Delivered:
        now = self._clock.now()
        zone = ZoneInfo(reminder.timezone or self._default_zone)
        local_day = now.astimezone(zone).date()
        await self._events.record_event(reminder.user_id, reminder.rule.kind, event, local_day, now)
        return Delivered(outcome, now - reminder.due, tries)

    async def _sleep_unless_stopped(self, seconds: float) -> None:
        try:
            await asyncio.wait_for(self._stop.wait(), timeout=seconds)
        except TimeoutError:
            return
