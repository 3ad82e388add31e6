"""Period summaries: what happened between two local dates, and how it compares with the period before.

Public API:
- `period_bounds(kind, today, episodes, tz) -> Period` — "week" = the 7 days ending today, "month" = the
  30 days ending today (rolling, so the previous period has the same length), "all" = first logged day to
  today.
- `Period.previous()` — the period of equal length just before.
- `summarize(episodes, tz, start, end) -> PeriodSummary` — counts, intensity, durations, top regions/
  sides/triggers, relief that helped; `episodes` may hold more than the period: only local start dates in
  [start, end] count.
- `counts_by_day(...)`, `counts_by_hour(...)` — the raw counts the charts draw.
- `compare(current, previous) -> PeriodChange` — differences in count, nocturnal count, average intensity.
- `format_summary_text(summary, change, tz=None) -> str` — a short plain-text message (≤ 1500 characters).
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Literal, TypeVar
from zoneinfo import ZoneInfo

from bot.episodes.model import Episode
from bot.episodes.vocabulary import (
    REGION_LABELS,
    RELIEF_LABELS,
    SIDE_LABELS,
    TRIGGER_LABELS,
    Helped,
    Region,
    Relief,
    Side,
    Trigger,
)
from bot.insights.model import (
    ESTIMATE_LABEL,
    Period,
    day_count,
    days_between,
    format_duration,
    format_percent_change,
    format_period,
    in_period,
    local_date,
    local_start,
)

PeriodKind = Literal["week", "month", "all"]
TEXT_MAX_CHARS = 1500
MONTH_DAYS = 30
TOP_N_TEXT = 3

E = TypeVar("E", bound=StrEnum)


def period_bounds(kind: PeriodKind, today: date, episodes: Iterable[Episode], tz: ZoneInfo) -> Period:
    """The local dates a report of this kind covers, ending today."""
    if kind == "week":
        return Period(today - timedelta(days=6), today)
    if kind == "month":
        return Period(today - timedelta(days=MONTH_DAYS - 1), today)
    first = min((local_date(ep, tz) for ep in episodes), default=today)
    return Period(min(first, today), today)


def counts_by_day(episodes: Iterable[Episode], tz: ZoneInfo, start: date, end: date) -> dict[date, int]:
    """Episodes per local calendar day, every day of [start, end] present (0 when none)."""
    per_day = Counter(local_date(ep, tz) for ep in in_period(episodes, tz, start, end))
    return {day: per_day[day] for day in days_between(start, end)}


def counts_by_hour(episodes: Iterable[Episode], tz: ZoneInfo, start: date, end: date) -> list[int]:
    """24 counts: episodes by local wall-clock start hour (on a 25-hour day both 02:xx hours land in 2)."""
    per_hour = Counter(local_start(ep, tz).hour for ep in in_period(episodes, tz, start, end))
    return [per_hour[hour] for hour in range(24)]


@dataclass(frozen=True)
class ReliefTally:
    """How often one relief was tried and how the episode's "did it help" answer came out."""

    relief: Relief
    tried: int
    helped_yes: int
    helped_partly: int
    helped_no: int

    @property
    def helped_any(self) -> int:
        return self.helped_yes + self.helped_partly


@dataclass(frozen=True)
class PeriodSummary:
    start: date
    end: date
    days_in_period: int
    days_with_data: int  # local days with at least one logged episode
    episode_count: int
    nocturnal_count: int
    daytime_count: int
    average_intensity: float | None
    worst_intensity: int | None
    durations_known: int  # finished episodes with a duration
    total_duration_seconds: int | None
    median_duration_seconds: float | None
    top_regions: tuple[tuple[Region, int], ...]  # most frequent first
    top_sides: tuple[tuple[Side, int], ...]
    top_triggers: tuple[tuple[Trigger, int], ...]
    relief: tuple[ReliefTally, ...]  # most helpful first; "nothing" left out

    @property
    def episodes_per_day(self) -> float:
        return self.episode_count / self.days_in_period if self.days_in_period else 0.0

    @property
    def nocturnal_share(self) -> float | None:
        return self.nocturnal_count / self.episode_count if self.episode_count else None


