"""`python -m bot migrate-db --from URL --to URL`: copy every table from one database to another
(SQLite → PostgreSQL when an organisation outgrows one file, or back).

Both are brought to the latest schema first. A target that already holds any row is refused:
nothing is ever overwritten or merged. Each table is copied in one transaction and its row count
checked before that transaction commits, so a failure leaves whole tables, never half of one.
"""

from __future__ import annotations

import logging

from bot.storage.db import Database
from bot.storage.migrations import migrate

log = logging.getLogger(__name__)


class TransferRefused(Exception):
    """One line: why nothing was copied."""


# Tables other tables reference, each before the ones that reference it (users <- everything;
# episodes <- doses; medicines <- medicine_changes, doses; exercises <- exercise_log).
_PARENTS = ("users", "episodes", "medicines", "exercises")


def _parents_first(tables: list[str]) -> list[str]:
    return sorted(tables, key=lambda name: _PARENTS.index(name) if name in _PARENTS else len(_PARENTS))


async def copy_database(source_url: str, target_url: str) -> dict[str, int]:
    """Returns rows copied per table."""
    if source_url == target_url:
        raise TransferRefused("--from and --to name the same database")
    source = await Database.connect(source_url)
    try:
        target = await Database.connect(target_url)
        try:
            await migrate(source)
            await migrate(target)
            tables = _parents_first(await source.tables())
            if sorted(tables) != sorted(await target.tables()):
                raise TransferRefused("the two databases do not have the same tables")
            for table in tables:
                if await target.fetch_value(f"SELECT COUNT(*) FROM {table}"):
                    raise TransferRefused(f"the target is not empty (table {table} has rows); nothing copied")
            return {table: await _copy_table(source, target, table) for table in tables}
        finally:
            await target.close()
    finally:
        await source.close()


async def _copy_table(source: Database, target: Database, table: str) -> int:
    columns = await source.table_columns(table)
    names = ", ".join(columns)
    rows = await source.fetch_all(f"SELECT {names} FROM {table}")
    expected = int(await source.fetch_value(f"SELECT COUNT(*) FROM {table}"))
    async with target.transaction() as tx:
        await tx.execute_many(
            f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})",
            [tuple(r) for r in rows],
        )
        copied = await tx.fetch_one(f"SELECT COUNT(*) FROM {table}")
        count = int(copied[0]) if copied is not None else -1
        if count != expected:
            raise TransferRefused(f"table {table}: {count} rows arrived, {expected} expected; rolled back")
    await target.after_copy(table)
    log.info("copied table %s: %d rows", table, count)
    return count
