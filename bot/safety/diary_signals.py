"""When a saved diary entry should get a calm safety line: pure functions over plain values.

Typed text is checked by the triage rules; entries made with buttons say nothing in words, so the
diary looks at the numbers instead: a long (>= 10 min) and severe (>= 9/10) episode, the first time
weakness or numbness is recorded, or a sharp rise in night episodes over a week. Each signal borrows
the tier of the rule that covers the same danger.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.safety.model import TIER_ORDER, Tier

LONG_SECONDS = 10 * 60
SEVERE_INTENSITY = 9
NEW_SYMPTOMS = frozenset({"weakness", "numbness"})
WEEK = timedelta(days=7)
BASELINE_WEEKS = 3
NIGHT_RISE_MIN = 4  # at least this many night episodes this week ...
NIGHT_RISE_FACTOR = 2.0  # ... and at least twice the weekly average of the weeks before


class Signal(StrEnum):
    LONG_SEVERE = "long_severe"
    NEW_WEAKNESS = "new_weakness"
    NIGHT_RISE = "night_rise"
    SEVERE = "severe"  # not a warning: a short, human acknowledgement


# The tier of the rule in red_flags.yaml that covers the same danger.
SIGNAL_TIER: dict[Signal, Tier] = {
    Signal.LONG_SEVERE: "urgent",  # long_cramp
    Signal.NEW_WEAKNESS: "urgent",  # ms_relapse_or_infection (sudden: sudden_weakness, emergency)
    Signal.NIGHT_RISE: "soon",  # frequent_cramps
}


@dataclass(frozen=True, slots=True)
class EpisodeFacts:
    started_at_utc: datetime
    intensity: int
    duration_seconds: int | None
    ongoing: bool
    nocturnal: bool
    symptoms: frozenset[str]


@dataclass(frozen=True, slots=True)
class DiaryNote:
    signals: tuple[Signal, ...]  # warnings first, most urgent first; SEVERE last

    @property
    def tier(self) -> Tier | None:
        tiers: list[Tier] = [SIGNAL_TIER[s] for s in self.signals if s in SIGNAL_TIER]
        tiers.sort(key=TIER_ORDER.__getitem__)
        return tiers[0] if tiers else None


def diary_signals(
    episode: EpisodeFacts, earlier: Sequence[EpisodeFacts], now: datetime
) -> tuple[Signal, ...]:
    """Every signal the saved episode raises. `earlier` holds the person's other episodes."""
    found: list[Signal] = []
    if episode.intensity >= SEVERE_INTENSITY and _lasted(episode, now) >= LONG_SECONDS:
        found.append(Signal.LONG_SEVERE)
    seen_before = {symptom for other in earlier for symptom in other.symptoms}
    if (episode.symptoms & NEW_SYMPTOMS) - seen_before:
        found.append(Signal.NEW_WEAKNESS)
    if episode.nocturnal and _night_rise(episode, earlier, now):
        found.append(Signal.NIGHT_RISE)
    found.sort(key=lambda signal: TIER_ORDER[SIGNAL_TIER[signal]])
    if episode.intensity >= SEVERE_INTENSITY:
        found.append(Signal.SEVERE)
    return tuple(found)


def diary_note(
    episode: EpisodeFacts, earlier: Sequence[EpisodeFacts], now: datetime, already_shown: Iterable[str] = ()
) -> DiaryNote | None:
    """The signals not yet shown for this episode (each is said once per episode), or None."""
    shown = set(already_shown)
    fresh = tuple(signal for signal in diary_signals(episode, earlier, now) if signal.value not in shown)
    return DiaryNote(fresh) if fresh else None


def _lasted(episode: EpisodeFacts, now: datetime) -> float:
    if episode.duration_seconds is not None:
        return episode.duration_seconds
    if episode.ongoing:
        return max(0.0, (now - episode.started_at_utc).total_seconds())
    return 0.0


def _night_rise(episode: EpisodeFacts, earlier: Sequence[EpisodeFacts], now: datetime) -> bool:
    week_start = now - WEEK
    baseline_start = week_start - WEEK * BASELINE_WEEKS
    if not any(other.started_at_utc < week_start for other in earlier):
        return False  # a new diary has no "usual" yet: a first week of entries is not a rise
    nights = [other for other in earlier if other.nocturnal] + [episode]
    this_week = sum(week_start <= other.started_at_utc <= now for other in nights)
    before = sum(baseline_start <= other.started_at_utc < week_start for other in nights)
    baseline = before / BASELINE_WEEKS
    return this_week >= NIGHT_RISE_MIN and this_week >= NIGHT_RISE_FACTOR * max(baseline, 1.0)
