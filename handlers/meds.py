"""/meds (list, add), /took and "took baclofen" lines, and the buttons on medicine reminders
(Taken / Skip / Snooze, dated by the dose's scheduled minute so a press long after expires).

The bot records what the person says; it never suggests a dose (bot/plan/texts.py ASK_PRESCRIBER)."""

from __future__ import annotations

from datetime import datetime, timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, CommandHandler

from bot.episodes.describe import local_time_text
from bot.intents import Intent, classify
from bot.plan.model import Dose, DoseStatus, Medicine
from bot.plan.parse import PlanInputError, TookLine, parse_meds_add, parse_took_args
from bot.plan.service import match_medicine
from bot.plan.summary import dose_is_relief_for
from bot.plan.texts import ASK_PRESCRIBER, MEDS_CHANGE_USAGE, MEDS_USAGE, TOOK_USAGE, medicine_line
from handlers.callbacks import PlanButton, parse_plan_button, plan_button
from handlers.common import Context, answer_expired, reply
from handlers.intents import respond

DOSE_BUTTON_VALID = timedelta(hours=24)  # Taken/Skip/Snooze on a reminder count for a day after the dose


async def meds_command(update: Update, context: Context) -> None:
    profile = await context.ensure_profile(update)
    args = list(context.args or [])
    plan = context.services.plan
    if args[:1] == ["add"]:
        try:
            request = parse_meds_add(" ".join(args[1:]))
        except PlanInputError as exc:
            await reply(update, f"{exc}\n\n{MEDS_USAGE}")
            return
        medicine = await plan.add_medicine(profile.user_id, request)
        reminded = " I'll remind you at those times (change with /plan)." if medicine.times else ""
        await reply(update, f"💊 Saved: {medicine_line(medicine)}.{reminded}\n\n{ASK_PRESCRIBER}")
        return
    if args[:1] == ["change"]:
        await _change_times(update, context, profile.user_id, " ".join(args[1:]))
        return
    medicines = await plan.medicines.for_user(profile.user_id)
    listing = "\n".join(f"• {medicine_line(m)}" for m in medicines) or "No medicines in your plan yet."
    await reply(update, f"💊 Your medicines\n{listing}\n\n{MEDS_USAGE}\n\n{MEDS_CHANGE_USAGE}")


async def _change_times(update: Update, context: Context, user_id: int, text: str) -> None:
    """/meds change <name> <HH:MM ...|as needed> [own words]: new times for one of their medicines
    (their earlier words are kept unless they write new ones); the change is dated for /stats."""
    plan = context.services.plan
    try:
        request = parse_meds_add(text)
    except PlanInputError as exc:
        await reply(update, f"{exc}\n\n{MEDS_CHANGE_USAGE}")
        return
    medicines = await plan.medicines.for_user(user_id)
    medicine = match_medicine(request.name, medicines, plan.catalogue)
    if medicine is None:
        names = ", ".join(m.label for m in medicines) or "none yet"
        await reply(update, f"“{request.name}” is not in your plan (yours: {names}).\n\n{MEDS_CHANGE_USAGE}")
        return
    changed = await plan.change_medicine(user_id, medicine.id, request)
    if changed is None:
        await reply(update, "That medicine has been stopped; add it again with /meds add.")
        return
    await reply(update, f"💊 Changed: {medicine_line(changed)}.\n\n{ASK_PRESCRIBER}")


def took_markup(medicines: list[Medicine]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(f"💊 {m.label}", callback_data=plan_button("took", m.id))] for m in medicines]
    )


async def record_took(update: Update, context: Context, line: TookLine) -> bool:
    """Record a dose the person reported ("took baclofen"); False when no medicine of theirs matches
    (the caller answers). Idempotent on the message id."""
    profile = await context.ensure_profile(update)
    message = update.effective_message
    assert message is not None
    plan = context.services.plan
    medicines = await plan.medicines.for_user(profile.user_id)
    medicine = match_medicine(line.name or "", medicines, plan.catalogue) if line.name else None
    if medicine is None:
        return False
    dose = await plan.took(profile.user_id, line, medicine, f"msg:{message.message_id}")
    assert dose.taken_at is not None
    # "took baclofen at 8" said at 05:30 was yesterday's 08:00: the reply names the day
    when = local_time_text(
        dose.taken_at, (await plan.zone(profile.user_id)).key, context.services.clock.now()
    )
    linked = await link_to_latest_episode(context, profile.user_id, dose)
    await reply(update, f"✅ Noted: {medicine.label}, {when}{linked}. See it in /stats.")
    return True


async def link_to_latest_episode(context: Context, user_id: int, dose: Dose) -> str:
    """A dose taken soon after the latest logged episode began is linked to it, so /stats can tell
    how relief went with each medicine; the words to add to the reply ("" when not linked)."""
    latest = await context.services.episodes.latest(user_id)
    if (
        dose.taken_at is None
        or latest is None
        or not dose_is_relief_for(dose.taken_at, latest.started_at_utc)
    ):
        return ""
    await context.services.plan.doses.link_episode(user_id, dose.id, latest.id)
    return ", for the episode you logged"


GENERIC_NAMES = frozenset({"meds", "medicine", "medicines", "medication", "medications", "tablets", "pills"})


