"""The database behind the repositories: SQLite (the default, one file) or PostgreSQL (for
organisations, see bot/storage/postgres.py), chosen by DATABASE_URL.

Repositories write one SQL text with `?` placeholders and use only what both dialects share;
everything that differs (placeholders, opening, schema introspection, the schema version, locks)
lives behind `Database` here and in bot/storage/postgres.py.

SQLite: one connection serves the whole bot. SQLite allows one writer at a time anyway, and one
connection means a transaction can never interleave with another task's statements:
`transaction()` and every helper here take one asyncio lock.
"""

from __future__ import annotations

import asyncio
import os
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Iterable, Iterator, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any, ClassVar, Protocol

import aiosqlite

Params = Sequence[Any]
SQLITE_PREFIX = "sqlite:///"
POSTGRES_PREFIXES = ("postgresql://", "postgres://")


class Row(Protocol):
    """What both drivers' rows offer: by column name or position, and the column names."""

    def __getitem__(self, key: str | int, /) -> Any: ...

    def __iter__(self) -> Iterator[Any]: ...

    def keys(self) -> Iterable[str]: ...


class Transaction(Protocol):
    """The statements available inside `Database.transaction()`."""

    async def execute(self, sql: str, params: Params = ()) -> int: ...

    async def fetch_one(self, sql: str, params: Params = ()) -> Row | None: ...

    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]: ...

    async def execute_many(self, sql: str, rows: Iterable[Params]) -> None: ...


def is_database_error(error: BaseException) -> bool:
    """A database problem from either driver (for metrics; callers need not know which)."""
    import sqlite3

    if isinstance(error, sqlite3.Error):
        return True
    module = type(error).__module__
    return module.startswith("asyncpg")


class Database(ABC):
    dialect: ClassVar[str]

    @staticmethod
    async def open(path: Path) -> SQLiteDatabase:
        """The SQLite file at `path` (created private)."""
        return await SQLiteDatabase.open_file(path)

    @staticmethod
    async def connect(url: str) -> Database:
        """The database a DATABASE_URL names: sqlite:///path or postgresql://…"""
        if url.startswith(SQLITE_PREFIX):
            return await SQLiteDatabase.open_file(Path(url.removeprefix(SQLITE_PREFIX)))
        if url.startswith(POSTGRES_PREFIXES):
            from bot.storage.postgres import PostgresDatabase

            return await PostgresDatabase.open_url(url)
        raise ValueError("DATABASE_URL must start with sqlite:/// or postgresql://")

    @abstractmethod
    async def close(self) -> None: ...

    @abstractmethod
    def transaction(self) -> AbstractAsyncContextManager[Transaction]:
        """One transaction, rolled back on any exception. Callers may only say "saved" after
        this block has exited without an exception."""

    @abstractmethod
    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]: ...

    @abstractmethod
    async def fetch_one(self, sql: str, params: Params = ()) -> Row | None: ...

    async def fetch_value(self, sql: str, params: Params = ()) -> Any:
        row = await self.fetch_one(sql, params)
        return None if row is None else row[0]

    @abstractmethod
    async def execute(self, sql: str, params: Params = ()) -> int:
        """One statement as its own transaction; returns the number of changed rows."""

    @abstractmethod
    async def execute_returning(self, sql: str, params: Params = ()) -> Row | None:
        """One statement with a RETURNING clause, as its own transaction."""

    async def execute_many(self, sql: str, rows: Iterable[Params]) -> None:
        async with self.transaction() as tx:
            await tx.execute_many(sql, rows)

    @abstractmethod
    async def checkpoint(self) -> None:
        """After erasing rows: make sure no copy of them lingers in side files (SQLite's WAL)."""

    @abstractmethod
    async def tables_with_column(self, column: str) -> list[str]:
        """Every table of the bot's schema that has this column (read from the schema itself)."""

    @abstractmethod
    async def table_columns(self, table: str) -> list[str]: ...

    @abstractmethod
    async def tables(self) -> list[str]:
        """The bot's tables (not the schema version's bookkeeping)."""

    @abstractmethod
    async def after_copy(self, table: str) -> None:
        """After rows with their ids were copied in (bot/storage/transfer.py)."""

    # -- schema version (bot/storage/migrations.py) -------------------------------------------
    @abstractmethod
    async def schema_version(self) -> int: ...

    @abstractmethod
    async def set_schema_version(self, tx: Transaction, version: int) -> None: ...

    @abstractmethod
    def migration_lock(self) -> AbstractAsyncContextManager[None]:
        """Held while migrating, so two instances starting at once migrate one after the other."""


