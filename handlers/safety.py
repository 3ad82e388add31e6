"""Red-flag triage of every text, before any feature sees it (Telegram side of bot/safety).

Runs in its own handler group, so the safety reply is always the FIRST reply. For emergency,
urgent and "soon" signs the bot then goes on normally (the text may still be an episode or a
question). A crisis message (thoughts of suicide or self-harm) gets only the crisis reply: the
update stops here, so the text is never saved as an episode, stored in a flow, or answered by the
FAQ. Message text is never logged.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions, Update
from telegram.ext import Application, ApplicationHandlerStop, CallbackQueryHandler, MessageHandler, filters

from bot.episodes.model import Episode
from bot.safety import render_safety_reply
from bot.safety.diary_signals import NEW_SYMPTOMS, EpisodeFacts, diary_note
from bot.safety.reply import render_diary_note, render_flag_sources
from handlers.callbacks import parse_safety_sources, safety_sources
from handlers.common import Context, answer_expired, reply

logger = logging.getLogger(__name__)

TRIAGE_GROUP = -10  # after the private-chat guard (-100), before every feature (0)
MAX_TRIAGED_CHARS = 4000
SHOWN_KEY = "safety_shown"  # user_data: episode id -> signals already shown for it
SHOWN_KEEP = 50  # remember the latest entries only
NIGHT_HISTORY = timedelta(days=28)


async def triage(update: Update, context: Context) -> None:
    message = update.effective_message
    user = update.effective_user
    if message is None or not message.text:
        return
    svc = context.services
    flag = svc.content.red_flags.check(message.text[:MAX_TRIAGED_CHARS])
    if flag is None:
        return
    # The zone is only read here (no upsert): a first message may come before /start.
    profile = await context.profile() if user is not None else None
    numbers = svc.content.numbers.for_zone(svc.zone_of(profile))
    text = render_safety_reply(flag, numbers, svc.content.numbers.helpline_finder)
    context.safety_tier = flag.tier  # read by the features after this group: no form after an alarm
    if flag.tier == "crisis":  # short and warm: nothing to tap but the numbers
        await message.reply_text(text, disable_web_page_preview=True)
        raise ApplicationHandlerStop
    sources = InlineKeyboardButton("🔗 Sources", callback_data=safety_sources(flag.id))
    await message.reply_text(
        text, disable_web_page_preview=True, reply_markup=InlineKeyboardMarkup([[sources]])
    )


async def sources_button(update: Update, context: Context) -> None:
    """The addresses behind a safety reply's source names."""
    query = update.callback_query
    assert query is not None and query.data is not None
    rule_id = parse_safety_sources(query.data)
    flag = context.services.content.red_flags.flag(rule_id) if rule_id else None
    if flag is None:
        await answer_expired(update)
        return
    await query.answer()
    await reply(update, render_flag_sources(flag), link_preview_options=LinkPreviewOptions(is_disabled=True))


def _facts(episode: Episode) -> EpisodeFacts:
    return EpisodeFacts(
        started_at_utc=episode.started_at_utc,
        intensity=episode.intensity,
        duration_seconds=episode.duration_seconds,
        ongoing=episode.ongoing,
        nocturnal=episode.nocturnal,
        symptoms=frozenset(symptom.value for symptom in episode.symptoms),
    )


async def after_episode_saved(update: Update, context: Context, episode: Episode) -> None:
    """The diary speaks up: one calm line after a saved entry that needs it (bot/safety/diary_signals).
    Runs after the save is confirmed and never raises, so it cannot block or undo a save."""
    try:
        svc = context.services
        now = svc.clock.now()
        if episode.symptoms and NEW_SYMPTOMS & {s.value for s in episode.symptoms}:
            earlier = await svc.episodes.all_for_user(episode.user_id)
        elif episode.nocturnal:
            earlier = await svc.episodes.all_for_user(episode.user_id, since=now - NIGHT_HISTORY)
        else:
            earlier = []
        # read without creating: user_data stays empty (no stored row) until a note is really shown
        shown: dict[str, Any] = dict(context.user_data.get(SHOWN_KEY, {})) if context.user_data else {}
        key = str(episode.id)
        note = diary_note(
            _facts(episode), [_facts(e) for e in earlier if e.id != episode.id], now, shown.get(key, ())
        )
        if note is None:
            return
        profile = await context.profile()  # the sender's own entry
        numbers = svc.content.numbers.for_zone(svc.zone_of(profile))
        chat = update.effective_chat
        if chat is not None:
            await chat.send_message(render_diary_note(tuple(note.signals), note.tier, numbers))
        shown[key] = [*shown.get(key, []), *note.signals]
        for old in list(shown)[:-SHOWN_KEEP]:
            del shown[old]
        if context.user_data is not None:
            context.user_data[SHOWN_KEY] = shown
    except Exception:  # the entry is already saved; a failed note must not look like a failed save
        logger.error("diary safety note failed", exc_info=True)


def register(application: Application) -> None:
    application.add_handler(MessageHandler(filters.TEXT, triage), group=TRIAGE_GROUP)
    application.add_handler(CallbackQueryHandler(sources_button, pattern=r"^sf:"))
