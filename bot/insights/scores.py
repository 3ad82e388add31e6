"""Scores derived from the diary. Each result carries `days_with_data` and `label`
("estimated from your diary"): they follow a published scale's definition as closely as a self-kept log
allows, no further.

Public API:
- `spasm_frequency_score(count) -> int` — Snow et al. 1990 Spasm Frequency Score for one day's count.
- `daily_sfs(episodes, tz, start, end) -> SfsResult` — the score for every local day, its distribution overall
  and per 7-day block (blocks start at `start`; the last may be shorter).
- `psfs_frequency_estimate(episodes, tz, start, end) -> PsfsEstimate` — a Penn Spasm Frequency Scale style
  frequency band from the busiest 60 minutes, or `supported=False` with the reason.
- `intensity_change(episodes, tz, current, baseline) -> BaselineChange` and `frequency_change(...)` — change
  of the average 0–10 intensity / of episodes per day against a baseline `Period`, flagged at ≥ 30%
  (Wade 2010).

Spasm Frequency Score bands. Snow's published bands overlap ("≤ 1 per day", "1–5", "5–9", "≥ 10"); with
whole counts per local day we resolve them as: 0 → 1 (none), 1 → 2, 2–4 → 3, 5–9 → 4, ≥ 10 → 5. One diary
entry counts as one spasm (Snow counts a rapid series as one, and users log a series as one entry). A day
with no entry scores 1 ("none logged") — a diary cannot tell "no spasms" from "did not write".
"""

from __future__ import annotations

import statistics
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from fractions import Fraction
from zoneinfo import ZoneInfo

from bot.episodes.model import Episode
from bot.insights.model import ESTIMATE_LABEL, Period, day_count, days_between, in_period, local_date

SFS_SCORES = (1, 2, 3, 4, 5)
SFS_MEANINGS = {
    1: "none",
    2: "1 a day",
    3: "2–4 a day",
    4: "5–9 a day",
    5: "10 or more a day",
}

PSFS_MIN_DAYS_WITH_DATA = 3
# "More than once an hour" (band 3 or 4) needs busy hours on this many different days: one busy hour
# once in a month is not how often spasms happen.
PSFS_MIN_BUSY_DAYS = 2
PSFS_MEANINGS = {
    0: "no spasms",
    1: "mild spasms induced by stimulation",
    2: "infrequent full spasms, less than once per hour",
    3: "spasms more than once per hour",
    4: "spasms more than 10 times per hour",
}

RESPONDER_THRESHOLD = Fraction(30, 100)  # Wade et al. 2010: ≥ 30% change from baseline
RESPONDER_PERCENT = f"{float(RESPONDER_THRESHOLD * 100):g}"  # "30", for the texts that state the rule
MIN_EPISODES_FOR_CHANGE = 3


def spasm_frequency_score(count: int) -> int:
    """Snow 1990 score for one local day: 0 → 1, 1 → 2, 2–4 → 3, 5–9 → 4, ≥ 10 → 5."""
    if count < 0:
        raise ValueError("count cannot be negative")
    if count == 0:
        return 1
    if count == 1:
        return 2
    if count <= 4:
        return 3
    if count <= 9:
        return 4
    return 5


@dataclass(frozen=True)
class DayScore:
    day: date
    episodes: int
    score: int


@dataclass(frozen=True)
class SfsBlock:
    """Distribution of daily scores over one block of days: `days_at_score[s]` days scored s (1..5)."""

    start: date
    end: date
    days_at_score: dict[int, int]
    median_score: float


@dataclass(frozen=True)
class SfsResult:
    days: tuple[DayScore, ...]
    days_at_score: dict[int, int]
    median_score: float | None  # None for an empty period
    weeks: tuple[SfsBlock, ...]
    days_in_period: int
    days_with_data: int
    label: str = ESTIMATE_LABEL


