"""Plain inputs shared by the insights modules, and local-time helpers.

- `Adherence`: which local dates had reminders sent and answered (filled by the reminders feature).
- `SleepWindow`: the user's usual sleep hours (local wall clock), used to shade the time-of-day chart.
- `ESTIMATE_LABEL`: the wording every derived number carries: these are estimates from a self-kept diary.

Time rules used everywhere in this package: an episode belongs to the *local calendar day* of its start in
the user's zone (so a DST day has 23 or 25 hours and still counts as one day), and its hour is the local
wall-clock hour. A *night* is named by the date of its evening: a nocturnal episode starting before noon
belongs to the night of the previous date (night of 24 March = evening of the 24th to morning of the 25th).
Periods are pairs of local dates, both ends inclusive.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.episodes.model import Episode
from bot.episodes.timing import DEFAULT_SLEEP_END, DEFAULT_SLEEP_START

ESTIMATE_LABEL = "estimated from your diary"


@dataclass(frozen=True)
class Adherence:
    """Reminder facts as local dates. "Sent" = a reminder went out that day; "done"/"answered" = the
    user pressed Done (stretch) or answered (hydration) that day."""

    stretch_done_dates: frozenset[date] = frozenset()
    hydration_answered_dates: frozenset[date] = frozenset()
    hydration_sent_dates: frozenset[date] = frozenset()
    stretch_sent_dates: frozenset[date] = frozenset()
    # morning check-in: the night (the evening's date) -> none / once / few / more
    night_answers: dict[date, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SleepWindow:
    """Usual sleep hours on the local wall clock; `start` after `end` means it crosses midnight."""

    start: time = DEFAULT_SLEEP_START
    end: time = DEFAULT_SLEEP_END

    def spans(self) -> list[tuple[float, float]]:
        """The window as (from_hour, to_hour) spans inside 0..24, split at midnight when it crosses it."""
        start = self.start.hour + self.start.minute / 60
        end = self.end.hour + self.end.minute / 60
        if start == end:
            return []
        if start < end:
            return [(start, end)]
        return [(start, 24.0), (0.0, end)]

    def label(self) -> str:
        return f"{self.start:%H:%M}–{self.end:%H:%M}"


@dataclass(frozen=True, slots=True)
class ChangeMark:
    """A medicine started, changed, paused, resumed or stopped on a local day: a dashed line with a
    short label on the charts ("baclofen started"). Plain data, so it crosses to the worker processes."""

    day: date
    label: str


@dataclass(frozen=True)
class Period:
    """A span of local dates, both ends included."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return day_count(self.start, self.end)

    def previous(self) -> Period:
        """The period of the same length that ends the day before this one starts."""
        length = timedelta(days=self.days)
        return Period(self.start - length, self.end - length)


def local_start(episode: Episode, tz: ZoneInfo) -> datetime:
    """When the episode started, on the user's local wall clock."""
    return episode.started_at_utc.astimezone(tz)


def local_date(episode: Episode, tz: ZoneInfo) -> date:
    return local_start(episode, tz).date()


def night_of(local_dt: datetime) -> date:
    """The date whose evening starts the night this local moment belongs to (before noon → previous date)."""
    return local_dt.date() - timedelta(days=1) if local_dt.hour < 12 else local_dt.date()


def in_period(episodes: Iterable[Episode], tz: ZoneInfo, start: date, end: date) -> list[Episode]:
    """Episodes whose local start date lies in [start, end], oldest first."""
    chosen = [ep for ep in episodes if start <= local_date(ep, tz) <= end]
    chosen.sort(key=lambda ep: ep.started_at_utc)
    return chosen


def days_between(start: date, end: date) -> Iterator[date]:
    """Every local date from start to end, both included."""
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


def day_count(start: date, end: date) -> int:
    return max(0, (end - start).days + 1)


def format_date(day: date) -> str:
    """'24 Mar 2026' — unambiguous across locales."""
    return f"{day.day} {day:%b %Y}"


def format_period(start: date, end: date) -> str:
    if start == end:
        return format_date(start)
    if start.year == end.year:
        left = f"{start.day} {start:%b}" if start.month != end.month else f"{start.day}"
        return f"{left}–{format_date(end)}"
    return f"{format_date(start)}–{format_date(end)}"


def format_duration(seconds: float) -> str:
    """Human duration with units: '45 s', '3 min', '1 h 20 min'."""
    # Half-up rounding (Python's round() would turn 12.5 min into 12).
    whole_seconds = int(seconds + 0.5)
    if whole_seconds < 60:
        return f"{whole_seconds} s"
    minutes = int(whole_seconds / 60 + 0.5)
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def format_percent_change(percent: float) -> str:
    """'+25%', '−40%' (true minus sign), '±0%' when it rounds to zero."""
    whole = round(percent)
    if whole == 0:
        return "±0%"
    return f"+{whole}%" if whole > 0 else f"−{abs(whole)}%"
