"""/start onboarding and /timezone: what the bot is, privacy, then the user's time zone
(by IANA name, city name, or a shared location, all resolved offline)."""

from __future__ import annotations

from typing import Any

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.ext import (
    Application,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.reminders.parse import parse_sleep_window
from bot.reminders.rules import RuleError
from bot.services import services
from bot.timezones import ZoneCandidate, is_valid_zone, local_now_text, resolve_zone_text, zone_from_location
from handlers.callbacks import ZONE_PREFIX, parse_zone_button, zone_button
from handlers.common import END, Context, answer_expired, leave_flow_for_command, reply, user_id_of
from handlers.remind import offer_recommended

ASK_ZONE, PICK_ZONE = range(2)
SET_ZONE_PREFIX = ZONE_PREFIX

INTRO = (
    "Hello! I'm Spasm Diary. I help you keep a record of muscle spasms and cramps.\n\n"
    "• Log an episode right after it happens, in a few taps or one line such as “left calf 7/10 2 min”.\n"
    "• Ask me questions about cramps, spasms and spasticity: I answer from reviewed sources and say so "
    "when I don't know.\n"
    "• Look at patterns, and make a report to take to your clinician.\n\n"
    "I am not a doctor and this is not medical advice: I do not replace your clinician. "
    "In an emergency call your local emergency number (112 / 999 / 911).\n\n"
    "What I store: your time zone and settings, the episodes you log, and your reminders — nothing else. "
    "/export gives you a copy of all of it; /forget erases all of it."
)
ASK_ZONE_TEXT = (
    "First, your time zone, so that times and reminders match your day. "
    "Type a city (“Berlin”, “new york”) or a zone name (“Europe/Berlin”), or share your location "
    "with the button below (it is used once to find the zone and not kept)."
)
NOT_FOUND = (
    "I couldn't find a time zone for that. Try a bigger city nearby, a zone name such as "
    "“Europe/London” or “America/Chicago”, or share your location."
)


def _location_keyboard() -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        [[KeyboardButton("📍 Share my location", request_location=True)]],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


def _candidate_keyboard(candidates: list[ZoneCandidate], now_text: dict[str, str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(f"{c.label} · {now_text[c.zone]}", callback_data=zone_button(c.zone))]
            for c in candidates
        ]
    )


async def _offer(update: Update, context: Context, candidates: list[ZoneCandidate]) -> int:
    now = services(context).clock.now()
    now_text = {c.zone: local_now_text(c.zone, now).split(",")[0] for c in candidates}
    question = "Is this your time zone? Tap to confirm." if len(candidates) == 1 else "Which one is yours?"
    await reply(update, question, reply_markup=_candidate_keyboard(candidates, now_text))
    return PICK_ZONE


async def start(update: Update, context: Context) -> int:
    svc = services(context)
    profile = await context.ensure_profile(update)
    await reply(update, INTRO)
    ask = ASK_ZONE_TEXT
    if profile.timezone:
        ask = f"Your time zone is {profile.timezone}. To change it: " + ask[0].lower() + ask[1:]
        await reply(update, ask, reply_markup=_location_keyboard())
        await reply(
            update,
            "Or keep it:",
            reply_markup=_candidate_keyboard(
                [ZoneCandidate(profile.timezone, f"Keep {profile.timezone}")],
                {profile.timezone: local_now_text(profile.timezone, svc.clock.now()).split(",")[0]},
            ),
        )
    else:
        await reply(update, ask, reply_markup=_location_keyboard())
    return ASK_ZONE


async def zone_from_text(update: Update, context: Context) -> int:
    message = update.effective_message
    assert message is not None and message.text is not None
    candidates = resolve_zone_text(message.text[:100])
    if not candidates:
        await message.reply_text(NOT_FOUND)
        return ASK_ZONE
    return await _offer(update, context, candidates)


async def zone_from_shared_location(update: Update, context: Context) -> int:
    message = update.effective_message
    assert message is not None and message.location is not None
    zone = zone_from_location(message.location.latitude, message.location.longitude)
    if zone is None:
        await message.reply_text(NOT_FOUND)
        return ASK_ZONE
    return await _offer(update, context, [ZoneCandidate(zone, zone)])


