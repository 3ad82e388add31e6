"""/history (newest first, paged; open an entry to edit or delete it) and /undo."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.episodes.describe import episode_line
from bot.episodes.model import draft_from_episode
from handlers.callbacks import entry_button, parse_history_page
from handlers.callbacks import history_page as history_page_data
from handlers.common import Context, answer_expired, reply, user_id_of
from handlers.entry_buttons import confirm_delete_markup, entry_text, saved_markup, take_deleted

PAGE_SIZE = 8
EMPTY = "Your diary is empty. Log an episode with /log, or send a line such as “left calf 7/10 2 min”."


async def _page(context: Context, user_id: int, offset: int) -> tuple[str, InlineKeyboardMarkup | None]:
    svc = context.services
    episodes, total = await svc.episodes.page(user_id, offset=offset, limit=PAGE_SIZE)
    if total == 0:
        return EMPTY, None
    if not episodes:  # the page emptied (entries deleted): start again
        offset = 0
        episodes, total = await svc.episodes.page(user_id, offset=0, limit=PAGE_SIZE)
    now = svc.clock.now()
    lines = [f"{offset + i + 1}. {episode_line(e, now)}" for i, e in enumerate(episodes)]
    last = min(offset + PAGE_SIZE, total)
    text = f"Your entries {offset + 1}–{last} of {total}, newest first. Tap a number to open one.\n\n"
    text += "\n".join(lines)
    numbers = [
        InlineKeyboardButton(str(offset + i + 1), callback_data=entry_button("open", e.id))
        for i, e in enumerate(episodes)
    ]
    rows = [numbers[:4], numbers[4:]] if len(numbers) > 4 else [numbers]
    nav = []
    if offset > 0:
        nav.append(
            InlineKeyboardButton("◀ Newer", callback_data=history_page_data(max(0, offset - PAGE_SIZE)))
        )
    if last < total:
        nav.append(InlineKeyboardButton("Older ▶", callback_data=history_page_data(last)))
    if nav:
        rows.append(nav)
    return text, InlineKeyboardMarkup(rows)


async def history(update: Update, context: Context) -> None:
    text, markup = await _page(context, user_id_of(update), 0)
    await reply(update, text, reply_markup=markup)


async def history_page(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    offset = parse_history_page(query.data)
    if offset is None:
        await answer_expired(update)
        return
    await query.answer()
    text, markup = await _page(context, user_id_of(update), offset)
    await query.edit_message_text(text, reply_markup=markup)


async def undo(update: Update, context: Context) -> None:
    """Right after a delete, /undo restores that entry; otherwise it offers to delete the last one."""
    svc = context.services
    now = svc.clock.now()
    deleted = take_deleted(context, user_id_of(update), now)
    if deleted is not None and await context.profile() is not None:
        restored, _created = await svc.episodes.add(
            deleted.user_id,
            draft_from_episode(deleted),
            zone=deleted.timezone,
            nocturnal=deleted.nocturnal,
            client_key=f"restore:{deleted.id}",
            now=now,
        )
        await reply(update, entry_text(restored, now, "↩ Restored:"), reply_markup=saved_markup(restored.id))
        return
    latest = await svc.episodes.latest(user_id_of(update))
    if latest is None:
        await reply(update, "There is nothing to undo: your diary is empty.")
        return
    markup = confirm_delete_markup(latest.id, yes="🗑 Yes, delete it")
    await reply(
        update, f"Delete your last entry?\n{episode_line(latest, svc.clock.now())}", reply_markup=markup
    )


def register(application: Application) -> None:
    application.add_handler(CommandHandler("history", history))
    application.add_handler(CommandHandler("undo", undo))
    application.add_handler(CallbackQueryHandler(history_page, pattern=r"^hi:"))
