"""Telegram I/O, one module per feature. `register` adds them in the order they are tried:
guards first, then features, then the catch-all fallbacks. Within group 0 the first handler
that matches an update wins, so conversations (flows) come before one-shot commands."""

from __future__ import annotations

import warnings

from telegram.ext import Application
from telegram.warnings import PTBUserWarning

from handlers import (
    diary,
    entry_buttons,
    errors,
    fallbacks,
    faq,
    flows,
    help,
    history,
    intents,
    meds,
    mydata,
    plan,
    plan_add,
    plan_items,
    privacy,
    remind,
    reminder_buttons,
    safety,
    sleep,
    start,
    stats,
)

# Our flows are per user in private chats; buttons are checked by their data, not per message.
warnings.filterwarnings("ignore", message=".*per_message=False", category=PTBUserWarning)


def register(application: Application) -> None:
    privacy.register(application)  # group -100/-99: private chats only, blocked/unblocked
    safety.register(application)  # group -10: red-flag triage of every text, before any feature
    faq.register(application)  # /faq and its buttons
    flows.register(application)  # group -5: any command (but /cancel) first closes an open flow
    plan_add.register(application)  # group -2: the line typed after /plan's "+ Add" (else it goes on)
    start.register(application)  # /start onboarding, /timezone (a flow)
    sleep.register(application)  # /sleep
    diary.register(application)  # /log flow, one-line logging, plain text → episode or FAQ
    history.register(application)  # /history, /undo
    entry_buttons.register(application)  # open / delete / keep on a saved entry (diary and history)
    mydata.register(application)  # /export, /forget
    stats.register(application)  # /stats, /report (charts and PDF made in worker processes)
    remind.register(application)  # /remind, the dispatcher job
    reminder_buttons.register(application)  # presses on reminder buttons (dated: stale ones expire)
    intents.register(application)  # the short menu's buttons, "answer it" for a line that was unclear
    plan.register(application)  # /plan and every pl: button (medicines, doses, appointments, questions)
    intents.set_plan_hook(application, plan.plan_command)  # "add … to my plan" typed: the plan screen
    intents.set_dose_hook(application, meds.took_line)  # "took baclofen" typed: a dose recorded
    meds.register(application)  # /meds, /took
    plan_items.register(application)  # /appointment, /question, /exercises
    help.register(application)  # /help
    fallbacks.register(application)  # anything left: hints, unknown commands, stale buttons
    errors.register(application)
