"""Build the application and run one life of the bot: used by `python -m bot`, the offline demo
and the tests alike, so what is tested is what runs."""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager, suppress
from functools import lru_cache
from pathlib import Path

from telegram import Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes
from telegram.request import BaseRequest, HTTPXRequest

from bot.clock import Clock, SystemClock
from bot.config import Mode, Settings
from bot.context import BotContext
from bot.episodes.flow import FLOW_TIMEOUT
from bot.faq import FaqMatcher, load_faq
from bot.faq.model import ContentError
from bot.faq.sources import default_allowed_domains
from bot.leader import Leadership
from bot.lifecycle import Features, run_start_hooks, run_stop_hooks
from bot.metrics import HEALTH, start_metrics
from bot.persistence import SQLitePersistence
from bot.plan.names import MedicineCatalogue, MedicineListError, load_catalogue
from bot.plan.service import PlanService
from bot.plan.support import RelaxRoutine, SupportBook, SupportContentError, load_relaxation, load_support
from bot.polling import SievingRequest
from bot.processor import OrderedPerUserProcessor
from bot.ratelimit import PriorityRateLimiter
from bot.reminders.service import ReminderService
from bot.safety import load_numbers, load_triage_rules
from bot.sendbudget import SendLimits
from bot.services import SERVICES_KEY, Content, Services
from bot.storage.db import Database
from bot.storage.doses import DoseRepository
from bot.storage.episodes import EpisodeRepository
from bot.storage.feedback import FeedbackRepository
from bot.storage.medicines import MedicineRepository
from bot.storage.migrations import migrate
from bot.storage.plan_items import AppointmentRepository, ExerciseRepository, QuestionRepository
from bot.storage.reminders import ReminderRepository
from bot.storage.users import UserRepository
from bot.timezones import warm_up
from bot.webhook import WebhookServer

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
    """Read and validate everything in content/ (raises ContentError naming the file and problem).

    Content is never changed once loaded, so another bot in the same process (the tests start a few
    hundred) gets the same objects back while no file under content/ changed."""
    return _load_content(settings.content_dir, _files_stamp(settings.content_dir))


