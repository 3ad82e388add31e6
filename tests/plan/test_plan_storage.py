"""The plan's tables: a diary from the previous schema version survives the upgrade, rows are the
person's own, history is kept, reminder answers cannot flip, /forget and the export cover them."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from bot.plan.model import ChangeKind, DoseStatus, MedicineStatus
from bot.storage.db import Database
from bot.storage.doses import DoseRepository
from bot.storage.medicines import MedicineRepository
from bot.storage.migrations import LATEST_VERSION, migrate, schema_version
from bot.storage.plan_items import AppointmentRepository, ExerciseRepository, QuestionRepository
from bot.storage.users import UserRepository, forget_user, rows_for_user
from tests.conftest import MovableClock
from tests.plan.helpers import add_plan_rows

PLAN_TABLES = {
    "medicines",
    "medicine_changes",
    "doses",
    "appointments",
    "plan_questions",
    "exercises",
    "exercise_log",
}


async def test_upgrade_from_version_4_keeps_the_diary(tmp_path: Path) -> None:
    old = await Database.open(tmp_path / "v4.sqlite3")
    await migrate(old, target=4)
    await old.execute(
        "INSERT INTO users (user_id, chat_id, timezone, created_at_utc, updated_at_utc) VALUES (7, 7, 'UTC', 'x', 'x')"
    )
    await old.execute(
        "INSERT INTO episodes (user_id, client_key, started_at_utc, timezone, nocturnal, region, intensity, "
        "logged_at_utc) VALUES (7, 'k', '2026-11-01T10:00:00+00:00', 'UTC', 0, 'calf', 6, 'x')"
    )
    await old.execute("INSERT INTO reminders (user_id, kind, times) VALUES (7, 'stretch', '20:00')")
    await migrate(old)
    assert await schema_version(old) == LATEST_VERSION == 5
    assert await old.fetch_value("SELECT intensity FROM episodes WHERE user_id = 7") == 6
    assert await old.fetch_value("SELECT times FROM reminders WHERE user_id = 7") == "20:00"
    medicines = MedicineRepository(old)
    now = datetime(2026, 11, 21, 12, tzinfo=UTC)
    added = await medicines.add(7, "baclofen", "baclofen", (time(8),), False, None, date(2026, 11, 21), now)
    assert added.id >= 1
    await old.close()


async def _user(db: Database, clock: MovableClock, user_id: int = 1) -> None:
    await UserRepository(db).ensure(user_id, user_id, clock.now())


async def test_medicine_history_is_kept_through_pause_change_and_stop(
    db: Database, clock: MovableClock
) -> None:
    await _user(db, clock)
    repo = MedicineRepository(db)
    today = date(2026, 11, 21)
    med = await repo.add(1, "Baclofn", "baclofen", (time(20), time(8)), False, "my words", today, clock.now())
    assert med.times == (time(8), time(20)) and med.how_text == "my words" and med.label == "baclofen"
    clock.advance(timedelta(days=3))
    assert await repo.set_status(1, med.id, MedicineStatus.PAUSED, date(2026, 11, 24), clock.now())
    assert await repo.set_status(1, med.id, MedicineStatus.ACTIVE, date(2026, 11, 25), clock.now())
    changed = await repo.set_schedule(1, med.id, (time(9),), False, None, date(2026, 11, 26), clock.now())
    assert changed is not None and changed.times == (time(9),) and changed.how_text == "my words"
    stopped = await repo.set_status(1, med.id, MedicineStatus.STOPPED, date(2026, 11, 30), clock.now())
    assert stopped is not None and stopped.stopped_on == date(2026, 11, 30)
    assert await repo.for_user(1) == []
    assert [m.id for m in await repo.for_user(1, include_stopped=True)] == [med.id]
    assert [c.change for c in await repo.changes(1)] == [
        ChangeKind.STARTED,
        ChangeKind.PAUSED,
        ChangeKind.RESUMED,
        ChangeKind.CHANGED,
        ChangeKind.STOPPED,
    ]


async def test_someone_elses_rows_cannot_be_read_or_changed(db: Database, clock: MovableClock) -> None:
    await _user(db, clock, 1)
    await _user(db, clock, 2)
    med = await MedicineRepository(db).add(1, "x", None, (), True, None, date(2026, 11, 21), clock.now())
    assert await MedicineRepository(db).get(2, med.id) is None
    assert (
        await MedicineRepository(db).set_status(
            2, med.id, MedicineStatus.STOPPED, date(2026, 11, 21), clock.now()
        )
        is None
    )
    appt = await AppointmentRepository(db).add(1, clock.now() + timedelta(days=2), "UTC", "GP", clock.now())
    assert not await AppointmentRepository(db).cancel(2, appt.id)
    question = await QuestionRepository(db).add(1, "q?", clock.now())
    assert not await QuestionRepository(db).set_done(2, question.id)
    exercise = await ExerciseRepository(db).add(1, "calf", "3", "30 s", None, clock.now())
    await ExerciseRepository(db).record_done(2, [exercise.id], date(2026, 11, 21), clock.now())
    assert await ExerciseRepository(db).done_counts(2, date(2026, 11, 1), date(2026, 12, 1)) == {}


async def test_reminder_answers_do_not_flip_and_doses_are_idempotent(
    db: Database, clock: MovableClock
) -> None:
    await _user(db, clock)
    med = await MedicineRepository(db).add(
        1, "baclofen", "baclofen", (time(8),), False, None, date(2026, 11, 21), clock.now()
    )
    doses = DoseRepository(db)
    slot = datetime(2026, 11, 21, 8, tzinfo=UTC)
    await doses.mark_reminded(1, med.id, slot, clock.now())
    await doses.mark_reminded(1, med.id, slot, clock.now())  # a second send of the same slot: one row
    until = clock.now() + timedelta(minutes=30)
    assert await doses.answer(1, med.id, slot, DoseStatus.SNOOZED, clock.now(), until)
    assert await doses.earliest_snooze(1, clock.now()) == until
    assert await doses.answer(1, med.id, slot, DoseStatus.TAKEN, clock.now())
    assert not await doses.answer(1, med.id, slot, DoseStatus.SKIPPED, clock.now())  # taken stays taken
    first = await doses.record_taken(1, med.id, "msg:5", clock.now(), clock.now())
    again = await doses.record_taken(1, med.id, "msg:5", clock.now(), clock.now())
    assert first.id == again.id
    rows = await doses.between(1, slot - timedelta(days=1), clock.now() + timedelta(days=1))
    assert sorted(d.status for d in rows) == [DoseStatus.TAKEN, DoseStatus.TAKEN]


async def test_forget_and_export_cover_every_plan_table(db: Database, clock: MovableClock) -> None:
    for user_id in (1, 2):
        await _user(db, clock, user_id)
        await add_plan_rows(db, user_id, clock.now())
    exported = await rows_for_user(db, 1)
    assert {table for table, rows in exported.items() if rows} >= PLAN_TABLES
    await forget_user(db, 1)
    for table in PLAN_TABLES:
        assert await db.fetch_value(f"SELECT COUNT(*) FROM {table} WHERE user_id = 1") == 0, table
        assert await db.fetch_value(f"SELECT COUNT(*) FROM {table} WHERE user_id = 2") == 1, table
