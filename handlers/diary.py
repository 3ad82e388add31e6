"""Logging an episode: the guided flow (/log, one message edited in place), one-line logging
(`/log left calf 7/10` or a plain message that reads like one), and the buttons on a saved entry
(edit, delete, add details). Plain text that is not an episode goes on to the FAQ.

Minimal entry in three taps after /log: region → intensity → Save ("now" is the default time).
Flow buttons carry the flow's id (`lg:<flow>:<action>[:<value>]`); a button from an older flow
answers "expired". Entry buttons carry the entry id and are checked against the presser.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.episodes import flow
from bot.episodes.describe import draft_details, episode_line
from bot.episodes.model import Episode, EpisodeDraft
from bot.episodes.parse import parse_episode_line
from bot.episodes.vocabulary import (
    HELPED_LABELS,
    KIND_LABELS,
    REGION_LABELS,
    RELIEF_LABELS,
    SYMPTOM_LABELS,
    TRIGGER_LABELS,
    Helped,
    Kind,
    Region,
    Relief,
    Side,
    Symptom,
    Trigger,
)
from bot.services import Services, services
from bot.storage.episodes import draft_from_episode
from bot.storage.users import UserProfile
from handlers.common import END, Context, answer_expired, leave_flow_for_command, reply, user_id_of
from handlers.safety import after_episode_saved

CHOOSING, TYPING = range(2)
DEFAULT_SLEEP_START, DEFAULT_SLEEP_END = time(22, 0), time(7, 0)
FLOW_KEY = "log"
NOT_SAVED = "Not saved. Nothing was recorded."
TYPING_PROMPTS = {
    "notes": "Type your note (up to 1,000 characters). /cancel to stop.",
    "time": "When did it start? For example “yesterday 23:30”, “20 minutes ago” or “at 3am”.",
    "duration": "How long did it last? For example “45 s”, “2 min” or “still going”.",
    "trigger": "What do you think set it off? Type it in a few words.",
}

Markup = InlineKeyboardMarkup
AnswerQuestion = Callable[[Update, Context], Any]
_answer_question: AnswerQuestion | None = None  # set by handlers.faq: where non-episode text goes


def set_question_handler(answer: AnswerQuestion) -> None:
    global _answer_question
    _answer_question = answer


# ----- state kept between taps (in persisted user_data) ------------------------------------------


def _state(context: Context) -> dict[str, Any] | None:
    assert context.user_data is not None
    found = context.user_data.get(FLOW_KEY)
    return found if isinstance(found, dict) else None


def _start_state(context: Context, draft: EpisodeDraft, editing: int | None = None) -> dict[str, Any]:
    assert context.user_data is not None
    state = {"flow": secrets.token_hex(3), "draft": flow.draft_to_json(draft), "editing": editing}
    context.user_data[FLOW_KEY] = state
    return state


def _end_state(context: Context) -> None:
    assert context.user_data is not None
    context.user_data.pop(FLOW_KEY, None)


def _draft(state: dict[str, Any]) -> EpisodeDraft:
    return flow.draft_from_json(state["draft"])


def _store(state: dict[str, Any], draft: EpisodeDraft) -> None:
    state["draft"] = flow.draft_to_json(draft)


# ----- screens ---------------------------------------------------------------------------------


def _button(state: dict[str, Any], label: str, action: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=f"lg:{state['flow']}:{action}")


def _rows(buttons: Sequence[InlineKeyboardButton], per_row: int) -> list[list[InlineKeyboardButton]]:
    return [list(buttons[i : i + per_row]) for i in range(0, len(buttons), per_row)]


def _checked(label: str, on: bool) -> str:
    return f"✓ {label}" if on else label


def _side_row(state: dict[str, Any], draft: EpisodeDraft) -> list[InlineKeyboardButton]:
    sides = [(Side.LEFT, "Left"), (Side.RIGHT, "Right"), (Side.BOTH, "Both")]
    return [
        _button(state, _checked(label, draft.side is side), f"side:{side.value}") for side, label in sides
    ]


def render(state: dict[str, Any], screen: str, zone: str, now: datetime) -> tuple[str, Markup]:
    """Text and buttons of one screen of the flow."""
    draft = _draft(state)
    state["screen"] = screen
    summary = draft_details(draft, zone, now)
    b = lambda label, action: _button(state, label, action)  # noqa: E731 - local shorthand
    back = [b("◀ Back", "go:review")] if draft.region and draft.intensity is not None else []
    cancel = b("✖ Cancel", "cancel")
    if screen == "region":
        regions = [b(REGION_LABELS[r].capitalize(), f"reg:{r.value}") for r in Region]
        rows = [*_rows(regions, 3), [b("🕑 Change time", "go:when"), cancel]]
        return f"Where was it?\n\n{summary}", Markup(rows)
    if screen == "intensity":
        numbers = [b(str(n), f"int:{n}") for n in range(11)]
        rows = [numbers[:6], numbers[6:], _side_row(state, draft), [*back, cancel]]
        return f"How strong, from 0 (none) to 10 (worst imaginable)? Side is optional.\n\n{summary}", Markup(
            rows
        )
    if screen == "review":
        rows = [
            [b("💾 Save", "save")],
            [b("⏱ Duration", "go:duration"), b("🏷 Kind", "go:kind"), b("⚡ Triggers", "go:triggers")],
            [b("🤕 Symptoms", "go:symptoms"), b("🩹 Relief", "go:relief"), b("📝 Notes", "type:notes")],
            [b("🕑 Time", "go:when"), b("📍 Place", "go:region"), b("🎚 Strength", "go:intensity")],
            [cancel],
        ]
        title = "Save this entry, or add details first:" if not state.get("editing") else "Edit, then save:"
        return f"{title}\n\n{summary}", Markup(rows)
    if screen == "when":
        choices = [b(label, f"when:{key}") for key, label in flow.WHEN_LABELS.items()]
        rows = [*_rows(choices, 2), [b("⌨ Type it", "type:time"), *back]]
        return f"When did it start?\n\n{summary}", Markup(rows)
    if screen == "duration":
        choices = [b(label, f"dur:{key}") for key, label in flow.DURATION_LABELS.items()]
        rows = [*_rows(choices, 3), [b("Still going", "dur:ongoing"), b("⌨ Type it", "type:duration")], back]
        return f"How long did it last?\n\n{summary}", Markup(rows)
    if screen == "kind":
        rows = [*_rows([b(KIND_LABELS[k].capitalize(), f"kind:{k.value}") for k in Kind], 2), back]
        return f"What kind was it?\n\n{summary}", Markup(rows)
    if screen == "triggers":
        toggles = [b(_checked(TRIGGER_LABELS[t], t in draft.triggers), f"trg:{t.value}") for t in Trigger]
        rows = [*_rows(toggles, 2), [b("⌨ Other", "type:trigger"), b("✓ Done", "go:review")]]
        return f"What might have set it off? Tap all that apply.\n\n{summary}", Markup(rows)
    if screen == "symptoms":
        toggles = [b(_checked(SYMPTOM_LABELS[s], s in draft.symptoms), f"sym:{s.value}") for s in Symptom]
        rows = [*_rows(toggles, 3), [b("✓ Done", "go:review")]]
        return f"Anything else with it? Tap all that apply.\n\n{summary}", Markup(rows)
    if screen == "relief":
        toggles = [b(_checked(RELIEF_LABELS[r], r in draft.relief), f"rel:{r.value}") for r in Relief]
        rows = [*_rows(toggles, 3), [b("✓ Done", "reldone")]]
        return f"What did you try for relief? Tap all that apply.\n\n{summary}", Markup(rows)
    if screen == "helped":
        rows = [
            [b(HELPED_LABELS[h].capitalize(), f"hlp:{h.value}") for h in Helped],
            [b("Skip", "go:review")],
        ]
        return f"Did it help?\n\n{summary}", Markup(rows)
    raise ValueError(f"unknown screen {screen}")


def _first_screen(draft: EpisodeDraft) -> str:
    if draft.region is None:
        return "region"
    if draft.intensity is None:
        return "intensity"
    return "review"


# ----- applying a tap ------------------------------------------------------------------------------


def apply_action(
    draft: EpisodeDraft, action: str, value: str, *, now: datetime, tz: ZoneInfo, profile: UserProfile | None
) -> tuple[EpisodeDraft, str | None]:
    """Change the draft for one tap. Returns (draft, next screen or None to stay)."""
    sleep_start = profile.sleep_start if profile else DEFAULT_SLEEP_START
    sleep_end = profile.sleep_end if profile else DEFAULT_SLEEP_END
    if action == "reg":
        draft.region = Region(value)
        return draft, _first_screen(draft)
    if action == "side":
        side = Side(value)
        draft.side = None if draft.side is side else side
        return draft, None
    if action == "int":
        intensity = int(value)
        if not 0 <= intensity <= 10:
            raise ValueError("intensity out of range")
        draft.intensity = intensity
        return draft, _first_screen(draft)
    if action == "when":
        draft.started_at = flow.when_choice(value, now, tz, sleep_start, sleep_end)
        draft.nocturnal = True if value == "night" else None
        return draft, _first_screen(draft)
    if action == "dur":
        if value == "ongoing":
            draft.duration_seconds, draft.ongoing = None, True
        else:
            draft.duration_seconds, draft.ongoing = flow.DURATION_CHOICES[value], False
        return draft, "review"
    if action == "kind":
        draft.kind = Kind(value)
        return draft, "review"
    if action == "trg":
        draft.triggers = flow.toggle(draft.triggers, Trigger(value))
        return draft, None
    if action == "sym":
        draft.symptoms = flow.toggle(draft.symptoms, Symptom(value))
        return draft, None
    if action == "rel":
        draft.relief = flow.toggle_relief(draft.relief, Relief(value))
        if not draft.relief or draft.relief == [Relief.NOTHING]:
            draft.relief_helped = None
        return draft, None
    if action == "reldone":
        tried = [r for r in draft.relief if r is not Relief.NOTHING]
        return draft, "helped" if tried else "review"
    if action == "hlp":
        draft.relief_helped = Helped(value)
        return draft, "review"
    if action == "go":
        return draft, value
    raise ValueError(f"unknown action {action}")


# ----- Telegram side ---------------------------------------------------------------------------


async def _context_values(update: Update, context: Context) -> tuple[Services, UserProfile, str, datetime]:
    svc = services(context)
    chat = update.effective_chat
    assert chat is not None
    now = svc.clock.now()
    profile = await svc.users.ensure(user_id_of(update), chat.id, now)
    return svc, profile, svc.zone_of(profile), now


async def _show(
    update: Update, state: dict[str, Any], screen: str, zone: str, now: datetime, *, new: bool
) -> None:
    text, markup = render(state, screen, zone, now)
    query = update.callback_query
    if not new and query is not None and query.message is not None:
        await query.edit_message_text(text, reply_markup=markup)
        return
    chat = update.effective_chat
    assert chat is not None
    sent = await chat.send_message(text, reply_markup=markup)
    state["message_id"] = sent.message_id


def _saved_markup(episode_id: int) -> Markup:
    return Markup(
        [
            [
                InlineKeyboardButton("✏️ Edit", callback_data=f"ep:edit:{episode_id}"),
                InlineKeyboardButton("🗑 Delete", callback_data=f"ep:del:{episode_id}"),
                InlineKeyboardButton("➕ Add details", callback_data=f"ep:more:{episode_id}"),
            ]
        ]
    )


def saved_text(episode: Episode, now: datetime, *, updated: bool = False) -> str:
    head = "✅ Changes saved:" if updated else "✅ Saved:"
    details = draft_details(draft_from_episode(episode), episode.timezone, now)
    return f"{head} {episode_line(episode, now)}\n\n{details}"


async def _save(
    svc: Services,
    profile: UserProfile,
    zone: str,
    now: datetime,
    draft: EpisodeDraft,
    client_key: str,
    editing: int | None,
) -> Episode | None:
    nocturnal = flow.decide_nocturnal(draft, zone, profile.sleep_start, profile.sleep_end)
    if editing is not None:
        return await svc.episodes.update(profile.user_id, editing, draft, nocturnal=nocturnal, now=now)
    episode, _created = await svc.episodes.add(
        profile.user_id, draft, zone=zone, nocturnal=nocturnal, client_key=client_key, now=now
    )
    return episode


async def start_log(update: Update, context: Context) -> int:
    """/log alone opens the guided flow; /log <text> logs one line."""
    text = " ".join(context.args or [])
    if text:
        return await log_line(update, context, text, forced=True)
    _svc, _profile, zone, now = await _context_values(update, context)
    state = _start_state(context, EpisodeDraft(started_at=now.astimezone(ZoneInfo(zone))))
    await _show(update, state, "region", zone, now, new=True)
    return CHOOSING


async def start_from_reminder(update: Update, context: Context) -> int:
    """🌙 buttons on the night prompt (now) and the morning check-in (last night)."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    _svc, profile, zone, now = await _context_values(update, context)
    draft = EpisodeDraft(started_at=now.astimezone(ZoneInfo(zone)))
    if query.data == "rm:nightlog":
        draft, _screen = apply_action(draft, "when", "night", now=now, tz=ZoneInfo(zone), profile=profile)
    state = _start_state(context, draft)
    await _show(update, state, "region", zone, now, new=True)
    return CHOOSING


