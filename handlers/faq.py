"""Questions answered from curated content (red-flag triage runs before this: handlers/safety.py).

Answers come only from content/ entries, naming their sources (the links are behind a "Sources"
button); low confidence says so and offers the closest topics. Text is never stitched from several
entries."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.faq import FaqEntry, render_entry, render_entry_sources
from bot.services import services
from handlers.common import Context, answer_expired, reply, user_id_of
from handlers.diary import set_question_handler

FOOTER = "ℹ️ General information, not medical advice. Your clinician knows your situation."
NOT_SURE = (
    "I'm not sure I have a good answer to that, and I'd rather not guess. "
    "These are the closest topics I have — or ask your clinician:"
)
MAX_QUESTION_CHARS = 1000


def _entry_markup(entry: FaqEntry, context: Context) -> InlineKeyboardMarkup:
    faq = services(context).content.faq
    related = [faq.entries[r] for r in entry.related if r in faq.entries][:3]
    rows = [[InlineKeyboardButton(f"📖 {e.title}", callback_data=f"faq:show:{e.id}")] for e in related]
    rows.append([InlineKeyboardButton("🔗 Sources", callback_data=f"faq:src:{entry.id}")])
    rows.append(
        [
            InlineKeyboardButton("👍 Helpful", callback_data=f"faq:fb:{entry.id}:up"),
            InlineKeyboardButton("👎 Not helpful", callback_data=f"faq:fb:{entry.id}:down"),
        ]
    )
    return InlineKeyboardMarkup(rows)


def entry_text(entry: FaqEntry) -> str:
    return f"{render_entry(entry)}\n\n{FOOTER}"


async def answer_question(update: Update, context: Context, question: str | None = None) -> None:
    message = update.effective_message
    assert message is not None
    text = (question if question is not None else message.text or "")[:MAX_QUESTION_CHARS]
    result = services(context).content.matcher.match(text)
    if result.confident and result.best:
        entry = result.best[0].entry
        await message.reply_text(entry_text(entry), reply_markup=_entry_markup(entry, context))
        return
    closest = [m.entry for m in result.best[:3]]
    if not closest:
        topics = services(context).content.faq.topics[:3]
        rows = [[InlineKeyboardButton(t.title, callback_data=f"faq:topic:{t.id}")] for t in topics]
    else:
        rows = [[InlineKeyboardButton(f"📖 {e.title}", callback_data=f"faq:show:{e.id}")] for e in closest]
    rows.append([InlineKeyboardButton("📚 All topics", callback_data="faq:topics")])
    await message.reply_text(
        NOT_SURE + "\n\nTo log a spasm instead, send a line such as “left calf 7/10 2 min” or use /log.",
        reply_markup=InlineKeyboardMarkup(rows),
    )


async def faq_command(update: Update, context: Context) -> None:
    question = " ".join(context.args or [])
    if question:
        await answer_question(update, context, question)
        return
    await reply(update, "Pick a topic:", reply_markup=_topics_markup(context))


def _topics_markup(context: Context) -> InlineKeyboardMarkup:
    topics = services(context).content.faq.topics
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(t.title, callback_data=f"faq:topic:{t.id}")] for t in topics]
    )


async def faq_button(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    faq = services(context).content.faq
    parts = query.data.split(":")
    kind = parts[1] if len(parts) > 1 else ""
    if kind == "show" and len(parts) == 3 and parts[2] in faq.entries:
        entry = faq.entries[parts[2]]
        await query.answer()
        await reply(update, entry_text(entry), reply_markup=_entry_markup(entry, context))
    elif kind == "src" and len(parts) == 3 and parts[2] in faq.entries:
        await query.answer()
        # several links would each unfurl a preview card; the list is for reading and tapping
        no_previews = LinkPreviewOptions(is_disabled=True)
        await reply(update, render_entry_sources(faq.entries[parts[2]]), link_preview_options=no_previews)
    elif kind == "topic" and len(parts) == 3 and (topic := faq.topic(parts[2])) is not None:
        await query.answer()
        entries = faq.by_topic(topic.id)
        rows = [[InlineKeyboardButton(e.title, callback_data=f"faq:show:{e.id}")] for e in entries]
        rows.append([InlineKeyboardButton("◀ All topics", callback_data="faq:topics")])
        await query.edit_message_text(topic.title, reply_markup=InlineKeyboardMarkup(rows))
    elif kind == "topics":
        await query.answer()
        await query.edit_message_text("Pick a topic:", reply_markup=_topics_markup(context))
    elif kind == "fb" and len(parts) == 4 and parts[2] in faq.entries and parts[3] in {"up", "down"}:
        svc = services(context)
        await svc.feedback.vote(user_id_of(update), parts[2], parts[3] == "up", svc.clock.now())
        await query.answer("Thanks — this helps the people who review the content.")
    else:
        await answer_expired(update)


async def _answer_plain(update: Update, context: Context) -> None:
    await answer_question(update, context)


def register(application: Application) -> None:
    application.add_handler(CommandHandler("faq", faq_command))
    application.add_handler(CallbackQueryHandler(faq_button, pattern=r"^faq:"))
    set_question_handler(_answer_plain)
