"""Users: settings that belong to a person (time zone, sleep window, onboarding, blocked)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from bot.clock import to_utc_text
from bot.storage.db import Database, Row


@dataclass(frozen=True, slots=True)
class UserProfile:
    user_id: int
    chat_id: int
    timezone: str | None
    sleep_start: time
    sleep_end: time
    onboarded: bool
    blocked: bool


def _profile(row: Row) -> UserProfile:
    return UserProfile(
        user_id=row["user_id"],
        chat_id=row["chat_id"],
        timezone=row["timezone"],
        sleep_start=time.fromisoformat(row["sleep_start"]),
        sleep_end=time.fromisoformat(row["sleep_end"]),
        onboarded=bool(row["onboarded"]),
        blocked=bool(row["blocked"]),
    )


class UserRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def get(self, user_id: int) -> UserProfile | None:
        row = await self._db.fetch_one("SELECT * FROM users WHERE user_id = ?", (user_id,))
        return None if row is None else _profile(row)

    async def ensure(self, user_id: int, chat_id: int, now: datetime) -> UserProfile:
        """The user's profile, created on first contact (one statement: insert or keep, then return)."""
        stamp = to_utc_text(now)
        row = await self._db.execute_returning(
            "INSERT INTO users (user_id, chat_id, created_at_utc, updated_at_utc) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(user_id) DO UPDATE SET chat_id = excluded.chat_id RETURNING *",
            (user_id, chat_id, stamp, stamp),
        )
        assert row is not None
        return _profile(row)

    async def set_timezone(self, user_id: int, zone: str, now: datetime) -> None:
        await self._update(user_id, now, "timezone = ?", zone)

    async def set_onboarded(self, user_id: int, now: datetime) -> None:
        await self._update(user_id, now, "onboarded = ?", 1)

    async def set_sleep_window(self, user_id: int, start: time, end: time, now: datetime) -> None:
        await self._update(
            user_id, now, "sleep_start = ?, sleep_end = ?", start.strftime("%H:%M"), end.strftime("%H:%M")
        )

    async def set_blocked(self, user_id: int, blocked: bool, now: datetime) -> None:
        await self._update(user_id, now, "blocked = ?", int(blocked))

    async def _update(self, user_id: int, now: datetime, assignments: str, *values: object) -> None:
        # `assignments` is always a literal from this class, never user input.
        await self._db.execute(
            f"UPDATE users SET {assignments}, updated_at_utc = ? WHERE user_id = ?",
            (*values, to_utc_text(now), user_id),
        )


async def tables_with_user_id(db: Database) -> list[str]:
    return await db.tables_with_column("user_id")


async def forget_user(db: Database, user_id: int) -> int:
    """Erase every row about this user from every table that has a user_id column (found from the
    schema, so a table added later cannot be forgotten by mistake). Returns rows deleted."""
    tables = await tables_with_user_id(db)
    deleted = 0
    async with db.transaction() as tx:
        for table in sorted(tables, key=lambda name: name == "users"):  # users last: children first
            deleted += await tx.execute(f"DELETE FROM {table} WHERE user_id = ?", (user_id,))
    await db.checkpoint()
    return deleted


async def rows_for_user(
    db: Database, user_id: int, skip: frozenset[str] = frozenset()
) -> dict[str, list[dict[str, object]]]:
    """Every row about this user in every table with a user_id column (for the JSON export):
    found from the schema, like forget_user, so nothing held is left out."""
    found: dict[str, list[dict[str, object]]] = {}
    for table in await tables_with_user_id(db):
        if table in skip:
            continue
        rows = await db.fetch_all(f"SELECT * FROM {table} WHERE user_id = ?", (user_id,))
        found[table] = [dict(zip(row.keys(), tuple(row), strict=True)) for row in rows]
    return found
