"""/plan: the whole plan on one screen, with a screen per section whose buttons pause, resume,
stop or remove each item, and one handler for every `pl:` button (handlers/callbacks/).

Buttons that name a row load it by id *and* presser; someone without a profile (after /forget)
gets "expired" and nothing is created."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler

from bot.plan.model import MedicineStatus
from bot.plan.texts import (
    appointment_line,
    exercise_line,
    medicine_line,
    plan_text,
)
from handlers import meds, plan_add, plan_items, relax
from handlers.callbacks import PlanButton, parse_plan_button, plan_button
from handlers.common import Context, answer_expired, reply

Button = InlineKeyboardButton


def _menu_rows() -> list[list[InlineKeyboardButton]]:
    return [
        *plan_add.add_rows(),
        [
            Button("💊 Medicines", callback_data=plan_button("meds")),
            Button("📅 Appointments", callback_data=plan_button("appts")),
        ],
        [
            Button("🏃 Exercises", callback_data=plan_button("ex")),
            Button("❓ Questions", callback_data=plan_button("qs")),
        ],
        [
            Button("🌬 Relax", callback_data=plan_button("relax")),
            Button("🤝 Support", callback_data=plan_button("support")),
        ],
    ]


async def plan_screen(context: Context, user_id: int) -> tuple[str, InlineKeyboardMarkup]:
    plan = context.services.plan
    zone = await plan.zone(user_id)
    text = plan_text(
        await plan.medicines.for_user(user_id),
        await plan.appointments.for_user(user_id),
        await plan.exercises.for_user(user_id),
        await plan.questions.open_for_user(user_id),
        zone,
        context.services.clock.now(),
    )
    return text, InlineKeyboardMarkup(_menu_rows())


async def plan_command(update: Update, context: Context) -> None:
    profile = await context.ensure_profile(update)
    text, markup = await plan_screen(context, profile.user_id)
    await reply(update, text, reply_markup=markup)


def _back_and_add(what: str) -> list[InlineKeyboardButton]:
    return [
        Button("➕ Add", callback_data=plan_button("add", word=what)),
        Button("◀ My plan", callback_data=plan_button("show")),
    ]


async def _section(context: Context, user_id: int, section: str) -> tuple[str, InlineKeyboardMarkup]:
    plan = context.services.plan
    rows: list[list[InlineKeyboardButton]] = []
    if section == "meds":
        items = await plan.medicines.for_user(user_id)
        for m in items:
            toggle = ("mresume", "▶️ Resume") if m.status is MedicineStatus.PAUSED else ("mpause", "⏸ Pause")
            rows.append(
                [
                    Button(f"{toggle[1]} {m.label}", callback_data=plan_button(toggle[0], m.id)),
                    Button("🕘 Times", callback_data=plan_button("mtimes", m.id)),
                    Button("⏹ Stop", callback_data=plan_button("mstop", m.id)),
                ]
            )
        lines, title = [medicine_line(m) for m in items], "💊 Medicines (stopping keeps the history)"
    elif section == "appts":
        zone = await plan.zone(user_id)
        appts = [a for a in await plan.appointments.for_user(user_id) if a.at > context.services.clock.now()]
        rows = [
            [Button(f"✖ Cancel {a.at.astimezone(zone):%d %b}", callback_data=plan_button("acancel", a.id))]
            for a in appts
        ]
        lines, title = [appointment_line(a, zone) for a in appts], "📅 Appointments"
    elif section == "ex":
        exercises = await plan.exercises.for_user(user_id)
        rows = [
            [Button(f"✖ Remove {e.name}"[:60], callback_data=plan_button("xdel", e.id))] for e in exercises
        ]
        lines, title = [exercise_line(e) for e in exercises], "🏃 My exercises"
    else:
        questions = await plan.questions.open_for_user(user_id)
        rows = [
            [Button(f"✔ Asked: {q.text}"[:60], callback_data=plan_button("qdone", q.id))] for q in questions
        ]
        lines, title = [q.text for q in questions], "❓ Questions for my clinician"
    rows.append(_back_and_add(section))
    body = "\n".join(f"• {line}" for line in lines) or "Nothing here yet."
    return f"{title}\n{body}", InlineKeyboardMarkup(rows)


async def _change_item(context: Context, user_id: int, button: PlanButton) -> str | None:
    """Pause / resume / stop / cancel / done / remove one of the presser's rows: the section to show
    afterwards, or None when the row is not theirs (or already changed)."""
    plan, item = context.services.plan, button.item_id
    assert item is not None
    statuses = {
        "mpause": MedicineStatus.PAUSED,
        "mresume": MedicineStatus.ACTIVE,
        "mstop": MedicineStatus.STOPPED,
    }
    if button.action in statuses:
        done = await plan.set_medicine_status(user_id, item, statuses[button.action]) is not None
        return "meds" if done else None
    actions: dict[str, tuple[str, Callable[[int, int], Awaitable[bool]]]] = {
        "acancel": ("appts", plan.cancel_appointment),
        "xdel": ("ex", plan.exercises.remove),
        "qdone": ("qs", plan.questions.set_done),
    }
    section, act = actions[button.action]
    return section if await act(user_id, item) else None


async def plan_button_pressed(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    button = parse_plan_button(query.data)
    profile = await context.profile()
    if button is None or profile is None:
        await answer_expired(update)
        return
    if button.action in {"tk", "sk", "sn"}:
        await meds.dose_button(update, context, button)
    elif button.action in {"took", "mtimes"}:
        await meds.medicine_button(update, context, button)
    elif button.action in {"qsave", "pdf", "support", "xd"}:
        await plan_items.plan_item_button(update, context, button)
    elif button.action in {"relax", "rstop"}:
        await relax.relax_button(update, context, button.action)
    elif button.action == "show":
        await query.answer()
        text, markup = await plan_screen(context, profile.user_id)
        await query.edit_message_text(text, reply_markup=markup)
    elif button.action in {"meds", "appts", "ex", "qs"}:
        await query.answer()
        text, markup = await _section(context, profile.user_id, button.action)
        await query.edit_message_text(text, reply_markup=markup)
    elif button.action == "add" and button.word in plan_add.PROMPTS:
        await query.answer()
        await plan_add.ask(update, context, button.word)
    elif button.action == "add" and button.word == "cancel":
        await plan_add.cancel(update, context)
    elif button.action in {"mpause", "mresume", "mstop", "acancel", "xdel", "qdone"}:
        section = await _change_item(context, profile.user_id, button)
        if section is None:
            await answer_expired(update)
            return
        await query.answer("Done")
        text, markup = await _section(context, profile.user_id, section)
        await query.edit_message_text(text, reply_markup=markup)
    else:
        await answer_expired(update)


def register(application: Application) -> None:
    application.add_handler(CommandHandler("plan", plan_command))
    application.add_handler(CallbackQueryHandler(plan_button_pressed, pattern=r"^pl:"))
