"""Plain values for an episode: what the parser produces (a draft) and what storage holds."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.episodes.vocabulary import Helped, Kind, Region, Relief, Side, Symptom, Trigger

NOTES_MAX_CHARS = 1000
TRIGGER_TEXT_MAX_CHARS = 120  # the user's own words for a trigger (docs/export-format.md)
INTENSITY_MIN, INTENSITY_MAX = 0, 10


@dataclass(slots=True)
class EpisodeDraft:
    """An episode being put together (from one line of text or from the guided flow).

    Every field may still be unknown (None / empty). `started_at` is an aware datetime
    (any zone; storage converts to UTC). `duration_seconds` None means unknown; `ongoing`
    True means it was still going when logged.
    """

    started_at: datetime | None = None
    nocturnal: bool | None = None
    kind: Kind | None = None
    region: Region | None = None
    side: Side | None = None
    intensity: int | None = None
    duration_seconds: int | None = None
    ongoing: bool = False
    triggers: list[Trigger] = field(default_factory=list)
    trigger_text: str | None = None
    symptoms: list[Symptom] = field(default_factory=list)
    relief: list[Relief] = field(default_factory=list)
    relief_helped: Helped | None = None
    notes: str | None = None

    def missing_required(self) -> list[str]:
        """Names of required fields still unknown, in the order they should be asked."""
        missing = []
        if self.region is None:
            missing.append("region")
        if self.intensity is None:
            missing.append("intensity")
        return missing


@dataclass(slots=True, frozen=True)
class Episode:
    """A saved episode. `started_at_utc`, `logged_at_utc`, `edited_at_utc` are aware UTC datetimes;
    `timezone` is the IANA name of the user's zone when it was logged."""

    id: int
    user_id: int
    started_at_utc: datetime
    timezone: str
    nocturnal: bool
    kind: Kind | None
    region: Region
    side: Side | None
    intensity: int
    duration_seconds: int | None
    ongoing: bool
    triggers: tuple[Trigger, ...]
    trigger_text: str | None
    symptoms: tuple[Symptom, ...]
    relief: tuple[Relief, ...]
    relief_helped: Helped | None
    notes: str | None
    logged_at_utc: datetime
    edited_at_utc: datetime | None = None


def draft_from_episode(episode: Episode) -> EpisodeDraft:
    """The editable form of a saved episode (for the edit flow)."""
    return EpisodeDraft(
        started_at=episode.started_at_utc,
        nocturnal=episode.nocturnal,
        kind=episode.kind,
        region=episode.region,
        side=episode.side,
        intensity=episode.intensity,
        duration_seconds=episode.duration_seconds,
        ongoing=episode.ongoing,
        triggers=list(episode.triggers),
        trigger_text=episode.trigger_text,
        symptoms=list(episode.symptoms),
        relief=list(episode.relief),
        relief_helped=episode.relief_helped,
        notes=episode.notes,
    )
