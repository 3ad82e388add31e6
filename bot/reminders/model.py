"""Reminder values that storage hands to the domain: a stored schedule and a reminder that is due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from bot.reminders.rules import ReminderRule


@dataclass(frozen=True, slots=True)
class StoredReminder:
    user_id: int
    rule: ReminderRule
    next_due: datetime | None
    sent_count: int


@dataclass(frozen=True, slots=True)
class DueReminder:
    """A reminder whose time has come, with what is needed to send it and plan the next one."""

    user_id: int
    chat_id: int
    rule: ReminderRule
    due: datetime
    sent_count: int
    timezone: str | None
    sleep_start: time
    sleep_end: time
    paused_until: datetime | None
