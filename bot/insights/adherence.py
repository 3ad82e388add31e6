"""Reminder adherence for the insights: which local days a stretch was done, water was drunk, and
reminders were sent, as recorded by the reminder buttons and the dispatcher."""

from __future__ import annotations

from datetime import date

from bot.insights.model import Adherence
from bot.reminders.rules import ReminderKind
from bot.storage.reminders import ReminderRepository


async def load_adherence(repo: ReminderRepository, user_id: int, start: date, end: date) -> Adherence:
    """Reminder adherence (local dates) for [start, end], from what the reminder buttons recorded."""

    async def dates(kind: ReminderKind, event: str) -> frozenset[date]:
        return frozenset(await repo.event_dates(user_id, kind, event, start, end))

    return Adherence(
        stretch_done_dates=await dates(ReminderKind.STRETCH, "done"),
        hydration_answered_dates=await dates(ReminderKind.HYDRATION, "drank"),
        hydration_sent_dates=await dates(ReminderKind.HYDRATION, "sent"),
        stretch_sent_dates=await dates(ReminderKind.STRETCH, "sent"),
        night_answers=await repo.night_reports(user_id, start, end),
    )
