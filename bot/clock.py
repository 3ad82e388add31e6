"""Time source. Code asks a Clock for "now" so tests can move time without sleeping."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """An aware UTC datetime."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


def to_utc_text(instant: datetime) -> str:
    """Instants are stored as ISO 8601 UTC strings: sortable as text and readable in the file."""
    if instant.tzinfo is None:
        raise ValueError("naive datetime: every stored instant must be timezone-aware")
    return instant.astimezone(UTC).isoformat(timespec="seconds")


def from_utc_text(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def zone_or_default(zone: str | None, default: str) -> str:
    """A person's zone, or the deployment's DEFAULT_TIMEZONE for someone who has not set one."""
    return zone or default
