"""Questions answered from curated content (red-flag triage runs before this: handlers/safety.py).

Answers come only from content/ entries, naming their sources (the links are behind a "Sources"
button); low confidence says so and offers the closest topics. Text is never stitched from several
entries."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.faq import FaqEntry, render_entry, render_entry_sources
from handlers.callbacks import (
    FAQ_TOPICS,
    FaqButton,
    faq_feedback,
    faq_show,
    faq_sources,
    faq_topic,
    parse_faq_button,
    plan_button,
)
from handlers.common import Context, answer_expired, reply, user_id_of
from handlers.plan_items import remember_question

FOOTER = "ℹ️ General information, not medical advice. Your clinician knows your situation."
NOT_SURE = (
    "I'm not sure I have a good answer to that, and I'd rather not guess. "
    "These are the closest topics I have — or ask your clinician:"
)
MAX_QUESTION_CHARS = 1000
RELAX_ENTRIES = frozenset(
    {"stress_and_spasms", "relaxation_and_mindfulness"}
)  # answers that offer /plan's routine
FEEDBACK_DAYS = 7  # 👍/👎 on an answer count this many days; older or after /forget they expire


def _entry_markup(entry: FaqEntry, context: Context) -> InlineKeyboardMarkup:
    faq = context.services.content.faq
    day = context.services.clock.now().date()  # feedback buttons expire (FEEDBACK_DAYS)
    related = [faq.entries[r] for r in entry.related if r in faq.entries][:3]
    rows = [[InlineKeyboardButton(f"📖 {e.title}", callback_data=faq_show(e.id))] for e in related]
    if entry.id in RELAX_ENTRIES:
        rows.append([InlineKeyboardButton("🌬 Try the breathing routine", callback_data=plan_button("relax"))])
    rows.append([InlineKeyboardButton("🔗 Sources", callback_data=faq_sources(entry.id))])
    rows.append(
        [
            InlineKeyboardButton("👍 Helpful", callback_data=faq_feedback(entry.id, True, day)),
            InlineKeyboardButton("👎 Not helpful", callback_data=faq_feedback(entry.id, False, day)),
        ]
    )
    return InlineKeyboardMarkup(rows)


def entry_text(entry: FaqEntry) -> str:
    return f"{render_entry(entry)}\n\n{FOOTER}"


async def answer_question(
    update: Update, context: Context, question: str | None = None, *, only_if_confident: bool = False
) -> None:
    """The best entry for the question; when unsure, say so and offer the closest topics (or, with
    `only_if_confident`, say nothing more: the caller has already answered what matters)."""
    message = update.effective_message
    assert message is not None
    text = (question if question is not None else message.text or "")[:MAX_QUESTION_CHARS]
    result = context.services.content.matcher.match(text)
    if result.confident and result.best:
        entry = result.best[0].entry
        markup = _entry_markup(entry, context)
        # reply (not reply_text): the question may come from a button ("Answer it") on the bot's message
        await reply(
            update, entry_text(entry), reply_markup=_with_save(markup, context, message.message_id, text)
        )
        return
    if only_if_confident:
        return
    closest = [m.entry for m in result.best[:3]]
    if not closest:
        topics = context.services.content.faq.topics[:3]
        rows = [[InlineKeyboardButton(t.title, callback_data=faq_topic(t.id))] for t in topics]
    else:
        rows = [[InlineKeyboardButton(f"📖 {e.title}", callback_data=faq_show(e.id))] for e in closest]
    rows.append([InlineKeyboardButton("📚 All topics", callback_data=FAQ_TOPICS)])
    rows.append([remember_question(context, message.message_id, text)])
    await reply(
        update,
        NOT_SURE + "\n\nTo log a spasm instead, send a line such as “left calf 7/10 2 min” or use /log.",
        reply_markup=InlineKeyboardMarkup(rows),
    )


def _with_save(
    markup: InlineKeyboardMarkup, context: Context, message_id: int, text: str
) -> InlineKeyboardMarkup:
    """The answer's buttons plus "Save this question" for the person's next appointment (the plan)."""
    return InlineKeyboardMarkup([*markup.inline_keyboard, [remember_question(context, message_id, text)]])


async def _feedback_counts(context: Context, button: FaqButton) -> bool:
    """A vote counts from someone the bot knows (not after /forget) on a recent answer."""
    if button.day is None or await context.profile() is None:
        return False
    age = (context.services.clock.now().date() - button.day).days
    return 0 <= age <= FEEDBACK_DAYS


async def faq_command(update: Update, context: Context) -> None:
    await context.ensure_profile(update)  # a new message: the person is here (feedback needs a profile)
    question = " ".join(context.args or [])
    if question:
        await answer_question(update, context, question)
        return
    await reply(update, "Pick a topic:", reply_markup=_topics_markup(context))


def _topics_markup(context: Context) -> InlineKeyboardMarkup:
    topics = context.services.content.faq.topics
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(t.title, callback_data=faq_topic(t.id))] for t in topics]
    )


async def faq_button(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    faq = context.services.content.faq
    button = parse_faq_button(query.data) or FaqButton("")
    kind = button.kind
    if kind == "show" and button.ref in faq.entries:
        entry = faq.entries[button.ref]
        await query.answer()
        await reply(update, entry_text(entry), reply_markup=_entry_markup(entry, context))
    elif kind == "src" and button.ref in faq.entries:
        await query.answer()
        # several links would each unfurl a preview card; the list is for reading and tapping
        no_previews = LinkPreviewOptions(is_disabled=True)
        await reply(update, render_entry_sources(faq.entries[button.ref]), link_preview_options=no_previews)
    elif kind == "topic" and (topic := faq.topic(button.ref)) is not None:
        await query.answer()
        entries = faq.by_topic(topic.id)
        rows = [[InlineKeyboardButton(e.title, callback_data=faq_show(e.id))] for e in entries]
        rows.append([InlineKeyboardButton("◀ All topics", callback_data=FAQ_TOPICS)])
        await query.edit_message_text(topic.title, reply_markup=InlineKeyboardMarkup(rows))
    elif kind == "topics":
        await query.answer()
        await query.edit_message_text("Pick a topic:", reply_markup=_topics_markup(context))
    elif kind == "fb" and button.ref in faq.entries and await _feedback_counts(context, button):
        svc = context.services
        await svc.feedback.vote(user_id_of(update), button.ref, bool(button.helpful), svc.clock.now())
        await query.answer("Thanks — this helps the people who review the content.")
    else:
        await answer_expired(update)


def register(application: Application) -> None:
    application.add_handler(CommandHandler("faq", faq_command))
    application.add_handler(CallbackQueryHandler(faq_button, pattern=r"^faq:"))
