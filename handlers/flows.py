"""Every command closes an open flow the same way, before any feature sees it.

A command typed in the middle of a flow (/log, the time-zone question) ends that flow and drops its
draft, then runs exactly as if no flow had been open — whichever module registered the command and
in whatever order (/faq, /start and /timezone used to slip past an open /log flow). /cancel is the
exception: the flow's own /cancel answers "Not saved"; so is a bare /log, which keeps the draft to finish it.

/forget uses `end_flows` too, so no conversation state of a forgotten person stays in memory.
"""

from __future__ import annotations

import re
from typing import Any

from telegram import Update
from telegram.ext import Application, ConversationHandler, MessageHandler, filters

from handlers.common import Context
from handlers.flowstate import drop_flow

CLOSE_GROUP = -5  # after the private-chat guard (-100/-99) and triage (-10), before the features (0)
_NOT_CANCEL = ~filters.Regex(r"^/cancel(@\w+)?(\s|$)")
_BARE_LOG = re.compile(r"/log(@\w+)?")


def _conversation_handlers(
    application: Application[Any, Any, Any, Any, Any, Any],
) -> list[ConversationHandler[Any]]:
    return [
        handler
        for handlers in application.handlers.values()
        for handler in handlers
        if isinstance(handler, ConversationHandler)
    ]


def end_flows(update: Update, context: Context, *, keep_draft: bool = False) -> bool:
    """End every conversation the update's person has open, and drop the /log draft.

    PTB has no public call to end someone's conversation from outside it; `_update_state(END, key)`
    is what the handler itself does on END (the change reaches persistence like any other)."""
    ended = False
    for conversation in _conversation_handlers(context.application):
        key = conversation._get_key(update)
        if key in conversation._conversations:
            job = conversation.timeout_jobs.pop(key, None)
            if job is not None:
                job.schedule_removal()
            conversation._update_state(ConversationHandler.END, key)
            ended = True
    if context.user_data is not None and not keep_draft:
        drop_flow(context)
    return ended


async def close_open_flows(update: Update, context: Context) -> None:
    # A bare /log finishes the unsaved entry that was left open ("/log to finish it").
    message = update.effective_message
    bare_log = message is not None and _BARE_LOG.fullmatch((message.text or "").strip()) is not None
    end_flows(update, context, keep_draft=bare_log)


def register(application: Application) -> None:
    application.add_handler(
        MessageHandler(filters.UpdateType.MESSAGE & filters.COMMAND & _NOT_CANCEL, close_open_flows),
        group=CLOSE_GROUP,
    )
