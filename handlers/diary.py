"""Logging an episode: the guided flow (/log, one message edited in place), one-line logging
(`/log left calf 7/10 2 min` or a plain message that reads like one), and Edit / Add details on a
saved entry. Typed text goes through handlers/diary_text.py: routed by intent, or read as the answer to the
open question.

Minimal entry in three taps after /log: region → intensity → Save ("now" is the default time).
The state machine is bot/episodes/flow.py, the screens handlers/log_screens.py; this module only
moves updates in and messages out. Flow buttons carry the flow's id (handlers/callbacks/), so a
button from an older flow answers "expired". A flow left alone for FLOW_TIMEOUT ends, draft and all.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from telegram import Update
from telegram.ext import (
    Application,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.episodes import flow
from bot.episodes.flow import FlowError, FlowState
from bot.episodes.model import EpisodeDraft, draft_from_episode
from handlers import log_relief
from handlers.callbacks import parse_flow_button
from handlers.common import END, Context, answer_expired, leave_flow_for_command, reply
from handlers.diary_text import flow_text, log_pending, plain_text
from handlers.entry_buttons import owned_episode
from handlers.flowstate import drop_flow, load_flow, save_flow
from handlers.log_confirm import (
    CONFIRM_VALUES,
    after_open_flow_saved,
    ask_same_first,
    save_confirmed,
    save_open_flow,
    show_next_of_message,
)
from handlers.log_io import (
    CHOOSING,
    TYPING,
    log_line,
    moment_of,
    read_back,
    save_draft,
    show,
)
from handlers.log_screens import NOT_SAVED, TYPING_PROMPTS
from handlers.log_typing import typed_value
from handlers.reminder_buttons import reminder_button_is_current

KEPT_NOT_LOGGED = (
    "OK, finish this entry first. Your new message was not logged: send it again when this one is saved."
)

Handler = BaseHandler[Update, Any, object]
FLOW_TIMEOUT = flow.FLOW_TIMEOUT  # read at registration (tests shorten it)


async def start_log(update: Update, context: Context) -> int:
    """/log alone opens the guided flow; /log <text> logs one line."""
    text = " ".join(context.args or [])
    if text:
        return await log_line(update, context, text)
    _profile, moment = await moment_of(update, context)
    kept = load_flow(context)
    if kept is not None:  # an unsaved entry left open (a question or a safety reply came between)
        await show(update, context, replace(kept, typing=None), moment, new=True)
        return CHOOSING
    await show(
        update,
        context,
        flow.new_flow(EpisodeDraft(started_at=moment.now.astimezone(moment.tz))),
        moment,
        new=True,
    )
    return CHOOSING


async def start_from_menu(update: Update, context: Context) -> int:
    """ "📝 Log a spasm" on the short menu (handlers/intents.py)."""
    assert update.callback_query is not None
    await update.callback_query.answer()
    context.args = []
    return await start_log(update, context)


async def start_from_reminder(update: Update, context: Context) -> int:
    """🌙 buttons on the night prompt (now) and the morning check-in (last night)."""
    query = update.callback_query
    assert query is not None and query.data is not None
    button = await reminder_button_is_current(update, context, {"log", "nightlog"})
    if button is None:
        await answer_expired(update)
        return END
    await query.answer()
    _profile, moment = await moment_of(update, context)
    draft = EpisodeDraft(started_at=moment.now.astimezone(moment.tz))
    if button.action == "nightlog":
        draft, _screen = flow.apply_action(draft, "when", "night", moment)
    await show(update, context, flow.new_flow(draft, screen="region"), moment, new=True)
    return CHOOSING


async def flow_button(update: Update, context: Context) -> int:
    query = update.callback_query
    assert query is not None and query.data is not None
    state = load_flow(context)
    button = parse_flow_button(query.data)
    if state is None or button is None or button.flow != state.flow:
        await answer_expired(update)
        return CHOOSING if state else END
    if button.action == "cancel":
        drop_flow(context)
        await query.answer()
        await query.edit_message_text(NOT_SAVED)
        return await _then_next_line(update, context, state, END)
    if button.action == "keep" and state.screen == "aside":
        return await _keep_editing(update, context, state)
    if button.action == "save":
        return await _save_flow(update, context, state)
    if button.action == "cfm" and state.screen == "confirm" and button.value in CONFIRM_VALUES:
        return await save_confirmed(update, context, state, button.value)
    if button.action == "fix" and state.screen == "confirm":
        state = flow.fixing(state)
        await query.answer()
        await show(update, context, state, (await moment_of(update, context))[1], new=False)
        return CHOOSING
    if button.action == "same" and state.same_as is not None:
        return await _add_to_same(update, context, state, state.same_as)
    if button.action == "type":
        if button.value not in TYPING_PROMPTS:
            await answer_expired(update)
            return CHOOSING
        state.typing = button.value
        save_flow(context, state)
        await query.answer()
        await query.edit_message_text(TYPING_PROMPTS[button.value])
        return TYPING
    profile, moment = await moment_of(update, context)
    try:
        state = flow.step(state, button.action, button.value, moment)
    except FlowError:  # forged or outdated data: change nothing
        await answer_expired(update)
        return CHOOSING
    state = await log_relief.with_offer(context, profile.user_id, state)
    await query.answer()
    await show(update, context, state, moment, new=False)
    return CHOOSING


async def _save_flow(update: Update, context: Context, state: FlowState) -> int:
    query = update.callback_query
    assert query is not None
    if state.draft.missing_required():
        await query.answer("Pick where it was and how strong first.")
        return CHOOSING
    profile, moment = await moment_of(update, context)
    if await ask_same_first(update, context, state, profile, moment):
        await query.answer()
        return CHOOSING
    episode = await save_open_flow(context, state, profile, moment)
    if episode is None:  # edited entry deleted meanwhile
        await query.answer("That entry no longer exists.")
        await query.edit_message_text(NOT_SAVED)
        return END
    await query.answer("Saved")
    text, markup = await read_back(context, profile, episode, moment.now, updated=state.editing is not None)
    await query.edit_message_text(text, reply_markup=markup)
    if await after_open_flow_saved(update, context, state, profile, episode, moment) == CHOOSING:
        return CHOOSING  # "Fix it" on a two-episode message: the second is asked about next
    return await _then_next_line(update, context, state, END)


async def _then_next_line(update: Update, context: Context, state: FlowState, result: int) -> int:
    """After "save or drop it first?" was answered: the typed line that waited is logged now."""
    if state.next_line is None:
        return result
    return await log_line(update, context, state.next_line)


async def _keep_editing(update: Update, context: Context, state: FlowState) -> int:
    """ "Keep editing it": back to the open draft; the waiting line is not logged, and we say so."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    state = replace(state, next_line=None, screen=flow.first_screen(state.draft))
    await show(update, context, state, (await moment_of(update, context))[1], new=False)
    await reply(update, KEPT_NOT_LOGGED)
    return CHOOSING


