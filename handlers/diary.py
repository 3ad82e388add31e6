"""Logging an episode: the guided flow (/log, one message edited in place), one-line logging
(`/log left calf 7/10 2 min` or a plain message that reads like one), and Edit / Add details on a
saved entry. Plain text that is not an episode is routed to the FAQ (handlers.faq.answer_question).

Minimal entry in three taps after /log: region → intensity → Save ("now" is the default time).
The state machine is bot/episodes/flow.py, the screens handlers/log_screens.py; this module only
moves updates in and messages out. Flow buttons carry the flow's id (handlers/callbacks.py), so a
button from an older flow answers "expired". A flow left alone for FLOW_TIMEOUT ends, draft and all.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

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
from bot.episodes.flow import FlowError, FlowState, Moment
from bot.episodes.model import Episode, EpisodeDraft, draft_from_episode
from bot.episodes.parse import ParseResult, parse_episode_line
from bot.storage.users import UserProfile
from handlers.callbacks import parse_flow_button
from handlers.common import END, Context, answer_expired, leave_flow_for_command, reply
from handlers.entry_buttons import owned_episode, saved_markup, saved_text
from handlers.faq import answer_question
from handlers.flowstate import drop_flow, load_flow, save_flow
from handlers.log_screens import NOT_SAVED, TYPING_PROMPTS, render
from handlers.reminder_buttons import reminder_button_is_current
from handlers.safety import after_episode_saved

CHOOSING, TYPING = range(2)
Handler = BaseHandler[Update, Any, object]
FLOW_TIMEOUT = flow.FLOW_TIMEOUT  # read at registration (tests shorten it)
LINE_MAX_CHARS = 2000  # longer messages are not diary lines; the parser only reads this much
TYPED_MAX_CHARS = 500


async def _moment(update: Update, context: Context) -> tuple[UserProfile, Moment]:
    profile = await context.ensure_profile(update)
    zone = context.services.zone_of(profile)
    now = context.services.clock.now()
    return profile, Moment(now, ZoneInfo(zone), profile.sleep_start, profile.sleep_end)


def _parse(text: str, moment: Moment) -> ParseResult:
    return parse_episode_line(
        text, now=moment.now, tz=moment.tz, sleep_start=moment.sleep_start, sleep_end=moment.sleep_end
    )


async def _show(update: Update, context: Context, state: FlowState, moment: Moment, *, new: bool) -> None:
    text, markup = render(state, moment.tz.key, moment.now)
    query = update.callback_query
    if not new and query is not None and query.message is not None:
        await query.edit_message_text(text, reply_markup=markup)
    else:
        chat = update.effective_chat
        assert chat is not None
        sent = await chat.send_message(text, reply_markup=markup)
        state.message_id = sent.message_id
    save_flow(context, state)


async def _save(
    context: Context, profile: UserProfile, moment: Moment, draft: EpisodeDraft, key: str, editing: int | None
) -> Episode | None:
    zone = moment.tz.key
    nocturnal = flow.decide_nocturnal(draft, zone, profile.sleep_start, profile.sleep_end)
    episodes = context.services.episodes
    if editing is not None:
        return await episodes.update(profile.user_id, editing, draft, nocturnal=nocturnal, now=moment.now)
    episode, _created = await episodes.add(
        profile.user_id, draft, zone=zone, nocturnal=nocturnal, client_key=key, now=moment.now
    )
    return episode


async def start_log(update: Update, context: Context) -> int:
    """/log alone opens the guided flow; /log <text> logs one line."""
    text = " ".join(context.args or [])
    if text:
        return await log_line(update, context, text, forced=True)
    _profile, moment = await _moment(update, context)
    await _show(
        update,
        context,
        flow.new_flow(EpisodeDraft(started_at=moment.now.astimezone(moment.tz))),
        moment,
        new=True,
    )
    return CHOOSING


async def start_from_reminder(update: Update, context: Context) -> int:
    """🌙 buttons on the night prompt (now) and the morning check-in (last night)."""
    query = update.callback_query
    assert query is not None and query.data is not None
    button = await reminder_button_is_current(update, context, {"log", "nightlog"})
    if button is None:
        await answer_expired(update)
        return END
    await query.answer()
    _profile, moment = await _moment(update, context)
    draft = EpisodeDraft(started_at=moment.now.astimezone(moment.tz))
    if button.action == "nightlog":
        draft, _screen = flow.apply_action(draft, "when", "night", moment)
    await _show(update, context, flow.new_flow(draft, screen="region"), moment, new=True)
    return CHOOSING


async def log_line(update: Update, context: Context, text: str, *, forced: bool) -> int:
    message = update.effective_message
    assert message is not None
    profile, moment = await _moment(update, context)
    parsed = _parse(text[:LINE_MAX_CHARS], moment)
    if parsed.refusal is not None and (parsed.looks_like_episode or forced or parsed.understood):
        await message.reply_text(parsed.refusal)  # "-5 min", "1 Jan 1900": never log a misreading
        return CHOOSING if load_flow(context) is not None else END
    if not parsed.looks_like_episode and not forced:
        await answer_question(update, context)
        # A question typed in the middle of a flow is answered and the flow stays open.
        return CHOOSING if load_flow(context) is not None else END
    draft = parsed.draft
    if draft.missing_required():
        await _show(update, context, flow.new_flow(draft), moment, new=True)
        return CHOOSING
    episode = await _save(context, profile, moment, draft, f"msg:{message.message_id}", None)
    assert episode is not None
    await message.reply_text(saved_text(episode, moment.now), reply_markup=saved_markup(episode.id))
    await after_episode_saved(update, context, episode)
    return END


async def plain_text(update: Update, context: Context) -> int:
    message = update.effective_message
    assert message is not None and message.text is not None
    return await log_line(update, context, message.text, forced=False)


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
        return END
    if button.action == "save":
        return await _save_flow(update, context, state)
    if button.action == "type":
        if button.value not in TYPING_PROMPTS:
            await answer_expired(update)
            return CHOOSING
        state.typing = button.value
        save_flow(context, state)
        await query.answer()
        await query.edit_message_text(TYPING_PROMPTS[button.value])
        return TYPING
    _profile, moment = await _moment(update, context)
    try:
        state = flow.step(state, button.action, button.value, moment)
    except FlowError:  # forged or outdated data: change nothing
        await answer_expired(update)
        return CHOOSING
    await query.answer()
    await _show(update, context, state, moment, new=False)
    return CHOOSING


async def _save_flow(update: Update, context: Context, state: FlowState) -> int:
    query = update.callback_query
    assert query is not None
    if state.draft.missing_required():
        await query.answer("Pick where it was and how strong first.")
        return CHOOSING
    profile, moment = await _moment(update, context)
    episode = await _save(context, profile, moment, state.draft, f"flow:{state.flow}", state.editing)
    drop_flow(context)
    if episode is None:  # edited entry deleted meanwhile
        await query.answer("That entry no longer exists.")
        await query.edit_message_text(NOT_SAVED)
        return END
    await query.answer("Saved")
    text = saved_text(episode, moment.now, updated=state.editing is not None)
    await query.edit_message_text(text, reply_markup=saved_markup(episode.id))
    await after_episode_saved(update, context, episode)
    return END


def _typed_into(draft: EpisodeDraft, what: str, text: str, moment: Moment) -> str | None:
    """Fill one field from typed text; what to tell the person when it could not be read."""
    if what == "notes":
        draft.notes = flow.clean_notes(text) or None
        return None
    parsed = _parse(text[:TYPED_MAX_CHARS], moment)
    if what in ("time", "duration") and parsed.refusal is not None:
        return parsed.refusal  # "-5 min", "1 Jan 1900": ask again rather than keep a misreading
    if what == "time" and "started_at" in parsed.understood:
        draft.started_at, draft.nocturnal = parsed.draft.started_at, parsed.draft.nocturnal or None
    elif what == "duration" and (parsed.draft.duration_seconds is not None or parsed.draft.ongoing):
        draft.duration_seconds, draft.ongoing = parsed.draft.duration_seconds, parsed.draft.ongoing
    elif what == "trigger":
        draft.trigger_text = flow.typed_trigger(text)
        draft.triggers += [t for t in parsed.draft.triggers if t not in draft.triggers]
    else:
        return "Sorry, I couldn't read that."
    return None


async def typed_value(update: Update, context: Context) -> int:
    message = update.effective_message
    state = load_flow(context)
    assert message is not None and message.text is not None
    if state is None:
        return END
    what = state.typing or "notes"
    _profile, moment = await _moment(update, context)
    problem = _typed_into(state.draft, what, message.text, moment)
    if problem is not None:
        await message.reply_text(problem + "\n\n" + TYPING_PROMPTS[what])
        return TYPING
    state.typing, state.screen = None, "review"
    await _show(update, context, state, moment, new=True)
    return CHOOSING


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
    _profile, moment = await _moment(update, context)
    state = flow.new_flow(draft_from_episode(episode), editing=episode.id, screen="review")
    await _show(update, context, state, moment, new=False)
    return CHOOSING


def register(application: Application) -> None:
    text = filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND
    # Re-entry is explicit per state: with allow_reentry the plain-text entry point would take the
    # text typed as a note or a time before the state's own handler could.
    restart: list[Handler] = [
        CommandHandler("log", start_log),
        CallbackQueryHandler(edit_entry, pattern=r"^ep:(edit|more):"),
        CallbackQueryHandler(start_from_reminder, pattern=r"^rm:(log|nightlog)(:|$)"),
    ]
    buttons: Handler = CallbackQueryHandler(flow_button, pattern=r"^lg:")
    typed: Handler = MessageHandler(text, typed_value)
    plain: Handler = MessageHandler(text, plain_text)
    application.add_handler(
        ConversationHandler(
            entry_points=[*restart, plain],
            states={
                # Typing a new episode line mid-flow starts over with that line.
                CHOOSING: [buttons, *restart, plain],
                TYPING: [typed, buttons, *restart],
                ConversationHandler.TIMEOUT: [TypeHandler(Update, flow_timed_out)],
            },
            fallbacks=[CommandHandler("cancel", cancel_flow), MessageHandler(filters.COMMAND, leave_flow)],
            name="log",
            persistent=True,
            conversation_timeout=FLOW_TIMEOUT,
        )
    )
