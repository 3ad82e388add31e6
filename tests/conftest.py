"""Shared fixtures: a temporary database (SQLite, and PostgreSQL on a server the tests start
themselves), and a clock tests can move."""

from __future__ import annotations

import os
import subprocess
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.storage.db import Database
from bot.storage.migrations import migrate


class MovableClock:
    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2026, 11, 21, 12, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self._now

    def set(self, instant: datetime) -> None:
        assert instant.tzinfo is not None
        self._now = instant.astimezone(UTC)

    def advance(self, delta: timedelta) -> None:
        self._now += delta


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock()


_pg_state: dict[str, object] = {}


def _pg_required() -> bool:
    """In CI (and wherever SPASM_REQUIRE_POSTGRES=1) a missing server fails the run, never skips."""
    return bool(os.environ.get("CI")) or os.environ.get("SPASM_REQUIRE_POSTGRES") == "1"


@pytest.fixture(scope="session")
def pg_server() -> Iterator[object]:
    """One throwaway PostgreSQL cluster per test session (per xdist worker), on a free port."""
    from tests.pgserver import PgServer, PgUnavailable

    try:
        server = PgServer.start()
    except (PgUnavailable, OSError, subprocess.SubprocessError) as exc:
        reason = f"PostgreSQL test server could not start: {exc}"
        _pg_state["unavailable"] = reason
        if _pg_required():
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_url(pg_server: object) -> str:
    """A fresh, empty PostgreSQL database for one test."""
    from tests.pgserver import PgServer

    assert isinstance(pg_server, PgServer)
    return pg_server.new_database()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if "unavailable" in _pg_state:
        outcome = "FAILED" if _pg_required() else "SKIPPED"
        terminalreporter.write_line(f"{outcome} PostgreSQL tests: {_pg_state['unavailable']}", yellow=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A DATABASE_URL for each dialect: repository and end-to-end tests run on both."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.sqlite3'}"
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    database = await Database.connect(database_url)
    await migrate(database)
    yield database
    await database.close()


@pytest.fixture
async def sqlite_db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "test.sqlite3")
    await migrate(database)
    yield database
    await database.close()


@pytest.fixture
async def harness(tmp_path: Path, clock: MovableClock) -> AsyncIterator[object]:
    from tests.harness import running_harness

    async with running_harness(tmp_path / "bot.sqlite3", clock) as running:
        yield running


@pytest.fixture(scope="session", autouse=True)
def _chart_workers_stay_up() -> Iterator[None]:
    """The chart/PDF worker processes cost ~1.5 s of CPU each to start (matplotlib). A bot stops them
    when it stops; here bots start and stop hundreds of times in one process, so the workers (which
    keep no state between jobs) stay up for the session instead and stop at its end."""
    import handlers.stats
    from bot.insights import workers

    stop_with_the_bot = handlers.stats.shutdown
    handlers.stats.shutdown = lambda: None
    yield
    handlers.stats.shutdown = stop_with_the_bot
    workers.shutdown()


@pytest.fixture
def fake() -> Iterator[object]:
    """The fake Bot API over HTTP in a background thread, for bots run as separate processes."""
    from tests.fake_telegram import FakeTelegramServer

    with FakeTelegramServer.start_in_thread() as server:
        yield server


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Start the real-clock tests first: they mostly wait, so with pytest-xdist the other workers run
    the rest of the suite meanwhile instead of everyone waiting for them at the end."""
    items.sort(key=lambda item: item.get_closest_marker("real_clock") is None)