def _ranked(counter: Counter[E], order: Sequence[E]) -> tuple[tuple[E, int], ...]:
    """Most frequent first; ties keep the vocabulary's order so output is stable."""
    position = {member: i for i, member in enumerate(order)}
    return tuple(sorted(counter.items(), key=lambda item: (-item[1], position[item[0]])))


def _relief_tallies(episodes: Sequence[Episode]) -> tuple[ReliefTally, ...]:
    tried: Counter[Relief] = Counter()
    answers: dict[Relief, Counter[Helped]] = {}
    for ep in episodes:
        for relief in set(ep.relief):
            if relief is Relief.NOTHING:
                continue
            tried[relief] += 1
            if ep.relief_helped is not None:
                answers.setdefault(relief, Counter())[ep.relief_helped] += 1
    tallies = [
        ReliefTally(
            relief=relief,
            tried=count,
            helped_yes=answers.get(relief, Counter())[Helped.YES],
            helped_partly=answers.get(relief, Counter())[Helped.PARTLY],
            helped_no=answers.get(relief, Counter())[Helped.NO],
        )
        for relief, count in tried.items()
    ]
    order = list(Relief)
    tallies.sort(key=lambda t: (-t.helped_any, -t.helped_yes, -t.tried, order.index(t.relief)))
    return tuple(tallies)


def summarize(episodes: Iterable[Episode], tz: ZoneInfo, start: date, end: date) -> PeriodSummary:
    """Summarize the episodes whose local start date is in [start, end]."""
    chosen = in_period(episodes, tz, start, end)
    intensities = [ep.intensity for ep in chosen]
    # An ongoing episode's duration is only "so far", so it would bias the median down.
    durations = [ep.duration_seconds for ep in chosen if ep.duration_seconds is not None and not ep.ongoing]
    nocturnal = sum(1 for ep in chosen if ep.nocturnal)
    regions = Counter(ep.region for ep in chosen)
    sides: Counter[Side] = Counter()
    for ep in chosen:
        if ep.side is not None and ep.side != Side.NA:  # "not applicable" is not a side to rank
            sides[ep.side] += 1
    triggers = Counter(t for ep in chosen for t in set(ep.triggers))
    return PeriodSummary(
        start=start,
        end=end,
        days_in_period=day_count(start, end),
        days_with_data=len({local_date(ep, tz) for ep in chosen}),
        episode_count=len(chosen),
        nocturnal_count=nocturnal,
        daytime_count=len(chosen) - nocturnal,
        average_intensity=statistics.fmean(intensities) if intensities else None,
        worst_intensity=max(intensities) if intensities else None,
        durations_known=len(durations),
        total_duration_seconds=sum(durations) if durations else None,
        median_duration_seconds=float(statistics.median(durations)) if durations else None,
        top_regions=_ranked(regions, list(Region)),
        top_sides=_ranked(sides, list(Side)),
        top_triggers=_ranked(triggers, list(Trigger)),
        relief=_relief_tallies(chosen),
    )


@dataclass(frozen=True)
class PeriodChange:
    """Current minus previous. Percentages are None when the previous value is zero or missing."""

    previous_days: int
    previous_count: int
    count_delta: int
    count_percent: float | None
    nocturnal_delta: int
    previous_average_intensity: float | None
    average_intensity_delta: float | None
    average_intensity_percent: float | None


def _percent(current: float, previous: float) -> float | None:
    return (current - previous) / previous * 100 if previous else None


def compare(current: PeriodSummary, previous: PeriodSummary) -> PeriodChange:
    """How `current` differs from `previous` (usually `Period.previous()` of the same length)."""
    cur_avg, prev_avg = current.average_intensity, previous.average_intensity
    avg_delta = avg_percent = None
    if cur_avg is not None and prev_avg is not None:
        avg_delta, avg_percent = cur_avg - prev_avg, _percent(cur_avg, prev_avg)
    return PeriodChange(
        previous_days=previous.days_in_period,
        previous_count=previous.episode_count,
        count_delta=current.episode_count - previous.episode_count,
        count_percent=_percent(current.episode_count, previous.episode_count),
        nocturnal_delta=current.nocturnal_count - previous.nocturnal_count,
        previous_average_intensity=prev_avg,
        average_intensity_delta=avg_delta,
        average_intensity_percent=avg_percent,
    )


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _listing(items: Sequence[tuple[str, int]]) -> str:
    return ", ".join(f"{label} ({count})" for label, count in items[:TOP_N_TEXT])


