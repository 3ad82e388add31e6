"""/stats (a short summary, scores estimated from the diary, patterns and three charts) and /report (the
clinician PDF).

The numbers and texts come from `bot.insights` (texts in bot/insights/texts.py); this module picks the period,
fetches the diary and sends. The summary text is computed in a thread (a few ms); charts and the PDF in worker
processes (bot/insights/workers.py, shut down when the bot stops).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import partial
from zoneinfo import ZoneInfo

from telegram import InputFile, Update
from telegram.constants import ChatAction
from telegram.ext import Application, BaseHandler, CommandHandler

from bot.episodes.model import Episode
from bot.insights import jobs as worker
from bot.insights.adherence import load_adherence
from bot.insights.model import ChangeMark, Period, SleepWindow, in_period
from bot.insights.stats import period_bounds
from bot.insights.texts import (
    EMPTY_DIARY,
    REPORT_FAILED,
    REPORT_MAKING,
    REPORT_MAX_DAYS,
    REPORT_READY,
    REPORT_USAGE,
    STATS_USAGE,
    days_text,
    fit_text,
    parse_report_args,
    parse_stats_args,
    report_caption,
    stats_text,
)
from bot.insights.workers import in_worker, shutdown
from bot.lifecycle import on_stop
from bot.services import Services
from handlers import plan_report
from handlers.common import Context, reply, user_id_of
from handlers.errors import describe_error

log = logging.getLogger(__name__)
__all__ = ["REPORT_FAILED", "handlers", "register"]  # REPORT_FAILED: the tests check the reply


# ----- data ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UserView:
    tz: ZoneInfo
    now: datetime
    today: date  # the user's local date
    sleep_window: SleepWindow


async def _user_view(context: Context) -> UserView:
    svc, profile = context.services, await context.profile()
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


# ----- /stats --------------------------------------------------------------------------------------------


async def stats(update: Update, context: Context) -> None:
    kind = parse_stats_args(context.args or [])
    if kind is None:
        await reply(update, STATS_USAGE)
        return
    svc, user_id = context.services, user_id_of(update)
    view = await _user_view(context)
    if await svc.episodes.latest(user_id) is None:
        # no episodes yet, but doses and exercises from the plan still count ("See it in /stats")
        period = period_bounds("month" if kind == "all" else kind, view.today, (), view.tz)
        plan_section = await plan_report.stats_section(svc, user_id, view.tz, period.start, period.end)
        await reply(update, f"{EMPTY_DIARY}\n\n{plan_section}" if plan_section else EMPTY_DIARY)
        return
    baseline: Period | None
    if kind == "all":
        episodes = await svc.episodes.all_for_user(user_id)
        period, baseline = period_bounds("all", view.today, episodes, view.tz), None
    else:
        period = period_bounds(kind, view.today, (), view.tz)
        baseline = period.previous()
        episodes = await _episodes_between(svc, user_id, view.tz, baseline.start, period.end)
    adherence = await load_adherence(svc.reminders.repository, user_id, period.start, period.end)
    text, count = await asyncio.to_thread(stats_text, episodes, view.tz, period, baseline, adherence)
    plan_section = await plan_report.stats_section(svc, user_id, view.tz, period.start, period.end)
    await reply(update, fit_text(f"{text}\n\n{plan_section}" if plan_section else text))
    if count:
        marks = await plan_report.chart_marks(svc, user_id, period.start, period.end)
        await send_charts(update, episodes, view.tz, period, view.sleep_window, marks)


async def send_charts(
    update: Update,
    episodes: Sequence[Episode],
    tz: ZoneInfo,
    period: Period,
    sleep_window: SleepWindow,
    marks: Sequence[ChangeMark] = (),
) -> None:
    """The three charts as photos, in a fixed order (medicine changes marked on the first)."""
    chat = update.effective_chat
    assert chat is not None
    start, end = period.start, period.end
    episodes = in_period(episodes, tz, start, end)  # less to copy to the worker process
    jobs: list[tuple[str, str, Callable[[], bytes]]] = [
        (
            "daily",
            "How many episodes each day (bars) and how strong (circles).",
            partial(worker.daily_chart, episodes, tz, start, end, "phone", marks),
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
    svc, user_id = context.services, user_id_of(update)
    chat = update.effective_chat
    assert chat is not None
    if await svc.episodes.latest(user_id) is None:
        await reply(update, EMPTY_DIARY)
        return
    view = await _user_view(context)
    await send_report_for(update, context, view.today - timedelta(days=days - 1), view.today, name, days)


async def send_report_for(
    update: Update, context: Context, start: date, end: date, name: str | None = None, days: int | None = None
) -> None:
    """The PDF for the local dates [start, end] (from /report, or the button before an appointment)."""
    svc, user_id, chat = context.services, user_id_of(update), update.effective_chat
    assert chat is not None
    view = await _user_view(context)
    period = Period(start, end)
    days = days or period.days
    # The period before is fetched too: the report's trend lines compare against it.
    episodes = await _episodes_between(svc, user_id, view.tz, period.previous().start, period.end)
    count = len(in_period(episodes, view.tz, period.start, period.end))
    if count == 0:
        longer = " Try /report 365 for the whole year." if days < REPORT_MAX_DAYS else ""
        await reply(
            update,
            f"No episodes logged in the last {days_text(days)}, so there is nothing to report.{longer}",
        )
        return
    await chat.send_action(ChatAction.UPLOAD_DOCUMENT)
    status = await chat.send_message(REPORT_MAKING)
    adherence = await load_adherence(svc.reminders.repository, user_id, period.start, period.end)
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
        plan_page=await plan_report.report_page(svc, user_id, view.tz, period.start, period.end),
        marks=await plan_report.chart_marks(svc, user_id, period.start, period.end),
    )
    try:
        pdf = await in_worker(make)
    except Exception as error:  # the user gets an answer either way; the log names the cause, not the data
        log.error("report could not be built: %s", describe_error(error))
        await status.edit_text(REPORT_FAILED)
        return
    await chat.send_action(ChatAction.UPLOAD_DOCUMENT)  # the first one has faded while the PDF was made
    filename = f"spasm-diary-report-{view.today.isoformat()}.pdf"
    await chat.send_document(InputFile(pdf, filename=filename), caption=report_caption(period, days, count))
    await status.edit_text(REPORT_READY)


def handlers() -> list[BaseHandler[Update, Context, None]]:
    return [CommandHandler("stats", stats), CommandHandler("report", report)]


def register(application: Application) -> None:
    application.add_handlers(handlers())
    on_stop(application, lambda _application: shutdown())  # the chart/PDF worker processes
