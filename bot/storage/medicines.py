"""Medicines and their change history (started / changed / paused / resumed / stopped).

A medicine is never deleted by pausing or stopping it: its row keeps the stop date and every change
is a row in `medicine_changes`, written in the same transaction as the change itself."""

from __future__ import annotations

from datetime import date, datetime, time

from bot.clock import from_utc_text, to_utc_text
from bot.plan.model import ChangeKind, Medicine, MedicineChange, MedicineStatus
from bot.storage.db import Database, Row, Transaction


def times_text(times: tuple[time, ...]) -> str:
    return ",".join(t.strftime("%H:%M") for t in sorted(times))


def _medicine(row: Row) -> Medicine:
    return Medicine(
        id=row["id"],
        user_id=row["user_id"],
        name=row["name"],
        known_name=row["known_name"],
        how_text=row["how_text"],
        times=tuple(time.fromisoformat(t) for t in row["times"].split(",") if t),
        as_needed=bool(row["as_needed"]),
        status=MedicineStatus(row["status"]),
        started_on=date.fromisoformat(row["started_on"]),
        stopped_on=date.fromisoformat(row["stopped_on"]) if row["stopped_on"] else None,
    )


class MedicineRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def add(
        self,
        user_id: int,
        name: str,
        known_name: str | None,
        times: tuple[time, ...],
        as_needed: bool,
        how_text: str | None,
        today: date,
        now: datetime,
    ) -> Medicine:
        stamp = to_utc_text(now)
        async with self._db.transaction() as tx:
            row = await tx.fetch_one(
                "INSERT INTO medicines (user_id, name, known_name, how_text, times, as_needed, started_on, "
                "created_at_utc, updated_at_utc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *",
                (
                    user_id,
                    name,
                    known_name,
                    how_text,
                    times_text(times),
                    int(as_needed),
                    today.isoformat(),
                    stamp,
                    stamp,
                ),
            )
            assert row is not None
            await self._log(tx, user_id, row["id"], ChangeKind.STARTED, today, stamp, row["times"])
        return _medicine(row)

    async def get(self, user_id: int, medicine_id: int) -> Medicine | None:
        """The medicine if it is this person's (every button that names an id checks ownership here)."""
        row = await self._db.fetch_one(
            "SELECT * FROM medicines WHERE id = ? AND user_id = ?", (medicine_id, user_id)
        )
        return None if row is None else _medicine(row)

    async def for_user(self, user_id: int, *, include_stopped: bool = False) -> list[Medicine]:
        which = "" if include_stopped else " AND status != 'stopped'"  # a literal, never input
        rows = await self._db.fetch_all(
            f"SELECT * FROM medicines WHERE user_id = ?{which} ORDER BY id", (user_id,)
        )
        return [_medicine(row) for row in rows]

    async def set_status(
        self, user_id: int, medicine_id: int, status: MedicineStatus, today: date, now: datetime
    ) -> Medicine | None:
        change = {
            MedicineStatus.ACTIVE: ChangeKind.RESUMED,
            MedicineStatus.PAUSED: ChangeKind.PAUSED,
            MedicineStatus.STOPPED: ChangeKind.STOPPED,
        }[status]
        stopped = today.isoformat() if status is MedicineStatus.STOPPED else None
        return await self._change(
            user_id, medicine_id, change, today, now, "status = ?, stopped_on = ?", status.value, stopped
        )

    async def set_schedule(
        self,
        user_id: int,
        medicine_id: int,
        times: tuple[time, ...],
        as_needed: bool,
        how_text: str | None,
        today: date,
        now: datetime,
    ) -> Medicine | None:
        return await self._change(
            user_id,
            medicine_id,
            ChangeKind.CHANGED,
            today,
            now,
            "times = ?, as_needed = ?, how_text = COALESCE(?, how_text)",
            times_text(times),
            int(as_needed),
            how_text,
        )

    async def _change(
        self,
        user_id: int,
        medicine_id: int,
        change: ChangeKind,
        today: date,
        now: datetime,
        assignments: str,
        *values: object,
    ) -> Medicine | None:
        # `assignments` is always a literal from this class, never user input.
        stamp = to_utc_text(now)
        async with self._db.transaction() as tx:
            row = await tx.fetch_one(
                f"UPDATE medicines SET {assignments}, updated_at_utc = ? WHERE id = ? AND user_id = ? "
                "RETURNING *",
                (*values, stamp, medicine_id, user_id),
            )
            if row is None:
                return None
            await self._log(tx, user_id, medicine_id, change, today, stamp, row["times"])
        return _medicine(row)

    @staticmethod
    async def _log(
        tx: Transaction,
        user_id: int,
        medicine_id: int,
        change: ChangeKind,
        today: date,
        stamp: str,
        detail: str,
    ) -> None:
        await tx.execute(
            "INSERT INTO medicine_changes (user_id, medicine_id, change, on_date, at_utc, detail) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (user_id, medicine_id, change.value, today.isoformat(), stamp, detail),
        )

    async def changes(self, user_id: int) -> list[MedicineChange]:
        rows = await self._db.fetch_all(
            "SELECT * FROM medicine_changes WHERE user_id = ? ORDER BY at_utc, id", (user_id,)
        )
        return [
            MedicineChange(
                medicine_id=row["medicine_id"],
                change=ChangeKind(row["change"]),
                on_date=date.fromisoformat(row["on_date"]),
                at=from_utc_text(row["at_utc"]),
                detail=row["detail"],
            )
            for row in rows
        ]