async def _add_to_same(update: Update, context: Context, state: FlowState, episode_id: int) -> int:
    """ "Same one": the saved entry takes what the new message adds; nothing new is created."""
    query = update.callback_query
    assert query is not None
    profile, moment = await moment_of(update, context)
    saved = await context.services.episodes.get(profile.user_id, episode_id)
    drop_flow(context)
    if saved is None:
        await query.answer("That entry no longer exists.")
        await query.edit_message_text(NOT_SAVED)
        return END
    merged = flow.merge_same(draft_from_episode(saved), state.draft)
    episode = await save_draft(context, profile, moment, merged, "", episode_id)
    assert episode is not None
    await query.answer("Saved")
    text, markup = await read_back(context, profile, episode, moment.now, updated=True)
    await query.edit_message_text(text, reply_markup=markup)
    await log_relief.after_saved(update, context, profile.user_id, state, episode)  # doses chosen this time
    if state.queue:  # "Fix it" on a two-episode message: the second is still asked about
        await show_next_of_message(update, context, state, moment)
        return CHOOSING
    return await _then_next_line(update, context, state, END)


async def cancel_flow(update: Update, context: Context) -> int:
    drop_flow(context)
    await reply(update, NOT_SAVED)
    return END


async def leave_flow(update: Update, context: Context) -> int:
    """Another command mid-flow: the draft goes, then the command runs as if no flow were open."""
    drop_flow(context)
    return await leave_flow_for_command(update, context)


async def flow_timed_out(update: object, context: Context) -> None:
    drop_flow(context)
    await context.application.update_persistence()


async def edit_entry(update: Update, context: Context) -> int:
    """Edit / Add details on a saved entry: open the flow on it, in place."""
    episode, _action = await owned_episode(update, context)
    if episode is None:
        await answer_expired(update)
        return END
    await update.callback_query.answer()  # type: ignore[union-attr]
    _profile, moment = await moment_of(update, context)
    state = flow.new_flow(draft_from_episode(episode), editing=episode.id, screen="review")
    await show(update, context, state, moment, new=False)
    return CHOOSING


def register(application: Application) -> None:
    text = filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND
    # Re-entry is explicit per state: with allow_reentry the plain-text entry point would take the
    # text typed as a note or a time before the state's own handler could.
    restart: list[Handler] = [
        CommandHandler("log", start_log),
        CallbackQueryHandler(edit_entry, pattern=r"^ep:(edit|more):"),
        CallbackQueryHandler(start_from_reminder, pattern=r"^rm:(log|nightlog)(:|$)"),
        CallbackQueryHandler(start_from_menu, pattern=r"^mn:log$"),
        CallbackQueryHandler(log_pending, pattern=r"^it:log:"),
    ]
    buttons: Handler = CallbackQueryHandler(flow_button, pattern=r"^lg:")
    typed: Handler = MessageHandler(text, typed_value)
    plain: Handler = MessageHandler(text, plain_text)
    answer: Handler = MessageHandler(text, flow_text)
    application.add_handler(
        ConversationHandler(
            entry_points=[*restart, plain],
            states={
                # Text mid-flow answers the open question, or leaves the step (diary_text.flow_text).
                CHOOSING: [buttons, *restart, answer],
                TYPING: [typed, buttons, *restart],
                ConversationHandler.TIMEOUT: [TypeHandler(Update, flow_timed_out)],
            },
            fallbacks=[CommandHandler("cancel", cancel_flow), MessageHandler(filters.COMMAND, leave_flow)],
            name="log",
            persistent=True,
            conversation_timeout=FLOW_TIMEOUT,
        )
    )
