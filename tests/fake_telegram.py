"""The Bot API stand-in served over HTTP (aiohttp on 127.0.0.1, ephemeral port) for end-to-end tests.

    async with FakeTelegramServer() as server:
        bot = telegram.Bot("123:ABC", base_url=server.base_url)   # PTB appends the token
        server.api.user_message(42, "/start")

From a synchronous test (the bot under test runs as a subprocess):

    with FakeTelegramServer.start_in_thread() as fake:
        env["TELEGRAM_API_BASE_URL"] = fake.base_url
        fake.api.user_message(42, "/start")          # injection helpers are thread-safe
        fake.wait_for_calls("sendMessage", chat_id=42)
"""

from __future__ import annotations

import asyncio
import math
import random
import threading
import time
from collections import deque
from types import TracebackType
from typing import Any

from aiohttp import web

from tests.standin_extras import FakeBotApi, Files, RecordedCall

_MAX_UPLOAD_BYTES = 50 * 1024 * 1024  # Telegram's own upload limit for bots


class FakeTelegramServer:
    """Routes `POST|GET /bot{token}/{method}` to `FakeBotApi.handle`."""

    def __init__(
        self,
        api: FakeBotApi | None = None,
        *,
        token: str | None = None,
        latency: float = 0.0,
        delay: float = 0.0,
        send_limit: int | None = None,
        send_window: float = 1.0,
        round_trip: tuple[float, float] | None = None,
    ) -> None:
        self.api = api or FakeBotApi()
        # Seconds added to every answer, as the network round trip to Telegram adds (benchmarks).
        self.latency = latency
        # A round trip on every call but getUpdates: half before the call "arrives" (and is
        # counted), half on the way back, as a network between the bot and Telegram would add.
        self.delay = delay
        # Telegram's flood limit as the server sees it: at most `send_limit` sends (send*/edit*
        # methods) arriving in any rolling `send_window` seconds; beyond it 429 + retry_after.
        self.send_limit = send_limit
        self.send_window = send_window
        # A round trip drawn per call from (low, high) seconds, getUpdates included, split like
        # `delay`: Telegram's answers do not come back in a fixed time (the dialogues over HTTP).
        self.round_trip = round_trip
        self._jitter = random.Random(20261121)
        self._arrivals: deque[float] = deque()
        self.token = token  # when set, other tokens get 401 Unauthorized like Telegram answers
        self.port = 0
        self._runner: web.AppRunner | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    async def start(self) -> None:
        app = web.Application(client_max_size=_MAX_UPLOAD_BYTES)
        app.router.add_route("*", "/bot{token}/{method}", self._serve)
        # A short shutdown grace: pending long polls are released by interrupt_polls() anyway.
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        self.api.interrupt_polls()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeTelegramServer:
        await self.start()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.stop()

    async def _serve(self, request: web.Request) -> web.Response:
        if self.token is not None and request.match_info["token"] != self.token:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        try:
            params, files = await _read_params(request)
        except ValueError:
            body = {"ok": False, "error_code": 400, "description": "Bad Request: can't parse request body"}
            return web.json_response(body, status=400)
        if self.latency:
            await asyncio.sleep(self.latency)
        method = request.match_info["method"]
        delayed = self.delay > 0 and method.lower() != "getupdates"
        if delayed:
            await asyncio.sleep(self.delay / 2)
        trip = self._jitter.uniform(*self.round_trip) if self.round_trip else 0.0
        if trip:
            await asyncio.sleep(trip / 2)
        throttled = self._over_send_limit(method, params, files)
        if throttled is not None:
            status, body = throttled
        else:
            status, body = await self.api.handle(method, params, files)
        if delayed:
            await asyncio.sleep(self.delay / 2)
        if trip:
            await asyncio.sleep(trip / 2)
        return web.json_response(body, status=status)

    def _over_send_limit(
        self, method: str, params: dict[str, Any], files: Files
    ) -> tuple[int, dict[str, Any]] | None:
        """429 (recorded in the call log) when this send would exceed the rolling window."""
        if self.send_limit is None or not method.lower().startswith(("send", "edit")):
            return None
        now = time.monotonic()
        arrivals = self._arrivals
        while arrivals and arrivals[0] <= now - self.send_window:
            arrivals.popleft()
        if len(arrivals) < self.send_limit:
            arrivals.append(now)
            return None
        retry_after = max(1, math.ceil(arrivals[0] + self.send_window - now))
        body = {
            "ok": False,
            "error_code": 429,
            "description": f"Too Many Requests: retry after {retry_after}",
            "parameters": {"retry_after": retry_after},
        }
        recorded = dict(params)
        if str(recorded.get("chat_id", "")).lstrip("-").isdigit():
            recorded["chat_id"] = int(recorded["chat_id"])
        self.api._record(RecordedCall(method, recorded, files, now, 429, body))
        return 429, body

    @classmethod
    def start_in_thread(
        cls, api: FakeBotApi | None = None, *, token: str | None = None
    ) -> ThreadedFakeTelegram:
        """Serve from a background thread with its own event loop (for synchronous tests)."""
        return ThreadedFakeTelegram(cls(api, token=token))


async def _read_params(request: web.Request) -> tuple[dict[str, Any], Files]:
    """Query string plus a JSON, urlencoded or multipart body, as Telegram accepts them all."""
    params: dict[str, Any] = dict(request.query)
    files: Files = {}
    if not request.can_read_body:
        return params, files
    if request.content_type == "application/json":
        body = await request.json()
        if not isinstance(body, dict):
            raise ValueError("JSON body must be an object")
        params.update(body)
        return params, files
    for key, value in (await request.post()).items():
        if isinstance(value, web.FileField):
            files[key] = (value.filename, value.file.read())
        else:
            params[key] = value
    return params, files


class ThreadedFakeTelegram:
    """A FakeTelegramServer running on its own loop in a daemon thread; `stop()` to end it."""

    def __init__(self, server: FakeTelegramServer) -> None:
        self.server = server
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="fake-telegram", daemon=True)
        self._thread.start()
        try:
            asyncio.run_coroutine_threadsafe(server.start(), self._loop).result(timeout=10)
        except BaseException:
            self._end_loop()
            raise

    @property
    def api(self) -> FakeBotApi:
        return self.server.api

    @property
    def base_url(self) -> str:
        return self.server.base_url

    def wait_for_calls(
        self,
        method: str,
        count: int = 1,
        *,
        chat_id: int | None = None,
        ok: bool | None = None,
        since: int = 0,
        timeout: float = 10.0,
    ) -> list[RecordedCall]:
        """Block until the bot made `count` such calls (see FakeBotApi.calls_named)."""
        return self.api.wait_for_calls_blocking(
            method, count, chat_id=chat_id, ok=ok, since=since, timeout=timeout
        )

    def stop(self) -> None:
        if not self._thread.is_alive():
            return
        try:
            asyncio.run_coroutine_threadsafe(self.server.stop(), self._loop).result(timeout=10)
        finally:
            self._end_loop()

    def _end_loop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        if not self._thread.is_alive():
            self._loop.close()

    def __enter__(self) -> ThreadedFakeTelegram:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
