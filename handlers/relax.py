"""The guided breathing routine: one message, edited in place at each timed step by a JobQueue job
(one job per person, named after them, so Stop or a new start replaces the old run)."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.plan.relax import relax_done_text, relax_step_text, relax_stopped_text
from handlers.callbacks import plan_button
from handlers.common import Context


@dataclass(frozen=True, slots=True)
class RelaxRun:
    chat_id: int
    message_id: int
    index: int  # the step shown now


def job_name(user_id: int) -> str:
    return f"relax:{user_id}"


def _stop_markup() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton("⏹ Stop", callback_data=plan_button("rstop"))]])


def _cancel_runs(context: Context, user_id: int) -> bool:
    if context.job_queue is None:
        return False
    jobs = context.job_queue.get_jobs_by_name(job_name(user_id))
    for job in jobs:
        job.schedule_removal()
    return bool(jobs)


def _schedule(context: ContextTypes.DEFAULT_TYPE, user_id: int, run: RelaxRun, seconds: int) -> None:
    if context.job_queue is None:
        return
    context.job_queue.run_once(next_step, when=seconds, data=run, name=job_name(user_id), user_id=user_id)


async def start_relax(update: Update, context: Context) -> None:
    """Show the first step and plan the next one (a second start replaces a run still going)."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    _cancel_runs(context, user.id)
    routine = context.services.content.relaxation
    message = await chat.send_message(relax_step_text(routine, 0), reply_markup=_stop_markup())
    _schedule(context, user.id, RelaxRun(chat.id, message.message_id, 0), routine.steps[0].seconds)


async def next_step(context: ContextTypes.DEFAULT_TYPE) -> None:
    """The job: edit the message to the next step, or to the closing words after the last one."""
    job = context.job
    assert job is not None and isinstance(job.data, RelaxRun) and job.user_id is not None
    run = job.data
    routine = context.bot_data["services"].content.relaxation
    index = run.index + 1
    try:
        if index >= len(routine.steps):
            await context.bot.edit_message_text(relax_done_text(routine), run.chat_id, run.message_id)
            return
        await context.bot.edit_message_text(
            relax_step_text(routine, index), run.chat_id, run.message_id, reply_markup=_stop_markup()
        )
    except TelegramError:
        return  # the message was deleted or the chat blocked us: the run simply ends
    _schedule(
        context, job.user_id, RelaxRun(run.chat_id, run.message_id, index), routine.steps[index].seconds
    )


async def stop_relax(update: Update, context: Context) -> None:
    query, user = update.callback_query, update.effective_user
    assert query is not None and user is not None
    _cancel_runs(context, user.id)
    await query.answer("Stopped")
    await query.edit_message_text(relax_stopped_text(context.services.content.relaxation))


async def relax_button(update: Update, context: Context, action: str) -> None:
    """pl:relax starts the routine, pl:rstop stops it."""
    if action == "rstop":
        await stop_relax(update, context)
        return
    if update.callback_query is not None:
        await update.callback_query.answer()
    await start_relax(update, context)
