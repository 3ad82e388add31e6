"""The repositories, migrations and /forget on both databases: every test here runs once on
SQLite and once on a real PostgreSQL server (tests/pgserver.py), through the same interface."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, time, timedelta

import pytest

from bot.episodes.model import EpisodeDraft
from bot.episodes.vocabulary import Region, Trigger
from bot.persistence import SQLitePersistence
from bot.reminders.dispatcher import Outcome, ReminderDispatcher
from bot.reminders.rules import ReminderKind, ReminderRule
from bot.reminders.sender import Delivered
from bot.storage.db import Database
from bot.storage.episodes import EpisodeRepository
from bot.storage.feedback import FeedbackRepository
from bot.storage.migrations import LATEST_VERSION, MIGRATIONS, migrate, schema_version
from bot.storage.pg_schema import PG_MIGRATIONS
from bot.storage.reminders import DueReminder, ReminderRepository
from bot.storage.users import UserRepository, forget_user, rows_for_user, tables_with_user_id
from tests.conftest import MovableClock
from tests.plan.helpers import add_plan_rows

BIG_ID = 7_000_000_000  # Telegram ids no longer fit in 32 bits


def _draft(hour: int, intensity: int = 6) -> EpisodeDraft:
    return EpisodeDraft(
        started_at=datetime(2026, 11, 20, hour, 0, tzinfo=UTC),
        region=Region.CALF,
        intensity=intensity,
        triggers=[Trigger.EXERCISE, Trigger.HEAT],
        notes="after the long walk",
    )


async def _columns(db: Database) -> dict[str, list[str]]:
    names = await db.tables_with_column("user_id")
    names += ["users"] if "users" not in names else []
    return {name: sorted(await db.table_columns(name)) for name in sorted(set(names))}


async def test_both_dialects_have_the_same_migrations_and_columns(db: Database, sqlite_db: Database) -> None:
    assert len(PG_MIGRATIONS) == len(MIGRATIONS) == LATEST_VERSION
    assert await schema_version(db) == LATEST_VERSION
    assert await _columns(db) == await _columns(sqlite_db)
    assert await migrate(db) == LATEST_VERSION  # idempotent


async def test_two_instances_migrating_at_once_apply_each_step_once(pg_url: str) -> None:
    """PostgreSQL only: one process owns a SQLite file; the advisory lock is PostgreSQL's."""
    first, second = await Database.connect(pg_url), await Database.connect(pg_url)
    try:
        assert await asyncio.gather(migrate(first), migrate(second)) == [LATEST_VERSION] * 2
        versions = [row[0] for row in await first.fetch_all("SELECT version FROM schema_version ORDER BY 1")]
        assert versions == list(range(1, LATEST_VERSION + 1))
    finally:
        await first.close()
        await second.close()


@pytest.mark.parametrize("start_version", range(1, LATEST_VERSION))
async def test_upgrade_from_every_earlier_version_keeps_users(database_url: str, start_version: int) -> None:
    old = await Database.connect(database_url)
    try:
        await migrate(old, target=start_version)
        assert await schema_version(old) == start_version
        await old.execute(
            "INSERT INTO users (user_id, chat_id, timezone, created_at_utc, updated_at_utc) "
            "VALUES (?, ?, 'UTC', 'x', 'x')",
            (BIG_ID, BIG_ID),
        )
        assert await migrate(old) == LATEST_VERSION
        assert await old.fetch_value("SELECT timezone FROM users WHERE user_id = ?", (BIG_ID,)) == "UTC"
    finally:
        await old.close()


async def test_episodes_round_trip_scoped_and_idempotent(db: Database, clock: MovableClock) -> None:
    await UserRepository(db).ensure(BIG_ID, BIG_ID, clock.now())
    await UserRepository(db).ensure(2, 2, clock.now())
    episodes = EpisodeRepository(db)
    saved, created = await episodes.add(
        BIG_ID, _draft(3), zone="Europe/Berlin", nocturnal=True, client_key="m1", now=clock.now()
    )
    again, created_again = await episodes.add(
        BIG_ID, _draft(3, 9), zone="Europe/Berlin", nocturnal=True, client_key="m1", now=clock.now()
    )
    assert created and not created_again and again == saved
    assert saved.triggers == (Trigger.EXERCISE, Trigger.HEAT) and saved.nocturnal and saved.intensity == 6
    assert await episodes.get(2, saved.id) is None  # someone else's id reaches nothing
    for hour in (5, 1):
        await episodes.add(
            BIG_ID, _draft(hour), zone="UTC", nocturnal=False, client_key=f"k{hour}", now=clock.now()
        )
    page, total = await episodes.page(BIG_ID, offset=0, limit=2)
    assert total == 3 and [e.started_at_utc.hour for e in page] == [5, 3]
    window = await episodes.all_for_user(
        BIG_ID, since=datetime(2026, 11, 20, 2, tzinfo=UTC), until=datetime(2026, 11, 20, 4, tzinfo=UTC)
    )
    assert [e.id for e in window] == [saved.id]
    clock.advance(timedelta(minutes=5))
    updated = await episodes.update(BIG_ID, saved.id, _draft(3, 2), nocturnal=False, now=clock.now())
    assert updated is not None and updated.intensity == 2 and updated.edited_at_utc == clock.now()
    assert await episodes.update(2, saved.id, _draft(3, 1), nocturnal=False, now=clock.now()) is None
    assert not await episodes.delete(2, saved.id)
    assert await episodes.delete(BIG_ID, saved.id)
    assert await episodes.get(BIG_ID, saved.id) is None


