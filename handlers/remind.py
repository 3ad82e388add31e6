"""Reminders: /remind, the reminder messages and their buttons, the onboarding offer, and the
periodic job that runs the dispatcher (bot/reminders/dispatcher.py).

Callback data: rm:drank, rm:done, rm:snooze:<kind>, rm:off:<kind>, rm:on:<kind>,
rm:night:<none|once|few|more>, rm:rec:<yes|water|no>. They only ever act on the presser's own reminders.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter
from telegram.ext import Application, CommandHandler, ExtBot

from bot.clock import zone_or_default
from bot.lifecycle import on_stop
from bot.ratelimit import BACKGROUND
from bot.reminders.dispatcher import ReminderDispatcher
from bot.reminders.parse import Pause, Resume, SetRule, Show, TurnOff, TurnOn, parse_remind_command
from bot.reminders.routines import format_routine, routine_for
from bot.reminders.rules import KIND_LABELS, PLAN_KINDS, ReminderKind, RuleError, describe_rule
from bot.reminders.sender import Attempt, Delivery, ReminderSender, SendOnce
from bot.services import Services
from bot.storage.reminders import DueReminder
from handlers.callbacks import reminder_button
from handlers.common import Context, reply, user_id_of
from handlers.plan_reminders import own_stretch_message, plan_reminder_message

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
# Water reminders are never switched on without the person choosing them: some people must limit fluids.
FLUID_CAUTION = (
    "Only if it suits you: skip water reminders if your doctor limits your fluids (for example with heart "
    "failure, kidney disease, dialysis or liver disease). With MS, drinking more can make bladder urgency "
    "worse; small drinks spread through the day may suit you better."
)
RECOMMENDED_TEXT = (
    "Would you like reminders? They are optional, and you can change or stop them any time with /remind.\n\n"
    "Recommended set:\n"
    "• 🧘 a short stretch at 20:00\n"
    "• 🌙 a bedtime prompt at 21:30 (how to log a night spasm)\n"
    "• ☀️ a morning check-in at 08:00 (did spasms wake you?)\n\n"
    "Optional: 💧 a drink of water every 2 h from 09:00 to 21:00. " + FLUID_CAUTION
)
HYDRATION_TEXT = (
    "💧 Time for a drink of water, unless your doctor limits your fluids. Staying hydrated through the day "
    "is one of the simple things that may help with cramps."
)


def local_text(instant: datetime | None, zone: str) -> str:
    if instant is None:
        return "not scheduled"
    return f"{instant.astimezone(ZoneInfo(zone)):%a %d %b %H:%M}"


def _common_row(kind: ReminderKind) -> list[InlineKeyboardButton]:
    return [
        InlineKeyboardButton("⏰ Snooze 30 min", callback_data=reminder_button("snooze", kind.value)),
        InlineKeyboardButton(
            f"🔕 Turn off {KIND_LABELS[kind].lower()}", callback_data=reminder_button("off", kind.value)
        ),
    ]


def reminder_message(reminder: DueReminder, default_zone: str = "UTC") -> tuple[str, InlineKeyboardMarkup]:
    """The reminder's text and buttons; the buttons carry the local day it is for (handlers/reminder_buttons.py)."""
    kind = reminder.rule.kind
    day = reminder.due.astimezone(ZoneInfo(zone_or_default(reminder.timezone, default_zone))).date()
    if kind is ReminderKind.HYDRATION:
        text = HYDRATION_TEXT
        rows = [[InlineKeyboardButton("Drank 💧", callback_data=reminder_button("drank", day=day))]]
    elif kind is ReminderKind.STRETCH:
        text = "🧘 Stretch time.\n\n" + format_routine(routine_for(reminder.sent_count))
        rows = [[InlineKeyboardButton("Done ✅", callback_data=reminder_button("done", day=day))]]
    elif kind is ReminderKind.NIGHT:
        text = (
            "🌙 Bedtime soon. A gentle calf and hamstring stretch before sleep may help with night cramps — "
            "slowly, and never into pain.\n\n"
            "If a spasm wakes you tonight, tap the button below or send one line like “left calf 7 woke me”."
        )
        rows = [[InlineKeyboardButton("🌙 Log a night spasm", callback_data=reminder_button("log", day=day))]]
    else:
        text = "☀️ Good morning. Did spasms or cramps wake you last night?"
        rows = [
            [
                InlineKeyboardButton(label, callback_data=reminder_button("night", key, day))
                for key, label in NIGHT_ANSWERS.items()
            ]
        ]
    rows.append(_common_row(kind))
    return text, InlineKeyboardMarkup(rows)


async def _stretch_or_standard(svc: Services, reminder: DueReminder) -> tuple[str, InlineKeyboardMarkup]:
    """A stretch reminder carries the person's own exercises when they have some."""
    if reminder.rule.kind is ReminderKind.STRETCH:
        own = await own_stretch_message(svc, reminder)
        if own is not None:
            text, rows = own
            return text, InlineKeyboardMarkup([*rows, _common_row(ReminderKind.STRETCH)])
    return reminder_message(reminder, svc.settings.default_timezone)