async def set_zone_pressed(update: Update, context: Context) -> int:
    """Confirms a zone from a button: inside onboarding it ends the flow; outside (after
    /timezone <ambiguous city>) it just sets the zone. Data is checked, never trusted."""
    query = update.callback_query
    assert query is not None and query.data is not None
    zone = parse_zone_button(query.data)
    if zone is None or not is_valid_zone(zone):
        await answer_expired(update)
        return END
    await query.answer()
    await _save_zone(update, context, zone)
    if isinstance(query.message, Message) and query.message.reply_markup is not None:
        await query.edit_message_reply_markup(reply_markup=None)
    return END


async def _save_zone(update: Update, context: Context, zone: str) -> None:
    svc = services(context)
    chat = update.effective_chat
    assert chat is not None
    now = svc.clock.now()
    user_id = user_id_of(update)
    profile = await context.ensure_profile(update)
    await svc.users.set_timezone(user_id, zone, now)
    context.forget_profile()
    first_time = not profile.onboarded
    if first_time:
        await svc.users.set_onboarded(user_id, now)
    # Reminders follow the wall clock of the new zone.
    await svc.reminders.reschedule_user(user_id)
    text = f"✅ Time zone set: {zone}. Your local time is {local_now_text(zone, now)}."
    if first_time:
        text += "\n\nYou're all set. Send /help to see everything I can do."
    await reply(update, text, reply_markup=ReplyKeyboardRemove())
    if first_time:
        await offer_recommended(update)


async def timezone_command(update: Update, context: Context) -> int:
    """`/timezone <zone or city>` sets it at once; `/timezone` alone asks, like onboarding."""
    profile = await context.ensure_profile(update)
    query_text = " ".join(context.args or [])[:100]
    if not query_text:
        current = f"Your time zone is {profile.timezone}. " if profile.timezone else ""
        await reply(update, current + ASK_ZONE_TEXT, reply_markup=_location_keyboard())
        return ASK_ZONE
    candidates = resolve_zone_text(query_text)
    if not candidates:
        await reply(update, NOT_FOUND + "\nExample: /timezone Europe/Berlin")
        return END
    if len(candidates) == 1 or candidates[0].zone.casefold() == query_text.strip().casefold():
        await _save_zone(update, context, candidates[0].zone)
        return END
    return await _offer(update, context, candidates)


async def sleep_command(update: Update, context: Context) -> None:
    """`/sleep 23:00-07:30`: the sleep window decides what counts as a night spasm and keeps
    hydration reminders out of the night."""
    svc = services(context)
    profile = await context.ensure_profile(update)
    text = " ".join(context.args or [])
    if not text:
        await reply(
            update,
            f"Your sleep hours: {profile.sleep_start:%H:%M}–{profile.sleep_end:%H:%M}. Spasms in this window count "
            "as nocturnal, and hydration reminders stay out of it. To change: /sleep 23:00-07:30",
        )
        return
    try:
        start, end = parse_sleep_window(text)
    except RuleError as exc:
        await reply(update, str(exc))
        return
    await svc.users.set_sleep_window(profile.user_id, start, end, svc.clock.now())
    context.forget_profile()
    await svc.reminders.reschedule_user(profile.user_id)
    await reply(update, f"🌙 Sleep hours set: {start:%H:%M}–{end:%H:%M}.")


async def cancel(update: Update, context: Context) -> int:
    await reply(update, "Cancelled. Nothing was changed.", reply_markup=ReplyKeyboardRemove())
    return END


def register(application: Application) -> None:
    text = filters.TEXT & ~filters.COMMAND
    zone_states: list[BaseHandler[Update, Any, object]] = [
        MessageHandler(text, zone_from_text),
        MessageHandler(filters.LOCATION, zone_from_shared_location),
        CallbackQueryHandler(set_zone_pressed, pattern=f"^{SET_ZONE_PREFIX}"),
    ]
    application.add_handler(
        ConversationHandler(
            entry_points=[CommandHandler("start", start), CommandHandler("timezone", timezone_command)],
            states={ASK_ZONE: zone_states, PICK_ZONE: zone_states},
            fallbacks=[
                CommandHandler("cancel", cancel),
                MessageHandler(filters.COMMAND, leave_flow_for_command),
            ],
            name="zone",
            persistent=True,
            allow_reentry=True,
        )
    )
    application.add_handler(CommandHandler("sleep", sleep_command))
    # A zone button pressed outside the flow (e.g. after a restart that reset it) still works.
    application.add_handler(CallbackQueryHandler(set_zone_pressed, pattern=f"^{SET_ZONE_PREFIX}"))
