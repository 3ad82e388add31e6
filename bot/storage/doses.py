"""Doses taken (from /took, a plain line, the log's relief step or a reminder's Taken) and the
answers to medicine reminders (reminded / snoozed / taken / skipped).

Each row has a client key, unique per person: `slot:<medicine>:<scheduled instant>` for a reminder
(so its answers overwrite one row and a second tap changes nothing) or `msg:<message id>` / `ep:…`
for a dose the person reported (so a re-delivered update cannot record it twice)."""

from __future__ import annotations

from datetime import datetime

from bot.clock import from_utc_text, to_utc_text
from bot.plan.model import Dose, DoseStatus
from bot.storage.db import Database, Row


def slot_key(medicine_id: int, scheduled: datetime) -> str:
    return f"slot:{medicine_id}:{to_utc_text(scheduled)}"


def _optional(text: str | None) -> datetime | None:
    return from_utc_text(text) if text else None


def _dose(row: Row) -> Dose:
    return Dose(
        id=row["id"],
        medicine_id=row["medicine_id"],
        status=DoseStatus(row["status"]),
        taken_at=_optional(row["taken_at_utc"]),
        scheduled=_optional(row["scheduled_utc"]),
        episode_id=row["episode_id"],
    )


class DoseRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def record_taken(
        self,
        user_id: int,
        medicine_id: int,
        client_key: str,
        taken_at: datetime,
        now: datetime,
        episode_id: int | None = None,
    ) -> Dose:
        """A dose the person reports (idempotent on the client key)."""
        row = await self._db.execute_returning(
            "INSERT INTO doses (user_id, medicine_id, client_key, status, taken_at_utc, episode_id, "
            "logged_at_utc) VALUES (?, ?, ?, 'taken', ?, ?, ?) "
            "ON CONFLICT(user_id, client_key) DO UPDATE SET client_key = excluded.client_key RETURNING *",
            (user_id, medicine_id, client_key, to_utc_text(taken_at), episode_id, to_utc_text(now)),
        )
        assert row is not None
        return _dose(row)

    async def mark_reminded(self, user_id: int, medicine_id: int, scheduled: datetime, now: datetime) -> None:
        """A reminder for this scheduled dose went out (kept as "missed" until answered)."""
        await self._db.execute(
            "INSERT INTO doses (user_id, medicine_id, client_key, status, scheduled_utc, logged_at_utc) "
            "VALUES (?, ?, ?, 'reminded', ?, ?) ON CONFLICT(user_id, client_key) DO NOTHING",
            (
                user_id,
                medicine_id,
                slot_key(medicine_id, scheduled),
                to_utc_text(scheduled),
                to_utc_text(now),
            ),
        )

    async def answer(
        self,
        user_id: int,
        medicine_id: int,
        scheduled: datetime,
        status: DoseStatus,
        now: datetime,
        snooze_until: datetime | None = None,
    ) -> bool:
        """Taken / Skip / Snooze on a reminder. A slot already taken or skipped keeps its answer
        (returns False), so a late second tap cannot flip it."""
        taken_at = to_utc_text(now) if status is DoseStatus.TAKEN else None
        changed = await self._db.execute(
            "INSERT INTO doses (user_id, medicine_id, client_key, status, taken_at_utc, scheduled_utc, "
            "snooze_until_utc, logged_at_utc) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(user_id, client_key) DO UPDATE SET status = excluded.status, "
            "taken_at_utc = excluded.taken_at_utc, snooze_until_utc = excluded.snooze_until_utc, "
            "logged_at_utc = excluded.logged_at_utc WHERE doses.status IN ('reminded', 'snoozed')",
            (
                user_id,
                medicine_id,
                slot_key(medicine_id, scheduled),
                status.value,
                taken_at,
                to_utc_text(scheduled),
                to_utc_text(snooze_until) if snooze_until else None,
                to_utc_text(now),
            ),
        )
        return changed == 1

    async def snoozed_due(self, user_id: int, now: datetime) -> list[Dose]:
        rows = await self._db.fetch_all(
            "SELECT * FROM doses WHERE user_id = ? AND status = 'snoozed' AND snooze_until_utc <= ?",
            (user_id, to_utc_text(now)),
        )
        return [_dose(row) for row in rows]

    async def earliest_snooze(self, user_id: int, after: datetime) -> datetime | None:
        value = await self._db.fetch_value(
            "SELECT MIN(snooze_until_utc) FROM doses WHERE user_id = ? AND status = 'snoozed' "
            "AND snooze_until_utc > ?",
            (user_id, to_utc_text(after)),
        )
        return _optional(value)

    async def resent(self, user_id: int, dose_ids: list[int]) -> None:
        """Snoozed doses that were just sent again wait for an answer like any reminded one."""
        async with self._db.transaction() as tx:
            for dose_id in dose_ids:
                await tx.execute(
                    "UPDATE doses SET status = 'reminded', snooze_until_utc = NULL WHERE id = ? AND user_id = ?",
                    (dose_id, user_id),
                )

    async def link_episode(self, user_id: int, dose_id: int, episode_id: int) -> None:
        await self._db.execute(
            "UPDATE doses SET episode_id = ? WHERE id = ? AND user_id = ?", (episode_id, dose_id, user_id)
        )

    async def between(self, user_id: int, since: datetime, until: datetime) -> list[Dose]:
        """Doses and reminder answers whose time (taken, else scheduled) lies in [since, until)."""
        rows = await self._db.fetch_all(
            "SELECT * FROM doses WHERE user_id = ? AND COALESCE(scheduled_utc, taken_at_utc) >= ? "
            "AND COALESCE(scheduled_utc, taken_at_utc) < ? ORDER BY COALESCE(scheduled_utc, taken_at_utc)",
            (user_id, to_utc_text(since), to_utc_text(until)),
        )
        return [_dose(row) for row in rows]
