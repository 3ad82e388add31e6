"""Start and stop hooks that feature modules install on the application.

`bot/` never imports `handlers/`: a feature that needs to act when the bot starts (publish the
command menu) or stops (let the reminder dispatcher finish its wave) registers a hook here, and
`bot.app.running_bot` runs them. Hooks run in the order they were installed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from telegram.ext import Application

StartHook = Callable[[Application[Any, Any, Any, Any, Any, Any]], Awaitable[None]]
StopHook = Callable[[Application[Any, Any, Any, Any, Any, Any]], None]
Features = Callable[[Application[Any, Any, Any, Any, Any, Any]], None]
"""Adds a set of handlers (and their hooks) to an application: `handlers.register` in the product."""

_START_KEY = "lifecycle.start"
_STOP_KEY = "lifecycle.stop"


def on_start(application: Application[Any, Any, Any, Any, Any, Any], hook: StartHook) -> None:
    """Run `hook` once the application is initialised, before updates are fetched."""
    application.bot_data.setdefault(_START_KEY, []).append(hook)


def on_stop(application: Application[Any, Any, Any, Any, Any, Any], hook: StopHook) -> None:
    """Run `hook` when the bot is asked to stop, before updates stop being fetched."""
    application.bot_data.setdefault(_STOP_KEY, []).append(hook)


async def run_start_hooks(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    for hook in application.bot_data.get(_START_KEY, []):
        await hook(application)


def run_stop_hooks(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    for hook in application.bot_data.get(_STOP_KEY, []):
        hook(application)
