"""Exploratory patterns — shown only with enough data, always worded as patterns, never as causes.

Public API:
- `explore(episodes, tz, start, end, adherence) -> tuple[Pattern, ...]` — the stretch and hydration patterns
  (each either a finding or a "not enough data yet" line) followed by any trigger patterns worth showing.
- `stretch_pattern(...)`, `hydration_pattern(...)`, `trigger_patterns(...)` — the same, one at a time.

Minimum data: every comparison needs at least `MIN_UNITS_PER_GROUP` (7) nights or days in *each* group, and
the text always gives both rates and both counts. The groups:
- Bedtime stretch: nocturnal episodes per night, on nights whose evening had a stretch marked Done vs nights
  whose evening had a stretch reminder but no Done. Nights are named by their evening's date and only nights
  from `start` to the day before `end` count (the night of `end` runs past the period).
- Hydration: episodes per day on days a water reminder was answered vs days one was sent but not answered.
- Triggers: episodes per day on the day after a day where the trigger was noted vs the day after a day with
  entries but without that trigger (days after a day with no entries are left out: nothing was noted there).
  Only triggers followed by at least 1.5 times as many episodes as the other days are returned (many triggers
  are compared at once, so smaller differences are too likely to be chance).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from bot.episodes.model import Episode
from bot.episodes.vocabulary import TRIGGER_LABELS, Trigger
from bot.insights.model import Adherence, days_between, in_period, local_start, night_of

MIN_UNITS_PER_GROUP = 7
CAVEAT = "This is a pattern, not proof of cause."
# Below this relative difference two rates are worded "about the same" rather than "fewer"/"more".
SAME_RELATIVE = 0.10
# Many triggers are scanned at once, so small differences would show up by chance: a trigger is reported only
# when the day after it has at least 1.5 times the episodes of the day after other diary days.
TRIGGER_MIN_RATIO = 1.5


@dataclass(frozen=True)
class Pattern:
    """One comparison: events per unit (night/day) in the group vs the other units."""

    topic: str
    unit: str  # "night" or "day"
    group_units: int
    group_events: int
    other_units: int
    other_events: int
    enough_data: bool
    text: str
    min_units: int = MIN_UNITS_PER_GROUP

    @property
    def group_rate(self) -> float | None:
        return self.group_events / self.group_units if self.group_units else None

    @property
    def other_rate(self) -> float | None:
        return self.other_events / self.other_units if self.other_units else None


def _comparison_word(group_rate: float, other_rate: float) -> str:
    larger = max(group_rate, other_rate)
    if larger == 0 or abs(group_rate - other_rate) / larger < SAME_RELATIVE:
        return "about as many"
    return "fewer" if group_rate < other_rate else "more"


def _pattern(
    topic: str,
    unit: str,
    group: list[date],
    other: list[date],
    events: Counter[date],
    *,
    finding: str,
    what: str,
    not_enough: str,
) -> Pattern:
    """`finding` is a sentence start such as "On nights after you stretched, you logged"."""
    group_events = sum(events[d] for d in group)
    other_events = sum(events[d] for d in other)
    enough = len(group) >= MIN_UNITS_PER_GROUP and len(other) >= MIN_UNITS_PER_GROUP
    if enough:
        group_rate, other_rate = group_events / len(group), other_events / len(other)
        word = _comparison_word(group_rate, other_rate)
        text = (
            f"{finding} {word} {what} ({group_rate:.1f} vs {other_rate:.1f} per {unit}, "
            f"{len(group)} and {len(other)} {unit}s). {CAVEAT}"
        )
    else:
        text = (
            f"{topic.capitalize()}: not enough data yet — this needs at least {MIN_UNITS_PER_GROUP} {unit}s "
            f"{not_enough} (so far {len(group)} and {len(other)})."
        )
    return Pattern(topic, unit, len(group), group_events, len(other), other_events, enough, text)


def stretch_pattern(
    episodes: Iterable[Episode], tz: ZoneInfo, start: date, end: date, adherence: Adherence
) -> Pattern:
    """Night episodes on nights after a bedtime stretch (Done) vs nights with a reminder but no Done."""
    nights = list(days_between(start, end - timedelta(days=1)))
    with_stretch = [d for d in nights if d in adherence.stretch_done_dates]
    without = [
        d for d in nights if d in adherence.stretch_sent_dates and d not in adherence.stretch_done_dates
    ]
    # Night episodes may fall on the morning of `end + 1`; fetch one extra day so they count.
    chosen = in_period(episodes, tz, start, end + timedelta(days=1))
    per_night = Counter(night_of(local_start(ep, tz)) for ep in chosen if ep.nocturnal)
    return _pattern(
        "bedtime stretch",
        "night",
        with_stretch,
        without,
        per_night,
        finding="On nights after you stretched, you logged",
        what="night episodes",
        not_enough="with a bedtime stretch and without one",
    )


def hydration_pattern(
    episodes: Iterable[Episode], tz: ZoneInfo, start: date, end: date, adherence: Adherence
) -> Pattern:
    """Episodes on days a water reminder was answered vs days one was sent and not answered."""
    days = list(days_between(start, end))
    answered = [d for d in days if d in adherence.hydration_answered_dates]
    unanswered = [
        d for d in days if d in adherence.hydration_sent_dates and d not in adherence.hydration_answered_dates
    ]
    per_day = Counter(local_start(ep, tz).date() for ep in in_period(episodes, tz, start, end))
    return _pattern(
        "water reminders",
        "day",
        answered,
        unanswered,
        per_day,
        finding="On days you answered the water reminder, you logged",
        what="episodes",
        not_enough="with the water reminder answered and unanswered",
    )


def trigger_patterns(episodes: Iterable[Episode], tz: ZoneInfo, start: date, end: date) -> list[Pattern]:
    """Triggers (not "unknown") followed next day by more episodes than days after other diary days."""
    chosen = in_period(episodes, tz, start, end)
    per_day: Counter[date] = Counter()
    noted: defaultdict[date, set[Trigger]] = defaultdict(set)
    for ep in chosen:
        day = local_start(ep, tz).date()
        per_day[day] += 1
        noted[day].update(ep.triggers)
    diary_days = [d for d in days_between(start, end - timedelta(days=1)) if per_day[d]]
    found = []
    for trigger in Trigger:
        if trigger is Trigger.UNKNOWN:
            continue
        after = [d + timedelta(days=1) for d in diary_days if trigger in noted[d]]
        if not after:
            continue
        other = [d + timedelta(days=1) for d in diary_days if trigger not in noted[d]]
        label = TRIGGER_LABELS[trigger]
        pattern = _pattern(
            f"trigger: {label}",
            "day",
            after,
            other,
            per_day,
            finding=f"On days after you noted {label}, you logged",
            what="episodes than after other diary days",
            not_enough=f"after noting {label} and after other diary days",
        )
        group_rate, other_rate = pattern.group_rate or 0.0, pattern.other_rate or 0.0
        if pattern.enough_data and group_rate >= TRIGGER_MIN_RATIO * other_rate and group_rate > other_rate:
            found.append(pattern)
    found.sort(key=lambda p: -((p.group_rate or 0.0) - (p.other_rate or 0.0)))
    return found


def explore(
    episodes: Iterable[Episode], tz: ZoneInfo, start: date, end: date, adherence: Adherence
) -> tuple[Pattern, ...]:
    """All exploratory patterns for the period, stretch and hydration first."""
    episodes = list(episodes)
    return (
        stretch_pattern(episodes, tz, start, end, adherence),
        hydration_pattern(episodes, tz, start, end, adherence),
        *trigger_patterns(episodes, tz, start, end),
    )
