"""Small helpers shared by handler modules: Telegram plumbing, and the one step several features take
(storing a time zone: onboarding, its undo, the city typed under a first entry)."""

from __future__ import annotations

from datetime import datetime

from telegram import Update
from telegram.ext import ConversationHandler

from bot.context import BotContext
from bot.processor import OrderedPerUserProcessor
from bot.timezones import local_now_text

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


async def store_zone(update: Update, context: Context, zone: str | None) -> bool:
    """Store the person's zone (None: none set) and move their reminders to its wall clock. Someone
    not yet onboarded who now has a zone is onboarded; True when that happened now."""
    svc = context.services
    now = svc.clock.now()
    profile = await context.ensure_profile(update)
    await svc.users.set_timezone(profile.user_id, zone, now)
    context.forget_profile()
    first_time = zone is not None and not profile.onboarded
    if first_time:
        await svc.users.set_onboarded(profile.user_id, now)
    await svc.reminders.reschedule_user(profile.user_id)
    return first_time


def zone_set_text(zone: str, now: datetime) -> str:
    return f"✅ Time zone set: {zone}. Your local time is {local_now_text(zone, now)}."


def user_id_of(update: Update) -> int:
    user = update.effective_user
    assert user is not None, "private-chat handlers always have a user"
    return user.id
