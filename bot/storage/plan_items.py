"""The rest of the plan, one repository per table: appointments, questions for the clinician,
exercises (and the log of which were done). Every read and write is scoped to the person."""

from __future__ import annotations

from datetime import date, datetime

from bot.clock import from_utc_text, to_utc_text
from bot.plan.model import Appointment, Exercise, Question
from bot.storage.db import Database, Row


def _appointment(row: Row) -> Appointment:
    return Appointment(
        id=row["id"],
        at=from_utc_text(row["at_utc"]),
        timezone=row["timezone"],
        with_whom=row["with_whom"],
        cancelled=bool(row["cancelled"]),
    )


class AppointmentRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def add(self, user_id: int, at: datetime, zone: str, with_whom: str, now: datetime) -> Appointment:
        row = await self._db.execute_returning(
            "INSERT INTO appointments (user_id, at_utc, timezone, with_whom, created_at_utc) "
            "VALUES (?, ?, ?, ?, ?) RETURNING *",
            (user_id, to_utc_text(at), zone, with_whom, to_utc_text(now)),
        )
        assert row is not None
        return _appointment(row)

    async def for_user(self, user_id: int) -> list[Appointment]:
        rows = await self._db.fetch_all(
            "SELECT * FROM appointments WHERE user_id = ? AND cancelled = 0 ORDER BY at_utc", (user_id,)
        )
        return [_appointment(row) for row in rows]

    async def cancel(self, user_id: int, appointment_id: int) -> bool:
        changed = await self._db.execute(
            "UPDATE appointments SET cancelled = 1 WHERE id = ? AND user_id = ? AND cancelled = 0",
            (appointment_id, user_id),
        )
        return changed == 1


class QuestionRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def add(self, user_id: int, text: str, now: datetime) -> Question:
        row = await self._db.execute_returning(
            "INSERT INTO plan_questions (user_id, text, created_at_utc) VALUES (?, ?, ?) RETURNING *",
            (user_id, text, to_utc_text(now)),
        )
        assert row is not None
        return Question(row["id"], row["text"], from_utc_text(row["created_at_utc"]), False)

    async def open_for_user(self, user_id: int) -> list[Question]:
        rows = await self._db.fetch_all(
            "SELECT * FROM plan_questions WHERE user_id = ? AND done = 0 ORDER BY id", (user_id,)
        )
        return [Question(r["id"], r["text"], from_utc_text(r["created_at_utc"]), False) for r in rows]

    async def set_done(self, user_id: int, question_id: int) -> bool:
        changed = await self._db.execute(
            "UPDATE plan_questions SET done = 1 WHERE id = ? AND user_id = ? AND done = 0",
            (question_id, user_id),
        )
        return changed == 1


def _exercise(row: Row) -> Exercise:
    return Exercise(row["id"], row["name"], row["reps"], row["hold"], row["notes"], bool(row["active"]))


class ExerciseRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def add(
        self, user_id: int, name: str, reps: str | None, hold: str | None, notes: str | None, now: datetime
    ) -> Exercise:
        row = await self._db.execute_returning(
            "INSERT INTO exercises (user_id, name, reps, hold, notes, created_at_utc) VALUES (?, ?, ?, ?, ?, ?) "
            "RETURNING *",
            (user_id, name, reps, hold, notes, to_utc_text(now)),
        )
        assert row is not None
        return _exercise(row)

    async def for_user(self, user_id: int) -> list[Exercise]:
        rows = await self._db.fetch_all(
            "SELECT * FROM exercises WHERE user_id = ? AND active = 1 ORDER BY id", (user_id,)
        )
        return [_exercise(row) for row in rows]

    async def remove(self, user_id: int, exercise_id: int) -> bool:
        changed = await self._db.execute(
            "UPDATE exercises SET active = 0 WHERE id = ? AND user_id = ? AND active = 1",
            (exercise_id, user_id),
        )
        return changed == 1

    async def record_done(self, user_id: int, exercise_ids: list[int], day: date, now: datetime) -> None:
        async with self._db.transaction() as tx:
            for exercise_id in exercise_ids:
                owner = await tx.fetch_one(
                    "SELECT id FROM exercises WHERE id = ? AND user_id = ?", (exercise_id, user_id)
                )
                if owner is None:  # not theirs: nothing is recorded
                    continue
                await tx.execute(
                    "INSERT INTO exercise_log (user_id, exercise_id, local_date, at_utc) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT(user_id, exercise_id, local_date) DO NOTHING",
                    (user_id, exercise_id, day.isoformat(), to_utc_text(now)),
                )

    async def done_counts(self, user_id: int, start: date, end: date) -> dict[int, int]:
        rows = await self._db.fetch_all(
            "SELECT exercise_id, COUNT(*) FROM exercise_log WHERE user_id = ? AND local_date BETWEEN ? AND ? "
            "GROUP BY exercise_id",
            (user_id, start.isoformat(), end.isoformat()),
        )
        return {row[0]: row[1] for row in rows}
