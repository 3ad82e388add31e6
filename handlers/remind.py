"""Reminders: /remind, the reminder messages and their buttons, the onboarding offer, and the
periodic job that runs the dispatcher (bot/reminders/dispatcher.py).

Callback data: rm:drank, rm:done, rm:snooze:<kind>, rm:off:<kind>, rm:on:<kind>,
rm:night:<none|once|few|more>, rm:rec:<yes|no>. They only ever act on the presser's own reminders.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ExtBot

from bot.episodes.timing import last_night_evening
from bot.ratelimit import BACKGROUND
from bot.reminders import (
    KIND_LABELS,
    Pause,
    ReminderKind,
    Resume,
    RuleError,
    SetRule,
    Show,
    TurnOff,
    TurnOn,
    describe_rule,
    format_routine,
    parse_remind_command,
    routine_for,
)
from bot.reminders.dispatcher import ReminderDispatcher
from bot.reminders.sender import Attempt, Delivery, ReminderSender, SendOnce
from bot.services import Services, services
from bot.storage.reminders import DueReminder
from handlers.common import Context, answer_expired, reply, user_id_of

log = logging.getLogger(__name__)

DISPATCHER_KEY = "reminder_dispatcher"
TICK_SECONDS = 5.0
NIGHT_ANSWERS = {"none": "No", "once": "Once", "few": "2–5 times", "more": "More"}
USAGE = (
    "Examples:\n"
    "/remind hydration every 2h 09:00-21:00\n"
    "/remind stretch 08:00 20:30\n"
    "/remind night 21:30\n"
    "/remind morning 07:30\n"
    "/remind off hydration   ·   /remind on hydration\n"
    "/remind pause 3d   ·   /remind resume"
)
RECOMMENDED_TEXT = (
    "Would you like reminders? They are optional, and you can change or stop them any time with /remind.\n\n"
    "Recommended set:\n"
    "• 💧 drink water every 2 h from 09:00 to 21:00\n"
    "• 🧘 a short stretch at 20:00\n"
    "• 🌙 a bedtime prompt at 21:30 (how to log a night spasm)\n"
    "• ☀️ a morning check-in at 08:00 (did spasms wake you?)"
)


def _local_text(instant: datetime | None, zone: str) -> str:
    if instant is None:
        return "not scheduled"
    return f"{instant.astimezone(ZoneInfo(zone)):%a %d %b %H:%M}"


def _common_row(kind: ReminderKind) -> list[InlineKeyboardButton]:
    return [
        InlineKeyboardButton("⏰ Snooze 30 min", callback_data=f"rm:snooze:{kind.value}"),
        InlineKeyboardButton(
            f"🔕 Turn off {KIND_LABELS[kind].lower()}", callback_data=f"rm:off:{kind.value}"
        ),
    ]


def reminder_message(reminder: DueReminder) -> tuple[str, InlineKeyboardMarkup]:
    kind = reminder.rule.kind
    if kind is ReminderKind.HYDRATION:
        text = "💧 Time for a glass of water. Staying hydrated through the day is one of the simple things that may help with cramps."
        rows = [[InlineKeyboardButton("Drank 💧", callback_data="rm:drank")]]
    elif kind is ReminderKind.STRETCH:
        text = "🧘 Stretch time.\n\n" + format_routine(routine_for(reminder.sent_count))
        rows = [[InlineKeyboardButton("Done ✅", callback_data="rm:done")]]
    elif kind is ReminderKind.NIGHT:
        text = (
            "🌙 Bedtime soon. A gentle calf and hamstring stretch before sleep may help with night cramps — "
            "slowly, and never into pain.\n\n"
            "If a spasm wakes you tonight, tap the button below or send one line like “left calf 7 woke me”."
        )
        rows = [[InlineKeyboardButton("🌙 Log a night spasm", callback_data="rm:log")]]
    else:
        text = "☀️ Good morning. Did spasms or cramps wake you last night?"
        rows = [
            [
                InlineKeyboardButton(label, callback_data=f"rm:night:{key}")
                for key, label in NIGHT_ANSWERS.items()
            ]
        ]
    rows.append(_common_row(kind))
    return text, InlineKeyboardMarkup(rows)


def telegram_send_once(bot: ExtBot[Any]) -> SendOnce:
    """One try at sending a reminder through the Bot API, the answer told as an `Attempt`
    (bot/reminders/sender.py decides about retries and records what happened)."""

    async def send_once(reminder: DueReminder) -> Attempt:
        text, markup = reminder_message(reminder)
        try:
            await bot.send_message(reminder.chat_id, text, reply_markup=markup, rate_limit_args=BACKGROUND)
        except RetryAfter as exc:
            wait = exc.retry_after
            seconds = wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
            return Attempt(Delivery.RETRY, retry_after=seconds, reason="RetryAfter")
        except Forbidden:
            return Attempt(Delivery.BLOCKED, reason="Forbidden")
        except BadRequest as exc:  # a NetworkError subclass, but permanent: retrying cannot help
            return Attempt(Delivery.REJECTED, reason=type(exc).__name__)
        except NetworkError as exc:  # TimedOut included; 5xx answers arrive as NetworkError too
            return Attempt(Delivery.RETRY, reason=type(exc).__name__)
        return Attempt(Delivery.SENT)

    return send_once


def build_dispatcher(application: Application, svc: Services) -> ReminderDispatcher:
    sender = ReminderSender(
        telegram_send_once(application.bot),
        svc.reminders.repository,
        svc.clock,
        default_zone=svc.settings.default_timezone,
    )

    async def mark_blocked(user_id: int) -> None:
        await svc.users.set_blocked(user_id, True, svc.clock.now())

    return ReminderDispatcher(
        repository=svc.reminders.repository,
        clock=svc.clock,
        send=sender.deliver,
        mark_blocked=mark_blocked,
        default_zone=svc.settings.default_timezone,
        stop_sending=sender.stop_soon,
    )


async def dispatch_job(context: Context) -> None:
    dispatcher = context.application.bot_data.get(DISPATCHER_KEY)
    if dispatcher is None:
        dispatcher = build_dispatcher(context.application, services(context))
        context.application.bot_data[DISPATCHER_KEY] = dispatcher
    await dispatcher.run_until_idle()


# ----- /remind ---------------------------------------------------------------------------------


async def _overview_text(svc: Services, user_id: int, zone: str) -> tuple[str, InlineKeyboardMarkup | None]:
    stored, paused = await svc.reminders.overview(user_id)
    if not stored:
        return "You have no reminders yet.\n\n" + USAGE, InlineKeyboardMarkup(
            [[InlineKeyboardButton("✅ Set up the recommended ones", callback_data="rm:rec:yes")]]
        )
    lines = ["Your reminders (times are in " + zone + "):", ""]
    buttons = []
    for item in stored:
        state = "on" if item.rule.enabled else "off"
        line = f"{'🔔' if item.rule.enabled else '🔕'} {KIND_LABELS[item.rule.kind]}: {describe_rule(item.rule)} ({state})"
        if item.rule.enabled:
            line += f"\n   next: {_local_text(item.next_due, zone)}"
        lines.append(line)
        toggle = "off" if item.rule.enabled else "on"
        label = f"{'Turn off' if item.rule.enabled else 'Turn on'} {KIND_LABELS[item.rule.kind].lower()}"
        buttons.append(InlineKeyboardButton(label, callback_data=f"rm:{toggle}:{item.rule.kind.value}"))
    if paused:
        lines += ["", f"⏸ All paused until {_local_text(paused, zone)}. /remind resume to start again."]
    lines += ["", USAGE]
    return "\n".join(lines), InlineKeyboardMarkup([buttons[i : i + 2] for i in range(0, len(buttons), 2)])


async def remind_command(update: Update, context: Context) -> None:
    svc = services(context)
    chat = update.effective_chat
    assert chat is not None
    profile = await svc.users.ensure(user_id_of(update), chat.id, svc.clock.now())
    zone = svc.zone_of(profile)
    try:
        command = parse_remind_command(" ".join(context.args or []))
    except RuleError as exc:
        await reply(update, f"{exc}\n\n{USAGE}")
        return
    user_id = profile.user_id
    if isinstance(command, Show):
        text, markup = await _overview_text(svc, user_id, zone)
        await reply(update, text, reply_markup=markup)
    elif isinstance(command, SetRule):
        view = await svc.reminders.set_rule(user_id, command.rule)
        await reply(
            update,
            f"🔔 {KIND_LABELS[view.rule.kind]}: {describe_rule(view.rule)}.\n"
            f"Next: {_local_text(view.next_due, zone)} ({zone}).",
        )
    elif isinstance(command, TurnOff | TurnOn):
        await _toggle(update, context, command.kind, isinstance(command, TurnOn))
    elif isinstance(command, Pause):
        until = await svc.reminders.pause(user_id, command.duration)
        await reply(
            update, f"⏸ Reminders paused until {_local_text(until, zone)}. /remind resume to restart sooner."
        )
    elif isinstance(command, Resume):
        await svc.reminders.resume(user_id)
        text, _markup = await _overview_text(svc, user_id, zone)
        await reply(update, "▶️ Reminders resumed.\n\n" + text)


async def _toggle(update: Update, context: Context, kind: ReminderKind, on: bool) -> None:
    svc = services(context)
    user_id = user_id_of(update)
    profile = await svc.users.get(user_id)
    zone = svc.zone_of(profile)
    view = await svc.reminders.set_enabled(user_id, kind, on)
    if view is None:
        await reply(update, f"You have no {KIND_LABELS[kind].lower()} reminder yet.\n\n{USAGE}")
    elif on:
        await reply(update, f"🔔 {KIND_LABELS[kind]} is on. Next: {_local_text(view.next_due, zone)}.")
    else:
        await reply(update, f"🔕 {KIND_LABELS[kind]} is off. /remind on {kind.value} turns it back on.")


# ----- buttons -----------------------------------------------------------------------------------


async def offer_recommended(update: Update) -> None:
    markup = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton("✅ Yes, set these up", callback_data="rm:rec:yes")],
            [InlineKeyboardButton("No reminders, thanks", callback_data="rm:rec:no")],
        ]
    )
    await reply(update, RECOMMENDED_TEXT, reply_markup=markup)


async def remind_button(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    svc = services(context)
    user_id = user_id_of(update)
    profile = await svc.users.get(user_id)
    if profile is None:  # forgotten, or never started: nothing of theirs to act on
        await answer_expired(update)
        return
    zone = svc.zone_of(profile)
    now = svc.clock.now()
    local_now = now.astimezone(ZoneInfo(zone))
    parts = query.data.split(":")
    action, value = parts[1] if len(parts) > 1 else "", parts[2] if len(parts) > 2 else ""
    repo = svc.reminders.repository
    if action == "drank":
        await repo.record_event(user_id, ReminderKind.HYDRATION, "drank", local_now.date(), now)
        await query.answer("Noted 💧")
        await query.edit_message_reply_markup(reply_markup=None)
    elif action == "done":
        await repo.record_event(user_id, ReminderKind.STRETCH, "done", local_now.date(), now)
        await query.answer("Well done ✅")
        await query.edit_message_reply_markup(reply_markup=None)
    elif action == "snooze" and value in ReminderKind.__members__.values():
        until = await svc.reminders.snooze(user_id, ReminderKind(value))
        if until is None:
            await answer_expired(update)
            return
        await query.answer(f"I'll remind you again at {until.astimezone(ZoneInfo(zone)):%H:%M}")
        await query.edit_message_reply_markup(reply_markup=None)
    elif action in {"off", "on"} and value in ReminderKind.__members__.values():
        await query.answer()
        await _toggle(update, context, ReminderKind(value), action == "on")
    elif action == "night" and value in NIGHT_ANSWERS:
        night = last_night_evening(local_now, profile.sleep_end)
        await repo.save_night_report(user_id, night, value, now)
        await query.answer("Thanks, noted")
        if value == "none":
            await query.edit_message_text("☀️ A night without spasms waking you — noted. Have a good day.")
        else:
            await query.edit_message_text(
                f"☀️ Noted: spasms woke you {NIGHT_ANSWERS[value].lower()} last night.\n"
                "Want to log the details (where, how strong)? It helps to see patterns.",
                reply_markup=InlineKeyboardMarkup(
                    [[InlineKeyboardButton("🌙 Log details", callback_data="rm:nightlog")]]
                ),
            )
    elif action == "rec" and value in {"yes", "no"}:
        await query.answer()
        if value == "no":
            await query.edit_message_text("No reminders. You can set some up any time with /remind.")
            return
        views = await svc.reminders.set_recommended(user_id)
        lines = [f"🔔 {KIND_LABELS[v.rule.kind]}: {describe_rule(v.rule)}" for v in views]
        soonest = min((v.next_due for v in views if v.next_due), default=None)
        await query.edit_message_text(
            "Reminders set:\n"
            + "\n".join(lines)
            + f"\n\nFirst one: {_local_text(soonest, zone)}. Change them with /remind."
        )
    else:
        await answer_expired(update)


def register(application: Application) -> None:
    application.add_handler(CommandHandler("remind", remind_command))
    application.add_handler(
        CallbackQueryHandler(remind_button, pattern=r"^rm:(drank|done|snooze|off|on|night|rec)")
    )
    job_queue = application.job_queue
    assert job_queue is not None, "python-telegram-bot[job-queue] is required"
    # misfire_grace_time=None: a run delayed by a busy loop still runs (the default of 1 s silently
    # drops it); coalesce: several missed runs become one; two instances so a run starting during a
    # long wave returns at once instead of being refused with a warning.
    job_queue.run_repeating(
        dispatch_job,
        interval=timedelta(seconds=TICK_SECONDS),
        first=timedelta(seconds=1),
        name="reminder-dispatcher",
        job_kwargs={"misfire_grace_time": None, "coalesce": True, "max_instances": 2},
    )


def stop_dispatcher(application: Application) -> None:
    dispatcher = application.bot_data.get(DISPATCHER_KEY)
    if isinstance(dispatcher, ReminderDispatcher):
        dispatcher.stop_soon()
