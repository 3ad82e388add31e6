"""Hot standby on PostgreSQL: of all bot processes on one database exactly one is active.

The active one holds a session-level advisory lock on its own connection. Another process waits,
asking for the lock every second; when the active one dies, even by `kill -9`, its session ends,
PostgreSQL drops the lock and the waiting one takes over. Server-side TCP keepalives on the lock's
session make a vanished host (no FIN) count as dead within ~10 s instead of the kernel's 2 hours.
If the active one loses its own lock session, it stops (`on_lost`) rather than run beside the new
active one; its supervisor restarts it, as a standby.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

import asyncpg

from bot.storage.postgres import LEADER_LOCK_KEY, connect_args

log = logging.getLogger(__name__)

KEEPALIVES = {"tcp_keepalives_idle": "5", "tcp_keepalives_interval": "2", "tcp_keepalives_count": "2"}


class Leadership:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn
        self._watch: asyncio.Task[None] | None = None

    @classmethod
    async def acquire(
        cls, url: str, *, poll_seconds: float = 1.0, on_standby: Callable[[], None] | None = None
    ) -> Leadership:
        """Wait until this process is the active one."""
        conn = await asyncpg.connect(**connect_args(url), server_settings=KEEPALIVES)
        try:
            waiting = False
            while not await conn.fetchval("SELECT pg_try_advisory_lock($1)", LEADER_LOCK_KEY):
                if not waiting:
                    waiting = True
                    log.info("standby: another instance is active; taking over when it stops")
                    if on_standby is not None:
                        on_standby()
                await asyncio.sleep(poll_seconds)
        except BaseException:
            await conn.close(timeout=2)
            raise
        log.info("active: this instance holds the lock")
        return cls(conn)

    def watch(self, on_lost: Callable[[], None], interval: float = 2.0) -> None:
        """Check the lock's session every `interval` seconds; call `on_lost` once if it is gone."""

        async def check() -> None:
            while True:
                await asyncio.sleep(interval)
                try:
                    await asyncio.wait_for(self._conn.fetchval("SELECT 1"), timeout=5)
                except (asyncpg.PostgresError, OSError, TimeoutError, asyncpg.InterfaceError):
                    log.error("active: lost the database session that holds the lock; stopping")
                    on_lost()
                    return

        self._watch = asyncio.create_task(check())

    async def release(self) -> None:
        if self._watch is not None:
            self._watch.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watch
        # Closing the session releases the lock; a standby takes over within its poll interval.
        with contextlib.suppress(Exception):
            await self._conn.close(timeout=2)
