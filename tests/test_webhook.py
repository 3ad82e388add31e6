"""The webhook receiver (bot/webhook.py): the secret and the size are judged on the headers,
before the body is read; a good delivery is processed; an unparsable one is skipped."""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import socket
from pathlib import Path
from unittest import mock

import pytest

from bot.app import running_bot
from bot.config import load_settings
from bot.webhook import MAX_BODY_BYTES
from tests.fake_telegram import FakeTelegramServer

TOKEN = "454545:Webhook-test-token-for-the-fake"
SECRET = "s3cret_Token-for-tests"


def _update(update_id: int, chat_id: int, text: str) -> dict[str, object]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 0,
            "chat": {"id": chat_id, "type": "private", "first_name": "W"},
            "from": {"id": chat_id, "is_bot": False, "first_name": "W"},
            "text": text,
            "entities": [{"type": "bot_command", "offset": 0, "length": len(text)}],
        },
    }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _post(
    port: int, *, secret: str | None, declared: int | None, body: bytes, path: str = "/telegram"
) -> tuple[int, bool]:
    """Send the headers and `body` (maybe only the start of what `declared` promises), then read
    the answer. Returns (status, whether the server closed the connection)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    lines = [f"POST {path} HTTP/1.1", "Host: bot", "Content-Type: application/json"]
    if secret is not None:
        lines.append(f"X-Telegram-Bot-Api-Secret-Token: {secret}")
    if declared is not None:
        lines.append(f"Content-Length: {declared}")
    else:
        lines.append("Transfer-Encoding: chunked")
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
    await writer.drain()
    try:
        status_line = await asyncio.wait_for(reader.readline(), 5)
        headers = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
        length = next(
            (
                int(h.split(b":")[1])
                for h in headers.split(b"\r\n")
                if h.lower().startswith(b"content-length")
            ),
            0,
        )
        await asyncio.wait_for(reader.readexactly(length), 5)
        try:  # a kept-alive connection stays open; a refused one is closed at once
            closed = await asyncio.wait_for(reader.read(1), 0.5) == b""
        except TimeoutError:
            closed = False
    finally:
        writer.close()
    return int(status_line.split()[1]), closed


async def test_webhook_judges_the_headers_first_and_processes_good_updates(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    port = _free_port()
    async with FakeTelegramServer() as server:
        settings = load_settings(
            telegram_bot_token=TOKEN,
            telegram_api_base_url=server.base_url,
            database_url=f"sqlite:///{tmp_path / 'bot.sqlite3'}",
            mode="webhook",
            webhook_url="https://bot.example.org/telegram",
            webhook_port=port,
            webhook_secret=SECRET,
        )
        with mock.patch("bot.webhook.hmac.compare_digest", wraps=hmac.compare_digest) as compare:
            async with running_bot(settings):
                assert server.api.webhook_url == "https://bot.example.org/telegram"
                assert server.api.webhook_secret == SECRET
                good = json.dumps(_update(1, 9, "/help")).encode()
                # A 90 MB promise without (or with a wrong) secret: refused on the headers alone,
                # before any of the body was sent, and the connection closed.
                for secret in (None, "wrong", SECRET[:-1], SECRET + "x"):
                    assert await _post(port, secret=secret, declared=90_000_000, body=b"") == (403, True)
                assert await _post(port, secret=None, declared=len(good), body=good) == (403, True)
                assert compare.call_count >= 5  # the secret is compared in constant time
                # Too big with the right secret: 413 on the declared length alone.
                too_big = MAX_BODY_BYTES + 1
                assert await _post(port, secret=SECRET, declared=too_big, body=b"") == (413, True)
                assert (await _post(port, secret=SECRET, declared=None, body=b""))[0] == 411
                assert await _post(port, secret=SECRET, declared=len(good), body=good, path="/x") == (
                    404,
                    False,
                )
                await asyncio.sleep(0.2)
                assert not server.api.calls_named("sendMessage")
                # An update the library cannot parse: answered 200 (no redelivery), logged by id.
                broken = json.dumps({"update_id": 2, "message": {"date": "x", "text": "zebra"}}).encode()
                assert await _post(port, secret=SECRET, declared=len(broken), body=broken) == (200, False)
                assert await _post(port, secret=SECRET, declared=len(good), body=good) == (200, False)
                calls = await server.api.wait_for_calls("sendMessage", chat_id=9, timeout=5)
                assert "/timezone" in calls[0].params["text"]
    assert "update 2 could not be parsed (TypeError): skipped" in caplog.text
    assert "zebra" not in caplog.text


def test_webhook_listens_on_loopback_unless_told_otherwise() -> None:
    assert load_settings(_env_file=None).webhook_listen == "127.0.0.1"
