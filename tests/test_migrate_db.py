"""`python -m bot migrate-db`: SQLite → PostgreSQL copies every table and row, keeps ids working,
and refuses a target that already holds data."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.__main__ import main
from bot.persistence import SQLitePersistence
from bot.reminders.rules import ReminderKind, ReminderRule
from bot.storage.db import Database
from bot.storage.episodes import EpisodeRepository
from bot.storage.feedback import FeedbackRepository
from bot.storage.migrations import migrate
from bot.storage.reminders import ReminderRepository
from bot.storage.users import UserRepository
from tests.conftest import MovableClock
from tests.plan.helpers import add_plan_rows
from tests.test_storage_dialects import BIG_ID, _draft


async def _fill(url: str, clock: MovableClock) -> dict[str, int]:
    db = await Database.connect(url)
    try:
        await migrate(db)
        now = clock.now()
        for user_id in (BIG_ID, 2, 3):
            await UserRepository(db).ensure(user_id, user_id, now)
            for n in range(3):
                await EpisodeRepository(db).add(
                    user_id, _draft(n + 1), zone="UTC", nocturnal=False, client_key=f"k{n}", now=now
                )
            await FeedbackRepository(db).vote(user_id, "tonic_water", user_id % 2 == 0, now)
            reminders = ReminderRepository(db)
            await reminders.save_rule(user_id, ReminderRule(ReminderKind.NIGHT, times=()), now)
            await reminders.record_event(user_id, ReminderKind.NIGHT, "done", date(2026, 11, 21), now)
            await reminders.save_night_report(user_id, date(2026, 11, 20), "none", now)
            persistence = SQLitePersistence(db, clock)
            await persistence.update_conversation("log", (user_id, user_id), 1)
            await persistence.update_user_data(user_id, {"k": user_id})
            await add_plan_rows(db, user_id, now)
        return {t: int(await db.fetch_value(f"SELECT COUNT(*) FROM {t}")) for t in await db.tables()}
    finally:
        await db.close()


async def test_sqlite_to_postgresql_copies_every_row(
    tmp_path: Path, pg_url: str, clock: MovableClock, capsys: pytest.CaptureFixture[str]
) -> None:
    source = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    counts = await _fill(source, clock)
    assert all(counts.values()), counts

    import asyncio

    code = await asyncio.to_thread(main, ["migrate-db", "--from", source, "--to", pg_url])
    assert code == 0
    printed = capsys.readouterr().out
    assert all(f"{table}: {n} rows copied" in printed for table, n in counts.items())

    target = await Database.connect(pg_url)
    try:
        for table, n in counts.items():
            assert await target.fetch_value(f"SELECT COUNT(*) FROM {table}") == n, table
        episodes = EpisodeRepository(target)
        page, total = await episodes.page(BIG_ID, offset=0, limit=10)
        assert total == 3 and page[0].notes == "after the long walk"
        # Ids carried over and the sequence moved past them: a new entry gets a fresh id.
        new, created = await episodes.add(
            BIG_ID, _draft(9), zone="UTC", nocturnal=False, client_key="new", now=clock.now()
        )
        assert created and new.id > max(e.id for e in page)
    finally:
        await target.close()

    # Run again: the target now holds data, so nothing is copied.
    code = await asyncio.to_thread(main, ["migrate-db", "--from", source, "--to", pg_url])
    assert code == 2
    assert "not empty" in capsys.readouterr().err
