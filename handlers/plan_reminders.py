"""The text and buttons of the plan's reminders (medicine times; the evening before, two hours
before and after an appointment), built when the shared dispatcher sends a `medicine` or
`appointment` row (handlers/remind.py send_reminder). None: nothing left to say (a medicine was
paused after the row was claimed), so nothing is sent."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.clock import zone_or_default
from bot.plan.reminders import AppointmentMoment, AppointmentPrompt
from bot.plan.summary import diary_figures, figures_lines
from bot.plan.texts import ASK_PRESCRIBER, exercise_line, medicine_reminder_text
from bot.reminders.model import DueReminder
from bot.reminders.rules import ReminderKind
from bot.services import Services
from handlers import plan_report
from handlers.callbacks import plan_button, plan_pdf_button

Message = tuple[str, InlineKeyboardMarkup]
SUMMARY_WEEKS = 4
Button = InlineKeyboardButton


async def plan_reminder_message(svc: Services, reminder: DueReminder) -> Message | None:
    if reminder.rule.kind is ReminderKind.MEDICINE:
        return await _medicine_message(svc, reminder)
    return await _appointment_message(svc, reminder)


MAX_EXERCISE_BUTTONS = 8  # one button each; a longer routine is still listed, and "All done" covers it


async def own_stretch_message(svc: Services, reminder: DueReminder) -> tuple[str, list[list[Button]]] | None:
    """A stretch reminder with the person's own exercises (their physiotherapist's routine), one
    "done" button each and "All done"; None when they have none (the built-in routines then)."""
    exercises = await svc.plan.exercises.for_user(reminder.user_id)
    if not exercises:
        return None
    listing = "\n".join(f"• {exercise_line(e)}" for e in exercises)
    text = (
        f"🧘 Stretch time: your own routine.\n{listing}\n\n"
        "Gently, never into pain. Tap each one you did, or All done."
    )
    rows = [
        [Button(f"✅ {e.name}"[:40], callback_data=plan_button("xd", e.id, reminder.due))]
        for e in exercises[:MAX_EXERCISE_BUTTONS]
    ]
    rows.append([Button("✅ All done", callback_data=plan_button("xd", 0, reminder.due))])
    return text, rows


async def _medicine_message(svc: Services, reminder: DueReminder) -> Message | None:
    doses = await svc.plan.doses_for_reminder(reminder)
    if not doses:
        return None
    zone = ZoneInfo(zone_or_default(reminder.timezone, svc.settings.default_timezone))
    rows = [
        [
            Button(
                f"✅ Taken {d.medicine.label}"[:40],
                callback_data=plan_button("tk", d.medicine.id, d.scheduled),
            ),
            Button("Skip", callback_data=plan_button("sk", d.medicine.id, d.scheduled)),
            Button("⏰ 30 min", callback_data=plan_button("sn", d.medicine.id, d.scheduled)),
        ]
        for d in doses
    ]
    text = medicine_reminder_text([d.medicine for d in doses], doses[0].scheduled.astimezone(zone))
    return text, InlineKeyboardMarkup(rows)


async def _appointment_message(svc: Services, reminder: DueReminder) -> Message | None:
    moments = await svc.plan.appointment_moments(reminder)
    if not moments:
        return None
    moment = moments[0]
    zone = ZoneInfo(zone_or_default(reminder.timezone, svc.settings.default_timezone))
    when = moment.appointment.at.astimezone(zone)
    who = moment.appointment.with_whom
    plan_row = [Button("📋 My plan", callback_data=plan_button("show"))]
    if moment.prompt is AppointmentPrompt.AFTER:
        return (
            f"📅 How did it go with {who}? Anything to change in your plan — a medicine, your exercises, "
            "a new appointment? Keep it up to date with the buttons below.",
            InlineKeyboardMarkup([plan_row, [Button("💊 Medicines", callback_data=plan_button("meds"))]]),
        )
    questions = await svc.plan.questions.open_for_user(reminder.user_id)
    asked = "\n".join(f"• {q.text}" for q in questions) or "• none saved (/question to add one)"
    if moment.prompt is AppointmentPrompt.SOON:
        return (
            f"📅 In two hours, at {when:%H:%M}: {who}.\n\nYour questions:\n{asked}",
            InlineKeyboardMarkup([plan_row]),
        )
    return await _evening_message(svc, reminder, moment, zone, asked, plan_row)


async def _evening_message(
    svc: Services,
    reminder: DueReminder,
    moment: AppointmentMoment,
    zone: ZoneInfo,
    asked: str,
    plan_row: list[InlineKeyboardButton],
) -> Message:
    """The evening before: the time since the previous appointment (or 4 weeks) in a few figures."""
    user_id, when = reminder.user_id, moment.appointment.at.astimezone(zone)
    end = when.date() - timedelta(days=1)
    earlier = [a for a in await svc.plan.appointments.for_user(user_id) if a.at < moment.appointment.at]
    start = earlier[-1].at.astimezone(zone).date() if earlier else end - timedelta(days=7 * SUMMARY_WEEKS - 1)
    start = min(start, end)
    length = (end - start).days + 1
    episodes = await svc.episodes.all_for_user(
        user_id, since=moment.appointment.at - timedelta(days=2 * length + 2)
    )
    now_figures = diary_figures(episodes, zone, start, end)
    before = diary_figures(episodes, zone, start - timedelta(days=length), start - timedelta(days=1))
    lines = figures_lines(now_figures, before)
    lines += await _medicine_lines(svc, user_id, zone, start, end)
    text = (
        f"📅 Tomorrow at {when:%H:%M}: {moment.appointment.with_whom}.\n\n"
        f"Since {start:%d %b} ({length} days):\n"
        + "\n".join(f"• {line}" for line in lines)
        + f"\n\nYour questions:\n{asked}\n\n{ASK_PRESCRIBER}"
    )
    pdf = [Button("📄 PDF of this period", callback_data=plan_pdf_button(start, end))]
    return text, InlineKeyboardMarkup([pdf, plan_row])


async def _medicine_lines(svc: Services, user_id: int, zone: ZoneInfo, start: date, end: date) -> list[str]:
    changes = [c for c in await svc.plan.medicines.changes(user_id) if start <= c.on_date <= end]
    medicines = {m.id: m for m in await svc.plan.medicines.for_user(user_id, include_stopped=True)}
    lines = [
        f"{medicines[c.medicine_id].label} {c.change.value} on {c.on_date:%d %b}"
        for c in changes
        if c.medicine_id in medicines
    ]
    return lines + await plan_report.medicine_lines(svc, user_id, zone, start, end)
