"""Small helpers shared by handler modules: Telegram plumbing only, no business rules."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ConversationHandler

from bot.context import BotContext
from bot.processor import OrderedPerUserProcessor

Context = BotContext

EXPIRED = "This button has expired."
END = ConversationHandler.END


async def reply(update: Update, text: str, **kwargs: object) -> None:
    """Reply in the chat the update came from (message or button press)."""
    chat = update.effective_chat
    if chat is None:
        return
    await chat.send_message(text, **kwargs)  # type: ignore[arg-type]


async def answer_expired(update: Update) -> None:
    if update.callback_query is not None:
        await update.callback_query.answer(EXPIRED, show_alert=False)


async def leave_flow_for_command(update: Update, context: Context) -> int:
    """A command typed in the middle of a flow: close the flow and handle the command as if no flow
    were open. The processor runs the update again once this flow's state is END, so the command's
    own handler picks it up (see OrderedPerUserProcessor.handle_again)."""
    processor = context.application.update_processor
    if isinstance(processor, OrderedPerUserProcessor):
        processor.handle_again(update)
    return END


def user_id_of(update: Update) -> int:
    user = update.effective_user
    assert user is not None, "private-chat handlers always have a user"
    return user.id
