"""The guided log flow as plain values: a draft kept as JSON between taps (it lives in the
persisted per-user data, so it survives restarts), and the choices each screen offers."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime, time, timedelta
from enum import StrEnum
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from bot.episodes.model import NOTES_MAX_CHARS, EpisodeDraft
from bot.episodes.timing import is_nocturnal, resolve_last_night
from bot.episodes.vocabulary import Helped, Kind, Region, Relief, Side, Symptom, Trigger

E = TypeVar("E", bound=StrEnum)

# Quick choices for "when": label → minutes before now (None = last night).
WHEN_CHOICES: dict[str, int | None] = {"now": 0, "15m": 15, "1h": 60, "night": None}
WHEN_LABELS = {"now": "Now", "15m": "15 min ago", "1h": "1 h ago", "night": "Last night"}
DURATION_CHOICES: dict[str, int] = {"30s": 30, "1m": 60, "2m": 120, "5m": 300, "10m": 600, "30m": 1800}
DURATION_LABELS = {
    "30s": "30 s",
    "1m": "1 min",
    "2m": "2 min",
    "5m": "5 min",
    "10m": "10 min",
    "30m": "30 min",
}


def draft_to_json(draft: EpisodeDraft) -> dict[str, Any]:
    data = asdict(draft)
    data["started_at"] = draft.started_at.isoformat() if draft.started_at else None
    return data


def _enum(enum: type[E], value: object) -> E | None:
    return enum(str(value)) if value is not None else None


def draft_from_json(data: dict[str, Any]) -> EpisodeDraft:
    started = data.get("started_at")
    return EpisodeDraft(
        started_at=datetime.fromisoformat(started) if started else None,
        nocturnal=data.get("nocturnal"),
        kind=_enum(Kind, data.get("kind")),
        region=_enum(Region, data.get("region")),
        side=_enum(Side, data.get("side")),
        intensity=data.get("intensity"),
        duration_seconds=data.get("duration_seconds"),
        ongoing=bool(data.get("ongoing")),
        triggers=[Trigger(t) for t in data.get("triggers", [])],
        trigger_text=data.get("trigger_text"),
        symptoms=[Symptom(s) for s in data.get("symptoms", [])],
        relief=[Relief(r) for r in data.get("relief", [])],
        relief_helped=_enum(Helped, data.get("relief_helped")),
        notes=data.get("notes"),
    )


def when_choice(choice: str, now: datetime, tz: ZoneInfo, sleep_start: time, sleep_end: time) -> datetime:
    minutes = WHEN_CHOICES[choice]
    if minutes is None:
        return resolve_last_night(now, tz, sleep_start, sleep_end)
    return (now - timedelta(minutes=minutes)).astimezone(tz)


def toggle(values: list[E], value: E) -> list[E]:
    return [v for v in values if v != value] if value in values else [*values, value]


def toggle_relief(values: list[Relief], value: Relief) -> list[Relief]:
    """ "Nothing" excludes the others: choosing it clears them, choosing another clears it."""
    if value is Relief.NOTHING:
        return [] if Relief.NOTHING in values else [Relief.NOTHING]
    return toggle([v for v in values if v is not Relief.NOTHING], value)


def clean_notes(text: str) -> str:
    return " ".join(text.split())[:NOTES_MAX_CHARS]


def decide_nocturnal(draft: EpisodeDraft, zone: str, sleep_start: time, sleep_end: time) -> bool:
    """Said to be at night (or woke them), or started inside the sleep window."""
    if draft.nocturnal:
        return True
    if draft.started_at is None:
        return False
    return is_nocturnal(draft.started_at.astimezone(ZoneInfo(zone)), sleep_start, sleep_end)
