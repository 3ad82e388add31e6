"""The plan's part of the /log relief step: the person's own as-needed medicines offered by name,
a dose recorded for each one chosen (only after the entry is saved, linked to it, at the episode's
time), and the guided breathing routine offered when they chose "relax"."""

from __future__ import annotations

from dataclasses import replace

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.episodes.flow import FlowState
from bot.episodes.model import Episode
from bot.episodes.vocabulary import Relief
from bot.plan.model import Medicine, MedicineStatus
from bot.plan.parse import parse_took_line
from bot.plan.service import match_medicine
from handlers.callbacks import plan_button
from handlers.common import Context

LABEL_MAX = 30  # a button label, not the whole name the person typed
RELAX_OFFER = "🫁 You chose relaxing. Want the short guided breathing routine now?"


async def _as_needed(context: Context, user_id: int) -> list[Medicine]:
    """The medicines the relief step offers: the person's active as-needed ones."""
    medicines = await context.services.plan.medicines.for_user(user_id)
    return [m for m in medicines if m.as_needed and m.status is MedicineStatus.ACTIVE]


async def with_offer(context: Context, user_id: int, state: FlowState) -> FlowState:
    """On the relief screen: the person's active as-needed medicines, to choose by name."""
    if state.screen != "relief":
        return state
    offered = tuple((m.id, m.label[:LABEL_MAX]) for m in await _as_needed(context, user_id))
    return replace(state, offered=offered)


async def typed_took(context: Context, user_id: int, state: FlowState, text: str) -> FlowState:
    """ "took ibuprofen" typed while the flow is open and read as the generic "as-needed medication":
    when it names one of their active as-needed medicines, the same as tapping its button on the
    relief step (a dose linked to the entry after the save). Any other name changes nothing."""
    line = parse_took_line(text)
    if line is None or line.name is None or Relief.AS_NEEDED_MEDICATION not in state.draft.relief:
        return state
    medicine = match_medicine(line.name, await _as_needed(context, user_id), context.services.plan.catalogue)
    if medicine is None:
        return state
    offered = state.offered
    if all(medicine_id != medicine.id for medicine_id, _label in offered):
        offered = (*offered, (medicine.id, medicine.label[:LABEL_MAX]))
    took = state.took if medicine.id in state.took else (*state.took, medicine.id)
    return replace(state, offered=offered, took=took)


async def after_saved(
    update: Update, context: Context, user_id: int, state: FlowState, episode: Episode
) -> None:
    """Called only after the entry is committed: one dose per chosen medicine (idempotent per entry
    and medicine, so a repeated Save records nothing twice), then the breathing offer."""
    plan = context.services.plan
    now = context.services.clock.now()
    for medicine_id in state.took:
        if await plan.medicines.get(user_id, medicine_id) is None:
            continue  # not theirs (or gone since): nothing is recorded
        await plan.doses.record_taken(
            user_id, medicine_id, f"ep:{episode.id}:{medicine_id}", episode.started_at_utc, now, episode.id
        )
    if Relief.RELAXATION in episode.relief:
        chat = update.effective_chat
        assert chat is not None
        button = InlineKeyboardButton("🌬 Start the breathing routine", callback_data=plan_button("relax"))
        await chat.send_message(RELAX_OFFER, reply_markup=InlineKeyboardMarkup([[button]]))
