"""The context every handler receives: PTB's CallbackContext with our services and the person's
profile on it, typed, instead of `bot_data["services"]` and repeated profile look-ups.

PTB builds one context per update and hands it to every handler that runs for it, so the profile
cached here is read at most once per update, and written only when it is missing or its chat moved.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, CallbackContext, ExtBot

from bot.services import SERVICES_KEY, Services
from bot.storage.users import UserProfile


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application, chat_id=chat_id, user_id=user_id)
        self._profile: UserProfile | None = None
        self._profile_read = False
        # The safety reply's tier for this update ("emergency", …), set by handlers/safety.py in its
        # earlier handler group: features that run after it read it (no form after an emergency).
        self.safety_tier: str | None = None

    @property
    def services(self) -> Services:
        found = self.application.bot_data[SERVICES_KEY]
        assert isinstance(found, Services)
        return found

    async def profile(self) -> UserProfile | None:
        """The sender's profile, or None for someone the bot does not know (or who used /forget)."""
        if not self._profile_read:
            assert self._user_id is not None, "only updates from a person have a profile"
            self._profile = await self.services.users.get(self._user_id)
            self._profile_read = True
        return self._profile

    async def ensure_profile(self, update: Update) -> UserProfile:
        """The sender's profile, created on first contact; written only when missing or the chat changed."""
        chat = update.effective_chat
        assert chat is not None and self._user_id is not None
        profile = await self.profile()
        if profile is None or profile.chat_id != chat.id:
            profile = await self.services.users.ensure(self._user_id, chat.id, self.services.clock.now())
            self._profile = profile
        return profile

    def forget_profile(self) -> None:
        """The profile changed (zone, sleep window) or was erased: read it again when next asked."""
        self._profile, self._profile_read = None, False

    async def zone(self) -> str:
        """The sender's zone, or the deployment's default for someone who has not set one."""
        return self.services.zone_of(await self.profile())