def _files_stamp(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """Every path under `folder` with its modification time and size: a changed file reloads."""
    stamps = []
    for path in folder.rglob("*"):
        with suppress(OSError):  # a file that vanished or a dangling link: the loader will say so
            stat = path.stat()
            stamps.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(sorted(stamps))


@lru_cache(maxsize=4)
def _load_content(content_dir: Path, _stamp: tuple[tuple[str, int, int], ...]) -> Content:
    faq = load_faq(content_dir)
    support, relaxation = load_support_content(content_dir)
    return Content(
        faq=faq,
        matcher=FaqMatcher(faq),
        red_flags=load_triage_rules(content_dir),
        numbers=load_numbers(content_dir),
        medicines=load_medicines(content_dir),
        support=support,
        relaxation=relaxation,
    )


def load_medicines(content_dir: Path) -> MedicineCatalogue:
    try:
        return load_catalogue(content_dir / "medicines.yaml", default_allowed_domains())
    except (OSError, MedicineListError) as exc:
        raise ContentError(str(exc)) from exc


def load_support_content(content_dir: Path) -> tuple[SupportBook, RelaxRoutine]:
    allowed = default_allowed_domains()
    try:
        return (
            load_support(content_dir / "support.yaml", allowed),
            load_relaxation(content_dir / "relaxation.yaml", allowed),
        )
    except SupportContentError as exc:
        raise ContentError(str(exc)) from exc


def build_services(settings: Settings, db: Database, clock: Clock, content: Content) -> Services:
    users = UserRepository(db)
    reminders = ReminderService(ReminderRepository(db), users, clock, settings.default_timezone)
    plan_repos = (
        MedicineRepository(db),
        DoseRepository(db),
        AppointmentRepository(db),
        QuestionRepository(db),
        ExerciseRepository(db),
    )
    plan = PlanService(plan_repos, reminders, users, clock, content.medicines, settings.default_timezone)
    reminders.rule_refreshers.append(plan.resync)  # a zone change moves "the evening before" too
    return Services(
        settings=settings,
        db=db,
        clock=clock,
        users=users,
        episodes=EpisodeRepository(db),
        feedback=FeedbackRepository(db),
        reminders=reminders,
        content=content,
        plan=plan,
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
    features: Features,
    request: BaseRequest | None = None,
    get_updates_request: BaseRequest | None = None,
    overall_rate: float | None = None,
) -> Application:
    settings = services.settings
    processor = OrderedPerUserProcessor()
    limiter = PriorityRateLimiter(send_limits(settings, overall_rate))
    builder = (
        ApplicationBuilder()
        .token(settings.token or OFFLINE_TOKEN)
        .context_types(ContextTypes(context=BotContext))
        .base_url(settings.telegram_api_base_url)
        .persistence(SQLitePersistence(services.db, services.clock, max_age=FLOW_TIMEOUT))
        .concurrent_updates(processor)
        .rate_limiter(limiter)
    )
    if request is not None:
        builder = builder.request(request)
    else:
        builder = builder.connection_pool_size(CONNECTION_POOL_SIZE).pool_timeout(30.0)
    # One update PTB cannot parse must not stall polling for everyone (bot/polling.py).
    builder = builder.get_updates_request(
        SievingRequest(get_updates_request or HTTPXRequest(connection_pool_size=1))
    )
    application = builder.build()
    application.bot_data[SERVICES_KEY] = services
    HEALTH.watch_queue(lambda: limiter.waiting)
    # Flush conversation state after every update: kill -9 must not lose a confirmed step.
    processor.after_update = application.update_persistence
    processor.process_again = application.process_update
    features(application)
    return application


async def _settle_before_serving() -> None:
    # The city table takes ~0.5-2 s to index: do it off the event loop, before anyone asks.
    await asyncio.to_thread(warm_up)
    # Move everything loaded so far (libraries, the city table) out of the garbage collector's
    # reach: full collections walking ~365k long-lived objects stalled the loop for ~180 ms
    # (bench/bench_insights_loop.py); with freeze the worst loop lag measured ~40 ms.
    gc.collect()
    gc.freeze()


@asynccontextmanager
async def running_bot(
    settings: Settings,
    *,
    features: Features,
    clock: Clock | None = None,
    request: BaseRequest | None = None,
    get_updates_request: BaseRequest | None = None,
    overall_rate: float | None = None,
    on_leadership_lost: Callable[[], None] | None = None,
) -> AsyncIterator[Application]:
    """Load content, open the database, migrate, start receiving updates; on exit stop and close.

    `features` adds the handlers (`handlers.register`): the entry points pass it, so `bot/` itself
    never imports `handlers/`. On PostgreSQL, first wait to be the active instance (bot/leader.py);
    `on_leadership_lost` is called if this instance stops being it."""
    content = await asyncio.to_thread(load_content, settings)
    async with AsyncExitStack() as stack:
        await stack.enter_async_context(start_metrics(settings))
        if settings.uses_postgres:
            # A standby is ready except for the lock: the city table is indexed before waiting.
            await asyncio.to_thread(warm_up)
            leadership = await Leadership.acquire(settings.database_url, on_standby=HEALTH.set_standby)
            stack.push_async_callback(leadership.release)
            leadership.watch(on_leadership_lost or (lambda: None))
        HEALTH.set_active()
        async with _running_bot_on(
            settings, features, content, clock, request, get_updates_request, overall_rate
        ) as application:
            yield application


@asynccontextmanager
async def _running_bot_on(
    settings: Settings,
    features: Features,
    content: Content,
    clock: Clock | None,
    request: BaseRequest | None,
    get_updates_request: BaseRequest | None,
    overall_rate: float | None,
) -> AsyncIterator[Application]:
    db = await Database.connect(settings.database_url)
    HEALTH.database = db
    try:
        await migrate(db)
        services = build_services(settings, db, clock or SystemClock(), content)
        application = build_application(
            services,
            features=features,
            request=request,
            get_updates_request=get_updates_request,
            overall_rate=overall_rate,
        )
        await _settle_before_serving()
        async with application:
            await run_start_hooks(application)
            await application.start()
            try:
                async with _receiving_updates(application, settings):
                    log.info("bot is running (%s)", settings.mode.value)
                    yield application
            finally:
                run_stop_hooks(application)
                await application.stop()
    finally:
        HEALTH.database = None
        await db.close()


@asynccontextmanager
async def _receiving_updates(application: Application, settings: Settings) -> AsyncIterator[None]:
    """Polling, or our own webhook receiver (the secret checked before the body is read)."""
    updater = application.updater
    assert updater is not None
    webhook: WebhookServer | None = None
    if settings.mode is Mode.WEBHOOK:
        assert settings.webhook_url and settings.webhook_secret
        secret = settings.webhook_secret.get_secret_value()
        webhook = WebhookServer(application, secret, settings.webhook_listen, settings.webhook_port)
        await webhook.start()
        await application.bot.set_webhook(
            settings.webhook_url, secret_token=secret, allowed_updates=Update.ALL_TYPES
        )
    else:
        await updater.start_polling(
            poll_interval=POLL_INTERVAL_SECONDS,
            timeout=POLL_TIMEOUT_SECONDS,
            allowed_updates=Update.ALL_TYPES,
        )
    try:
        yield
    finally:
        if webhook is not None:
            await webhook.stop()
        if updater.running:
            await updater.stop()
