"""Plain values for the safety net: tiers, red flags, and the phone numbers a reply names."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.faq.model import Source

Tier = Literal["crisis", "emergency", "urgent", "soon"]
# Most urgent first: when several rules fire, the lowest number wins.
TIER_ORDER: dict[Tier, int] = {"crisis": 0, "emergency": 1, "urgent": 2, "soon": 3}


@dataclass(frozen=True, slots=True)
class RedFlag:
    """One rule that fired. `message` says why it matters, in our own words; the reply adds the
    person's numbers in front of it, so messages never name a phone number themselves."""

    id: str
    tier: Tier
    message: str
    sources: tuple[Source, ...]


@dataclass(frozen=True, slots=True)
class Line:
    """A service to call: "Samaritans", "116 123"."""

    name: str
    number: str


@dataclass(frozen=True, slots=True)
class CountryNumbers:
    """Numbers for one country. `urgent` and `crisis` are None where we know no single national
    line we are confident of; the reply then falls back to wording that works everywhere."""

    country: str  # ISO 3166 alpha-2, "GB"; "" for the unknown-country fallback
    name: str
    emergency: str  # what to dial, e.g. "999 or 112"
    urgent: Line | None
    crisis: Line | None
    sources: tuple[Source, ...]

    @property
    def known(self) -> bool:
        return bool(self.country)
