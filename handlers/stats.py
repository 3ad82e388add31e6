"""/stats (a short summary, scores estimated from the diary, patterns and three charts) and /report (the
clinician PDF).

The numbers come from `bot.insights`; this module picks the period, fetches the diary and sends. The summary
text is computed in a thread (a few ms). Charts and the PDF run in worker *processes* (at most MAX_WORKERS,
further jobs queue): in a thread they held the GIL, and set off full garbage collections of the whole bot,
for 100–200 ms at a time, stalling every other user's replies (measured in bench/bench_insights_loop.py).
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import signal
import unicodedata
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import partial
from typing import TypeVar
from zoneinfo import ZoneInfo

from telegram import InputFile, Update
from telegram.constants import ChatAction
from telegram.ext import Application, BaseHandler, CommandHandler

from bot.episodes.model import Episode
from bot.insights import jobs as worker
from bot.insights.explore import explore
from bot.insights.model import (
    ESTIMATE_LABEL,
    Adherence,
    Period,
    SleepWindow,
    format_percent_change,
    format_period,
    in_period,
)
from bot.insights.scores import (
    SFS_MEANINGS,
    BaselineChange,
    ChangeFlag,
    daily_sfs,
    intensity_change,
    psfs_frequency_estimate,
)
from bot.insights.stats import PeriodKind, compare, format_summary_text, period_bounds, summarize
from bot.reminders.rules import ReminderKind
from bot.services import Services, services
from handlers.common import Context, reply, user_id_of
from handlers.errors import describe_error

log = logging.getLogger(__name__)
T = TypeVar("T")

TEXT_LIMIT = 4096  # Telegram's limit for one message
MAX_WORKERS = 2  # charts/PDFs made at once: one per core of the small server this runs on
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


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def _change_text(change: BaselineChange) -> str:
    if change.flag is ChangeFlag.NOT_ENOUGH_DATA or change.percent is None:
        return (
            f"not enough data to compare yet ({change.baseline_episodes} episodes before, "
            f"{change.current_episodes} now; at least 3 in each needed)"
        )
    assert change.baseline_value is not None and change.current_value is not None
    verdict = {
        ChangeFlag.IMPROVED: "lower by 30% or more",
        ChangeFlag.WORSENED: "higher by 30% or more",
    }.get(change.flag, "no clear change (a change counts from 30%)")
    return (
        f"{change.baseline_value:.1f} → {change.current_value:.1f} out of 10 "
        f"({format_percent_change(change.percent)}): {verdict}"
    )


def scores_text(episodes: Sequence[Episode], tz: ZoneInfo, period: Period, baseline: Period | None) -> str:
    """Daily Spasm Frequency Score spread, PSFS-style frequency, intensity vs the period before."""
    sfs = daily_sfs(episodes, tz, period.start, period.end)
    lines = [
        f"Scores, {ESTIMATE_LABEL} (entries on {sfs.days_with_data} of {_days(sfs.days_in_period)}):",
    ]
    spread = " · ".join(
        f"{score} ({'none logged' if score == 1 else SFS_MEANINGS[score]}) on {_days(count)}"
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
        lines.append(f"• Average intensity vs the {_days(baseline.days)} before: {_change_text(change)}")
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
    found = [p for p in explore(episodes, tz, period.start, period.end, adherence) if p.enough_data]
    if found:
        parts.append("Patterns (exploratory):\n" + "\n".join(f"• {p.text}" for p in found[:MAX_PATTERNS]))
    return fit_text("\n\n".join(parts)), summary.episode_count


# ----- data ----------------------------------------------------------------------------------------------


async def load_adherence(svc: Services, user_id: int, start: date, end: date) -> Adherence:
    """Reminder adherence (local dates) for [start, end], from what the reminder buttons recorded."""
    repo = svc.reminders.repository

    async def dates(kind: ReminderKind, event: str) -> frozenset[date]:
        return frozenset(await repo.event_dates(user_id, kind, event, start, end))

    return Adherence(
        stretch_done_dates=await dates(ReminderKind.STRETCH, "done"),
        hydration_answered_dates=await dates(ReminderKind.HYDRATION, "drank"),
        hydration_sent_dates=await dates(ReminderKind.HYDRATION, "sent"),
        stretch_sent_dates=await dates(ReminderKind.STRETCH, "sent"),
    )


@dataclass(frozen=True)
class UserView:
    tz: ZoneInfo
    now: datetime
    today: date  # the user's local date
    sleep_window: SleepWindow


async def _user_view(svc: Services, user_id: int) -> UserView:
    profile = await svc.users.get(user_id)
    tz = ZoneInfo(svc.zone_of(profile))
    now = svc.clock.now()
    sleep = SleepWindow(profile.sleep_start, profile.sleep_end) if profile else SleepWindow()
    return UserView(tz=tz, now=now, today=now.astimezone(tz).date(), sleep_window=sleep)


async def _episodes_between(
    svc: Services, user_id: int, tz: ZoneInfo, start: date, end: date
) -> list[Episode]:
    """Episodes around the local dates [start, end], with a day's margin each side: the insights functions
    pick by local date themselves, and the margin keeps odd midnights (DST at 00:00) from losing any."""
    since = datetime.combine(start - timedelta(days=1), time.min, tz).astimezone(UTC)
    until = datetime.combine(end + timedelta(days=2), time.min, tz).astimezone(UTC)
    return await svc.episodes.all_for_user(user_id, since=since, until=until)


_workers: ProcessPoolExecutor | None = None


def _pool() -> ProcessPoolExecutor:
    global _workers
    if _workers is None:
        # "spawn": a fresh interpreter, so no lock held by one of this process's threads (the database's,
        # the HTTP client's) is copied into the child in a locked state, as "fork" could. Workers start on
        # first use (about 1–2 s to import matplotlib) and then stay up.
        # Ctrl-C is the bot's to handle: it stops the workers on its way out (no tracebacks from them).
        ignore_ctrl_c = partial(signal.signal, signal.SIGINT, signal.SIG_IGN)
        _workers = ProcessPoolExecutor(
            MAX_WORKERS, mp_context=multiprocessing.get_context("spawn"), initializer=ignore_ctrl_c
        )
    return _workers


async def in_worker(work: Callable[[], T]) -> T:
    """Run picklable CPU work (a module-level function with its arguments) in a worker process."""
    global _workers
    pool = _pool()
    try:
        return await asyncio.get_running_loop().run_in_executor(pool, work)
    except BrokenProcessPool:
        if _workers is pool:
            _workers = None  # a worker died (out of memory?): start afresh next time
        raise


# ----- /stats --------------------------------------------------------------------------------------------


async def stats(update: Update, context: Context) -> None:
    kind = parse_stats_args(context.args or [])
    if kind is None:
        await reply(update, STATS_USAGE)
        return
    svc, user_id = services(context), user_id_of(update)
    if await svc.episodes.latest(user_id) is None:
        await reply(update, EMPTY_DIARY)
        return
    view = await _user_view(svc, user_id)
    baseline: Period | None
    if kind == "all":
        episodes = await svc.episodes.all_for_user(user_id)
        period, baseline = period_bounds("all", view.today, episodes, view.tz), None
    else:
        period = period_bounds(kind, view.today, (), view.tz)
        baseline = period.previous()
        episodes = await _episodes_between(svc, user_id, view.tz, baseline.start, period.end)
    adherence = await load_adherence(svc, user_id, period.start, period.end)
    text, count = await asyncio.to_thread(stats_text, episodes, view.tz, period, baseline, adherence)
    await reply(update, text)
    if count:
        await send_charts(update, episodes, view.tz, period, view.sleep_window)


async def send_charts(
    update: Update,
    episodes: Sequence[Episode],
    tz: ZoneInfo,
    period: Period,
    sleep_window: SleepWindow,
) -> None:
    """The three charts as photos, in a fixed order."""
    chat = update.effective_chat
    assert chat is not None
    start, end = period.start, period.end
    episodes = in_period(episodes, tz, start, end)  # less to copy to the worker process
    jobs: list[tuple[str, str, Callable[[], bytes]]] = [
        (
            "daily",
            "How many episodes each day (bars) and how strong (circles).",
            partial(worker.daily_chart, episodes, tz, start, end),
        ),
        (
            "time-of-day",
            "What time of day they start. Shaded: your usual sleep hours.",
            partial(worker.time_of_day_chart, episodes, tz, start, end, sleep_window),
        ),
        ("regions", "Where: body region and side.", partial(worker.regions_chart, episodes, tz, start, end)),
    ]
    # All three are queued at once (two are drawn side by side) and sent in order as they are ready.
    drawing = [asyncio.ensure_future(in_worker(draw)) for _name, _caption, draw in jobs]
    try:
        for (name, caption, _draw), png in zip(jobs, drawing, strict=True):
            # Sending a photo ends the "sending photo…" status, so it is shown again before each one.
            await chat.send_action(ChatAction.UPLOAD_PHOTO)
            await chat.send_photo(InputFile(await png, filename=f"{name}.png"), caption=caption)
    finally:
        for future in drawing:
            future.cancel()  # only matters when a send failed: drop the charts nobody will see


# ----- /report -------------------------------------------------------------------------------------------


async def report(update: Update, context: Context) -> None:
    parsed = parse_report_args(context.args or [])
    if parsed is None:
        await reply(update, REPORT_USAGE)
        return
    days, name = parsed
    svc, user_id = services(context), user_id_of(update)
    chat = update.effective_chat
    assert chat is not None
    if await svc.episodes.latest(user_id) is None:
        await reply(update, EMPTY_DIARY)
        return
    view = await _user_view(svc, user_id)
    period = Period(view.today - timedelta(days=days - 1), view.today)
    # The period before is fetched too: the report's trend lines compare against it.
    episodes = await _episodes_between(svc, user_id, view.tz, period.previous().start, period.end)
    count = len(in_period(episodes, view.tz, period.start, period.end))
    if count == 0:
        longer = " Try /report 365 for the whole year." if days < REPORT_MAX_DAYS else ""
        await reply(
            update, f"No episodes logged in the last {_days(days)}, so there is nothing to report.{longer}"
        )
        return
    await chat.send_action(ChatAction.UPLOAD_DOCUMENT)
    status = await chat.send_message(REPORT_MAKING)
    adherence = await load_adherence(svc, user_id, period.start, period.end)
    make = partial(
        worker.report_pdf,
        episodes,
        view.tz,
        period.start,
        period.end,
        patient_name=name,
        adherence=adherence,
        sleep_window=view.sleep_window,
        generated_at=view.now,
    )
    try:
        pdf = await in_worker(make)
    except Exception as error:  # the user gets an answer either way; the log names the cause, not the data
        log.error("report could not be built: %s", describe_error(error))
        await status.edit_text(REPORT_FAILED)
        return
    await chat.send_action(ChatAction.UPLOAD_DOCUMENT)  # the first one has faded while the PDF was made
    caption = (
        f"Your spasm diary report: {format_period(period.start, period.end)} ({_days(days)}, "
        f"{count} episode{'s' if count != 1 else ''}). Made from your own diary — not a medical record. "
        "You can forward it to your clinician."
    )
    filename = f"spasm-diary-report-{view.today.isoformat()}.pdf"
    await chat.send_document(InputFile(pdf, filename=filename), caption=caption)
    await status.edit_text(REPORT_READY)


def handlers() -> list[BaseHandler[Update, Context, None]]:
    return [CommandHandler("stats", stats), CommandHandler("report", report)]


def register(application: Application) -> None:
    application.add_handlers(handlers())