async def took_line(update: Update, context: Context, intent: Intent, text: str) -> None:
    """ "took baclofen" typed (the intent router's DOSE): recorded when it names one of their
    medicines (typos and capitals allowed); a medicine word that is not in their plan gets their
    buttons or the /meds add line; anything else ("took a walk") is answered as it reads otherwise."""
    line = intent.took
    if line is None or line.name is None:
        return
    if await record_took(update, context, line):
        return
    profile = await context.ensure_profile(update)
    plan = context.services.plan
    medicines = await plan.medicines.for_user(profile.user_id)
    known = plan.catalogue.recognise(line.name)
    if medicines and (line.name.lower() in GENERIC_NAMES or known):
        unknown = "" if line.name.lower() in GENERIC_NAMES else f"“{line.name}” is not in your plan. "
        await reply(update, f"{unknown}Which one did you take?", reply_markup=took_markup(medicines))
    elif known:
        await reply(
            update,
            f"“{known}” is not in your plan yet. Add it, then tell me again:\n/meds add {known} as needed",
        )
    else:
        await respond(update, context, classify(text, doses=False), text)


async def took_command(update: Update, context: Context) -> None:
    profile = await context.ensure_profile(update)
    line = parse_took_args(" ".join(context.args or []))
    if line.name and await record_took(update, context, line):
        return
    medicines = await context.services.plan.medicines.for_user(profile.user_id)
    if not medicines:
        await reply(update, "There are no medicines in your plan yet.\n\n" + MEDS_USAGE)
        return
    unknown = f"“{line.name}” is not in your plan. " if line.name else ""
    await reply(
        update, f"{unknown}Which one did you take? ({TOOK_USAGE})", reply_markup=took_markup(medicines)
    )


async def times_button(update: Update, context: Context, button: PlanButton) -> None:
    """ "🕘 Times" on a medicine in /plan: the one line to send, with its name filled in."""
    query = update.callback_query
    profile = await context.profile()
    assert query is not None and button.item_id is not None
    medicine = await context.services.plan.medicines.get(profile.user_id, button.item_id) if profile else None
    if medicine is None:
        await answer_expired(update)
        return
    await query.answer()
    now = ", ".join(t.strftime("%H:%M") for t in medicine.times) or "as needed"
    await reply(
        update,
        f"🕘 {medicine.label} is at {now}. Send the new times in one line:\n"
        f"/meds change {medicine.label} 08:00 20:00\n/meds change {medicine.label} as needed",
    )


async def medicine_button(update: Update, context: Context, button: PlanButton) -> None:
    if button.action == "mtimes":
        await times_button(update, context, button)
    else:
        await took_button(update, context, button)


async def took_button(update: Update, context: Context, button: PlanButton) -> None:
    query = update.callback_query
    profile = await context.profile()
    assert query is not None and button.item_id is not None
    plan = context.services.plan
    medicine = await plan.medicines.get(profile.user_id, button.item_id) if profile else None
    if profile is None or medicine is None:
        await answer_expired(update)
        return
    key = f"btn:{query.message.message_id if query.message else 0}:{medicine.id}"
    dose = await plan.took(profile.user_id, TookLine(medicine.label), medicine, key)
    linked = await link_to_latest_episode(context, profile.user_id, dose)
    await query.answer(f"Noted: {medicine.label} ✅")
    await query.edit_message_text(f"✅ Noted: {medicine.label}, just now{linked}. See it in /stats.")


async def dose_button(update: Update, context: Context, button: PlanButton) -> None:
    """Taken / Skip / Snooze on a medicine reminder, for that scheduled dose only."""
    query = update.callback_query
    profile = await context.profile()
    assert query is not None and button.item_id is not None and button.slot is not None
    svc = context.services
    age = svc.clock.now() - button.slot
    if profile is None or not timedelta(0) <= age <= DOSE_BUTTON_VALID:
        await answer_expired(update)
        return
    status = {"tk": DoseStatus.TAKEN, "sk": DoseStatus.SKIPPED, "sn": DoseStatus.SNOOZED}[button.action]
    result = await svc.plan.answer_dose(profile.user_id, button.item_id, button.slot, status)
    if result is False:
        await query.answer("Already answered, or this button has expired.")
        return
    if isinstance(result, datetime):
        local = result.astimezone(await svc.plan.zone(profile.user_id))
        await query.answer(f"I'll remind you again at {local:%H:%M}")
    else:
        await query.answer("Noted ✅" if status is DoseStatus.TAKEN else "Skipped — noted")
    await _drop_answered_row(update, button)


async def _drop_answered_row(update: Update, button: PlanButton) -> None:
    """Remove the answered medicine's row of buttons; the others stay for their own answers."""
    query = update.callback_query
    assert query is not None and query.message is not None
    markup = getattr(query.message, "reply_markup", None)
    rows = [
        row
        for row in (markup.inline_keyboard if markup else ())
        if not any(_same_medicine(str(b.callback_data), button) for b in row)
    ]
    await query.edit_message_reply_markup(reply_markup=InlineKeyboardMarkup(rows) if rows else None)


def _same_medicine(data: str, pressed: PlanButton) -> bool:
    other = parse_plan_button(data)
    return other is not None and other.item_id == pressed.item_id and other.slot == pressed.slot


def register(application: Application) -> None:
    application.add_handler(CommandHandler("meds", meds_command))
    application.add_handler(CommandHandler("took", took_command))
