"""/start onboarding and /timezone: what the bot is, privacy, then the user's time zone
(by IANA name, city name, or a shared location, all resolved offline).

The question never traps: a single match is set at once with an ↩ Undo button; a line that is
clearly not a place (an entry, a question, thanks) — or a second miss — leaves the question, says
so, and is handled as if it had not been asked. /start from someone already set up greets them
with the menu instead of starting over."""

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

from bot.intents import could_be_a_place
from bot.timezones import ZoneCandidate, is_valid_zone, local_now_text, resolve_zone_text, zone_from_location
from handlers.callbacks import (
    NO_ZONE,
    ZONE_PREFIX,
    ZONE_UNDO_PREFIX,
    parse_zone_button,
    parse_zone_undo,
    zone_button,
    zone_undo_button,
)
from handlers.common import (
    END,
    Context,
    answer_expired,
    leave_flow_for_command,
    reply,
    store_zone,
    zone_set_text,
)
from handlers.intents import menu_markup
from handlers.log_zone import remember_zone_asked
from handlers.remind import offer_recommended

ASK_ZONE, PICK_ZONE, ASK_AGAIN = range(3)
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


LEFT_QUESTION = "(I've left the time-zone question — set it any time with /timezone and your city.)"
WELCOME_BACK = (
    "Welcome back! 👋 Your time zone is {zone}. Just type what happened — like “left calf 7/10 2 min” — "
    "or ask me a question. (/timezone to change the zone, /help for everything.)"
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
    now = context.services.clock.now()
    now_text = {c.zone: local_now_text(c.zone, now).split(",")[0] for c in candidates}
    question = "Is this your time zone? Tap to confirm." if len(candidates) == 1 else "Which one is yours?"
    await reply(update, question, reply_markup=_candidate_keyboard(candidates, now_text))
    return PICK_ZONE


async def start(update: Update, context: Context) -> int:
    svc = context.services
    profile = await context.ensure_profile(update)
    if profile.onboarded and profile.timezone:
        await reply(update, WELCOME_BACK.format(zone=profile.timezone), reply_markup=menu_markup())
        return END
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
    return await _zone_typed(update, context, again=False)


async def zone_from_text_again(update: Update, context: Context) -> int:
    return await _zone_typed(update, context, again=True)


async def _zone_typed(update: Update, context: Context, *, again: bool) -> int:
    message = update.effective_message
    assert message is not None and message.text is not None
    place = could_be_a_place(message.text)
    candidates = resolve_zone_text(message.text[:100]) if place else []
    if not candidates and (again or not place):
        await message.reply_text(LEFT_QUESTION)
        remember_zone_asked(context)  # asked just now: a diary line typed instead is not held for it
        return await leave_flow_for_command(update, context)  # handled again, as if never asked
    if not candidates:
        await message.reply_text(NOT_FOUND)
        return ASK_AGAIN
    if len(candidates) == 1 or candidates[0].zone.casefold() == message.text.strip().casefold():
        await _set_with_undo(update, context, candidates[0].zone, keyboard_shown=True)
        return END
    return await _offer(update, context, candidates)


async def zone_from_shared_location(update: Update, context: Context) -> int:
    message = update.effective_message
    assert message is not None and message.location is not None
    zone = zone_from_location(message.location.latitude, message.location.longitude)
    if zone is None:
        await message.reply_text(NOT_FOUND)
        return ASK_ZONE
    await _set_with_undo(update, context, zone, keyboard_shown=True)
    return END


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


async def _save_zone(update: Update, context: Context, zone: str, undo: str | None = None) -> None:
    """Set the zone and say so. `undo`: callback data of an ↩ Undo button for a zone set from a
    single match (no confirming tap), None when the person chose it themselves."""
    first_time = await store_zone(update, context, zone)
    text = zone_set_text(zone, context.services.clock.now())
    if first_time:
        text += "\n\nYou're all set. Just type what happened, or ask me a question; /help shows everything."
    markup: InlineKeyboardMarkup | ReplyKeyboardRemove = ReplyKeyboardRemove()
    if undo is not None:
        markup = InlineKeyboardMarkup([[InlineKeyboardButton("↩ Undo", callback_data=undo)]])
    await reply(update, text, reply_markup=markup)
    if first_time:
        await offer_recommended(update)


async def _set_with_undo(update: Update, context: Context, zone: str, *, keyboard_shown: bool) -> None:
    previous = (await context.ensure_profile(update)).timezone
    if keyboard_shown:  # the location keyboard goes; the inline Undo needs a message of its own
        await reply(update, "📍 Found it.", reply_markup=ReplyKeyboardRemove())
    await _save_zone(update, context, zone, undo=zone_undo_button(previous))


async def undo_zone(update: Update, context: Context) -> int:
    """↩ Undo under a zone set from a single match: back to the zone before, or ask again."""
    query = update.callback_query
    assert query is not None and query.data is not None
    previous = parse_zone_undo(query.data)
    profile = await context.profile()
    if previous is None or profile is None or (previous != NO_ZONE and not is_valid_zone(previous)):
        await answer_expired(update)
        return END
    await query.answer()
    if isinstance(query.message, Message) and query.message.reply_markup is not None:
        await query.edit_message_reply_markup(reply_markup=None)
    await store_zone(update, context, None if previous == NO_ZONE else previous)
    if previous == NO_ZONE:
        await reply(update, "Undone. " + ASK_ZONE_TEXT, reply_markup=_location_keyboard())
        return ASK_ZONE
    await reply(update, f"Undone — your time zone is {previous} again.")
    return END


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
        await _set_with_undo(update, context, candidates[0].zone, keyboard_shown=False)
        return END
    return await _offer(update, context, candidates)


async def cancel(update: Update, context: Context) -> int:
    await reply(update, "Cancelled. Nothing was changed.", reply_markup=ReplyKeyboardRemove())
    return END


def register(application: Application) -> None:
    text = filters.TEXT & ~filters.COMMAND
    undo: BaseHandler[Update, Any, object] = CallbackQueryHandler(undo_zone, pattern=f"^{ZONE_UNDO_PREFIX}")
    zone_states: list[BaseHandler[Update, Any, object]] = [
        MessageHandler(text, zone_from_text),
        MessageHandler(filters.LOCATION, zone_from_shared_location),
        CallbackQueryHandler(set_zone_pressed, pattern=f"^{SET_ZONE_PREFIX}"),
    ]
    application.add_handler(
        ConversationHandler(
            entry_points=[CommandHandler("start", start), CommandHandler("timezone", timezone_command), undo],
            states={
                ASK_ZONE: [*zone_states, undo],
                PICK_ZONE: [*zone_states, undo],
                ASK_AGAIN: [MessageHandler(text, zone_from_text_again), *zone_states[1:], undo],
            },
            fallbacks=[
                CommandHandler("cancel", cancel),
                MessageHandler(filters.COMMAND, leave_flow_for_command),
            ],
            name="zone",
            persistent=True,
            allow_reentry=True,
        )
    )
    # A zone button pressed outside the flow (e.g. after a restart that reset it) still works.
    application.add_handler(CallbackQueryHandler(set_zone_pressed, pattern=f"^{SET_ZONE_PREFIX}"))
