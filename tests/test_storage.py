from __future__ import annotations

import stat
from datetime import UTC, datetime, time
from pathlib import Path

import pytest

from bot.episodes.timing import DEFAULT_SLEEP_END, DEFAULT_SLEEP_START
from bot.storage.db import Database
from bot.storage.migrations import LATEST_VERSION, MIGRATIONS, migrate, schema_version
from bot.storage.users import UserRepository, forget_user, tables_with_user_id
from tests.conftest import MovableClock


async def _schema(db: Database) -> list[tuple[str, str]]:
    rows = await db.fetch_all(
        "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY name"
    )
    return [(row["name"], " ".join(row["sql"].split())) for row in rows]


async def test_database_file_is_private(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "diary.sqlite3"
    db = await Database.open(path)
    await migrate(db)
    await db.close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    for side_file in tmp_path.joinpath("nested").iterdir():
        assert stat.S_IMODE(side_file.stat().st_mode) & 0o077 == 0, side_file.name


async def test_pragmas(sqlite_db: Database) -> None:
    assert (await sqlite_db.fetch_value("PRAGMA journal_mode")).lower() == "wal"
    assert await sqlite_db.fetch_value("PRAGMA foreign_keys") == 1


async def test_migrate_from_empty_reaches_latest(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "a.sqlite3")
    assert await schema_version(db) == 0
    assert await migrate(db) == LATEST_VERSION
    assert await migrate(db) == LATEST_VERSION  # idempotent
    await db.close()


@pytest.mark.parametrize("start_version", range(1, LATEST_VERSION))
async def test_migrate_from_every_earlier_version(tmp_path: Path, start_version: int) -> None:
    fresh = await Database.open(tmp_path / "fresh.sqlite3")
    await migrate(fresh)
    expected = await _schema(fresh)
    await fresh.close()

    old = await Database.open(tmp_path / "old.sqlite3")
    await migrate(old, target=start_version)
    assert await schema_version(old) == start_version
    # A user from the old version must survive the upgrade.
    await old.execute(
        "INSERT INTO users (user_id, chat_id, timezone, created_at_utc, updated_at_utc) VALUES (7, 7, 'UTC', 'x', 'x')"
    )
    await migrate(old)
    assert await schema_version(old) == LATEST_VERSION
    assert await _schema(old) == expected
    assert await old.fetch_value("SELECT timezone FROM users WHERE user_id = 7") == "UTC"
    await old.close()


async def test_refuses_a_newer_database(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "n.sqlite3")
    await db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    with pytest.raises(RuntimeError, match="newer"):
        await migrate(db)
    await db.close()


async def test_failed_transaction_rolls_back(db: Database) -> None:
    with pytest.raises(ZeroDivisionError):
        async with db.transaction() as conn:
            await conn.execute(
                "INSERT INTO users (user_id, chat_id, created_at_utc, updated_at_utc) VALUES (1, 1, 'x', 'x')"
            )
            _ = 1 / 0
    assert await db.fetch_value("SELECT COUNT(*) FROM users") == 0


async def test_user_repository_round_trip(db: Database, clock: MovableClock) -> None:
    users = UserRepository(db)
    assert await users.get(5) is None
    profile = await users.ensure(5, 5, clock.now())
    assert profile.timezone is None and not profile.onboarded
    assert profile.sleep_start == time(22, 0) and profile.sleep_end == time(7, 0)
    await users.set_timezone(5, "Asia/Tokyo", clock.now())
    await users.set_onboarded(5, clock.now())
    await users.set_sleep_window(5, time(23, 30), time(6, 15), clock.now())
    await users.set_blocked(5, True, clock.now())
    again = await users.ensure(5, 5, clock.now())  # ensure never resets settings
    assert again.timezone == "Asia/Tokyo" and again.onboarded and again.blocked
    assert (again.sleep_start, again.sleep_end) == (time(23, 30), time(6, 15))


async def test_forget_user_removes_every_row_and_only_theirs(db: Database, clock: MovableClock) -> None:
    users = UserRepository(db)
    for user_id in (1, 2):
        await users.ensure(user_id, user_id, clock.now())
        await db.execute(
            "INSERT INTO conversations (name, conv_key, user_id, state, updated_at_utc) VALUES ('x', ?, ?, '1', 'x')",
            (f"[{user_id}, {user_id}]", user_id),
        )
        await db.execute(
            "INSERT INTO user_data (user_id, data, updated_at_utc) VALUES (?, '{}', 'x')", (user_id,)
        )
    assert await forget_user(db, 1) >= 3
    for table in await tables_with_user_id(db):
        assert await db.fetch_value(f"SELECT COUNT(*) FROM {table} WHERE user_id = 1") == 0, table
    assert await db.fetch_value("SELECT COUNT(*) FROM users WHERE user_id = 2") == 1


async def test_a_new_users_sleep_window_is_the_one_default(db: Database) -> None:
    profile = await UserRepository(db).ensure(5, 5, datetime(2026, 1, 1, tzinfo=UTC))
    assert (profile.sleep_start, profile.sleep_end) == (DEFAULT_SLEEP_START, DEFAULT_SLEEP_END)