def _distribution(scores: Sequence[DayScore]) -> dict[int, int]:
    counts = Counter(s.score for s in scores)
    return {score: counts[score] for score in SFS_SCORES}


def daily_sfs(episodes: Iterable[Episode], tz: ZoneInfo, start: date, end: date) -> SfsResult:
    """Spasm Frequency Score for every local day in [start, end] and its distribution."""
    per_day = Counter(local_date(ep, tz) for ep in in_period(episodes, tz, start, end))
    days = tuple(DayScore(d, per_day[d], spasm_frequency_score(per_day[d])) for d in days_between(start, end))
    weeks = []
    for i in range(0, len(days), 7):
        block = days[i : i + 7]
        weeks.append(
            SfsBlock(
                start=block[0].day,
                end=block[-1].day,
                days_at_score=_distribution(block),
                median_score=float(statistics.median(s.score for s in block)),
            )
        )
    return SfsResult(
        days=days,
        days_at_score=_distribution(days),
        median_score=float(statistics.median(s.score for s in days)) if days else None,
        weeks=tuple(weeks),
        days_in_period=day_count(start, end),
        days_with_data=len(per_day),
    )


@dataclass(frozen=True)
class PsfsEstimate:
    """`score` is None when `supported` is False; `reason` always says how it was (or wasn't) estimated."""

    supported: bool
    score: int | None
    busiest_hour_count: int
    reason: str
    days_with_data: int
    label: str = ESTIMATE_LABEL

    @property
    def meaning(self) -> str | None:
        return PSFS_MEANINGS[self.score] if self.score is not None else None


def busiest_hour_count(episodes: Sequence[Episode]) -> int:
    """Most episodes starting within any 60 real minutes (UTC instants, so DST changes nothing)."""
    instants = sorted(ep.started_at_utc.timestamp() for ep in episodes)
    best = 0
    for i, first in enumerate(instants):
        # Window [first, first + 60 min): count starts before first + 3600 s.
        best = max(best, bisect_right(instants, first + 3599.999, lo=i) - i)
    return best


def psfs_frequency_estimate(
    episodes: Iterable[Episode], tz: ZoneInfo, start: date, end: date
) -> PsfsEstimate:
    """PSFS-style frequency from the busiest hour: 1 → 2, 2–10 → 3, ≥ 11 → 4; no entries → 0.

    Band 1 ("induced by stimulation") is never given: the diary does not record what set a spasm off in that
    sense. Needs entries on at least PSFS_MIN_DAYS_WITH_DATA days; entries logged later with rough times
    may merge, so this tends to underestimate.
    """
    chosen = in_period(episodes, tz, start, end)
    days_with_data = len({local_date(ep, tz) for ep in chosen})
    busiest = busiest_hour_count(chosen)
    if not chosen:
        return PsfsEstimate(True, 0, 0, "No spasms logged in this period.", 0)
    if days_with_data < PSFS_MIN_DAYS_WITH_DATA:
        return PsfsEstimate(
            False,
            None,
            busiest,
            f"Not enough data: entries on {days_with_data} day(s), "
            f"at least {PSFS_MIN_DAYS_WITH_DATA} needed.",
            days_with_data,
        )
    by_day: dict[date, list[Episode]] = {}
    for ep in chosen:
        by_day.setdefault(local_date(ep, tz), []).append(ep)
    busy_days = sorted((busiest_hour_count(day) for day in by_day.values()), reverse=True)
    # the busiest level reached on at least PSFS_MIN_BUSY_DAYS days (1 when no hour repeats that often)
    typical = busy_days[PSFS_MIN_BUSY_DAYS - 1] if len(busy_days) >= PSFS_MIN_BUSY_DAYS else 1
    score = 2 if typical <= 1 else 3 if typical <= 10 else 4
    basis = f"Based on {len(chosen)} entries on {days_with_data} days."
    if typical < busiest:
        basis += f" The busiest hour ({busiest} episodes) happened on fewer than {PSFS_MIN_BUSY_DAYS} days, so it does not set the score."
    reason = (
        f"Busiest hour had {busiest} logged episode(s). {basis} Whether spasms were set off by touch or "
        "movement (score 1) is not recorded."
    )
    return PsfsEstimate(True, score, busiest, reason, days_with_data)


