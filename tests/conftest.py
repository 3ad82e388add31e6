"""Shared fixtures: a temporary database and a clock tests can move."""

from __future__ import annotations

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


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "test.sqlite3")
    await migrate(database)
    yield database
    await database.close()


@pytest.fixture
async def harness(tmp_path: Path, clock: MovableClock) -> AsyncIterator[object]:
    from tests.harness import running_harness

    async with running_harness(tmp_path / "bot.sqlite3", clock) as running:
        yield running


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
