"""The plan's part of the /log relief step: the person's own as-needed medicines offered by name,
a dose recorded for each one chosen (only after the entry is saved, linked to it, at the episode's
time), and the guided breathing routine offered when they chose "relax"."""

from __future__ import annotations

from dataclasses import replace

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.episodes.flow import FlowState
from bot.episodes.model import Episode
from bot.episodes.vocabulary import Relief
from bot.plan.model import MedicineStatus
from handlers.callbacks import plan_button
from handlers.common import Context

LABEL_MAX = 30  # a button label, not the whole name the person typed
RELAX_OFFER = "🫁 You chose relaxing. Want the short guided breathing routine now?"


async def with_offer(context: Context, user_id: int, state: FlowState) -> FlowState:
    """On the relief screen: the person's active as-needed medicines, to choose by name."""
    if state.screen != "relief":
        return state
    medicines = await context.services.plan.medicines.for_user(user_id)
    offered = tuple(
        (m.id, m.label[:LABEL_MAX]) for m in medicines if m.as_needed and m.status is MedicineStatus.ACTIVE
    )
    return replace(state, offered=offered)


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