class ChangeFlag(StrEnum):
    IMPROVED = "improved"
    WORSENED = "worsened"
    NO_CLEAR_CHANGE = "no clear change"
    NOT_ENOUGH_DATA = "not enough data"


@dataclass(frozen=True)
class BaselineChange:
    """`percent` is the change from baseline (negative = lower); `flag` applies the ≥ 30% rule."""

    metric: str
    current_value: float | None
    baseline_value: float | None
    percent: float | None
    flag: ChangeFlag
    current_episodes: int
    baseline_episodes: int
    days_with_data: int  # in the current period
    baseline_days_with_data: int
    label: str = ESTIMATE_LABEL


ValueFn = Callable[[Sequence[Episode], Period], Fraction | None]


def _flag(current: Fraction, baseline: Fraction) -> tuple[float, ChangeFlag]:
    # Fractions keep "exactly 30%" exact (float division could land at 29.999…).
    change = (current - baseline) / baseline
    if change <= -RESPONDER_THRESHOLD:
        return float(change * 100), ChangeFlag.IMPROVED
    if change >= RESPONDER_THRESHOLD:
        return float(change * 100), ChangeFlag.WORSENED
    return float(change * 100), ChangeFlag.NO_CLEAR_CHANGE


def _change(
    metric: str,
    episodes: Iterable[Episode],
    tz: ZoneInfo,
    current: Period,
    baseline: Period,
    value: ValueFn,
    need_current: bool,
) -> BaselineChange:
    episodes = list(episodes)
    cur = in_period(episodes, tz, current.start, current.end)
    base = in_period(episodes, tz, baseline.start, baseline.end)
    cur_value, base_value = value(cur, current), value(base, baseline)
    enough = len(base) >= MIN_EPISODES_FOR_CHANGE and (
        not need_current or len(cur) >= MIN_EPISODES_FOR_CHANGE
    )
    percent: float | None = None
    flag = ChangeFlag.NOT_ENOUGH_DATA
    if enough and cur_value is not None and base_value:
        percent, flag = _flag(cur_value, base_value)
    return BaselineChange(
        metric=metric,
        current_value=float(cur_value) if cur_value is not None else None,
        baseline_value=float(base_value) if base_value is not None else None,
        percent=percent,
        flag=flag,
        current_episodes=len(cur),
        baseline_episodes=len(base),
        days_with_data=len({local_date(ep, tz) for ep in cur}),
        baseline_days_with_data=len({local_date(ep, tz) for ep in base}),
    )


def _mean_intensity(episodes: Sequence[Episode], period: Period) -> Fraction | None:
    return Fraction(sum(ep.intensity for ep in episodes), len(episodes)) if episodes else None


def _per_day(episodes: Sequence[Episode], period: Period) -> Fraction | None:
    return Fraction(len(episodes), period.days) if period.days else None


def intensity_change(
    episodes: Iterable[Episode], tz: ZoneInfo, current: Period, baseline: Period
) -> BaselineChange:
    """Average 0–10 intensity now vs baseline; needs ≥ MIN_EPISODES_FOR_CHANGE episodes in each period."""
    return _change("average intensity (0–10)", episodes, tz, current, baseline, _mean_intensity, True)


def frequency_change(
    episodes: Iterable[Episode], tz: ZoneInfo, current: Period, baseline: Period
) -> BaselineChange:
    """Episodes per day now vs baseline; needs ≥ MIN_EPISODES_FOR_CHANGE episodes in the baseline."""
    return _change("episodes per day", episodes, tz, current, baseline, _per_day, False)
