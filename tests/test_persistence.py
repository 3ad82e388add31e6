from __future__ import annotations

from datetime import timedelta

from bot.persistence import SQLitePersistence
from bot.storage.db import Database
from bot.storage.migrations import migrate
from tests.conftest import MovableClock


async def test_conversation_state_survives_reopen(database_url: str, clock: MovableClock) -> None:
    db = await Database.connect(database_url)
    await migrate(db)
    persistence = SQLitePersistence(db, clock)
    await persistence.update_conversation("log", (10, 10), 3)
    await persistence.update_conversation("log", (11, 11), 1)
    await persistence.update_conversation("log", (11, 11), None)  # ended
    await persistence.update_user_data(10, {"draft": {"region": "calf"}})
    await db.close()

    reopened = await Database.connect(database_url)
    again = SQLitePersistence(reopened, clock)
    assert await again.get_conversations("log") == {(10, 10): 3}
    assert await again.get_conversations("other") == {}
    assert await again.get_user_data() == {10: {"draft": {"region": "calf"}}}
    await reopened.close()


async def test_empty_user_data_deletes_the_row(db: Database, clock: MovableClock) -> None:
    persistence = SQLitePersistence(db, clock)
    await persistence.update_user_data(3, {"a": 1})
    await persistence.update_user_data(3, {})
    assert await db.fetch_value("SELECT COUNT(*) FROM user_data") == 0


async def test_conversation_rows_carry_the_user_id(db: Database, clock: MovableClock) -> None:
    persistence = SQLitePersistence(db, clock)
    await persistence.update_conversation("zone", (42, 42), 0)
    assert await db.fetch_value("SELECT user_id FROM conversations WHERE name = 'zone'") == 42


async def test_drafts_older_than_the_flow_timeout_are_dropped_at_start(
    db: Database, clock: MovableClock
) -> None:
    """Conversation timeouts do not survive a restart, so stale drafts are dropped when loaded."""
    writer = SQLitePersistence(db, clock)
    await writer.update_user_data(1, {"log": {"draft": {"notes": "old note"}}})
    await writer.update_conversation("log", (1, 1), 0)
    clock.advance(timedelta(minutes=30))
    await writer.update_user_data(2, {"log": {"draft": {"notes": "fresh"}}})
    await writer.update_conversation("log", (2, 2), 0)
    clock.advance(timedelta(hours=1, minutes=45))

    restarted = SQLitePersistence(db, clock, max_age=timedelta(hours=2))
    assert await restarted.get_user_data() == {2: {"log": {"draft": {"notes": "fresh"}}}}
    assert await restarted.get_conversations("log") == {(2, 2): 0}
    assert await db.fetch_value("SELECT COUNT(*) FROM user_data WHERE data LIKE '%old note%'") == 0
