"""Plan values that storage hands to the domain. Instants are aware UTC; dates are the person's local dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum


class MedicineStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    STOPPED = "stopped"


class ChangeKind(StrEnum):
    STARTED = "started"
    CHANGED = "changed"
    PAUSED = "paused"
    RESUMED = "resumed"
    STOPPED = "stopped"


class DoseStatus(StrEnum):
    REMINDED = "reminded"  # a reminder went out, no answer yet (counts as missed for adherence)
    SNOOZED = "snoozed"
    TAKEN = "taken"
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True)
class Medicine:
    id: int
    user_id: int
    name: str  # as the person wrote it
    known_name: str | None  # the catalogue's name when recognised (content/medicines.yaml)
    how_text: str | None  # their own words about how they take it; never filled in by the bot
    times: tuple[time, ...]
    as_needed: bool
    status: MedicineStatus
    started_on: date
    stopped_on: date | None

    @property
    def label(self) -> str:
        return self.known_name or self.name

    @property
    def scheduled(self) -> bool:
        return self.status is MedicineStatus.ACTIVE and bool(self.times)


@dataclass(frozen=True, slots=True)
class MedicineChange:
    medicine_id: int
    change: ChangeKind
    on_date: date
    at: datetime
    detail: str


@dataclass(frozen=True, slots=True)
class Dose:
    id: int
    medicine_id: int
    status: DoseStatus
    taken_at: datetime | None
    scheduled: datetime | None
    episode_id: int | None


@dataclass(frozen=True, slots=True)
class Appointment:
    id: int
    at: datetime
    timezone: str
    with_whom: str
    cancelled: bool


@dataclass(frozen=True, slots=True)
class Question:
    id: int
    text: str
    created: datetime
    done: bool


@dataclass(frozen=True, slots=True)
class Exercise:
    id: int
    name: str
    reps: str | None  # "3 x", "10 times": their words
    hold: str | None  # "30 s", "2 min"
    notes: str | None
    active: bool
