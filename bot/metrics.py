"""Health and Prometheus metrics for operators (setting METRICS_PORT; off by default).

`/healthz`: 200 when this instance is fine (database answers; for the active one, Telegram answered
within the last few minutes), else 503; the JSON body says active or standby.
`/metrics`: Prometheus text format. Labels never carry health data or user ids: only counts,
durations and fixed names.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.storage.db import Database

log = logging.getLogger(__name__)

REGISTRY = CollectorRegistry()
UPDATES_HANDLED = Counter("spasm_updates_handled", "Telegram updates handled", registry=REGISTRY)
REPLY_SECONDS = Histogram(
    "spasm_update_seconds",
    "Time from taking an update to finishing its handling (replies included)",
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10),
    registry=REGISTRY,
)
REMINDERS = Counter(
    "spasm_reminders", "Reminders by outcome (sent, failed, blocked, late)", ["outcome"], registry=REGISTRY
)
TELEGRAM_429 = Counter("spasm_telegram_429", "Flood-control answers (429) from Telegram", registry=REGISTRY)
LIMITER_QUEUE = Gauge("spasm_limiter_queue", "Requests waiting for a send slot", registry=REGISTRY)
DB_ERRORS = Counter("spasm_database_errors", "Database errors seen by handlers and jobs", registry=REGISTRY)
ACTIVE = Gauge("spasm_active", "1 on the active instance, 0 on a standby", registry=REGISTRY)

TELEGRAM_STALE_SECONDS = 300.0


class Health:
    def __init__(self) -> None:
        self.role = "starting"
        self.database: Database | None = None
        self.last_telegram_ok: float | None = None
        self.port: int | None = None  # where /metrics is served (tests use METRICS_PORT=0)

    def set_standby(self) -> None:
        self.role = "standby"
        ACTIVE.set(0)

    def set_active(self) -> None:
        self.role = "active"
        ACTIVE.set(1)

    def telegram_seen(self) -> None:
        self.last_telegram_ok = time.monotonic()

    def watch_queue(self, length: Callable[[], int]) -> None:
        LIMITER_QUEUE.set_function(lambda: float(length()))

    async def report(self) -> tuple[bool, dict[str, object]]:
        database_ok = None
        if self.database is not None:
            try:
                database_ok = await asyncio.wait_for(self.database.fetch_value("SELECT 1"), 3) == 1
            except Exception:
                DB_ERRORS.inc()
                database_ok = False
        seen = self.last_telegram_ok
        telegram_ok = seen is not None and time.monotonic() - seen < TELEGRAM_STALE_SECONDS
        healthy = self.role == "standby" or (
            self.role == "active" and database_ok is not False and telegram_ok
        )
        return healthy, {"role": self.role, "database": database_ok, "telegram_recent": telegram_ok}


HEALTH = Health()


async def _serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        request = await asyncio.wait_for(reader.readline(), 5)
        while (await asyncio.wait_for(reader.readline(), 5)) not in (b"\r\n", b"\n", b""):
            pass  # headers: not needed
        parts = request.decode("latin-1").split()
        path = parts[1].split("?")[0] if len(parts) >= 2 else ""
        if path == "/metrics":
            status, kind, body = "200 OK", CONTENT_TYPE_LATEST, generate_latest(REGISTRY)
        elif path == "/healthz":
            healthy, report = await HEALTH.report()
            status = "200 OK" if healthy else "503 Service Unavailable"
            kind, body = "application/json", json.dumps(report).encode()
        else:
            status, kind, body = "404 Not Found", "text/plain", b"not found\n"
        head = f"HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n"
        writer.write(head.encode() + body)
        await writer.drain()
    except (TimeoutError, ConnectionError, UnicodeError):
        pass
    finally:
        writer.close()
        with contextlib.suppress(Exception):
            await writer.wait_closed()


@asynccontextmanager
async def start_metrics(settings: Settings) -> AsyncIterator[int | None]:
    """Serve /healthz and /metrics while the block runs, when METRICS_PORT is set. Yields the port."""
    if settings.metrics_port is None:
        yield None
        return
    server = await asyncio.start_server(_serve, settings.metrics_listen, settings.metrics_port)
    port = int(server.sockets[0].getsockname()[1])
    log.info("metrics on %s:%d", settings.metrics_listen, port)
    HEALTH.port = port
    try:
        yield port
    finally:
        server.close()
        await server.wait_closed()
