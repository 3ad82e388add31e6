"""FAQ feedback: one vote per person and entry (a second vote replaces the first)."""

from __future__ import annotations

from datetime import datetime

from bot.clock import to_utc_text
from bot.storage.db import Database


class FeedbackRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def vote(self, user_id: int, entry_id: str, helpful: bool, now: datetime) -> None:
        await self._db.execute(
            "INSERT INTO faq_feedback (user_id, entry_id, helpful, created_at_utc) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(user_id, entry_id) DO UPDATE SET helpful = excluded.helpful, "
            "created_at_utc = excluded.created_at_utc",
            (user_id, entry_id, int(helpful), to_utc_text(now)),
        )

    async def totals(self) -> dict[str, tuple[int, int]]:
        """entry id → (helpful, not helpful): what curators look at."""
        rows = await self._db.fetch_all(
            "SELECT entry_id, SUM(helpful), SUM(1 - helpful) FROM faq_feedback GROUP BY entry_id"
        )
        return {row[0]: (int(row[1]), int(row[2])) for row in rows}

    async def for_user(self, user_id: int) -> list[dict[str, object]]:
        rows = await self._db.fetch_all(
            "SELECT entry_id, helpful, created_at_utc FROM faq_feedback WHERE user_id = ? ORDER BY id",
            (user_id,),
        )
        return [
            {"entry_id": r["entry_id"], "helpful": bool(r["helpful"]), "at_utc": r["created_at_utc"]}
            for r in rows
        ]
