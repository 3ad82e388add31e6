"""Everything a handler needs, built once at start and reached through `services(context)`.

Handlers get repositories and domain objects from here instead of importing globals, so tests
can build the real application over a temporary database and a movable clock.
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram.ext import CallbackContext

from bot.clock import Clock
from bot.config import Settings
from bot.storage.db import Database
from bot.storage.users import UserRepository

SERVICES_KEY = "services"


@dataclass(slots=True)
class Services:
    settings: Settings
    db: Database
    clock: Clock
    users: UserRepository


def services(context: CallbackContext) -> Services:
    found = context.application.bot_data[SERVICES_KEY]
    assert isinstance(found, Services)
    return found
