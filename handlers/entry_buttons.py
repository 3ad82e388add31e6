"""A saved entry's message and buttons, the same wherever the entry is shown (after saving, in
/history, for /undo): open, delete (asks first), keep. Every press is checked against the presser:
an entry that is not theirs, or no longer exists, answers "expired" and changes nothing.

Edit / Add details open the /log flow on the entry; that lives in handlers/diary.py.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler

from bot.episodes.describe import draft_details, episode_line
from bot.episodes.model import Episode, draft_from_episode
from handlers.callbacks import entry_button, history_page, parse_entry_button, plan_button
from handlers.common import Context, answer_expired, user_id_of
from handlers.flowstate import drop_flow, load_flow
from handlers.log_zone import forget_zone_entry

Markup = InlineKeyboardMarkup
# The entry deleted last, per person, for /undo to restore: kept in memory only (bot_data is not
# persisted), for a short while, and dropped by /forget — a deleted entry leaves nothing on disk.
DELETED_KEY = "recently_deleted"
RESTORE_WINDOW = timedelta(minutes=15)


def remember_deleted(context: Context, episode: Episode, now: datetime) -> None:
    context.application.bot_data.setdefault(DELETED_KEY, {})[episode.user_id] = (now, episode)


def take_deleted(context: Context, user_id: int, now: datetime) -> Episode | None:
    """The entry this person deleted in the last RESTORE_WINDOW, once."""
    kept = context.application.bot_data.get(DELETED_KEY, {}).pop(user_id, None)
    if kept is None or now - kept[0] > RESTORE_WINDOW:
        return None
    episode: Episode = kept[1]
    return episode


def forget_deleted(context: Context, user_id: int) -> None:
    context.application.bot_data.get(DELETED_KEY, {}).pop(user_id, None)


def entry_text(episode: Episode, now: datetime, head: str = "✅ Saved:") -> str:
    details = draft_details(draft_from_episode(episode), episode.timezone, now)
    return f"{head} {episode_line(episode, now)}\n\n{details}"


def saved_text(episode: Episode, now: datetime, *, updated: bool = False) -> str:
    return entry_text(episode, now, "✅ Changes saved:" if updated else "✅ Saved:")


def saved_markup(episode_id: int) -> Markup:
    """Under a just-saved entry."""
    return Markup(
        [
            [
                InlineKeyboardButton("✏️ Edit", callback_data=entry_button("edit", episode_id)),
                InlineKeyboardButton("🗑 Delete", callback_data=entry_button("del", episode_id)),
                InlineKeyboardButton("➕ Add details", callback_data=entry_button("more", episode_id)),
            ],
            [InlineKeyboardButton("🌬 Breathe with me (relief)", callback_data=plan_button("relax"))],
        ]
    )


def opened_markup(episode_id: int) -> Markup:
    """Under an entry opened from /history."""
    return Markup(
        [
            [
                InlineKeyboardButton("✏️ Edit", callback_data=entry_button("edit", episode_id)),
                InlineKeyboardButton("🗑 Delete", callback_data=entry_button("del", episode_id)),
            ],
            [InlineKeyboardButton("◀ Back to the list", callback_data=history_page(0))],
        ]
    )


def confirm_delete_markup(episode_id: int, yes: str = "🗑 Yes, delete") -> Markup:
    return Markup(
        [
            [
                InlineKeyboardButton(yes, callback_data=entry_button("delok", episode_id)),
                InlineKeyboardButton("Keep it", callback_data=entry_button("keep", episode_id)),
            ]
        ]
    )


async def owned_episode(update: Update, context: Context) -> tuple[Episode | None, str]:
    """The entry a button names and the button's action, the entry only if it is the presser's."""
    query = update.callback_query
    assert query is not None and query.data is not None
    button = parse_entry_button(query.data)
    if button is None:
        return None, ""
    episode = await context.services.episodes.get(user_id_of(update), button.episode_id)
    return episode, button.action


def drop_flow_on(context: Context, episode_id: int) -> None:
    """An entry was deleted: an open flow editing it goes too (its draft holds the entry's notes), and
    so does its line kept for the time-zone question."""
    state = load_flow(context)
    if state is not None and state.editing == episode_id:
        drop_flow(context)
    forget_zone_entry(context, episode_id)


async def entry_pressed(update: Update, context: Context) -> None:
    """Open, delete (asks first), confirmed delete, keep — each only on the presser's own entry."""
    episode, action = await owned_episode(update, context)
    query = update.callback_query
    assert query is not None
    if episode is None or action not in {"open", "del", "delok", "keep"}:
        await answer_expired(update)
        return
    now = context.services.clock.now()
    if action == "open":
        await query.answer()
        await query.edit_message_text(entry_text(episode, now, "📋"), reply_markup=opened_markup(episode.id))
    elif action == "del":
        await query.answer()
        text = f"Delete this entry?\n{episode_line(episode, now)}"
        await query.edit_message_text(text, reply_markup=confirm_delete_markup(episode.id))
    elif action == "delok":
        deleted = await context.services.episodes.delete(episode.user_id, episode.id)
        drop_flow_on(context, episode.id)
        if deleted:
            remember_deleted(context, episode, now)
        await query.answer("Deleted" if deleted else "Already gone")
        await query.edit_message_text(f"🗑 Deleted: {episode_line(episode, now)}\n(/undo brings it back)")
    else:
        await query.answer("Kept")
        await query.edit_message_text(saved_text(episode, now), reply_markup=saved_markup(episode.id))


def register(application: Application) -> None:
    application.add_handler(CallbackQueryHandler(entry_pressed, pattern=r"^ep:(open|del|delok|keep):"))
