"""/sleep: the person's usual sleep hours (moved out of handlers/start.py to keep it small)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CommandHandler

from bot.reminders.parse import parse_sleep_window
from bot.reminders.rules import RuleError
from handlers.common import Context, reply


async def sleep_command(update: Update, context: Context) -> None:
    """`/sleep 23:00-07:30`: the sleep window decides what counts as a night spasm and keeps
    hydration reminders out of the night."""
    svc = context.services
    profile = await context.ensure_profile(update)
    text = " ".join(context.args or [])
    if not text:
        await reply(
            update,
            f"Your sleep hours: {profile.sleep_start:%H:%M}–{profile.sleep_end:%H:%M}. Spasms in this window count "
            "as nocturnal, and hydration reminders stay out of it. To change: /sleep 23:00-07:30",
        )
        return
    try:
        start, end = parse_sleep_window(text)
    except RuleError as exc:
        await reply(update, str(exc))
        return
    await svc.users.set_sleep_window(profile.user_id, start, end, svc.clock.now())
    context.forget_profile()
    await svc.reminders.reschedule_user(profile.user_id)
    await reply(update, f"🌙 Sleep hours set: {start:%H:%M}–{end:%H:%M}.")


def register(application: Application) -> None:
    application.add_handler(CommandHandler("sleep", sleep_command))