async def log_line(update: Update, context: Context, text: str, *, forced: bool) -> int:
    message = update.effective_message
    assert message is not None
    svc, profile, zone, now = await _context_values(update, context)
    parsed = parse_episode_line(
        text[:2000], now=now, tz=ZoneInfo(zone), sleep_start=profile.sleep_start, sleep_end=profile.sleep_end
    )
    if parsed.refusal is not None and (parsed.looks_like_episode or forced or parsed.understood):
        await message.reply_text(parsed.refusal)  # "-5 min", "1 Jan 1900": never log a misreading
        return CHOOSING if _state(context) is not None else END
    if not parsed.looks_like_episode and not forced:
        if _answer_question is not None:
            await _answer_question(update, context)
        # A question typed in the middle of a flow is answered and the flow stays open.
        return CHOOSING if _state(context) is not None else END
    draft = parsed.draft
    if draft.missing_required():
        state = _start_state(context, draft)
        await _show(update, state, _first_screen(draft), zone, now, new=True)
        return CHOOSING
    episode = await _save(svc, profile, zone, now, draft, f"msg:{message.message_id}", None)
    assert episode is not None
    await message.reply_text(saved_text(episode, now), reply_markup=_saved_markup(episode.id))
    await after_episode_saved(update, context, episode)
    return END


