"""What /stats and /report say, as plain values in and text out (no Telegram), and how their
arguments are read. User texts are derived from the scoring constants they describe."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from bot.episodes.model import Episode
from bot.insights.checkins import night_check_in_text
from bot.insights.explore import explore
from bot.insights.model import ESTIMATE_LABEL, Adherence, Period, format_percent_change, format_period
from bot.insights.scores import (
    MIN_EPISODES_FOR_CHANGE,
    RESPONDER_PERCENT,
    SFS_MEANINGS,
    BaselineChange,
    ChangeFlag,
    daily_sfs,
    intensity_change,
    psfs_frequency_estimate,
)
from bot.insights.stats import PeriodKind, compare, format_summary_text, summarize

TEXT_LIMIT = 4096  # Telegram's limit for one message
MAX_PATTERNS = 3
REPORT_DEFAULT_DAYS, REPORT_MIN_DAYS, REPORT_MAX_DAYS = 30, 7, 365
NAME_MAX_CHARS = 60

STATS_USAGE = (
    "Send /stats for the last 7 days, /stats month for the last 30 days, or /stats all for everything."
)
REPORT_USAGE = (
    f"Send /report for a PDF of the last {REPORT_DEFAULT_DAYS} days, or /report 90 for another number of days "
    f"({REPORT_MIN_DAYS} to {REPORT_MAX_DAYS}). To put a name on it: /report 30 Jane Doe"
)
EMPTY_DIARY = (
    "Your diary is empty, so there is nothing to count yet. Log an episode with /log, or just send a line "
    "such as “left calf 7/10 2 min”. Once there are entries, /stats and /report will show them."
)
LOOK_FURTHER = "Send /stats month or /stats all to look further back."
REPORT_MAKING = "Making your report…"
REPORT_READY = "✅ Report ready."
REPORT_FAILED = "Sorry — I couldn't make the report this time. Please try again in a few minutes."


# ----- arguments ---------------------------------------------------------------------------------------


def parse_stats_args(args: Sequence[str]) -> PeriodKind | None:
    """No argument → this week; "week", "month" or "all"; anything else → None (show the usage)."""
    if not args:
        return "week"
    if len(args) == 1:
        word = args[0].casefold()
        if word == "week":
            return "week"
        if word == "month":
            return "month"
        if word == "all":
            return "all"
    return None


def clean_name(words: Sequence[str]) -> str | None:
    """The name the patient chose for the report: printable, single-spaced, at most NAME_MAX_CHARS."""
    text = "".join(ch for ch in " ".join(words) if not unicodedata.category(ch).startswith("C"))
    text = " ".join(text.split())[:NAME_MAX_CHARS].strip()
    return text or None


def parse_report_args(args: Sequence[str]) -> tuple[int, str | None] | None:
    """(days, name or None), or None when the arguments are not `[days [name…]]` with days in range."""
    if not args:
        return REPORT_DEFAULT_DAYS, None
    if not args[0].isdecimal() or len(args[0]) > 4:
        return None
    days = int(args[0])
    if not REPORT_MIN_DAYS <= days <= REPORT_MAX_DAYS:
        return None
    return days, clean_name(args[1:])


# ----- texts (plain values in, text out) -------------------------------------------------------------


def days_text(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def _change_text(change: BaselineChange) -> str:
    if change.flag is ChangeFlag.NOT_ENOUGH_DATA or change.percent is None:
        return (
            f"not enough data to compare yet ({change.baseline_episodes} episodes before, "
            f"{change.current_episodes} now; at least {MIN_EPISODES_FOR_CHANGE} in each needed)"
        )
    assert change.baseline_value is not None and change.current_value is not None
    threshold = f"{RESPONDER_PERCENT}%"
    verdict = {
        ChangeFlag.IMPROVED: f"lower by {threshold} or more",
        ChangeFlag.WORSENED: f"higher by {threshold} or more",
    }.get(change.flag, f"no clear change (a change counts from {threshold})")
    return (
        f"{change.baseline_value:.1f} → {change.current_value:.1f} out of 10 "
        f"({format_percent_change(change.percent)}): {verdict}"
    )


def scores_text(episodes: Sequence[Episode], tz: ZoneInfo, period: Period, baseline: Period | None) -> str:
    """Daily Spasm Frequency Score spread, PSFS-style frequency, intensity vs the period before."""
    sfs = daily_sfs(episodes, tz, period.start, period.end)
    lines = [
        f"Scores, {ESTIMATE_LABEL} (entries on {sfs.days_with_data} of {days_text(sfs.days_in_period)}):",
    ]
    spread = " · ".join(
        f"{score} ({'none logged' if score == 1 else SFS_MEANINGS[score]}) on {days_text(count)}"
        for score, count in sfs.days_at_score.items()
        if count
    )
    lines.append(f"• Spasm Frequency Score per day: {spread}")
    psfs = psfs_frequency_estimate(episodes, tz, period.start, period.end)
    if psfs.supported:
        penn = f"{psfs.score} ({psfs.meaning}; busiest hour: {psfs.busiest_hour_count} logged)"
    else:
        penn = f"not estimated. {psfs.reason}"
    lines.append(f"• Penn Spasm Frequency Scale, frequency part: {penn}")
    if baseline is not None:
        change = intensity_change(episodes, tz, period, baseline)
        lines.append(f"• Average intensity vs the {days_text(baseline.days)} before: {_change_text(change)}")
    return "\n".join(lines)


def fit_text(text: str, limit: int = TEXT_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def stats_text(
    episodes: Sequence[Episode],
    tz: ZoneInfo,
    period: Period,
    baseline: Period | None,
    adherence: Adherence,
) -> tuple[str, int]:
    """The /stats message and how many episodes the period holds (no charts when none)."""
    summary = summarize(episodes, tz, period.start, period.end)
    change = None
    if baseline is not None:
        change = compare(summary, summarize(episodes, tz, baseline.start, baseline.end))
    parts = [format_summary_text(summary, change, tz)]
    if summary.episode_count == 0:
        if baseline is not None:
            parts.append(LOOK_FURTHER)
        return "\n\n".join(parts), 0
    parts.append(scores_text(episodes, tz, period, baseline))
    if adherence.night_answers:
        parts.append(night_check_in_text(adherence.night_answers))
    found = [p for p in explore(episodes, tz, period.start, period.end, adherence) if p.enough_data]
    if found:
        parts.append("Patterns (exploratory):\n" + "\n".join(f"• {p.text}" for p in found[:MAX_PATTERNS]))
    return fit_text("\n\n".join(parts)), summary.episode_count


def report_caption(period: Period, days: int, count: int) -> str:
    return (
        f"Your spasm diary report: {format_period(period.start, period.end)} ({days_text(days)}, "
        f"{count} episode{'s' if count != 1 else ''}). Made from your own diary — not a medical record. "
        "You can forward it to your clinician."
    )
