"""PostgreSQL through asyncpg: the same `Database` interface as SQLite, for organisations that run
many members on a managed, replicated server (DATABASE_URL=postgresql://…).

- Placeholders: repositories write `?`; they become `$1, $2, …` here (cached per SQL text).
- A pool of connections instead of SQLite's one; each transaction holds one connection.
- The schema version is a `schema_version` table; migrating holds an advisory lock so two
  instances starting at once migrate one after the other.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from functools import lru_cache
from typing import Any

import asyncpg

from bot.clock import SystemClock, to_utc_text
from bot.storage.db import Database, Params, Row, Transaction

# Advisory lock keys (any 64-bit numbers, fixed so every instance agrees).
MIGRATION_LOCK_KEY = 0x5350_4153_4D01  # "SPASM" 1
LEADER_LOCK_KEY = 0x5350_4153_4D02  # "SPASM" 2: the active instance (bot/leader.py)
_COUNT = re.compile(r"(\d+)$")


@lru_cache(maxsize=512)
def to_numbered(sql: str) -> str:
    """`?` → `$n`. The bot's SQL never has a `?` inside a string literal."""
    parts = sql.split("?")
    return parts[0] + "".join(f"${i}{part}" for i, part in enumerate(parts[1:], start=1))


def _rowcount(status: str) -> int:
    """asyncpg returns the command tag ("UPDATE 3", "INSERT 0 1"); the last number is the count."""
    found = _COUNT.search(status or "")
    return int(found.group(1)) if found else 0


def connect_args(url: str) -> dict[str, Any]:
    # asyncpg understands postgresql:// (and postgres://) URLs with ?host=/socket/dir etc.
    return {"dsn": url}


class _PgTransaction:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def execute(self, sql: str, params: Params = ()) -> int:
        return _rowcount(await self._conn.execute(to_numbered(sql), *params))

    async def fetch_one(self, sql: str, params: Params = ()) -> Row | None:
        row: Row | None = await self._conn.fetchrow(to_numbered(sql), *params)
        return row

    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]:
        return list(await self._conn.fetch(to_numbered(sql), *params))

    async def execute_many(self, sql: str, rows: Iterable[Params]) -> None:
        await self._conn.executemany(to_numbered(sql), [tuple(r) for r in rows])


class PostgresDatabase(Database):
    dialect = "postgresql"

    def __init__(self, pool: asyncpg.Pool, url: str) -> None:
        self._pool = pool
        self.url = url

    @classmethod
    async def open_url(cls, url: str, *, max_size: int = 10) -> PostgresDatabase:
        pool = await asyncpg.create_pool(**connect_args(url), min_size=1, max_size=max_size)
        assert pool is not None
        return cls(pool, url)

    async def close(self) -> None:
        await self._pool.close()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Transaction]:
        async with self._pool.acquire() as conn, conn.transaction():
            yield _PgTransaction(conn)

    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]:
        return list(await self._pool.fetch(to_numbered(sql), *params))

    async def fetch_one(self, sql: str, params: Params = ()) -> Row | None:
        row: Row | None = await self._pool.fetchrow(to_numbered(sql), *params)
        return row

    async def execute(self, sql: str, params: Params = ()) -> int:
        return _rowcount(await self._pool.execute(to_numbered(sql), *params))

    async def execute_returning(self, sql: str, params: Params = ()) -> Row | None:
        return await self.fetch_one(sql, params)

    async def checkpoint(self) -> None:
        """Nothing to do from here: PostgreSQL reclaims erased rows with (auto)vacuum, and its
        WAL and base backups are the operator's to rotate (README, "Running for an organisation")."""

    async def tables_with_column(self, column: str) -> list[str]:
        rows = await self.fetch_all(
            "SELECT table_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND column_name = ? ORDER BY table_name",
            (column,),
        )
        return [row[0] for row in rows]

    async def table_columns(self, table: str) -> list[str]:
        rows = await self.fetch_all(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position",
            (table,),
        )
        return [row[0] for row in rows]

    async def tables(self) -> list[str]:
        rows = await self.fetch_all(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
            "AND table_type = 'BASE TABLE' AND table_name != 'schema_version' ORDER BY table_name"
        )
        return [row[0] for row in rows]

    async def after_copy(self, table: str) -> None:
        """Move an identity column's sequence past the copied ids, or the next insert collides."""
        if "id" in await self.table_columns(table):
            await self.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
            )

    async def schema_version(self) -> int:
        await self.execute(
            "CREATE TABLE IF NOT EXISTS schema_version "
            "(version INTEGER PRIMARY KEY, applied_at_utc TEXT NOT NULL)"
        )
        return int(await self.fetch_value("SELECT COALESCE(MAX(version), 0) FROM schema_version"))

    async def set_schema_version(self, tx: Transaction, version: int) -> None:
        await tx.execute(
            "INSERT INTO schema_version (version, applied_at_utc) VALUES (?, ?)",
            (version, to_utc_text(SystemClock().now())),
        )

    @asynccontextmanager
    async def migration_lock(self) -> AsyncIterator[None]:
        async with self._pool.acquire() as conn:
            await conn.execute("SELECT pg_advisory_lock($1)", MIGRATION_LOCK_KEY)
            try:
                yield
            finally:
                await conn.execute("SELECT pg_advisory_unlock($1)", MIGRATION_LOCK_KEY)
