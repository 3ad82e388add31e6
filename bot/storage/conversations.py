"""Rows behind PTB's persistence: conversation states and per-user flow data (as JSON text).

bot/persistence.py decides what to write and when; this module only holds the SQL.
"""

from __future__ import annotations

from datetime import datetime

from bot.clock import to_utc_text
from bot.storage.db import Database


class ConversationStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def conversations(self, name: str) -> list[tuple[str, str]]:
        """(conv_key, state) text pairs of one conversation handler."""
        rows = await self._db.fetch_all("SELECT conv_key, state FROM conversations WHERE name = ?", (name,))
        return [(row["conv_key"], row["state"]) for row in rows]

    async def put_conversation(
        self, name: str, conv_key: str, user_id: int, state: str, now: datetime
    ) -> None:
        await self._db.execute(
            "INSERT INTO conversations (name, conv_key, user_id, state, updated_at_utc) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(name, conv_key) DO UPDATE SET state = excluded.state, "
            "updated_at_utc = excluded.updated_at_utc",
            (name, conv_key, user_id, state, to_utc_text(now)),
        )

    async def delete_conversation(self, name: str, conv_key: str) -> None:
        await self._db.execute("DELETE FROM conversations WHERE name = ? AND conv_key = ?", (name, conv_key))

    async def all_user_data(self) -> list[tuple[int, str]]:
        rows = await self._db.fetch_all("SELECT user_id, data FROM user_data")
        return [(row["user_id"], row["data"]) for row in rows]

    async def put_user_data(self, user_id: int, data: str, now: datetime) -> None:
        await self._db.execute(
            "INSERT INTO user_data (user_id, data, updated_at_utc) VALUES (?, ?, ?) "
            "ON CONFLICT(user_id) DO UPDATE SET data = excluded.data, updated_at_utc = excluded.updated_at_utc "
            "WHERE user_data.data != excluded.data",
            (user_id, data, to_utc_text(now)),
        )

    async def drop_older_than(self, cutoff: datetime) -> None:
        """Forget flow drafts and conversation states last changed before `cutoff`."""
        stamp = to_utc_text(cutoff)
        await self._db.execute("DELETE FROM user_data WHERE updated_at_utc < ?", (stamp,))
        await self._db.execute("DELETE FROM conversations WHERE updated_at_utc < ?", (stamp,))

    async def delete_user_data(self, user_id: int) -> None:
        await self._db.execute("DELETE FROM user_data WHERE user_id = ?", (user_id,))
