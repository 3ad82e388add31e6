"""Last handlers: anything no feature took gets a short, useful answer, never silence."""

from __future__ import annotations

from telegram import Update
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from handlers.common import Context, answer_expired, reply

EDITED_GUARD_GROUP = -50  # after the private-chat guard (-100), before triage (-10) and every feature
NON_TEXT_HINTS: list[tuple[filters.BaseFilter, str]] = [
    (filters.VOICE | filters.AUDIO | filters.VIDEO_NOTE, "I can't listen to voice messages yet."),
    (filters.Sticker.ALL, "Nice sticker! I only understand text, though."),
    (filters.PHOTO | filters.VIDEO | filters.ANIMATION, "I can't look at pictures or videos."),
    (filters.Document.ALL, "I don't open files people send me."),
    (filters.LOCATION | filters.VENUE, "I only use a location to set your time zone: send /timezone first."),
]
TEXT_HINT = (
    " To log a spasm, send one line such as “left calf 7/10 2 min”. "
    "To ask something, just type your question. /help lists everything."
)


def _hint_handler(text: str):  # type: ignore[no-untyped-def]
    async def hint(update: Update, context: Context) -> None:
        await reply(update, text + TEXT_HINT)

    return hint


async def nothing_to_cancel(update: Update, context: Context) -> None:
    await reply(update, "There's nothing to cancel — you're not in the middle of anything.")


async def unknown_command(update: Update, context: Context) -> None:
    await reply(update, "I don't know that command. /help lists the ones I know.")


async def edited_message(update: Update, context: Context) -> None:
    await reply(
        update,
        "I saw you edited a message, but I only read new messages. "
        "Send it again, or use /history to change an entry.",
    )


async def edited_command(update: Update, context: Context) -> None:
    """An edit that turns a message into a command (/forget, /export json…) runs nothing."""
    await edited_message(update, context)
    raise ApplicationHandlerStop


async def unknown_text(update: Update, context: Context) -> None:
    await reply(update, "I'm not sure what you mean." + TEXT_HINT)


async def other_message(update: Update, context: Context) -> None:
    await reply(update, "I can't use that kind of message." + TEXT_HINT)


async def stale_button(update: Update, context: Context) -> None:
    await answer_expired(update)


def register(application: Application) -> None:
    # Ahead of every command handler and flow (PTB's CommandHandler also takes edited messages).
    application.add_handler(
        MessageHandler(filters.UpdateType.EDITED & filters.COMMAND, edited_command), group=EDITED_GUARD_GROUP
    )
    application.add_handler(MessageHandler(filters.UpdateType.EDITED, edited_message))
    application.add_handler(CommandHandler("cancel", nothing_to_cancel))
    for message_filter, text in NON_TEXT_HINTS:
        application.add_handler(MessageHandler(message_filter, _hint_handler(text)))
    application.add_handler(MessageHandler(filters.COMMAND, unknown_command))
    application.add_handler(MessageHandler(filters.TEXT, unknown_text))
    application.add_handler(MessageHandler(filters.ALL, other_message))
    application.add_handler(CallbackQueryHandler(stale_button))