def _create_private_file(path: Path) -> None:
    """Create the database file with mode 0600 before SQLite opens it (health data)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


class _SQLiteTransaction:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def execute(self, sql: str, params: Params = ()) -> int:
        async with self._conn.execute(sql, params) as cursor:
            return cursor.rowcount

    async def fetch_one(self, sql: str, params: Params = ()) -> Row | None:
        async with self._conn.execute(sql, params) as cursor:
            row: Row | None = await cursor.fetchone()
            return row

    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]:
        async with self._conn.execute(sql, params) as cursor:
            return list(await cursor.fetchall())

    async def execute_many(self, sql: str, rows: Iterable[Params]) -> None:
        await self._conn.executemany(sql, rows)


class SQLiteDatabase(Database):
    dialect = "sqlite"

    def __init__(self, connection: aiosqlite.Connection, path: Path) -> None:
        self._conn = connection
        self.path = path
        self._lock = asyncio.Lock()

    @classmethod
    async def open_file(cls, path: Path) -> SQLiteDatabase:
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
    async def transaction(self) -> AsyncIterator[Transaction]:
        """BEGIN IMMEDIATE … COMMIT: the write lock is taken at the start, so a transaction
        never fails half-way on a busy database."""
        async with self._lock:
            await self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield _SQLiteTransaction(self._conn)
            except BaseException:
                await self._conn.execute("ROLLBACK")
                raise
            await self._conn.execute("COMMIT")

    async def fetch_all(self, sql: str, params: Params = ()) -> list[Row]:
        async with self._lock, self._conn.execute(sql, params) as cursor:
            return list(await cursor.fetchall())

    async def fetch_one(self, sql: str, params: Params = ()) -> Row | None:
        async with self._lock, self._conn.execute(sql, params) as cursor:
            row: Row | None = await cursor.fetchone()
            return row

    async def execute(self, sql: str, params: Params = ()) -> int:
        """In autocommit mode SQLite makes one statement its own transaction (one thread hop
        instead of three for BEGIN/statement/COMMIT)."""
        async with self._lock, self._conn.execute(sql, params) as cursor:
            return cursor.rowcount

    async def execute_returning(self, sql: str, params: Params = ()) -> Row | None:
        async with self._lock, self._conn.execute(sql, params) as cursor:
            row: Row | None = await cursor.fetchone()
            # The statement completes (and commits) only once its rows are consumed.
            await cursor.fetchall()
            return row

    async def tables_with_column(self, column: str) -> list[str]:
        rows = await self.fetch_all(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
        return [row["name"] for row in rows if column in await self.table_columns(row["name"])]

    async def after_copy(self, table: str) -> None:
        """Nothing to do: AUTOINCREMENT follows the largest id inserted."""

    async def tables(self) -> list[str]:
        rows = await self.fetch_all(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
        return [row["name"] for row in rows]

    async def table_columns(self, table: str) -> list[str]:
        # PRAGMA cannot take parameters; table names come from sqlite_master or our own code.
        return [row["name"] for row in await self.fetch_all(f"PRAGMA table_info({table})")]

    async def schema_version(self) -> int:
        return int(await self.fetch_value("PRAGMA user_version"))

    async def set_schema_version(self, tx: Transaction, version: int) -> None:
        # PRAGMA cannot take parameters; the value is our own integer.
        await tx.execute(f"PRAGMA user_version = {int(version)}")

    @asynccontextmanager
    async def migration_lock(self) -> AsyncIterator[None]:
        """One process owns a SQLite file; each migration's BEGIN IMMEDIATE is enough."""
        yield