async def plain_text(update: Update, context: Context) -> int:
    message = update.effective_message
    assert message is not None and message.text is not None
    return await log_line(update, context, message.text, forced=False)


async def flow_button(update: Update, context: Context) -> int:
    query = update.callback_query
    assert query is not None and query.data is not None
    state = _state(context)
    parts = query.data.split(":")
    if state is None or len(parts) < 3 or parts[1] != state["flow"]:
        await answer_expired(update)
        return CHOOSING if state else END
    action, value = parts[2], parts[3] if len(parts) > 3 else ""
    if action == "cancel":
        _end_state(context)
        await query.answer()
        await query.edit_message_text(NOT_SAVED)
        return END
    if action == "save":
        return await _save_flow(update, context, state)
    if action == "type":
        if value not in TYPING_PROMPTS:
            await answer_expired(update)
            return CHOOSING
        state["typing"] = value
        await query.answer()
        await query.edit_message_text(TYPING_PROMPTS[value])
        return TYPING
    _svc, profile, zone, now = await _context_values(update, context)
    try:
        draft, screen = apply_action(
            _draft(state), action, value, now=now, tz=ZoneInfo(zone), profile=profile
        )
    except (ValueError, KeyError):  # forged or outdated data: change nothing
        await answer_expired(update)
        return CHOOSING
    _store(state, draft)
    await query.answer()
    await _show(update, state, screen or state.get("screen", "review"), zone, now, new=False)
    return CHOOSING


