"""The error handler: log what broke (update id, exception type, where), never message text,
health data or the token; apologise to the user; keep serving everyone else."""

from __future__ import annotations

import logging
import traceback

from telegram import Update
from telegram.error import Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import Application

from bot.metrics import DB_ERRORS
from bot.storage.db import is_database_error
from handlers.common import Context

log = logging.getLogger(__name__)

APOLOGY = "Sorry — something went wrong on my side. Nothing you confirmed earlier was lost; please try again."


def describe_error(error: BaseException) -> str:
    """Exception type and the frames it passed through. Not str(error): messages of exceptions
    (ValueError, KeyError…) can quote the user's input."""
    frames = traceback.extract_tb(error.__traceback__)[-6:]
    where = " <- ".join(f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno} {f.name}" for f in reversed(frames))
    return f"{type(error).__module__}.{type(error).__qualname__} at {where or 'unknown'}"


async def on_error(update: object, context: Context) -> None:
    error = context.error
    if error is None:
        return
    update_id = update.update_id if isinstance(update, Update) else None
    if isinstance(error, Forbidden | RetryAfter | NetworkError | TimedOut):
        # Telegram-side conditions: expected in normal operation, handled where they matter.
        log.warning("telegram error for update %s: %s", update_id, type(error).__name__)
        return
    log.error("unhandled error for update %s: %s", update_id, describe_error(error))
    if is_database_error(error):
        DB_ERRORS.inc()
    if isinstance(update, Update) and update.effective_chat is not None:
        try:
            if update.callback_query is not None:
                await update.callback_query.answer()
            await context.bot.send_message(update.effective_chat.id, APOLOGY)
        except Exception as follow_up:  # the apology itself failed: nothing more to do
            log.warning("could not send the apology: %s", type(follow_up).__name__)


def register(application: Application) -> None:
    application.add_error_handler(on_error)
