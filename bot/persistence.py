"""Conversation state and per-user flow data kept in the bot's own SQLite database.

PTB batches persistence writes (every `update_interval`); we instead flush after every update
(see `bot.processor.OrderedPerUserProcessor`), so a crash, even `kill -9`, loses at most the
update being handled when it died, and Telegram re-delivers that one.
Only conversations and user_data are stored; chat_data, bot_data and callback data are unused.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from telegram.ext import BasePersistence, PersistenceInput
from telegram.ext._utils.types import CDCData, ConversationDict, ConversationKey

from bot.clock import Clock, SystemClock
from bot.storage.conversations import ConversationStore
from bot.storage.db import Database

UserData = dict[Any, Any]


class SQLitePersistence(BasePersistence[UserData, dict[Any, Any], dict[Any, Any]]):
    def __init__(self, db: Database, clock: Clock | None = None, max_age: timedelta | None = None) -> None:
        # update_interval only drives PTB's background safety net; the real writes happen per update.
        super().__init__(
            store_data=PersistenceInput(bot_data=False, chat_data=False, user_data=True, callback_data=False),
            update_interval=300,
        )
        self._store = ConversationStore(db)
        self._max_age = max_age  # older drafts and conversation states are dropped at start
        self._clock = clock or SystemClock()
        # What the database holds, as JSON text, so unchanged data is never written again: PTB
        # offers every touched user's data and every visited conversation after each update.
        self._written_conversations: dict[tuple[str, str], str | None] = {}
        self._written_user_data: dict[int, str | None] = {}

    # -- conversations -------------------------------------------------------------------------
    async def _drop_stale(self) -> None:
        if self._max_age is not None:
            await self._store.drop_older_than(self._clock.now() - self._max_age)

    async def get_conversations(self, name: str) -> ConversationDict:
        await self._drop_stale()
        rows = await self._store.conversations(name)
        for conv_key, state in rows:
            self._written_conversations[(name, conv_key)] = state
        return {tuple(json.loads(conv_key)): json.loads(state) for conv_key, state in rows}

    async def update_conversation(self, name: str, key: ConversationKey, new_state: object | None) -> None:
        conv_key = json.dumps(list(key))
        state_text = None if new_state is None else json.dumps(new_state)
        if self._written_conversations.get((name, conv_key), None) == state_text:
            return
        self._written_conversations[(name, conv_key)] = state_text
        if state_text is None:
            await self._store.delete_conversation(name, conv_key)
            return
        # Keys are (chat_id, user_id) or (user_id,): the last int is the user in a private chat.
        user_id = int(key[-1])
        await self._store.put_conversation(name, conv_key, user_id, state_text, self._clock.now())

    # -- user data -----------------------------------------------------------------------------
    async def get_user_data(self) -> dict[int, UserData]:
        await self._drop_stale()
        rows = await self._store.all_user_data()
        for user_id, data in rows:
            self._written_user_data[user_id] = data
        return {user_id: json.loads(data) for user_id, data in rows}

    async def update_user_data(self, user_id: int, data: UserData) -> None:
        text = json.dumps(data, sort_keys=True) if data else None
        if self._written_user_data.get(user_id) == text:
            return
        if text is None:
            await self.drop_user_data(user_id)
            return
        self._written_user_data[user_id] = text
        await self._store.put_user_data(user_id, text, self._clock.now())

    async def drop_user_data(self, user_id: int) -> None:
        self._written_user_data[user_id] = None
        await self._store.delete_user_data(user_id)

    async def refresh_user_data(self, user_id: int, user_data: UserData) -> None:
        """Nothing to refresh: this process is the only writer."""

    def forget_user(self, user_id: int) -> None:
        """The user's rows were erased (/forget): drop what we remember having written for them."""
        self._written_user_data.pop(user_id, None)
        for key in [k for k in self._written_conversations if json.loads(k[1])[-1] == user_id]:
            del self._written_conversations[key]

    # -- unused stores (disabled in store_data) --------------------------------------------------
    async def get_chat_data(self) -> dict[int, dict[Any, Any]]:
        return {}

    async def get_bot_data(self) -> dict[Any, Any]:
        return {}

    async def get_callback_data(self) -> CDCData | None:
        return None

    async def update_chat_data(self, chat_id: int, data: dict[Any, Any]) -> None:
        """Chat data is not stored."""

    async def update_bot_data(self, data: dict[Any, Any]) -> None:
        """Bot data is not stored."""

    async def update_callback_data(self, data: CDCData) -> None:
        """Callback data is not stored."""

    async def drop_chat_data(self, chat_id: int) -> None:
        """Chat data is not stored."""

    async def refresh_chat_data(self, chat_id: int, chat_data: dict[Any, Any]) -> None:
        """Chat data is not stored."""

    async def refresh_bot_data(self, bot_data: dict[Any, Any]) -> None:
        """Bot data is not stored."""

    async def flush(self) -> None:
        """Every write is already committed."""
