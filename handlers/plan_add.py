"""The guided "+ Add" of /plan: a button asks for one line ("Type its name and the times …") and the
next typed line is that answer, added with the same parser and reply as the one-line command
(/meds add, /appointment, /exercises add, /question). A line that could not be read is asked again;
anything else typed (a command, an episode, a question, small talk) leaves the prompt — said in a
few words — and is handled as if no prompt were open. The prompt waits in user_data (persisted,
erased by /forget) with the id of the message that asked, so only the latest prompt counts."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, ApplicationHandlerStop, MessageHandler, filters

from bot.intents.plan_answer import read_plan_answer
from handlers import meds, plan_items
from handlers.callbacks import plan_button
from handlers.common import Context, reply

PENDING_ADD = "plan_add"  # user_data: the section whose "+ Add" prompt waits for a typed line
PROMPT_GROUP = -2  # after the safety triage (-10) and the flows' command guard (-5), before the features
PROMPTS = {
    "meds": "💊 Type its name and the times, like: baclofen 08:00 20:00, or: ibuprofen as needed",
    "appts": "📅 Type the day, the time and with whom, like: 15 Jan 10:30 neurologist, or: next tuesday 9am MS nurse",
    "ex": "🏃 Type the exercise and how much, like: calf stretch 3 x 30 s",
    "qs": "❓ Type the question for your clinician, like: Could my night spasms be linked to my bladder?",
}
WHAT = {"meds": "a medicine", "appts": "an appointment", "ex": "an exercise", "qs": "a question"}
CANCELLED = "Nothing added."
Add = Callable[[Update, Context], Awaitable[None]]
# The one-line commands, given the typed line as their arguments: (the command, words before the line).
COMMANDS: dict[str, tuple[Add, list[str]]] = {
    "meds": (meds.meds_command, ["add"]),
    "appts": (plan_items.appointment_command, []),
    "ex": (plan_items.exercises_command, ["add"]),
    "qs": (plan_items.question_command, []),
}


def _cancel_markup() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton("✖ Cancel", callback_data=plan_button("add", word="cancel"))]]
    )


def _next_markup() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton("◀ My plan", callback_data=plan_button("show"))]])


def add_rows() -> list[list[InlineKeyboardButton]]:
    """The "+" buttons of the plan screen: each asks for its one line."""
    labels = {"meds": "+ Medicine", "appts": "+ Appointment", "ex": "+ Exercise", "qs": "+ Question"}
    buttons = [
        InlineKeyboardButton(label, callback_data=plan_button("add", word=w)) for w, label in labels.items()
    ]
    return [buttons[:2], buttons[2:]]


async def ask(update: Update, context: Context, section: str) -> None:
    """ "+ Add" pressed in a section of /plan: ask for the one line, with Cancel."""
    assert context.user_data is not None
    chat = update.effective_chat
    assert chat is not None
    sent = await chat.send_message(PROMPTS[section], reply_markup=_cancel_markup())
    context.user_data[PENDING_ADD] = {"section": section, "id": sent.message_id}


async def cancel(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None
    pending = (context.user_data or {}).pop(PENDING_ADD, None)
    await query.answer()
    await query.edit_message_text(CANCELLED if pending else "This is closed already.")


async def typed(update: Update, context: Context) -> None:
    """A typed line while a prompt waits: its answer (handled here, nothing else sees it), or a
    line that leaves the prompt and goes on to the other handlers."""
    message = update.effective_message
    pending = (context.user_data or {}).get(PENDING_ADD)
    if message is None or message.text is None or not isinstance(pending, dict):
        return
    section = str(pending.get("section"))
    if section not in PROMPTS:
        (context.user_data or {}).pop(PENDING_ADD, None)
        return
    profile = await context.ensure_profile(update)
    plan = context.services.plan
    answer = read_plan_answer(
        section, message.text, context.services.clock.now(), await plan.zone(profile.user_id)
    )
    if answer is None:
        (context.user_data or {}).pop(PENDING_ADD, None)
        await reply(update, f"(I stopped waiting for {WHAT[section]}.)")
        return  # the line goes on to the handlers that would take it with no prompt open
    if not answer.ok:
        await reply(update, f"{answer.error}\n\nType it again, or tap Cancel.", reply_markup=_cancel_markup())
        raise ApplicationHandlerStop
    (context.user_data or {}).pop(PENDING_ADD, None)
    command, before = COMMANDS[section]
    context.args = [*before, *message.text.split()]
    await command(update, context)
    await reply(update, "Anything else for your plan?", reply_markup=_next_markup())
    raise ApplicationHandlerStop


def register(application: Application) -> None:
    application.add_handler(
        MessageHandler(filters.TEXT & filters.UpdateType.MESSAGE, typed), group=PROMPT_GROUP
    )
