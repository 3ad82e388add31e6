"""The single aiosqlite connection, opened safely.

One connection serves the whole bot. SQLite allows one writer at a time anyway, and one
connection means a transaction can never interleave with another task's statements:
`Database.transaction()` and every helper here take one asyncio lock.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

Params = Sequence[Any] | dict[str, Any]


def _create_private_file(path: Path) -> None:
    """Create the database file with mode 0600 before SQLite opens it (health data)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


class Database:
    def __init__(self, connection: aiosqlite.Connection, path: Path) -> None:
        self._conn = connection
        self.path = path
        self._lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path) -> Database:
        _create_private_file(path)
        # The WAL and shared-memory side files inherit the umask; keep them private too.
        old_umask = os.umask(0o077)
        try:
            conn = await aiosqlite.connect(path, isolation_level=None)
            conn.row_factory = aiosqlite.Row
            await conn.execute("PRAGMA journal_mode=WAL")
            await conn.execute("PRAGMA synchronous=NORMAL")
            await conn.execute("PRAGMA foreign_keys=ON")
            await conn.execute("PRAGMA busy_timeout=5000")
            # Deleted rows are overwritten with zeros instead of lingering in free space: the
            # compile-time default differs between SQLite builds, so it is set at every open.
            await conn.execute("PRAGMA secure_delete=ON")
        finally:
            os.umask(old_umask)
        return cls(conn, path)

    async def checkpoint(self) -> None:
        """Copy the WAL into the main file and truncate it, so erased rows leave no copy in the
        `-wal` file (run after /forget and after an entry is deleted)."""
        async with self._lock, self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)") as cursor:
            await cursor.fetchall()

    async def close(self) -> None:
        await self._conn.close()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """BEGIN IMMEDIATE … COMMIT, rolled back on any exception. Callers may only say
        "saved" after this block has exited without an exception."""
        async with self._lock:
            await self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                await self._conn.execute("ROLLBACK")
                raise
            await self._conn.execute("COMMIT")

    async def fetch_all(self, sql: str, params: Params = ()) -> list[aiosqlite.Row]:
        async with self._lock, self._conn.execute(sql, params) as cursor:
            return list(await cursor.fetchall())

    async def fetch_one(self, sql: str, params: Params = ()) -> aiosqlite.Row | None:
        async with self._lock, self._conn.execute(sql, params) as cursor:
            return await cursor.fetchone()

    async def fetch_value(self, sql: str, params: Params = ()) -> Any:
        row = await self.fetch_one(sql, params)
        return None if row is None else row[0]

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one statement; in autocommit mode SQLite makes it its own transaction (one thread hop
        instead of three for BEGIN/statement/COMMIT). Returns the number of changed rows."""
        async with self._lock, self._conn.execute(sql, params) as cursor:
            return cursor.rowcount

    async def execute_returning(self, sql: str, params: Params = ()) -> aiosqlite.Row | None:
        """One statement with a RETURNING clause, as its own transaction."""
        async with self._lock, self._conn.execute(sql, params) as cursor:
            row = await cursor.fetchone()
            # The statement completes (and commits) only once its rows are consumed.
            await cursor.fetchall()
            return row

    async def execute_many(self, sql: str, rows: Iterable[Params]) -> None:
        async with self.transaction() as conn:
            await conn.executemany(sql, rows)