async def _save_flow(update: Update, context: Context, state: dict[str, Any]) -> int:
    query = update.callback_query
    assert query is not None
    draft = _draft(state)
    if draft.missing_required():
        await query.answer("Pick where it was and how strong first.")
        return CHOOSING
    editing = state.get("editing")
    svc, profile, zone, now = await _context_values(update, context)
    episode = await _save(svc, profile, zone, now, draft, f"flow:{state['flow']}", editing)
    _end_state(context)
    if episode is None:  # edited entry deleted meanwhile
        await query.answer("That entry no longer exists.")
        await query.edit_message_text(NOT_SAVED)
        return END
    await query.answer("Saved")
    await query.edit_message_text(
        saved_text(episode, now, updated=editing is not None), reply_markup=_saved_markup(episode.id)
    )
    await after_episode_saved(update, context, episode)
    return END


async def typed_value(update: Update, context: Context) -> int:
    message = update.effective_message
    state = _state(context)
    assert message is not None and message.text is not None
    if state is None:
        return END
    what = state.pop("typing", "notes")
    _svc, profile, zone, now = await _context_values(update, context)
    draft = _draft(state)
    if what == "notes":
        draft.notes = flow.clean_notes(message.text) or None
    else:
        parsed = parse_episode_line(
            message.text[:500],
            now=now,
            tz=ZoneInfo(zone),
            sleep_start=profile.sleep_start,
            sleep_end=profile.sleep_end,
        )
        if what in ("time", "duration") and parsed.refusal is not None:
            state["typing"] = what
            await message.reply_text(parsed.refusal + "\n\n" + TYPING_PROMPTS[what])
            return TYPING
        if what == "time" and "started_at" in parsed.understood:
            draft.started_at, draft.nocturnal = parsed.draft.started_at, parsed.draft.nocturnal or None
        elif what == "duration" and (parsed.draft.duration_seconds is not None or parsed.draft.ongoing):
            draft.duration_seconds, draft.ongoing = parsed.draft.duration_seconds, parsed.draft.ongoing
        elif what == "trigger":
            draft.trigger_text = " ".join(message.text.split())[:100] or None
            for trigger in parsed.draft.triggers:
                if trigger not in draft.triggers:
                    draft.triggers.append(trigger)
        else:
            state["typing"] = what
            await message.reply_text("Sorry, I couldn't read that. " + TYPING_PROMPTS[what])
            return TYPING
    _store(state, draft)
    await _show(update, state, "review", zone, now, new=True)
    return CHOOSING


