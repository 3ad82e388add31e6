"""Typed text and the /log flow: a line with no step open is routed by what it wants
(bot/intents); a line typed while the flow asks something is read as the answer when it is one
(bot/intents/answers.py: "7", "SEVEN", "the left one", "about 3am", "2 min"), merged into the draft
without losing what was chosen; anything else leaves the step and is handled as if none were open,
and the unsaved entry waits (/log finishes it). After an emergency or urgent safety reply no form
follows: the entry is kept for later."""

from __future__ import annotations

from dataclasses import replace

from telegram import Update

from bot.episodes import flow
from bot.episodes.flow import FlowState
from bot.episodes.parse import ParseResult
from bot.episodes.textscan import normalize
from bot.intents import IntentKind, classify
from bot.intents.answers import NO, YES, next_screen, read_answer
from handlers import log_relief
from handlers.common import END, Context, answer_expired, reply
from handlers.flowstate import load_flow, save_flow
from handlers.intents import respond, take_pending
from handlers.log_confirm import after_open_flow_saved, ask_same_first, save_confirmed, save_open_flow
from handlers.log_io import (
    ALARM_TIERS,
    CHOOSING,
    KEPT_FOR_LATER,
    LINE_MAX_CHARS,
    log_line,
    moment_of,
    parse_line,
    read_back,
    show,
)
from handlers.log_zone import city_zone, move_to_zone, set_zone, take_zone_entry

TYPED_MAX_CHARS = 500
STILL_HERE = "📝 Your unsaved entry is still here: /log to finish it."
CONFIRM_TAP = "Tap a button above: ✅ to save it as shown, ✏️ Fix it to change it, or ✖ Don't save."
ONE_WAITS = (
    "Tap an answer above first: your earlier message is waiting for it. This one was not logged, "
    "so send it again after."
)
EDIT_SET_ASIDE = "(I left the changes you were making: that entry stays as it was saved.)"
SAME_SET_ASIDE = "(I left the “same episode?” question: the earlier entry stays as it was saved.)"
MESSAGE_SET_ASIDE = "(I left the question about your earlier message: nothing from it was saved.)"
TAP_OR_TYPE = "Tap an answer above, or type it (like “7” or “the left one”)."


def _after_alarm(context: Context) -> bool:
    return context.safety_tier in ALARM_TIERS


async def plain_text(update: Update, context: Context) -> int:
    """A typed line with no step open."""
    message = update.effective_message
    assert message is not None and message.text is not None
    text = message.text[:LINE_MAX_CHARS]
    if await _answers_zone_question(update, context, text):
        return END
    _profile, moment = await moment_of(update, context)
    parsed = parse_line(text, moment)
    intent = classify(text, parsed)
    unfinished = intent.kind is IntentKind.AMBIGUOUS or (
        intent.kind is IntentKind.EPISODE and parsed.draft.missing_required()
    )
    if unfinished and _after_alarm(context):
        return await _keep_for_later(update, context, parsed)
    if intent.kind is IntentKind.EPISODE or (
        parsed.refusal is not None and (parsed.looks_like_episode or parsed.understood)
    ):
        return await log_line(update, context, text)
    await respond(update, context, intent, text)
    if intent.kind is IntentKind.FOREIGN and parsed.draft.intensity is not None:
        # the number-based part still works: the flow opens with the intensity, buttons for the rest
        await show(update, context, flow.new_flow(replace(parsed.draft, region=None)), moment, new=True)
        return CHOOSING
    return CHOOSING if load_flow(context) is not None else END


async def _answers_zone_question(update: Update, context: Context, text: str) -> bool:
    """A city typed right after "which city are you in?": the zone is set and the entry moved to it.
    Anything else leaves the question (the entry stays in the default zone) and is handled as usual."""
    pending = take_zone_entry(context)
    zone = city_zone(text) if pending is not None else None
    if pending is None or zone is None:
        return False
    profile = await context.ensure_profile(update)
    if profile.timezone is not None:  # set meanwhile ("Keep", /timezone): nothing to move
        return False
    await set_zone(update, context, zone)
    profile = await context.ensure_profile(update)
    now = context.services.clock.now()
    for episode in await move_to_zone(context, profile, pending, zone):
        text, markup = await read_back(context, profile, episode, now, updated=True)
        await reply(update, text, reply_markup=markup)
    return True


async def _keep_for_later(update: Update, context: Context, parsed: ParseResult) -> int:
    """After an emergency reply no form: what the line said is kept as an unsaved entry."""
    if parsed.refusal is not None or (parsed.draft.region is None and parsed.draft.intensity is None):
        return END
    save_flow(context, flow.new_flow(parsed.draft))
    await reply(update, KEPT_FOR_LATER)
    return CHOOSING


