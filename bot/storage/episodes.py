"""Episodes: one row per logged spasm or cramp. Every read and write is scoped by user_id, so a
forged id from a button can never reach someone else's entry."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, TypeVar

from bot.clock import from_utc_text, to_utc_text
from bot.episodes.model import Episode, EpisodeDraft
from bot.episodes.vocabulary import Helped, Kind, Region, Relief, Side, Symptom, Trigger
from bot.storage.db import Database, Row

E = TypeVar("E", bound=StrEnum)

_COLUMNS = (
    "started_at_utc, timezone, nocturnal, kind, region, side, intensity, duration_seconds, ongoing, "
    "triggers, trigger_text, symptoms, relief, relief_helped, notes"
)


class IncompleteEpisode(ValueError):
    """A draft without the required fields (region, intensity, start) cannot be saved."""


def _join(values: Iterable[StrEnum]) -> str:
    return ";".join(v.value for v in values)


def _split(text: str, enum: type[E]) -> tuple[E, ...]:
    return tuple(enum(part) for part in text.split(";") if part)


def _optional(value: str | None, enum: type[E]) -> E | None:
    return None if value is None else enum(value)


def _row_values(draft: EpisodeDraft, zone: str, nocturnal: bool) -> tuple[Any, ...]:
    if draft.region is None or draft.intensity is None or draft.started_at is None:
        raise IncompleteEpisode(", ".join(draft.missing_required()) or "started_at")
    return (
        to_utc_text(draft.started_at),
        zone,
        int(nocturnal),
        draft.kind.value if draft.kind else None,
        draft.region.value,
        draft.side.value if draft.side else None,
        draft.intensity,
        draft.duration_seconds,
        int(draft.ongoing),
        _join(draft.triggers),
        draft.trigger_text,
        _join(draft.symptoms),
        _join(draft.relief),
        draft.relief_helped.value if draft.relief_helped else None,
        draft.notes,
    )


def episode_from_row(row: Row) -> Episode:
    return Episode(
        id=row["id"],
        user_id=row["user_id"],
        started_at_utc=from_utc_text(row["started_at_utc"]),
        timezone=row["timezone"],
        nocturnal=bool(row["nocturnal"]),
        kind=_optional(row["kind"], Kind),
        region=Region(row["region"]),
        side=_optional(row["side"], Side),
        intensity=row["intensity"],
        duration_seconds=row["duration_seconds"],
        ongoing=bool(row["ongoing"]),
        triggers=_split(row["triggers"], Trigger),
        trigger_text=row["trigger_text"],
        symptoms=_split(row["symptoms"], Symptom),
        relief=_split(row["relief"], Relief),
        relief_helped=_optional(row["relief_helped"], Helped),
        notes=row["notes"],
        logged_at_utc=from_utc_text(row["logged_at_utc"]),
        edited_at_utc=from_utc_text(row["edited_at_utc"]) if row["edited_at_utc"] else None,
    )


class EpisodeRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def add(
        self, user_id: int, draft: EpisodeDraft, *, zone: str, nocturnal: bool, client_key: str, now: datetime
    ) -> tuple[Episode, bool]:
        """Save once per client_key (the Telegram message or flow that produced it): a re-delivered
        update or a second press of Save returns the existing row. Returns (episode, created)."""
        values = _row_values(draft, zone, nocturnal)
        async with self._db.transaction() as tx:
            created = (
                await tx.execute(
                    f"INSERT INTO episodes (user_id, client_key, {_COLUMNS}, logged_at_utc) "
                    f"VALUES (?, ?, {', '.join('?' * 15)}, ?) ON CONFLICT(user_id, client_key) DO NOTHING",
                    (user_id, client_key, *values, to_utc_text(now)),
                )
                == 1
            )
            row = await tx.fetch_one(
                "SELECT * FROM episodes WHERE user_id = ? AND client_key = ?", (user_id, client_key)
            )
        assert row is not None
        return episode_from_row(row), created

    async def get(self, user_id: int, episode_id: int) -> Episode | None:
        row = await self._db.fetch_one(
            "SELECT * FROM episodes WHERE id = ? AND user_id = ?", (episode_id, user_id)
        )
        return None if row is None else episode_from_row(row)

    async def update(
        self,
        user_id: int,
        episode_id: int,
        draft: EpisodeDraft,
        *,
        nocturnal: bool,
        now: datetime,
        zone: str | None = None,  # the entry's zone, when the person has just told theirs
    ) -> Episode | None:
        current = await self.get(user_id, episode_id)
        if current is None:
            return None
        values = _row_values(draft, zone or current.timezone, nocturnal)
        assignments = ", ".join(f"{name.strip()} = ?" for name in _COLUMNS.split(","))
        changed = await self._db.execute(
            f"UPDATE episodes SET {assignments}, edited_at_utc = ? WHERE id = ? AND user_id = ?",
            (*values, to_utc_text(now), episode_id, user_id),
        )
        return await self.get(user_id, episode_id) if changed else None

    async def delete(self, user_id: int, episode_id: int) -> bool:
        deleted = (
            await self._db.execute("DELETE FROM episodes WHERE id = ? AND user_id = ?", (episode_id, user_id))
            == 1
        )
        if deleted:
            await self._db.checkpoint()  # no copy of the entry left in the -wal file
        return deleted

    async def latest(self, user_id: int) -> Episode | None:
        row = await self._db.fetch_one(
            "SELECT * FROM episodes WHERE user_id = ? ORDER BY logged_at_utc DESC, id DESC LIMIT 1",
            (user_id,),
        )
        return None if row is None else episode_from_row(row)

    async def page(self, user_id: int, *, offset: int, limit: int) -> tuple[list[Episode], int]:
        """Newest first (by when it happened). Returns (episodes, total count)."""
        total = int(await self._db.fetch_value("SELECT COUNT(*) FROM episodes WHERE user_id = ?", (user_id,)))
        rows = await self._db.fetch_all(
            "SELECT * FROM episodes WHERE user_id = ? ORDER BY started_at_utc DESC, id DESC LIMIT ? OFFSET ?",
            (user_id, limit, offset),
        )
        return [episode_from_row(r) for r in rows], total

    async def all_for_user(
        self, user_id: int, *, since: datetime | None = None, until: datetime | None = None
    ) -> list[Episode]:
        """Oldest first, optionally within [since, until)."""
        lower = to_utc_text(since) if since else ""
        upper = to_utc_text(until) if until else "9999"
        rows = await self._db.fetch_all(
            "SELECT * FROM episodes WHERE user_id = ? AND started_at_utc >= ? AND started_at_utc < ? "
            "ORDER BY started_at_utc, id",
            (user_id, lower, upper),
        )
        return [episode_from_row(r) for r in rows]

    async def add_many(self, user_id: int, drafts: Sequence[tuple[EpisodeDraft, str, bool, str]]) -> None:
        """Bulk insert for fixtures and benchmarks: (draft, zone, nocturnal, client_key)."""
        now = to_utc_text(datetime.now(UTC))
        rows = [(user_id, key, *_row_values(d, zone, noct), now) for d, zone, noct, key in drafts]
        await self._db.execute_many(
            f"INSERT INTO episodes (user_id, client_key, {_COLUMNS}, logged_at_utc) "
            f"VALUES (?, ?, {', '.join('?' * 15)}, ?) ON CONFLICT(user_id, client_key) DO NOTHING",
            rows,
        )


__all__ = ["EpisodeRepository", "IncompleteEpisode", "episode_from_row"]
