"""Build the application and run one life of the bot: used by `python -m bot`, the offline demo
and the tests alike, so what is tested is what runs."""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from telegram import BotCommand, Update
from telegram.ext import Application, ApplicationBuilder
from telegram.request import BaseRequest

from bot.clock import Clock, SystemClock
from bot.config import Mode, Settings
from bot.faq import FaqMatcher, load_faq, load_red_flags
from bot.persistence import SQLitePersistence
from bot.processor import OrderedPerUserProcessor
from bot.ratelimit import PriorityRateLimiter
from bot.reminders.service import ReminderService
from bot.sendbudget import SendLimits
from bot.services import SERVICES_KEY, Content, Services
from bot.storage.db import Database
from bot.storage.episodes import EpisodeRepository
from bot.storage.feedback import FeedbackRepository
from bot.storage.migrations import migrate
from bot.storage.reminders import ReminderRepository
from bot.storage.users import UserRepository
from bot.timezones import warm_up

log = logging.getLogger(__name__)

# A syntactically valid token for runs that never reach Telegram (demo, in-process tests).
OFFLINE_TOKEN = "123456789:OFFLINE-demo-token-not-a-real-one"
POLL_TIMEOUT_SECONDS = 10
# A short pause between polls lets updates that arrive together come in one getUpdates call
# instead of one call each (bench/bench_throughput.py: less CPU per reply under load).
POLL_INTERVAL_SECONDS = 0.03
# PTB's default pool allows 256 connections, and httpcore scans every connection for every request
# (measured: 60% of the bot's CPU under 50 concurrent users). 16 connections at Telegram's ~50 ms
# round trip carry ~300 requests/s, ten times the 30 messages/s Telegram lets a bot send.
CONNECTION_POOL_SIZE = 16


def load_content(settings: Settings) -> Content:
    """Read and validate everything in content/ (raises ContentError naming the file and problem)."""
    faq = load_faq(settings.content_dir)
    return Content(faq=faq, matcher=FaqMatcher(faq), red_flags=load_red_flags(settings.content_dir))


def build_services(settings: Settings, db: Database, clock: Clock, content: Content) -> Services:
    users = UserRepository(db)
    return Services(
        settings=settings,
        db=db,
        clock=clock,
        users=users,
        episodes=EpisodeRepository(db),
        feedback=FeedbackRepository(db),
        reminders=ReminderService(ReminderRepository(db), users, clock, settings.default_timezone),
        content=content,
    )


def send_limits(settings: Settings, overall_rate: float | None = None) -> SendLimits:
    """The send budget from the settings; `overall_rate` overrides the rate (0: unlimited, benchmarks)."""
    return SendLimits(
        rate=settings.telegram_send_rate if overall_rate is None else overall_rate,
        chat_rate=settings.telegram_chat_rate,
        chat_burst=settings.telegram_chat_burst,
        background_share=settings.reminder_send_share,
    )


def build_application(
    services: Services,
    *,
    request: BaseRequest | None = None,
    get_updates_request: BaseRequest | None = None,
    overall_rate: float | None = None,
) -> Application:
    from handlers import register  # handlers depend on bot/, never the reverse at import time

    settings = services.settings
    processor = OrderedPerUserProcessor()
    builder = (
        ApplicationBuilder()
        .token(settings.token or OFFLINE_TOKEN)
        .base_url(settings.telegram_api_base_url)
        .persistence(SQLitePersistence(services.db, services.clock))
        .concurrent_updates(processor)
        .rate_limiter(PriorityRateLimiter(send_limits(settings, overall_rate)))
    )
    if request is not None:
        builder = builder.request(request)
    else:
        builder = builder.connection_pool_size(CONNECTION_POOL_SIZE).pool_timeout(30.0)
    if get_updates_request is not None:
        builder = builder.get_updates_request(get_updates_request)
    application = builder.build()
    application.bot_data[SERVICES_KEY] = services
    # Flush conversation state after every update: kill -9 must not lose a confirmed step.
    processor.after_update = application.update_persistence
    processor.process_again = application.process_update
    register(application)
    return application


def command_menu() -> list[BotCommand]:
    from handlers.help import COMMANDS

    return [BotCommand(c.name, c.menu) for c in COMMANDS]


@asynccontextmanager
async def running_bot(
    settings: Settings,
    *,
    clock: Clock | None = None,
    request: BaseRequest | None = None,
    get_updates_request: BaseRequest | None = None,
    overall_rate: float | None = None,
) -> AsyncIterator[Application]:
    """Load content, open the database, migrate, start receiving updates; on exit stop and close."""
    content = await asyncio.to_thread(load_content, settings)
    db = await Database.open(settings.database_path)
    try:
        await migrate(db)
        services = build_services(settings, db, clock or SystemClock(), content)
        application = build_application(
            services, request=request, get_updates_request=get_updates_request, overall_rate=overall_rate
        )
        # The city table takes ~0.5-2 s to index: do it off the event loop, before anyone asks.
        await asyncio.to_thread(warm_up)
        # Move everything loaded so far (libraries, the city table) out of the garbage collector's
        # reach: full collections walking ~365k long-lived objects stalled the loop for ~180 ms
        # (bench/bench_insights_loop.py); with freeze the worst loop lag measured ~40 ms.
        gc.collect()
        gc.freeze()
        async with application:
            await application.bot.set_my_commands(command_menu())
            await application.start()
            updater = application.updater
            assert updater is not None
            if settings.mode is Mode.WEBHOOK:
                assert settings.webhook_url and settings.webhook_secret
                await updater.start_webhook(
                    listen=settings.webhook_listen,
                    port=settings.webhook_port,
                    url_path="telegram",
                    webhook_url=settings.webhook_url,
                    secret_token=settings.webhook_secret.get_secret_value(),
                    allowed_updates=Update.ALL_TYPES,
                )
            else:
                await updater.start_polling(
                    poll_interval=POLL_INTERVAL_SECONDS,
                    timeout=POLL_TIMEOUT_SECONDS,
                    allowed_updates=Update.ALL_TYPES,
                )
            log.info("bot is running (%s)", settings.mode.value)
            try:
                yield application
            finally:
                from handlers.remind import stop_dispatcher

                stop_dispatcher(application)
                if updater.running:
                    await updater.stop()
                await application.stop()
    finally:
        await db.close()