async def flow_text(update: Update, context: Context) -> int:
    """A typed line while the flow's question is open."""
    message = update.effective_message
    state = load_flow(context)
    assert message is not None and message.text is not None
    if state is None:
        return await plain_text(update, context)
    if _after_alarm(context):  # no form after an emergency reply: the draft waits
        return await _not_an_answer(update, context, message.text, alarm=True)
    if state.screen == "confirm":
        return await _confirm_typed(update, context, state, message.text)
    profile, moment = await moment_of(update, context)
    answer = read_answer(state.draft, state.screen, message.text[:TYPED_MAX_CHARS], moment)
    if answer is None:
        return await _not_an_answer(update, context, message.text)
    if answer.yes_no:
        await message.reply_text(TAP_OR_TYPE)
        return CHOOSING
    state = replace(state, draft=answer.draft, screen=next_screen(answer, state.screen), typing=None)
    state = await log_relief.typed_took(context, profile.user_id, state, message.text[:TYPED_MAX_CHARS])
    if answer.save:
        return await save_typed(update, context, state)
    await show(update, context, state, moment, new=True)
    return CHOOSING


async def _confirm_typed(update: Update, context: Context, state: FlowState, text: str) -> int:
    """ "yes" under "Did I get this right?" saves like ✅; "no" points at the buttons; anything
    else leaves the question (no trap) and the entry waits."""
    norm = normalize(text[:TYPED_MAX_CHARS])
    if YES.match(norm) and not state.queue and state.count is None:
        return await save_confirmed(update, context, state, "one")
    if YES.match(norm) or NO.match(norm):
        await reply(update, CONFIRM_TAP)
        return CHOOSING
    return await _not_an_answer(update, context, text)


async def _not_an_answer(update: Update, context: Context, text: str, *, alarm: bool = False) -> int:
    """Leave the step: a new episode line starts over with it (after "save or drop the open draft
    first?" when one with a place is open); anything else is handled as if no step were open, and
    the draft waits."""
    intent = classify(text[:LINE_MAX_CHARS])
    if intent.kind in (IntentKind.EPISODE, IntentKind.AMBIGUOUS) and alarm:
        await reply(update, STILL_HERE)
        return CHOOSING
    state = load_flow(context)
    if intent.kind is IntentKind.EPISODE and state is not None and _worth_asking(state):
        # the open draft is not replaced unseen: "save it or drop it first?", then this line
        if state.screen == "aside" and state.next_line:  # one line waits at a time; say so
            await reply(update, ONE_WAITS)
            return CHOOSING
        asked = replace(state, screen="aside", typing=None, next_line=text[:LINE_MAX_CHARS])
        await show(update, context, asked, (await moment_of(update, context))[1], new=True)
        return CHOOSING
    if intent.kind is IntentKind.EPISODE:
        set_aside = _set_aside_note(state)
        if set_aside is not None:
            await reply(update, set_aside)
        return await log_line(update, context, text)
    if state is not None and state.typing is not None:
        save_flow(context, replace(state, typing=None, screen="review"))
    await respond(update, context, intent, text)
    await reply(update, STILL_HERE)
    return CHOOSING


def _set_aside_note(state: FlowState | None) -> str | None:
    """What a new line leaves behind when no question is asked about it: said in a few words, never
    dropped unseen. None when there was nothing unsaved of that kind."""
    if state is None:
        return None
    if state.editing is not None:
        return EDIT_SET_ASIDE
    if state.same_as is not None:
        return SAME_SET_ASIDE
    if state.queue or state.count is not None:
        return MESSAGE_SET_ASIDE
    return None


def _worth_asking(state: FlowState) -> bool:
    """A new entry of its own with a place chosen. Not asked: a message of several episodes (it has its
    own question), and "same episode?" (a saved entry of that place already holds it)."""
    if state.editing is not None or state.same_as is not None or state.queue or state.count is not None:
        return False
    return state.draft.region is not None


async def save_typed(update: Update, context: Context, state: FlowState) -> int:
    """ "yes" typed on the review screen: the same save as the 💾 button."""
    message = update.effective_message
    assert message is not None
    if state.draft.missing_required():
        await show(update, context, state, (await moment_of(update, context))[1], new=True)
        return CHOOSING
    profile, moment = await moment_of(update, context)
    if await ask_same_first(update, context, state, profile, moment):
        return CHOOSING
    episode = await save_open_flow(context, state, profile, moment)
    if episode is None:
        await message.reply_text("That entry no longer exists. Nothing was saved.")
        return END
    text, markup = await read_back(context, profile, episode, moment.now, updated=state.editing is not None)
    await message.reply_text(text, reply_markup=markup)
    return await after_open_flow_saved(update, context, state, profile, episode, moment)


async def log_pending(update: Update, context: Context) -> int:
    """ "📝 Log it" under "log this, or answer it?"."""
    text = take_pending(update, context, "log")
    if text is None:
        await answer_expired(update)
        return CHOOSING if load_flow(context) is not None else END
    await update.callback_query.answer()  # type: ignore[union-attr]
    return await log_line(update, context, text)