def telegram_send_once(bot: ExtBot[Any], svc: Services) -> SendOnce:
    """One try at sending a reminder through the Bot API, the answer told as an `Attempt`
    (bot/reminders/sender.py decides about retries and records what happened)."""

    async def send_once(reminder: DueReminder) -> Attempt:
        if reminder.rule.kind in PLAN_KINDS:  # medicines and appointments: built from the plan
            built = await plan_reminder_message(svc, reminder)
            if built is None:  # nothing left to remind of (paused or cancelled since it was claimed)
                return Attempt(Delivery.SENT)
            text, markup = built
        else:
            text, markup = await _stretch_or_standard(svc, reminder)
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
        telegram_send_once(application.bot, svc),
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
        dispatcher = build_dispatcher(context.application, context.services)
        context.application.bot_data[DISPATCHER_KEY] = dispatcher
    await dispatcher.run_until_idle()


# ----- /remind ---------------------------------------------------------------------------------


async def _overview_text(svc: Services, user_id: int, zone: str) -> tuple[str, InlineKeyboardMarkup | None]:
    stored, paused = await svc.reminders.overview(user_id)
    if not stored:
        return "You have no reminders yet.\n\n" + USAGE, InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(
                        "✅ Set up the recommended ones", callback_data=reminder_button("rec", "yes")
                    )
                ]
            ]
        )
    lines = ["Your reminders (times are in " + zone + "):", ""]
    buttons = []
    for item in stored:
        state = "on" if item.rule.enabled else "off"
        line = f"{'🔔' if item.rule.enabled else '🔕'} {KIND_LABELS[item.rule.kind]}: {describe_rule(item.rule)} ({state})"
        if item.rule.enabled:
            line += f"\n   next: {local_text(item.next_due, zone)}"
        lines.append(line)
        toggle = "off" if item.rule.enabled else "on"
        label = f"{'Turn off' if item.rule.enabled else 'Turn on'} {KIND_LABELS[item.rule.kind].lower()}"
        buttons.append(
            InlineKeyboardButton(label, callback_data=reminder_button(toggle, item.rule.kind.value))
        )
    if paused:
        lines += ["", f"⏸ All paused until {local_text(paused, zone)}. /remind resume to start again."]
    lines += ["", USAGE]
    return "\n".join(lines), InlineKeyboardMarkup([buttons[i : i + 2] for i in range(0, len(buttons), 2)])


async def remind_command(update: Update, context: Context) -> None:
    svc = context.services
    profile = await context.ensure_profile(update)
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
        caution = f"\n\n{FLUID_CAUTION}" if view.rule.kind is ReminderKind.HYDRATION else ""
        await reply(
            update,
            f"🔔 {KIND_LABELS[view.rule.kind]}: {describe_rule(view.rule)}.\n"
            f"Next: {local_text(view.next_due, zone)} ({zone}).{caution}",
        )
    elif isinstance(command, TurnOff | TurnOn):
        await toggle_reminder(update, context, command.kind, isinstance(command, TurnOn))
    elif isinstance(command, Pause):
        until = await svc.reminders.pause(user_id, command.duration)
        await reply(
            update, f"⏸ Reminders paused until {local_text(until, zone)}. /remind resume to restart sooner."
        )
    elif isinstance(command, Resume):
        await svc.reminders.resume(user_id)
        text, _markup = await _overview_text(svc, user_id, zone)
        await reply(update, "▶️ Reminders resumed.\n\n" + text)


async def toggle_reminder(update: Update, context: Context, kind: ReminderKind, on: bool) -> None:
    svc = context.services
    user_id = user_id_of(update)
    zone = await context.zone()
    view = await svc.reminders.set_enabled(user_id, kind, on)
    if view is None:
        await reply(update, f"You have no {KIND_LABELS[kind].lower()} reminder yet.\n\n{USAGE}")
    elif on:
        await reply(update, f"🔔 {KIND_LABELS[kind]} is on. Next: {local_text(view.next_due, zone)}.")
    else:
        await reply(update, f"🔕 {KIND_LABELS[kind]} is off. /remind on {kind.value} turns it back on.")


# ----- buttons -----------------------------------------------------------------------------------


async def offer_recommended(update: Update) -> None:
    markup = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton("✅ Yes, set these up", callback_data=reminder_button("rec", "yes"))],
            [InlineKeyboardButton("✅ These, plus 💧 water", callback_data=reminder_button("rec", "water"))],
            [InlineKeyboardButton("No reminders, thanks", callback_data=reminder_button("rec", "no"))],
        ]
    )
    await reply(update, RECOMMENDED_TEXT, reply_markup=markup)


def register(application: Application) -> None:
    application.add_handler(CommandHandler("remind", remind_command))
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
    on_stop(application, stop_dispatcher)


def stop_dispatcher(application: Application) -> None:
    dispatcher = application.bot_data.get(DISPATCHER_KEY)
    if isinstance(dispatcher, ReminderDispatcher):
        dispatcher.stop_soon()
