"""The Bot API stand-in over real HTTP: PTB's own HTTPXRequest, raw clients, and the threaded mode."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, RetryAfter

from tests.fake_telegram import FakeTelegramServer

TOKEN = "123:ABC"
USER = 31337
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
async def server():
    async with FakeTelegramServer() as server:
        yield server


@pytest.fixture
async def bot(server: FakeTelegramServer):
    async with Bot(TOKEN, base_url=server.base_url) as bot:
        yield bot


async def test_get_me_and_send_message_over_http(server: FakeTelegramServer, bot: Bot) -> None:
    assert server.base_url.startswith("http://127.0.0.1:") and server.port > 0
    assert bot.username == server.api.bot_user["username"]

    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Log", callback_data="log")]])
    sent = await bot.send_message(USER, "Hello", reply_markup=markup)
    assert sent.message_id == 1 and sent.reply_markup == markup

    call = server.api.calls_named("sendMessage")[0]
    # Form fields arrive as strings; the core types them like Telegram does.
    assert call.params["chat_id"] == USER
    assert call.params["reply_markup"] == markup.to_dict()


async def test_long_poll_returns_an_injected_update_promptly(server: FakeTelegramServer, bot: Bot) -> None:
    # A 60 s poll that was not woken by the update would outlast the 20 s wait and fail it.
    poll = asyncio.ensure_future(bot.get_updates(timeout=60, read_timeout=70))
    await asyncio.sleep(0.2)
    server.api.user_message(USER, "/start")
    updates = await asyncio.wait_for(poll, 20)
    assert [u.message.text for u in updates if u.message] == ["/start"]


async def test_long_poll_holds_for_the_timeout_when_idle(bot: Bot) -> None:
    started = time.monotonic()
    assert await bot.get_updates(timeout=1) == ()
    assert time.monotonic() - started >= 0.9  # held, not answered at once


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")  # PTB's own RetryAfter
async def test_faults_map_to_ptb_exceptions(server: FakeTelegramServer, bot: Bot) -> None:
    server.api.fail_next("sendMessage", 429, retry_after=3)
    with pytest.raises(RetryAfter, match=r"Retry in (3 seconds|0:00:03)"):
        await bot.send_message(USER, "x")
    server.api.fail_next("sendMessage", 403)
    with pytest.raises(Forbidden):
        await bot.send_message(USER, "x")
    server.api.fail_next("sendMessage", 502)
    with pytest.raises(NetworkError) as raised:
        await bot.send_message(USER, "x")
    assert type(raised.value) is NetworkError
    server.api.fail_next("sendMessage", 500)
    with pytest.raises(NetworkError) as raised:
        await bot.send_message(USER, "x")
    assert type(raised.value) is NetworkError


async def test_multipart_document_upload_records_bytes_and_filename(
    server: FakeTelegramServer, bot: Bot
) -> None:
    payload = bytes(range(256)) * 40  # binary, not valid UTF-8
    sent = await bot.send_document(USER, payload, filename="diary.pdf", caption="Report")
    assert sent.document is not None and sent.document.file_size == len(payload)
    call = server.api.calls_named("sendDocument")[0]
    assert call.files == {"document": ("diary.pdf", payload)}
    assert call.params["caption"] == "Report" and call.params["chat_id"] == USER


async def test_validation_errors_arrive_as_bad_request(bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(USER, "x" * 4097)
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Big", callback_data="d" * 65)]])
    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await bot.send_message(USER, "x", reply_markup=markup)


async def test_json_urlencoded_and_query_bodies_are_all_understood(server: FakeTelegramServer) -> None:
    url = f"{server.base_url}{TOKEN}/sendMessage"
    async with aiohttp.ClientSession() as session:
        async with session.post(url, json={"chat_id": 1, "text": "json"}) as response:
            assert response.status == 200 and (await response.json())["result"]["text"] == "json"
        async with session.post(url, data={"chat_id": "1", "text": "form"}) as response:
            assert response.status == 200
        async with session.get(url, params={"chat_id": "1", "text": "query"}) as response:
            assert response.status == 200
        async with session.post(f"{server.base_url}{TOKEN}/noSuchMethod", json={}) as response:
            assert response.status == 404
            assert await response.json() == {
                "ok": False,
                "error_code": 404,
                "description": "Not Found: method not found",
            }
        async with session.post(
            url, data=b"{broken", headers={"Content-Type": "application/json"}
        ) as response:
            assert response.status == 400
    assert [m["text"] for m in server.api.sent_messages(1)] == ["json", "form", "query"]


async def test_a_configured_token_rejects_other_tokens() -> None:
    async with FakeTelegramServer(token=TOKEN) as server:
        async with Bot(TOKEN, base_url=server.base_url) as good:
            assert good.username
        with pytest.raises(InvalidToken):
            async with Bot("999:WRONG", base_url=server.base_url):
                pass


async def test_stopping_releases_a_pending_long_poll_quickly() -> None:
    server = FakeTelegramServer()
    await server.start()
    poll = asyncio.ensure_future(_raw_get_updates(server.base_url, poll_seconds=120))
    await asyncio.sleep(0.2)
    await server.stop()
    # Released with an empty answer, not cut off, and long before the 120 s poll would end.
    assert await asyncio.wait_for(poll, 20) == []


async def _raw_get_updates(base_url: str, *, poll_seconds: int) -> list[Any]:
    url = f"{base_url}{TOKEN}/getUpdates"
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, json={"timeout": poll_seconds}) as response,
    ):
        return (await response.json())["result"]


def _post(url: str, params: dict[str, Any]) -> dict[str, Any]:
    request = urllib.request.Request(
        url, data=json.dumps(params).encode(), headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        return json.load(error)


def test_threaded_server_serves_a_synchronous_test() -> None:
    with FakeTelegramServer.start_in_thread() as fake:
        method_url = f"{fake.base_url}{TOKEN}/"
        answer: dict[str, Any] = {}

        def poll() -> None:
            answer["body"] = _post(method_url + "getUpdates", {"timeout": 5})
            answer["at"] = time.monotonic()

        poller = threading.Thread(target=poll)
        poller.start()
        time.sleep(0.2)
        injected_at = time.monotonic()
        fake.api.user_message(USER, "hi from the test thread")
        poller.join(timeout=5)
        assert answer["at"] - injected_at < 1.0
        assert [u["message"]["text"] for u in answer["body"]["result"]] == ["hi from the test thread"]

        # The "bot" answers from elsewhere; the test blocks until the fake has seen it.
        threading.Timer(
            0.2, _post, args=(method_url + "sendMessage", {"chat_id": USER, "text": "hello"})
        ).start()
        (call,) = fake.wait_for_calls("sendMessage", chat_id=USER, timeout=5)
        assert call.ok and call.result["text"] == "hello"

        fake.api.fail_next("sendMessage", 403)
        assert _post(method_url + "sendMessage", {"chat_id": USER, "text": "x"})["error_code"] == 403


def test_a_bot_in_another_process_talks_to_the_threaded_server() -> None:
    script = (
        "import asyncio, os, telegram\n"
        "async def main():\n"
        "    async with telegram.Bot('123:ABC', base_url=os.environ['TELEGRAM_API_BASE_URL']) as bot:\n"
        "        await bot.send_message(7, 'from a child process')\n"
        "asyncio.run(main())\n"
    )
    with FakeTelegramServer.start_in_thread() as fake:
        env = {**os.environ, "TELEGRAM_API_BASE_URL": fake.base_url}
        subprocess.run([sys.executable, "-c", script], env=env, cwd=REPO, check=True, timeout=60)
        (call,) = fake.wait_for_calls("sendMessage", chat_id=7, timeout=5)
        assert call.result["text"] == "from a child process"
