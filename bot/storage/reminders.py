"""Reminder schedules, their next due instants, and what people did with them (adherence)."""

from __future__ import annotations

from datetime import date, datetime, time

from bot.clock import from_utc_text, to_utc_text
from bot.reminders.model import DueReminder, StoredReminder
from bot.reminders.rules import ReminderKind, ReminderRule
from bot.storage.db import Database, Row


def _times_text(rule: ReminderRule) -> str:
    # One-off kinds (appointments) keep their UTC instants in the same column as daily times.
    if rule.instants:
        return ",".join(to_utc_text(i) for i in rule.instants)
    return ",".join(t.strftime("%H:%M") for t in rule.times)


def _rule_from_row(row: Row) -> ReminderRule:
    kind = ReminderKind(row["kind"])
    values = [t for t in row["times"].split(",") if t]
    if kind is ReminderKind.APPOINTMENT:
        return ReminderRule(
            kind=kind, instants=tuple(from_utc_text(t) for t in values), enabled=bool(row["enabled"])
        )
    return ReminderRule(
        kind=kind,
        times=tuple(time.fromisoformat(t) for t in values),
        interval_minutes=row["interval_minutes"],
        window_start=time.fromisoformat(row["window_start"]) if row["window_start"] else None,
        window_end=time.fromisoformat(row["window_end"]) if row["window_end"] else None,
        enabled=bool(row["enabled"]),
    )


def _optional_instant(text: str | None) -> datetime | None:
    return from_utc_text(text) if text else None


__all__ = ["DueReminder", "ReminderRepository", "StoredReminder"]  # models re-exported for callers


class ReminderRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def save_rule(self, user_id: int, rule: ReminderRule, next_due: datetime | None) -> None:
        await self._db.execute(
            "INSERT INTO reminders (user_id, kind, times, interval_minutes, window_start, window_end, enabled, "
            "next_due_utc) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(user_id, kind) DO UPDATE SET "
            "times = excluded.times, interval_minutes = excluded.interval_minutes, "
            "window_start = excluded.window_start, window_end = excluded.window_end, "
            "enabled = excluded.enabled, next_due_utc = excluded.next_due_utc",
            (
                user_id,
                rule.kind.value,
                _times_text(rule),
                rule.interval_minutes,
                rule.window_start.strftime("%H:%M") if rule.window_start else None,
                rule.window_end.strftime("%H:%M") if rule.window_end else None,
                int(rule.enabled),
                to_utc_text(next_due) if next_due else None,
            ),
        )

    async def for_user(self, user_id: int) -> list[StoredReminder]:
        rows = await self._db.fetch_all("SELECT * FROM reminders WHERE user_id = ? ORDER BY kind", (user_id,))
        return [
            StoredReminder(
                row["user_id"], _rule_from_row(row), _optional_instant(row["next_due_utc"]), row["sent_count"]
            )
            for row in rows
        ]

    async def set_next_due(self, user_id: int, kind: ReminderKind, next_due: datetime | None) -> None:
        await self._db.execute(
            "UPDATE reminders SET next_due_utc = ? WHERE user_id = ? AND kind = ?",
            (to_utc_text(next_due) if next_due else None, user_id, kind.value),
        )

    async def due(self, now: datetime, limit: int) -> list[DueReminder]:
        """Enabled reminders due by `now`, oldest first, for users who have not blocked the bot."""
        rows = await self._db.fetch_all(
            "SELECT r.*, u.chat_id, u.timezone, u.sleep_start, u.sleep_end, u.reminders_paused_until_utc "
            "FROM reminders r JOIN users u ON u.user_id = r.user_id "
            "WHERE r.next_due_utc IS NOT NULL AND r.next_due_utc <= ? AND r.enabled = 1 AND u.blocked = 0 "
            "ORDER BY r.next_due_utc, r.user_id, r.kind LIMIT ?",
            (to_utc_text(now), limit),
        )
        return [
            DueReminder(
                user_id=row["user_id"],
                chat_id=row["chat_id"],
                rule=_rule_from_row(row),
                due=from_utc_text(row["next_due_utc"]),
                sent_count=row["sent_count"],
                timezone=row["timezone"],
                sleep_start=time.fromisoformat(row["sleep_start"]),
                sleep_end=time.fromisoformat(row["sleep_end"]),
                paused_until=_optional_instant(row["reminders_paused_until_utc"]),
            )
            for row in rows
        ]

    async def claim(
        self, reminders: list[tuple[DueReminder, datetime | None, bool]], now: datetime
    ) -> list[DueReminder]:
        """Move each reminder to its next due instant, in one transaction, before anything is sent:
        a crash after this never sends it twice. Only rows still at the due instant read are moved
        (compare-and-set), so two dispatchers could not both take one. Returns those taken to send."""
        taken: list[DueReminder] = []
        stamp = to_utc_text(now)
        # One global order (due, user, kind): two dispatchers claiming overlapping batches on
        # PostgreSQL then lock rows in the same order and cannot deadlock; the loser of a row
        # waits, then finds it moved on and takes nothing.
        ordered = sorted(reminders, key=lambda item: (item[0].due, item[0].user_id, item[0].rule.kind.value))
        async with self._db.transaction() as tx:
            for reminder, next_due, send in ordered:
                moved = await tx.execute(
                    "UPDATE reminders SET next_due_utc = ?, "
                    "last_sent_utc = CASE WHEN ? = 1 THEN ? ELSE last_sent_utc END, "
                    "sent_count = sent_count + ? "
                    "WHERE user_id = ? AND kind = ? AND next_due_utc = ?",
                    (
                        to_utc_text(next_due) if next_due else None,
                        int(send),
                        stamp,
                        int(send),
                        reminder.user_id,
                        reminder.rule.kind.value,
                        to_utc_text(reminder.due),
                    ),
                )
                if moved == 1 and send:
                    taken.append(reminder)
        return taken

    async def set_paused_until(self, user_id: int, until: datetime | None) -> None:
        await self._db.execute(
            "UPDATE users SET reminders_paused_until_utc = ? WHERE user_id = ?",
            (to_utc_text(until) if until else None, user_id),
        )

    async def paused_until(self, user_id: int) -> datetime | None:
        value = await self._db.fetch_value(
            "SELECT reminders_paused_until_utc FROM users WHERE user_id = ?", (user_id,)
        )
        return _optional_instant(value)

    async def record_event(
        self, user_id: int, kind: ReminderKind, event: str, local_day: date, now: datetime
    ) -> None:
        await self._db.execute(
            "INSERT INTO reminder_events (user_id, kind, event, local_date, at_utc) VALUES (?, ?, ?, ?, ?)",
            (user_id, kind.value, event, local_day.isoformat(), to_utc_text(now)),
        )

    async def event_dates(
        self, user_id: int, kind: ReminderKind, event: str, start: date, end: date
    ) -> set[date]:
        rows = await self._db.fetch_all(
            "SELECT DISTINCT local_date FROM reminder_events WHERE user_id = ? AND kind = ? AND event = ? "
            "AND local_date BETWEEN ? AND ?",
            (user_id, kind.value, event, start.isoformat(), end.isoformat()),
        )
        return {date.fromisoformat(row[0]) for row in rows}

    async def save_night_report(self, user_id: int, night_of: date, answer: str, now: datetime) -> None:
        await self._db.execute(
            "INSERT INTO night_reports (user_id, night_of, answer, at_utc) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(user_id, night_of) DO UPDATE SET answer = excluded.answer, at_utc = excluded.at_utc",
            (user_id, night_of.isoformat(), answer, to_utc_text(now)),
        )

    async def night_reports(self, user_id: int, start: date, end: date) -> dict[date, str]:
        """Morning check-in answers for the nights in [start, end] (by the evening's date)."""
        rows = await self._db.fetch_all(
            "SELECT night_of, answer FROM night_reports WHERE user_id = ? AND night_of BETWEEN ? AND ?",
            (user_id, start.isoformat(), end.isoformat()),
        )
        return {date.fromisoformat(row[0]): str(row[1]) for row in rows}

    async def delete(self, user_id: int, kind: ReminderKind) -> None:
        """Drop a schedule row the plan no longer needs (no medicine with a time, no coming appointment)."""
        await self._db.execute("DELETE FROM reminders WHERE user_id = ? AND kind = ?", (user_id, kind.value))
