"""/appointment, /question, /exercises, and the plan buttons that are not about medicines:
"Save this question" (under FAQ answers and "I'm not sure" replies) and the PDF of the period
before an appointment."""

from __future__ import annotations

from datetime import timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import Application, CommandHandler

from bot.plan.parse import PlanInputError, parse_appointment, parse_exercise_add
from bot.plan.support import support_text
from bot.plan.texts import APPOINTMENT_USAGE, EXERCISES_USAGE, QUESTION_USAGE, appointment_line, exercise_line
from bot.reminders.rules import ReminderKind
from bot.safety.countries import country_names, country_of_zone
from handlers import stats
from handlers.callbacks import PlanButton, plan_button
from handlers.common import Context, answer_expired, reply

MAX_QUESTION = 500
PENDING_QUESTION = "plan_question"  # user_data: the last question answered from the FAQ, to save on request


async def appointment_command(update: Update, context: Context) -> None:
    profile = await context.ensure_profile(update)
    plan = context.services.plan
    zone = await plan.zone(profile.user_id)
    text = " ".join(context.args or [])
    if not text:
        coming = [
            a
            for a in await plan.appointments.for_user(profile.user_id)
            if a.at > context.services.clock.now()
        ]
        listing = "\n".join(f"• {appointment_line(a, zone)}" for a in coming) or "No appointments yet."
        await reply(update, f"📅 Your appointments\n{listing}\n\nAdd one:\n{APPOINTMENT_USAGE}")
        return
    try:
        request = parse_appointment(text, context.services.clock.now(), zone)
    except PlanInputError as exc:
        await reply(update, f"{exc}\n\n{APPOINTMENT_USAGE}")
        return
    appointment = await plan.add_appointment(profile.user_id, request.at, request.with_whom)
    await reply(
        update,
        f"📅 Saved: {appointment_line(appointment, zone)} ({zone.key}).\n"
        "I'll remind you the evening before, with a short summary for the visit, and two hours before.",
    )


async def question_command(update: Update, context: Context) -> None:
    profile = await context.ensure_profile(update)
    text = " ".join(context.args or []).strip()
    if not text:
        questions = await context.services.plan.questions.open_for_user(profile.user_id)
        listing = "\n".join(f"• {q.text}" for q in questions) or "No questions saved yet."
        await reply(update, f"❓ Questions for your clinician\n{listing}\n\nAdd one:\n{QUESTION_USAGE}")
        return
    await context.services.plan.questions.add(
        profile.user_id, text[:MAX_QUESTION], context.services.clock.now()
    )
    await reply(update, "❓ Saved for your next appointment. See them all in /plan.")


async def exercises_command(update: Update, context: Context) -> None:
    profile = await context.ensure_profile(update)
    args = list(context.args or [])
    plan = context.services.plan
    if args[:1] == ["add"]:
        try:
            request = parse_exercise_add(" ".join(args[1:]))
        except PlanInputError as exc:
            await reply(update, f"{exc}\n\n{EXERCISES_USAGE}")
            return
        exercise = await plan.exercises.add(
            profile.user_id,
            request.name,
            request.reps,
            request.hold,
            request.notes,
            context.services.clock.now(),
        )
        await reply(update, f"🏃 Saved: {exercise_line(exercise)}. Your stretch reminders will list it.")
        return
    exercises = await plan.exercises.for_user(profile.user_id)
    listing = "\n".join(f"• {exercise_line(e)}" for e in exercises) or "No exercises yet."
    await reply(
        update,
        f"🏃 The routine your physiotherapist gave you\n{listing}\n\nAdd one:\n{EXERCISES_USAGE}",
    )


def remember_question(context: Context, message_id: int, text: str) -> InlineKeyboardButton:
    """A "Save this question" button for a question just answered from the FAQ (the text waits in
    the person's user_data, which /forget erases, until they press it or ask another)."""
    assert context.user_data is not None
    context.user_data[PENDING_QUESTION] = {"id": message_id, "text": text[:MAX_QUESTION]}
    return InlineKeyboardButton(
        "❓ Save this question for my clinician", callback_data=plan_button("qsave", message_id)
    )


async def plan_item_button(update: Update, context: Context, button: PlanButton) -> None:
    query = update.callback_query
    profile = await context.profile()
    assert query is not None and profile is not None
    if button.action == "qsave":
        pending = (context.user_data or {}).get(PENDING_QUESTION)
        if not isinstance(pending, dict) or pending.get("id") != button.item_id:
            await answer_expired(update)
            return
        await context.services.plan.questions.add(
            profile.user_id, str(pending["text"]), context.services.clock.now()
        )
        assert context.user_data is not None
        context.user_data.pop(PENDING_QUESTION, None)
        await query.answer("Saved for your next appointment ❓")
    elif button.action == "pdf" and button.start and button.end:
        if (button.end - button.start) > timedelta(days=366):
            await answer_expired(update)
            return
        await query.answer()
        await stats.send_report_for(update, context, button.start, button.end)
    elif button.action == "xd":
        await exercise_done(update, context, button)
    elif button.action == "support":
        await query.answer()
        zone = await context.services.plan.zone(profile.user_id)
        country = country_of_zone(zone.key)
        text = support_text(context.services.content.support, country, country_names().get(country or ""))
        back = InlineKeyboardMarkup([[InlineKeyboardButton("◀ My plan", callback_data=plan_button("show"))]])
        await query.edit_message_text(text, reply_markup=back, disable_web_page_preview=True)
    else:
        await answer_expired(update)


async def exercise_done(update: Update, context: Context, button: PlanButton) -> None:
    """ "✅ <exercise>" or "✅ All done" under a stretch reminder: records which exercises were done
    that (local) day, once each; valid on the reminder's day only, like the built-in "Done"."""
    query = update.callback_query
    profile = await context.profile()
    assert query is not None and profile is not None and button.slot is not None
    plan, now = context.services.plan, context.services.clock.now()
    zone = await plan.zone(profile.user_id)
    day = button.slot.astimezone(zone).date()
    exercises = await plan.exercises.for_user(profile.user_id)
    chosen = [e for e in exercises if button.item_id in (0, e.id)]
    if day != now.astimezone(zone).date() or not chosen:
        await answer_expired(update)
        return
    await plan.exercises.record_done(profile.user_id, [e.id for e in chosen], day, now)
    await context.services.reminders.repository.record_event(
        profile.user_id, ReminderKind.STRETCH, "done", day, now
    )
    await query.answer("Well done ✅ " + ", ".join(e.name for e in chosen)[:150])
    markup = query.message.reply_markup if isinstance(query.message, Message) else None
    if markup is None:
        return
    if button.item_id == 0:
        await query.edit_message_reply_markup(reply_markup=None)
        return
    keep = [row for row in markup.inline_keyboard if not any(b.callback_data == query.data for b in row)]
    if len(keep) < len(markup.inline_keyboard):  # a repeated tap has nothing left to remove
        await query.edit_message_reply_markup(reply_markup=InlineKeyboardMarkup(keep))


def register(application: Application) -> None:
    application.add_handler(CommandHandler("appointment", appointment_command))
    application.add_handler(CommandHandler("question", question_command))
    application.add_handler(CommandHandler("exercises", exercises_command))
