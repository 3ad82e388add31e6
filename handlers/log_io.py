"""What the /log handlers share: the moment of an update, showing the flow's message, saving a
draft, and logging one typed line. Split from handlers/diary.py (buttons) and
handlers/diary_text.py (typed text) so each stays small."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardMarkup, Update

from bot.episodes import flow
from bot.episodes.flow import FlowState, Moment
from bot.episodes.guesses import read_message
from bot.episodes.model import Episode, EpisodeDraft
from bot.episodes.parse import LINE_MAX_CHARS, ParseResult, parse_episode_line
from bot.storage.users import UserProfile
from handlers.common import END, Context, reply
from handlers.entry_buttons import saved_markup, saved_text
from handlers.flowstate import load_flow, save_flow
from handlers.log_screens import render
from handlers.log_zone import ZONE_ASK, remember_zone_question, with_keep_button, zone_question_due
from handlers.safety import after_episode_saved

CHOOSING, TYPING = range(2)
ALARM_TIERS = frozenset({"emergency", "urgent"})
KEPT_FOR_LATER = "📝 I kept what you wrote as an unsaved entry: /log to finish it when you can."
ZONE_QUESTION = (
    "🕑 I don't know your time zone yet, so I used {zone} for this entry. Tell me your city once and "
    "times will match your day: for example /timezone Madrid"
)


async def moment_of(update: Update, context: Context) -> tuple[UserProfile, Moment]:
    profile = await context.ensure_profile(update)
    zone = context.services.zone_of(profile)
    now = context.services.clock.now()
    return profile, Moment(now, ZoneInfo(zone), profile.sleep_start, profile.sleep_end)


def parse_line(text: str, moment: Moment) -> ParseResult:
    return parse_episode_line(
        text, now=moment.now, tz=moment.tz, sleep_start=moment.sleep_start, sleep_end=moment.sleep_end
    )


async def show(update: Update, context: Context, state: FlowState, moment: Moment, *, new: bool) -> None:
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


async def save_draft(
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


async def after_saved(
    update: Update,
    context: Context,
    profile: UserProfile,
    episode: Episode,
    *,
    line: str | None = None,
    saved: list[Episode] | None = None,
) -> None:
    """After the read-back: the diary's safety note, and — once — the time-zone question for someone
    who has not set one (the entry is already saved; nothing is lost by asking). `line`: the typed
    line the entries (`saved`, else `episode`) come from, read again in the zone the person gives."""
    await after_episode_saved(update, context, episode)
    remember_zone_question(context, profile, saved or [episode], line)


async def read_back(
    context: Context,
    profile: UserProfile,
    episode: Episode,
    now: datetime,
    *,
    updated: bool = False,
    ask_zone: bool = True,
) -> tuple[str, InlineKeyboardMarkup]:
    """The saved entry as stored, with its buttons. For someone without a time zone, the first saved
    entry also asks for their city, once (ZONE_ASK, a "Keep" button); after that their first entry
    carries a note. The entry is already saved: nothing is lost by asking."""
    text, markup = saved_text(episode, now, updated=updated), saved_markup(episode.id)
    if profile.timezone is None and not updated:
        if zone_question_due(context, profile):
            if ask_zone:
                text += "\n\n" + ZONE_ASK.format(zone=episode.timezone)
                markup = with_keep_button(markup, episode.timezone)
        else:
            _first, total = await context.services.episodes.page(profile.user_id, offset=0, limit=1)
            if total == 1:
                text += "\n\n" + ZONE_QUESTION.format(zone=episode.timezone)
    return text, markup


async def same_place_nearby(context: Context, user_id: int, draft: EpisodeDraft) -> int | None:
    """The id of a saved entry for the same place within SAME_EPISODE_WINDOW of the draft's start."""
    if draft.started_at is None:
        return None
    window = flow.SAME_EPISODE_WINDOW
    nearby = await context.services.episodes.all_for_user(
        user_id, since=draft.started_at - window, until=draft.started_at + window + timedelta(seconds=1)
    )
    return next((e.id for e in reversed(nearby) if e.region == draft.region), None)


def _noted(parsed: ParseResult) -> EpisodeDraft:
    draft = parsed.draft
    if parsed.leftover and not draft.notes:
        draft.notes = parsed.leftover  # nothing typed is dropped unseen: the read-back shows it
    return draft


async def _ask(update: Update, context: Context, state: FlowState, moment: Moment) -> int:
    """A question before saving; right after an emergency or urgent safety reply no form is shown:
    the entry waits, unsaved, for /log."""
    if context.safety_tier in ALARM_TIERS:
        save_flow(context, state)
        await reply(update, KEPT_FOR_LATER)
        return CHOOSING
    await show(update, context, state, moment, new=True)
    return CHOOSING


async def log_line(update: Update, context: Context, text: str) -> int:
    """Log one typed line: saved at once when complete and nothing was guessed; "Did I get this
    right?" first when the parser guessed (bot/episodes/guesses.py); "same episode?" near a saved
    entry of the same place; else the flow opens at what is missing."""
    message = update.effective_message
    assert message is not None
    line = text[:LINE_MAX_CHARS]
    profile, moment = await moment_of(update, context)
    reading = read_message(line, lambda part: parse_line(part, moment))
    if reading.whole.refusal is not None:
        await message.reply_text(reading.whole.refusal)  # "-5 min", "1 Jan 1900": never log a misreading
        return CHOOSING if load_flow(context) is not None else END
    drafts = [_noted(parsed) for parsed in reading.episodes]
    draft = drafts[0]
    if draft.missing_required():
        await show(update, context, flow.new_flow(draft), moment, new=True)
        return CHOOSING
    key = f"msg:{message.message_id}"
    if reading.reasons:
        state = flow.confirm_flow(drafts, list(reading.reasons), count=reading.count, key=key, line=line)
        return await _ask(update, context, state, moment)
    same = await same_place_nearby(context, profile.user_id, draft)
    if same is not None:  # maybe the same episode told twice: ask
        state = flow.new_flow(draft, screen="review")
        state.same_as, state.key, state.line = same, key, line
        return await _ask(update, context, state, moment)
    episode = await save_draft(context, profile, moment, draft, key, None)
    assert episode is not None
    said, markup = await read_back(context, profile, episode, moment.now)
    await message.reply_text(said, reply_markup=markup)
    await after_saved(update, context, profile, episode, line=line)
    return END
