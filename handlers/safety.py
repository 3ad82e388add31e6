"""Red-flag triage of every text, before any feature sees it (Telegram side of bot/safety).

Runs in its own handler group, so the safety reply is always the FIRST reply. For emergency,
urgent and "soon" signs the bot then goes on normally (the text may still be an episode or a
question). A crisis message (thoughts of suicide or self-harm) gets only the crisis reply: the
update stops here, so the text is never saved as an episode, stored in a flow, or answered by the
FAQ. Message text is never logged.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, ApplicationHandlerStop, MessageHandler, filters

from bot.safety import render_safety_reply
from bot.services import services
from handlers.common import Context

TRIAGE_GROUP = -10  # after the private-chat guard (-100), before every feature (0)
MAX_TRIAGED_CHARS = 4000


async def triage(update: Update, context: Context) -> None:
    message = update.effective_message
    user = update.effective_user
    if message is None or not message.text:
        return
    svc = services(context)
    flag = svc.content.red_flags.check(message.text[:MAX_TRIAGED_CHARS])
    if flag is None:
        return
    # The zone is only read here (no upsert): a first message may come before /start.
    profile = await svc.users.get(user.id) if user is not None else None
    numbers = svc.content.numbers.for_zone(svc.zone_of(profile))
    text = render_safety_reply(flag, numbers, svc.content.numbers.helpline_finder)
    await message.reply_text(text, disable_web_page_preview=True)
    if flag.tier == "crisis":
        raise ApplicationHandlerStop


def register(application: Application) -> None:
    application.add_handler(MessageHandler(filters.TEXT, triage), group=TRIAGE_GROUP)