async def cancel_flow(update: Update, context: Context) -> int:
    _end_state(context)
    await reply(update, NOT_SAVED)
    return END


async def _owned_episode(update: Update, context: Context) -> tuple[Episode | None, str]:
    """The entry a button names, only if it belongs to the presser."""
    query = update.callback_query
    assert query is not None and query.data is not None
    parts = query.data.split(":")
    if len(parts) != 3 or not parts[2].isdigit():
        return None, ""
    episode = await services(context).episodes.get(user_id_of(update), int(parts[2]))
    return episode, parts[1]


async def edit_entry(update: Update, context: Context) -> int:
    """Edit / Add details on a saved entry: open the flow on it, in place."""
    episode, _action = await _owned_episode(update, context)
    if episode is None:
        await answer_expired(update)
        return END
    await update.callback_query.answer()  # type: ignore[union-attr]
    _svc, _profile, zone, now = await _context_values(update, context)
    state = _start_state(context, draft_from_episode(episode), editing=episode.id)
    await _show(update, state, "review", zone, now, new=False)
    return CHOOSING


async def entry_button(update: Update, context: Context) -> None:
    """Delete (asks first), confirmed delete, keep — each only on the presser's own entry."""
    episode, action = await _owned_episode(update, context)
    query = update.callback_query
    assert query is not None
    if episode is None:
        await answer_expired(update)
        return
    now = services(context).clock.now()
    if action == "del":
        await query.answer()
        confirm = Markup(
            [
                [
                    InlineKeyboardButton("🗑 Yes, delete", callback_data=f"ep:delok:{episode.id}"),
                    InlineKeyboardButton("Keep it", callback_data=f"ep:keep:{episode.id}"),
                ]
            ]
        )
        await query.edit_message_text(
            f"Delete this entry?\n{episode_line(episode, now)}", reply_markup=confirm
        )
    elif action == "delok":
        deleted = await services(context).episodes.delete(episode.user_id, episode.id)
        await query.answer("Deleted" if deleted else "Already gone")
        await query.edit_message_text(f"🗑 Deleted: {episode_line(episode, now)}")
    elif action == "keep":
        await query.answer("Kept")
        await query.edit_message_text(saved_text(episode, now), reply_markup=_saved_markup(episode.id))
    else:
        await answer_expired(update)


def _plain_text_filter() -> filters.BaseFilter:
    return filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND


def register(application: Application) -> None:
    text = _plain_text_filter()
    # Re-entry is explicit per state: with allow_reentry the plain-text entry point would take the
    # text typed as a note or a time before the state's own handler could.
    restart: list[BaseHandler[Update, Any, object]] = [
        CommandHandler("log", start_log),
        CallbackQueryHandler(edit_entry, pattern=r"^ep:(edit|more):"),
        CallbackQueryHandler(start_from_reminder, pattern=r"^rm:(log|nightlog)$"),
    ]
    application.add_handler(
        ConversationHandler(
            entry_points=[*restart, MessageHandler(text, plain_text)],
            states={
                # Typing a new episode line mid-flow starts over with that line.
                CHOOSING: [
                    CallbackQueryHandler(flow_button, pattern=r"^lg:"),
                    *restart,
                    MessageHandler(text, plain_text),
                ],
                TYPING: [
                    MessageHandler(text, typed_value),
                    CallbackQueryHandler(flow_button, pattern=r"^lg:"),
                    *restart,
                ],
            },
            fallbacks=[
                CommandHandler("cancel", cancel_flow),
                MessageHandler(filters.COMMAND, leave_flow_for_command),
            ],
            name="log",
            persistent=True,
        )
    )
    application.add_handler(CallbackQueryHandler(entry_button, pattern=r"^ep:(del|delok|keep):"))
