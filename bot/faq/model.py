"""Plain values for the curated FAQ and the red-flag rules. No I/O here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


class ContentError(Exception):
    """Raised at start-up when a content file is broken; the message is one line naming the file."""


@dataclass(frozen=True)
class Source:
    name: str
    url: str


@dataclass(frozen=True)
class FaqEntry:
    id: str
    title: str
    questions: tuple[str, ...]
    answer: str
    sources: tuple[Source, ...]
    audience: tuple[str, ...]
    related: tuple[str, ...]
    reviewed: date
    topic: str


@dataclass(frozen=True)
class Topic:
    id: str
    title: str


@dataclass
class FaqLibrary:
    entries: dict[str, FaqEntry]
    topics: list[Topic] = field(default_factory=list)

    def by_topic(self, topic_id: str) -> list[FaqEntry]:
        """Entries of one topic, sorted by title so browsing is stable."""
        found = [entry for entry in self.entries.values() if entry.topic == topic_id]
        return sorted(found, key=lambda entry: entry.title.casefold())

    def topic(self, topic_id: str) -> Topic | None:
        return next((topic for topic in self.topics if topic.id == topic_id), None)


@dataclass(frozen=True)
class Match:
    entry: FaqEntry
    score: float


@dataclass(frozen=True)
class MatchResult:
    best: list[Match]
    confident: bool