async def test_feedback_one_vote_per_person_and_entry(db: Database, clock: MovableClock) -> None:
    feedback = FeedbackRepository(db)
    await feedback.vote(1, "baclofen", True, clock.now())
    await feedback.vote(1, "baclofen", False, clock.now())
    await feedback.vote(BIG_ID, "baclofen", True, clock.now())
    assert await feedback.totals() == {"baclofen": (1, 1)}
    assert [v["helpful"] for v in await feedback.for_user(1)] == [False]


async def _with_reminder(db: Database, clock: MovableClock, user_id: int, due: datetime) -> None:
    await UserRepository(db).ensure(user_id, user_id, clock.now())
    await ReminderRepository(db).save_rule(user_id, ReminderRule(ReminderKind.STRETCH, times=(time(9),)), due)


async def test_reminder_claim_is_compare_and_set(db: Database, clock: MovableClock) -> None:
    reminders = ReminderRepository(db)
    now = clock.now()
    await _with_reminder(db, clock, BIG_ID, now - timedelta(minutes=1))
    due = await reminders.due(now, 10)
    assert [d.user_id for d in due] == [BIG_ID]
    plan: list[tuple[DueReminder, datetime | None, bool]] = [(due[0], now + timedelta(days=1), True)]
    assert await reminders.claim(plan, now) == due
    assert await reminders.claim(plan, now) == []  # already moved on: nobody takes it twice
    stored = (await reminders.for_user(BIG_ID))[0]
    assert stored.sent_count == 1 and stored.next_due == now + timedelta(days=1)
    await reminders.record_event(BIG_ID, ReminderKind.STRETCH, "done", date(2026, 11, 21), now)
    assert await reminders.event_dates(
        BIG_ID, ReminderKind.STRETCH, "done", date(2026, 11, 1), date(2026, 11, 30)
    ) == {date(2026, 11, 21)}


async def test_two_dispatchers_on_one_database_send_each_reminder_once(
    database_url: str, clock: MovableClock
) -> None:
    setup = await Database.connect(database_url)
    await migrate(setup)
    users = 300
    for user_id in range(1, users + 1):
        await _with_reminder(setup, clock, user_id, clock.now() - timedelta(minutes=user_id % 7))
    sent: list[int] = []

    async def send(reminder: DueReminder) -> Delivered:
        sent.append(reminder.user_id)
        await asyncio.sleep(0)  # let the other dispatcher run in between
        return Delivered(Outcome.SENT, timedelta(0), tries=1)

    async def never_blocked(user_id: int) -> None:
        raise AssertionError(user_id)

    databases = [await Database.connect(database_url) for _ in range(2)]
    try:
        dispatchers = [
            ReminderDispatcher(ReminderRepository(d), clock, send, never_blocked, batch_size=50)
            for d in databases
        ]
        await asyncio.gather(*(d.run_until_idle() for d in dispatchers))
        assert sorted(sent) == list(range(1, users + 1))  # every one, none twice

        # Split brain at its worst: both read the same due rows, then both claim them at once.
        clock.advance(timedelta(days=2))
        repos = [ReminderRepository(d) for d in databases]
        batches = [await r.due(clock.now(), users) for r in repos]
        assert len(batches[0]) == len(batches[1]) == users
        plans: list[list[tuple[DueReminder, datetime | None, bool]]] = [
            [(item, clock.now() + timedelta(days=1), True) for item in batch] for batch in batches
        ]
        taken = await asyncio.gather(*(r.claim(p, clock.now()) for r, p in zip(repos, plans, strict=True)))
        first, second = ({t.user_id for t in group} for group in taken)
        assert not first & second and len(first | second) == users
    finally:
        for d in [*databases, setup]:
            await d.close()


async def test_forget_leaves_no_row_of_the_user_in_any_table(db: Database, clock: MovableClock) -> None:
    now = clock.now()
    for user_id in (BIG_ID, 2):
        await _with_reminder(db, clock, user_id, now)
        await EpisodeRepository(db).add(
            user_id, _draft(4), zone="UTC", nocturnal=True, client_key="a", now=now
        )
        await FeedbackRepository(db).vote(user_id, "tonic_water", True, now)
        reminders = ReminderRepository(db)
        await reminders.record_event(user_id, ReminderKind.STRETCH, "done", date(2026, 11, 21), now)
        await reminders.save_night_report(user_id, date(2026, 11, 20), "none", now)
        persistence = SQLitePersistence(db, clock)
        await persistence.update_conversation("log", (user_id, user_id), 2)
        await persistence.update_user_data(user_id, {"draft": {"region": "calf"}})
        await add_plan_rows(db, user_id, now)
    tables = await tables_with_user_id(db)
    held = await rows_for_user(db, BIG_ID)
    assert all(held[t] for t in tables), "the test must put a row of the user in every table"
    assert await forget_user(db, BIG_ID) >= len(tables)
    for table in tables:
        assert await db.fetch_value(f"SELECT COUNT(*) FROM {table} WHERE user_id = ?", (BIG_ID,)) == 0, table
        assert await db.fetch_value(f"SELECT COUNT(*) FROM {table} WHERE user_id = 2") >= 1, table
