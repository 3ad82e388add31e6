"""A row of the person in every plan table (for the /forget and export tests)."""

from __future__ import annotations

from datetime import date, datetime, time

from bot.storage.db import Database
from bot.storage.doses import DoseRepository
from bot.storage.medicines import MedicineRepository
from bot.storage.plan_items import AppointmentRepository, ExerciseRepository, QuestionRepository


async def add_plan_rows(db: Database, user_id: int, now: datetime) -> None:
    med = await MedicineRepository(db).add(
        user_id, "b", None, (time(8),), False, None, date(2026, 11, 21), now
    )
    await DoseRepository(db).record_taken(user_id, med.id, "k", now, now)
    await AppointmentRepository(db).add(user_id, now, "UTC", "GP", now)
    await QuestionRepository(db).add(user_id, "q", now)
    exercise = await ExerciseRepository(db).add(user_id, "calf", None, None, None, now)
    await ExerciseRepository(db).record_done(user_id, [exercise.id], date(2026, 11, 21), now)
