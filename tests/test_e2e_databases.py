"""One conversation over HTTP, on SQLite and on PostgreSQL: the bot polls the fake Bot API, a
person sets their zone, logs an episode and erases everything with /forget; nothing of theirs is
left in any column of any table. The health and metrics listener is on for the run."""

from __future__ import annotations

import json
from pathlib import Path

import aiohttp

from bot.app import running_bot
from bot.config import load_settings
from bot.storage.db import Database
from handlers import register
from tests.fake_telegram import FakeTelegramServer

TOKEN = "424242:E2E-test-token-for-the-fake-server"
WHO, OTHER = 8_123_456_789, 55


async def _mentions(db: Database, needle: str) -> list[str]:
    """Every (table.column) whose value contains `needle` as text, in any row."""
    found = []
    for table in await db.tables_with_column("user_id") + ["schema_version"] * (db.dialect == "postgresql"):
        for column in await db.table_columns(table):
            hits = await db.fetch_value(
                f"SELECT COUNT(*) FROM {table} WHERE CAST({column} AS TEXT) LIKE ?", (f"%{needle}%",)
            )
            if hits:
                found.append(f"{table}.{column}")
    return found


def _button(call: object, label: str) -> str:
    markup = call.params["reply_markup"]  # type: ignore[attr-defined]
    markup = json.loads(markup) if isinstance(markup, str) else markup
    return next(b["callback_data"] for row in markup["inline_keyboard"] for b in row if label in b["text"])


async def test_conversation_and_forget_over_http(database_url: str, tmp_path: Path) -> None:
    async with FakeTelegramServer() as server:
        settings = load_settings(
            telegram_bot_token=TOKEN,
            telegram_api_base_url=server.base_url,
            database_url=database_url,
            metrics_port=0,
        )
        async with running_bot(settings, features=register):
            api = server.api
            for user in (WHO, OTHER):
                api.user_message(user, "/timezone Europe/Berlin")
                await api.wait_for_calls("sendMessage", 2, chat_id=user, timeout=10)
                since = len(api.calls)
                api.user_message(user, "left calf 7/10 2 min")
                saved = await api.wait_for_calls("sendMessage", chat_id=user, since=since, timeout=10)
                assert "Saved" in saved[-1].params["text"] or "saved" in saved[-1].params["text"]

            since = len(api.calls)
            api.user_message(WHO, "/forget")
            ask = (await api.wait_for_calls("sendMessage", chat_id=WHO, since=since, timeout=10))[-1]
            since = len(api.calls)
            api.callback_query(WHO, _button(ask, "Delete everything"), message_id=ask.result["message_id"])
            await api.wait_for_calls("editMessageText", chat_id=WHO, since=since, timeout=10)

            from bot.metrics import HEALTH

            async with aiohttp.ClientSession() as http:
                async with http.get(f"http://127.0.0.1:{HEALTH.port}/healthz") as response:
                    assert response.status == 200
                    assert (await response.json())["role"] == "active"
                async with http.get(f"http://127.0.0.1:{HEALTH.port}/metrics") as response:
                    metrics = await response.text()
            assert "spasm_updates_handled_total" in metrics and "spasm_update_seconds_bucket" in metrics
            assert str(WHO) not in metrics and "calf" not in metrics  # no ids, no health data

        db = await Database.connect(database_url)
        try:
            assert await _mentions(db, str(WHO)) == []
            assert await db.fetch_value("SELECT COUNT(*) FROM episodes WHERE user_id = ?", (OTHER,)) == 1
        finally:
            await db.close()
