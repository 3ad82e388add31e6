"""The questions asked before saving: "Did I get this right?" (what the parser guessed, two episodes
in one message, a count like "3 times") and "Is this the same episode?" (a saved entry of the same
place within 30 minutes). The pending question lives in the persisted flow state
(bot/episodes/flow.py), so a restart between the question and the tap loses nothing."""

from __future__ import annotations

from dataclasses import replace

from telegram import Update

from bot.episodes import flow
from bot.episodes.flow import FlowState, Moment
from bot.episodes.model import Episode
from bot.storage.users import UserProfile
from handlers import log_relief
from handlers.common import END, Context
from handlers.flowstate import drop_flow
from handlers.log_io import (
    CHOOSING,
    after_saved,
    moment_of,
    read_back,
    same_place_nearby,
    save_draft,
    show,
)

CONFIRM_VALUES = frozenset({"all", "first", "one"})
NEXT_REASON = "The next episode from your message, not saved yet:"


def drafts_to_save(state: FlowState, value: str) -> list[flow.EpisodeDraft]:
    """ "all": every episode of the message, or the count's copies; "first"/"one": the shown one."""
    if value == "all" and state.count is not None:
        return flow.count_copies(state.draft, state.count)
    if value == "all":
        return [state.draft, *state.queue]
    return [state.draft]


async def save_confirmed(update: Update, context: Context, state: FlowState, value: str) -> int:
    """A confirming tap (or a typed "yes"): each episode saved as its own entry, each read back."""
    profile, moment = await moment_of(update, context)
    base = state.key or f"flow:{state.flow}"
    drop_flow(context)
    saved: list[Episode] = []
    for index, draft in enumerate(drafts_to_save(state, value)):
        key = base if index == 0 else f"{base}:{index + 1}"
        episode = await save_draft(context, profile, moment, draft, key, None)
        if episode is not None:
            saved.append(episode)
    query = update.callback_query
    if query is not None:
        await query.answer("Saved")
    for index, episode in enumerate(saved):
        text, markup = await read_back(context, profile, episode, moment.now, ask_zone=index == 0)
        if index == 0 and query is not None and query.message is not None:
            await query.edit_message_text(text, reply_markup=markup)
        else:
            chat = update.effective_chat
            assert chat is not None
            await chat.send_message(text, reply_markup=markup)
    if saved:
        await after_saved(update, context, profile, saved[0], line=state.line, saved=saved)
    return END


async def save_open_flow(
    context: Context, state: FlowState, profile: UserProfile, moment: Moment
) -> Episode | None:
    """💾 Save, or "yes" typed on the review screen: the open draft saved once, under the key of the
    message it came from (else the flow's own), and the flow closed. None: the edited entry is gone."""
    key = state.key or f"flow:{state.flow}"
    episode = await save_draft(context, profile, moment, state.draft, key, state.editing)
    drop_flow(context)
    return episode


async def after_open_flow_saved(
    update: Update, context: Context, state: FlowState, profile: UserProfile, episode: Episode, moment: Moment
) -> int:
    """After its read-back: the diary's notes, the relief doses chosen in the flow, then the message's
    next episode when "Fix it" was chosen on several (CHOOSING), else END."""
    await after_saved(update, context, profile, episode, line=state.line)
    await log_relief.after_saved(update, context, profile.user_id, state, episode)
    if state.queue:
        await show_next_of_message(update, context, state, moment)
        return CHOOSING
    return END


async def ask_same_first(
    update: Update, context: Context, state: FlowState, profile: UserProfile, moment: Moment
) -> bool:
    """A new entry near a saved one of the same place: ask "same episode?" once before saving."""
    if state.editing is not None or state.same_as is not None:
        return False
    same = await same_place_nearby(context, profile.user_id, state.draft)
    if same is None:
        return False
    asked = replace(state, same_as=same, screen="review", typing=None)
    await show(update, context, asked, moment, new=update.callback_query is None)
    return True


async def show_next_of_message(update: Update, context: Context, state: FlowState, moment: Moment) -> None:
    """After "Fix it" and a save: the message's other episodes are asked about next."""
    if not state.queue:
        return
    base = state.key or f"flow:{state.flow}"
    rest = flow.confirm_flow(list(state.queue), [NEXT_REASON], count=None, key=f"{base}:2")
    await show(update, context, rest, moment, new=True)
