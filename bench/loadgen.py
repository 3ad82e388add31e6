"""Closed-loop simulated users against the fake Bot API: each user sends its next message only
after the bot's reply to the previous one arrived. Shared by the benchmarks."""

from __future__ import annotations

import asyncio
import multiprocessing
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection

from bot.standin.core import FakeBotApi


@dataclass(frozen=True)
class LoadResult:
    replies: int
    seconds: float
    latencies: list[float]
    throttled: int = 0  # sends the fake answered 429
    cpu_seconds: float = 0.0  # CPU the bot's process spent while the load ran (set by the caller)

    @property
    def per_second(self) -> float:
        return self.replies / self.seconds

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    def line(self, name: str) -> str:
        return (
            f"{name:<14} {self.replies:>6} replies in {self.seconds:6.2f} s = {self.per_second:7.1f} replies/s   "
            f"p50 {self.percentile(0.50) * 1000:7.1f} ms   p99 {self.percentile(0.99) * 1000:7.1f} ms   "
            f"mean {statistics.mean(self.latencies) * 1000:7.1f} ms"
        )


class ReplyWatcher:
    """One task reads the fake's call log and wakes the user each reply is for."""

    def __init__(self, api: FakeBotApi) -> None:
        self.api = api
        self.seen = len(api.calls)
        self.events: dict[int, asyncio.Event] = {}

    def event_for(self, user_id: int) -> asyncio.Event:
        return self.events.setdefault(user_id, asyncio.Event())

    async def run(self) -> None:
        while True:
            await self.api.wait_for(lambda: len(self.api.calls) > self.seen, timeout=3600)
            calls = self.api.calls[self.seen :]
            self.seen += len(calls)
            for call in calls:
                if call.ok and call.method == "sendMessage":
                    self.event_for(int(call.params["chat_id"])).set()


async def closed_loop(
    api: FakeBotApi,
    *,
    users: int,
    messages: int,
    text_for: Callable[[int, int], str],
    first_user: int = 10_000,
) -> LoadResult:
    watcher = ReplyWatcher(api)
    watching = asyncio.create_task(watcher.run())
    latencies: list[float] = []

    async def user(user_id: int) -> None:
        event = watcher.event_for(user_id)
        for n in range(messages):
            event.clear()
            sent = time.perf_counter()
            api.user_message(user_id, text_for(user_id, n))
            await asyncio.wait_for(event.wait(), timeout=60)
            latencies.append(time.perf_counter() - sent)

    started = time.perf_counter()
    await asyncio.gather(*(user(first_user + i) for i in range(users)))
    elapsed = time.perf_counter() - started
    watching.cancel()
    return LoadResult(len(latencies), elapsed, latencies)


def _child(
    conn: Connection,
    users: int,
    messages: int,
    text_for: Callable[[int, int], str],
    latency: float,
    delay: float,
    send_limit: int | None,
) -> None:
    from tests.fake_telegram import FakeTelegramServer

    async def serve() -> None:
        async with FakeTelegramServer(latency=latency, delay=delay, send_limit=send_limit) as server:
            conn.send(server.base_url)
            await server.api.wait_for_calls("getUpdates", timeout=60)  # the bot is up and polling
            since = len(server.api.calls)
            result = await closed_loop(server.api, users=users, messages=messages, text_for=text_for)
            throttled = sum(1 for call in server.api.calls[since:] if call.status == 429)
            conn.send((result.replies, result.seconds, result.latencies, throttled))
            await asyncio.to_thread(conn.recv)  # keep serving until the bot has stopped polling

    asyncio.run(serve())


class RemoteLoad:
    """The fake Bot API server and the simulated users in a child process, as Telegram is in
    reality: in another process, so the bot under test has its own core and interpreter."""

    def __init__(
        self,
        users: int,
        messages: int,
        text_for: Callable[[int, int], str],
        latency: float = 0.0,
        *,
        delay: float = 0.0,
        send_limit: int | None = None,
    ) -> None:
        self._parent, child = multiprocessing.Pipe()
        self._process = multiprocessing.get_context("fork").Process(
            target=_child, args=(child, users, messages, text_for, latency, delay, send_limit), daemon=True
        )

    def start(self) -> str:
        self._process.start()
        return str(self._parent.recv())

    async def result(self) -> LoadResult:
        """Wait for the load to finish; `cpu_seconds` is this (the bot's) process's CPU meanwhile."""
        cpu = time.process_time()
        replies, seconds, latencies, throttled = await asyncio.to_thread(self._parent.recv)
        return LoadResult(replies, seconds, latencies, throttled, time.process_time() - cpu)

    def stop(self) -> None:
        self._parent.send("stop")
        self._process.join(timeout=30)
