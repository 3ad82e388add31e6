"""Presses on reminder buttons (Drank, Done, the morning answer, snooze, turn off/on, the
recommended set), and whether a press still counts.

Buttons on a reminder message carry the local day the reminder was for (handlers/callbacks/).
Answering one days later must not record "drank", "done" or "last night" for today, so each action
stays valid for DAYS_VALID days after that day (the bedtime prompt's 🌙 also the night after).
A person who used /forget has no profile: their old buttons answer "expired" and create nothing.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler

from bot.episodes.timing import last_night_evening
from bot.reminders.rules import KIND_LABELS, ReminderKind, describe_rule
from handlers.callbacks import ReminderButton, parse_reminder_button, reminder_button
from handlers.common import Context, answer_expired, user_id_of
from handlers.remind import NIGHT_ANSWERS, local_text, toggle_reminder

DAYS_VALID = {"drank": 0, "done": 0, "night": 0, "nightlog": 0, "log": 1}


def local_now(context: Context, zone: str) -> datetime:
    return context.services.clock.now().astimezone(ZoneInfo(zone))


async def reminder_button_is_current(
    update: Update, context: Context, actions: set[str] | frozenset[str]
) -> ReminderButton | None:
    """The pressed reminder button if it is one of `actions`, well formed, from someone the bot
    knows, and (for dated actions) still within its days; else None."""
    query = update.callback_query
    assert query is not None and query.data is not None
    button = parse_reminder_button(query.data)
    if button is None or button.action not in actions:
        return None
    profile = await context.profile()
    if profile is None:
        return None
    valid_days = DAYS_VALID.get(button.action)
    if valid_days is None:
        return button
    if button.day is None:
        return None
    age = (local_now(context, context.services.zone_of(profile)).date() - button.day).days
    return button if 0 <= age <= valid_days else None


async def _record(update: Update, context: Context, button: ReminderButton, zone: str) -> None:
    """Drank / Done / the morning answer, for the day the reminder was for."""
    query = update.callback_query
    assert query is not None and button.day is not None
    svc = context.services
    user_id, now = user_id_of(update), svc.clock.now()
    repo = svc.reminders.repository
    if button.action == "drank":
        await repo.record_event(user_id, ReminderKind.HYDRATION, "drank", button.day, now)
        await query.answer("Noted 💧")
        await query.edit_message_reply_markup(reply_markup=None)
    elif button.action == "done":
        await repo.record_event(user_id, ReminderKind.STRETCH, "done", button.day, now)
        await query.answer("Well done ✅")
        await query.edit_message_reply_markup(reply_markup=None)
    else:
        await _night_answer(update, context, button, zone)


async def _night_answer(update: Update, context: Context, button: ReminderButton, zone: str) -> None:
    query = update.callback_query
    profile = await context.profile()
    assert query is not None and profile is not None
    svc, local = context.services, local_now(context, zone)
    night = last_night_evening(local, profile.sleep_end)
    await svc.reminders.repository.save_night_report(profile.user_id, night, button.value, svc.clock.now())
    await query.answer("Thanks, noted")
    if button.value == "none":
        await query.edit_message_text("☀️ A night without spasms waking you — noted. Have a good day.")
        return
    await query.edit_message_text(
        f"☀️ Noted: spasms woke you {NIGHT_ANSWERS[button.value].lower()} last night.\n"
        "Want to log the details (where, how strong)? It helps to see patterns.",
        reply_markup=InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(
                        "🌙 Log details", callback_data=reminder_button("nightlog", day=local.date())
                    )
                ]
            ]
        ),
    )


async def _recommended(update: Update, context: Context, choice: str, zone: str) -> None:
    """yes: the starter set; water: the same plus water (never on unless chosen); no: nothing."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    if choice == "no":
        await query.edit_message_text("No reminders. You can set some up any time with /remind.")
        return
    views = await context.services.reminders.set_recommended(user_id_of(update), hydration=choice == "water")
    lines = [f"🔔 {KIND_LABELS[v.rule.kind]}: {describe_rule(v.rule)}" for v in views]
    soonest = min((v.next_due for v in views if v.next_due), default=None)
    await query.edit_message_text(
        "Reminders set:\n"
        + "\n".join(lines)
        + f"\n\nFirst one: {local_text(soonest, zone)}. Change them with /remind."
    )


async def remind_button(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None
    button = await reminder_button_is_current(update, context, BUTTON_ACTIONS)
    kind = (
        ReminderKind(button.value) if button and button.value in ReminderKind.__members__.values() else None
    )
    if button is None or (button.action in {"snooze", "off", "on"} and kind is None):
        await answer_expired(update)  # forged, stale, or from someone who used /forget
        return
    zone = await context.zone()
    if button.action == "snooze" and kind is not None:
        until = await context.services.reminders.snooze(user_id_of(update), kind)
        if until is None:
            await answer_expired(update)
            return
        await query.answer(f"I'll remind you again at {until.astimezone(ZoneInfo(zone)):%H:%M}")
        await query.edit_message_reply_markup(reply_markup=None)
    elif button.action in {"off", "on"} and kind is not None:
        await query.answer()
        await toggle_reminder(update, context, kind, button.action == "on")
    elif button.action == "night" and button.value not in NIGHT_ANSWERS:
        await answer_expired(update)
    elif button.action in {"drank", "done", "night"}:
        await _record(update, context, button, zone)
    elif button.action == "rec" and button.value in {"yes", "water", "no"}:
        await _recommended(update, context, button.value, zone)
    else:
        await answer_expired(update)


BUTTON_ACTIONS = frozenset({"drank", "done", "snooze", "off", "on", "night", "rec"})


def register(application: Application) -> None:
    application.add_handler(
        CallbackQueryHandler(remind_button, pattern=r"^rm:(drank|done|snooze|off|on|night|rec)")
    )
