"""The user's own data: /export (CSV of episodes, or everything as JSON) and /forget."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update
from telegram.constants import ChatAction
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.episodes.export import episodes_to_csv, everything_to_json
from bot.persistence import SQLitePersistence
from bot.storage.users import forget_user, rows_for_user
from handlers.callbacks import FORGET_NO, FORGET_YES
from handlers.common import Context, answer_expired, reply, user_id_of
from handlers.entry_buttons import forget_deleted
from handlers.flows import end_flows

FORGET_TEXT = (
    "This erases everything I hold about you, for good: every episode you logged, your time zone and "
    "settings, your reminders, your feedback and any half-finished entry. It cannot be undone.\n\n"
    "Want a copy first? Send /export (a spreadsheet) or /export json (everything)."
)


async def export(update: Update, context: Context) -> None:
    svc = context.services
    user_id = user_id_of(update)
    chat = update.effective_chat
    assert chat is not None
    # "/export csv" and "/export spreadsheet" are what people type for the default; anything else is asked again
    asked = [a.lower().strip(".") for a in (context.args or [])]
    wants_json = asked == ["json"]
    if asked and not wants_json and asked not in (["csv"], ["spreadsheet"], ["excel"]):
        await reply(
            update, "Send /export for a CSV file of your episodes, or /export json for everything I hold."
        )
        return
    await chat.send_action(ChatAction.UPLOAD_DOCUMENT)
    now = svc.clock.now()
    episodes = await svc.episodes.all_for_user(user_id)
    stamp = now.strftime("%Y-%m-%d")
    if wants_json:
        held = await rows_for_user(svc.db, user_id, skip=frozenset({"episodes"}))
        profile = await context.profile()
        settings = {
            "user_id": user_id,
            "timezone": profile.timezone if profile else None,
            "sleep_window": [profile.sleep_start.strftime("%H:%M"), profile.sleep_end.strftime("%H:%M")]
            if profile
            else None,
        }
        data = everything_to_json(settings=settings, episodes=episodes, extra=held, exported_at=now)
        filename, caption = f"spasm-diary-{stamp}.json", "Everything I hold about you, as JSON."
    else:
        data = episodes_to_csv(episodes)
        filename = f"spasm-diary-{stamp}.csv"
        caption = f"Your diary: {len(episodes)} episode{'s' if len(episodes) != 1 else ''}, oldest first."
    await chat.send_document(InputFile(data, filename=filename), caption=caption)


async def forget(update: Update, context: Context) -> None:
    markup = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton("🗑 Delete everything", callback_data=FORGET_YES)],
            [InlineKeyboardButton("Keep my data", callback_data=FORGET_NO)],
        ]
    )
    await reply(update, FORGET_TEXT, reply_markup=markup)


async def forget_button(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None
    if query.data == FORGET_NO:
        await query.answer()
        await query.edit_message_text("Nothing was deleted.")
        return
    if query.data != FORGET_YES:
        await answer_expired(update)
        return
    user_id = user_id_of(update)
    await forget_user(context.services.db, user_id)
    context.forget_profile()
    end_flows(update, context)  # in-memory conversation state and the draft go too
    context.application.drop_user_data(user_id)
    forget_deleted(context, user_id)  # the entry /undo could restore, held in memory
    if isinstance(context.application.persistence, SQLitePersistence):
        context.application.persistence.forget_user(user_id)
    await query.answer("Deleted")
    await query.edit_message_text(
        "Done: everything I held about you has been erased. If you come back, /start begins afresh."
    )


def register(application: Application) -> None:
    application.add_handler(CommandHandler("export", export))
    application.add_handler(CommandHandler("forget", forget))
    application.add_handler(CallbackQueryHandler(forget_button, pattern=r"^fg:"))
