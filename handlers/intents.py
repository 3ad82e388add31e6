"""Replies to what a typed line wants when it is not an episode (bot/intents decides which):
questions (medicine questions start with the pharmacist), reminders in words, greetings, thanks,
help, noise, other languages, and lines that could be either an entry or a question (one question
back, with buttons). The short menu's buttons (`mn:`) and the "log it or answer it" buttons (`it:`)
are answered here, except `it:log`, which opens the /log flow (handlers/diary_text.py)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler

from bot.intents import Intent, IntentKind, classify
from handlers.callbacks import FAQ_TOPICS, intent_button, menu_button, parse_intent_button, parse_menu_button
from handlers.common import Context, answer_expired, reply
from handlers.faq import answer_question
from handlers.help import help_text
from handlers.remind import remind_command
from handlers.stats import stats

PENDING_KEY = "pending_line"  # user_data: the line asked about with "log it or answer it?"
FOREIGN_KEY = "english_only_said"
PLAN_HOOK_KEY = "intent_plan_hook"  # bot_data: the plan feature's handler for "add … to my plan"
PlanHook = Callable[[Update, Context], Awaitable[None]]
DOSE_HOOK_KEY = "intent_dose_hook"  # bot_data: the plan feature's handler for "took baclofen"
DoseHook = Callable[[Update, Context, Intent, str], Awaitable[None]]

MEDICINE_FIRST = (
    "💊 I can't advise on doses or combinations — your pharmacist or prescriber can, often the same day."
)
SMALL_TALK = {
    IntentKind.GREETING: "Hello! 👋 Just type what happened — like “left calf 7/10 2 min” — or ask me a question.",
    IntentKind.THANKS: "You're welcome! 🙂",
    IntentKind.HELP: (
        "I'm a diary for spasms and cramps. You can just type:\n"
        "• what happened: “left calf 7/10 2 min last night”\n"
        "• a question: “how do I stop a cramp?”\n"
        "• a reminder: “remind me to stretch at 8am and 8pm”\n"
        "Or tap below. /help lists every command."
    ),
    IntentKind.NOTHING: "Good to hear — nothing to log. 🌿",
    IntentKind.NONSENSE: "🙂 I didn't quite catch that. Here's what I can do:",
}
ENGLISH_ONLY = (
    "Sorry — I understand English only for now. You can still log with numbers and buttons: tap "
    "“📝 Log a spasm”, or type a line like “left calf 7/10 2 min”."
)
AMBIGUOUS = "Do you want to log this, or should I answer it as a question?"
REMIND_EXAMPLES = (
    "Tell me what and when, for example:\n• remind me to drink water every 2 hours from 9 to 9\n"
    "• remind me to stretch at 8am and 8pm\n• remind me at 22:30 to log my night\n(/remind shows yours.)"
)
PLAN_LATER = "Keeping a plan (medicines, appointments, exercises) is not here yet — it is coming soon."


def menu_markup() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("📝 Log a spasm", callback_data=menu_button("log")),
                InlineKeyboardButton("❓ Ask a question", callback_data=FAQ_TOPICS),
            ],
            [
                InlineKeyboardButton("🔔 Reminders", callback_data=menu_button("remind")),
                InlineKeyboardButton("📊 My numbers", callback_data=menu_button("stats")),
            ],
        ]
    )


def set_plan_hook(application: Application[Any, Any, Any, Any, Any, Any], hook: PlanHook) -> None:
    """The plan feature answers "add … to my plan" lines by installing its handler here."""
    application.bot_data[PLAN_HOOK_KEY] = hook


def set_dose_hook(application: Application[Any, Any, Any, Any, Any, Any], hook: DoseHook) -> None:
    """The plan feature records "took baclofen" lines by installing its handler here."""
    application.bot_data[DOSE_HOOK_KEY] = hook


async def respond(update: Update, context: Context, intent: Intent, text: str) -> None:
    """Answer a line that is not an episode. The safety check has already run on it."""
    kind = intent.kind
    if kind is IntentKind.DOSE:
        dose_hook = context.application.bot_data.get(DOSE_HOOK_KEY)
        if dose_hook is not None:
            await dose_hook(update, context, intent, text)
            return
        intent = classify(text, doses=False)  # no plan feature: the line as it reads otherwise
        kind = intent.kind
    if kind is IntentKind.QUESTION:
        await answer(update, context, intent.ask_as or text, medicine=intent.medicine)
    elif kind is IntentKind.REMINDER:
        await _reminder(update, context, intent.remind_args)
    elif kind is IntentKind.PLAN:
        hook = context.application.bot_data.get(PLAN_HOOK_KEY)
        await (hook(update, context) if hook is not None else reply(update, PLAN_LATER))
    elif kind is IntentKind.FOREIGN:
        await _foreign(update, context)
    elif kind is IntentKind.AMBIGUOUS:
        await _ask_which(update, context, text)
    else:
        await reply(update, SMALL_TALK[kind], reply_markup=_small_talk_markup(kind))


def _small_talk_markup(kind: IntentKind) -> InlineKeyboardMarkup | None:
    return None if kind in (IntentKind.THANKS, IntentKind.NOTHING) else menu_markup()


async def answer(update: Update, context: Context, text: str, *, medicine: bool = False) -> None:
    if medicine:
        await reply(update, MEDICINE_FIRST)
    await answer_question(update, context, text, only_if_confident=medicine)


async def _reminder(update: Update, context: Context, args: str | None) -> None:
    if not args:
        await reply(update, REMIND_EXAMPLES)
        return
    context.args = args.split()
    await remind_command(update, context)


async def _foreign(update: Update, context: Context) -> None:
    assert context.user_data is not None
    if context.user_data.get(FOREIGN_KEY):
        await reply(update, "(English only for now.)", reply_markup=menu_markup())
        return
    context.user_data[FOREIGN_KEY] = True
    await reply(update, ENGLISH_ONLY, reply_markup=menu_markup())


async def _ask_which(update: Update, context: Context, text: str) -> None:
    message = update.effective_message
    assert message is not None and context.user_data is not None
    context.user_data[PENDING_KEY] = {"id": message.message_id, "text": text[:500]}
    markup = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("📝 Log it", callback_data=intent_button("log", message.message_id)),
                InlineKeyboardButton("❓ Answer it", callback_data=intent_button("ask", message.message_id)),
            ]
        ]
    )
    await message.reply_text(AMBIGUOUS, reply_markup=markup)


def take_pending(update: Update, context: Context, action: str) -> str | None:
    """The line an `it:` button asks about, once: None for a forged, stale or repeated press."""
    query = update.callback_query
    button = parse_intent_button(query.data or "") if query is not None else None
    pending = (context.user_data or {}).get(PENDING_KEY)
    if button is None or button.action != action or not isinstance(pending, dict):
        return None
    if pending.get("id") != button.message_id:
        return None
    assert context.user_data is not None
    context.user_data.pop(PENDING_KEY, None)
    return str(pending.get("text", ""))


async def answer_pending(update: Update, context: Context) -> None:
    text = take_pending(update, context, "ask")
    if text is None:
        await answer_expired(update)
        return
    await update.callback_query.answer()  # type: ignore[union-attr]
    await answer_question(update, context, text)


async def menu_pressed(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None
    action = parse_menu_button(query.data or "")
    if action is None or action == "log":  # "log" opens the flow: handlers/diary.py has it first
        await answer_expired(update)
        return
    await query.answer()
    context.args = []
    if action == "remind":
        await remind_command(update, context)
    elif action == "stats":
        await stats(update, context)
    else:
        await reply(update, help_text())


def register(application: Application) -> None:
    application.add_handler(CallbackQueryHandler(answer_pending, pattern=r"^it:ask:"))
    application.add_handler(CallbackQueryHandler(menu_pressed, pattern=r"^mn:"))