def _change_line(summary: PeriodSummary, change: PeriodChange) -> str:
    days = change.previous_days
    if change.previous_count == 0 and summary.episode_count == 0:
        return f"Same as the {days} days before: no episodes."
    if change.previous_count == 0:  # "4 more (4 vs 0)" would read as a worsening; it is a first record
        return f"Compared with the {days} days before: no earlier data to compare with."
    if change.count_delta == 0:
        counts = f"the same number of episodes ({summary.episode_count})"
    else:
        word = "more" if change.count_delta > 0 else "fewer"
        counts = (
            f"{abs(change.count_delta)} {word} episodes ({summary.episode_count} vs {change.previous_count}"
        )
        if change.count_percent is not None:
            counts += f", {format_percent_change(change.count_percent)}"
        counts += ")"
    line = f"Compared with the {days} days before: {counts}"
    if summary.average_intensity is not None and change.previous_average_intensity is not None:
        line += (
            f"; average intensity {summary.average_intensity:.1f} vs "
            f"{change.previous_average_intensity:.1f} out of 10"
        )
    return line + "."


def format_summary_text(
    summary: PeriodSummary, change: PeriodChange | None, tz: ZoneInfo | None = None
) -> str:
    """A short plain-text message for a tired reader: one fact per line, numbers with units."""
    period = format_period(summary.start, summary.end)
    lines = [f"Your diary, {period} ({_plural(summary.days_in_period, 'day')})"]
    if summary.episode_count == 0:
        lines.append("No episodes logged in this period.")
    else:
        lines.append(
            f"• {_plural(summary.episode_count, 'episode')} on {summary.days_with_data} of "
            f"{_plural(summary.days_in_period, 'day')} ({summary.episodes_per_day:.1f} a day on average)"
        )
        share = summary.nocturnal_share or 0.0
        lines.append(
            f"• At night: {summary.nocturnal_count} ({share:.0%}) · daytime: {summary.daytime_count}"
        )
        lines.append(
            f"• Intensity: average {summary.average_intensity:.1f}/10, worst {summary.worst_intensity}/10"
        )
        if summary.median_duration_seconds is not None and summary.total_duration_seconds is not None:
            lines.append(
                f"• Duration: typical (median) {format_duration(summary.median_duration_seconds)}, "
                f"total {format_duration(summary.total_duration_seconds)} "
                f"({summary.durations_known} of {summary.episode_count} had a duration)"
            )
        where = _listing([(REGION_LABELS[r], n) for r, n in summary.top_regions])
        sides = _listing([(SIDE_LABELS[s], n) for s, n in summary.top_sides])
        lines.append(f"• Where: {where}" + (f" · side: {sides}" if sides else ""))
        if summary.top_triggers:
            lines.append(
                f"• Triggers you noted: {_listing([(TRIGGER_LABELS[t], n) for t, n in summary.top_triggers])}"
            )
        helpful = [t for t in summary.relief if t.helped_any]
        if helpful:
            best = "; ".join(
                f"{RELIEF_LABELS[t.relief]} helped {t.helped_any} of {_plural(t.tried, 'time')}"
                for t in helpful[:TOP_N_TEXT]
            )
            lines.append(f"• Relief that helped: {best}")
    if change is not None:
        lines.append(_change_line(summary, change))
    zone = f" Times are in {tz.key}." if tz is not None else ""
    lines.append(f"These numbers are {ESTIMATE_LABEL}, not a medical assessment.{zone}")
    text = "\n".join(lines)
    return text if len(text) <= TEXT_MAX_CHARS else text[: TEXT_MAX_CHARS - 1] + "…"
