"""The /log step that waits for a typed value (a time, a duration, a trigger, a note) after its button
was tapped. Text that is not such a value leaves the step and is read like any line
(handlers/diary_text.py), so the step never traps."""

from __future__ import annotations

from dataclasses import replace

from telegram import Update

from bot.episodes import flow
from bot.episodes.flow import Moment
from bot.episodes.model import EpisodeDraft
from handlers.common import END, Context
from handlers.diary_text import TYPED_MAX_CHARS, flow_text
from handlers.flowstate import load_flow, save_flow
from handlers.log_io import CHOOSING, TYPING, moment_of, parse_line, show
from handlers.log_screens import TYPING_PROMPTS

NOT_READ = "not read"


def _typed_into(draft: EpisodeDraft, what: str, text: str, moment: Moment) -> str | None:
    """Fill one field from typed text; what to tell the person when it could not be read."""
    if what == "notes":
        draft.notes = flow.clean_notes(text) or None
        return None
    parsed = parse_line(text[:TYPED_MAX_CHARS], moment)
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
        return NOT_READ
    return None


async def typed_value(update: Update, context: Context) -> int:
    message = update.effective_message
    state = load_flow(context)
    assert message is not None and message.text is not None
    if state is None:
        return END
    what = state.typing or "notes"
    _profile, moment = await moment_of(update, context)
    problem = _typed_into(state.draft, what, message.text, moment)
    if problem == NOT_READ:  # not a time or a duration: leave the step, read it like any line
        save_flow(context, replace(state, typing=None, screen="review"))
        return await flow_text(update, context)
    if problem is not None:
        await message.reply_text(problem + "\n\n" + TYPING_PROMPTS[what])
        return TYPING
    state.typing, state.screen = None, "review"
    await show(update, context, state, moment, new=True)
    return CHOOSING
