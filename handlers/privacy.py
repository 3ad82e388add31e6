"""Private chats only. In a group the bot says once that it works in private chats, then leaves,
storing nothing. Also tracks whether a user has blocked the bot (my_chat_member)."""

from __future__ import annotations

import logging

from telegram import ChatMember, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationHandlerStop, ChatMemberHandler, TypeHandler

from handlers.common import Context

log = logging.getLogger(__name__)

GROUP_NOTICE = (
    "Hi! I keep a private health diary, so I only work in private chats. "
    "Please message me directly. I'm leaving this group now and kept nothing from it."
)
GUARD_GROUP = -100  # runs before everything else
ANSWERED_GROUPS_KEY = "answered_groups"


async def private_only(update: Update, context: Context) -> None:
    chat = update.effective_chat
    if chat is None or chat.type == ChatType.PRIVATE:
        return
    if update.callback_query is not None:
        await update.callback_query.answer()
    # Answer once per group: updates queued before we left must not repeat the notice. Only
    # group ids are kept, in memory, nothing about people.
    answered: set[int] = context.application.bot_data.setdefault(ANSWERED_GROUPS_KEY, set())
    if chat.id in answered:
        raise ApplicationHandlerStop
    answered.add(chat.id)
    try:
        await context.bot.send_message(chat.id, GROUP_NOTICE)
        await context.bot.leave_chat(chat.id)
    except TelegramError as exc:  # a channel we cannot post to, or already removed
        log.info("could not post the private-only notice in a group: %s", type(exc).__name__)
    raise ApplicationHandlerStop


async def member_status(update: Update, context: Context) -> None:
    """Private chat: blocked ("kicked") or unblocked ("member") the bot."""
    change = update.my_chat_member
    if change is None or change.chat.type != ChatType.PRIVATE:
        return
    svc = context.services
    user = await svc.users.get(change.chat.id)
    if user is None:
        return  # never talked to us: nothing to record
    blocked = change.new_chat_member.status in {ChatMember.BANNED, ChatMember.LEFT}
    await svc.users.set_blocked(user.user_id, blocked, svc.clock.now())
    if not blocked:  # back: plan their reminders from now, not from before they left
        await svc.reminders.reschedule_user(user.user_id)


def register(application: Application) -> None:
    application.add_handler(TypeHandler(Update, private_only), group=GUARD_GROUP)
    application.add_handler(
        ChatMemberHandler(member_status, ChatMemberHandler.MY_CHAT_MEMBER), group=GUARD_GROUP + 1
    )
