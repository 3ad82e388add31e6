"""Where an open /log flow's state lives between updates: the person's user_data (persisted to SQLite
after every update, so kill -9 keeps it), as the versioned JSON of bot.episodes.flow.FlowState."""

from __future__ import annotations

from bot.episodes.flow import FlowState
from handlers.common import Context

FLOW_KEY = "log"


def load_flow(context: Context) -> FlowState | None:
    assert context.user_data is not None
    return FlowState.from_json(context.user_data.get(FLOW_KEY))


def save_flow(context: Context, state: FlowState) -> None:
    assert context.user_data is not None
    context.user_data[FLOW_KEY] = state.to_json()


def drop_flow(context: Context) -> None:
    """The flow ended, was left or timed out: its draft (which may hold notes) goes with it."""
    assert context.user_data is not None
    context.user_data.pop(FLOW_KEY, None)
