"""The Telegram side of the reminder benchmark (bench/bench_reminders.py), run in a child process:
the fake Bot API server enforcing Telegram's send limit with 429s, a record of every send it
answered, and a few people chatting with the bot (closed loop with think time) while a wave of
reminders goes out. The bot under test runs in the parent process, so its RSS is its own.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import random
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from multiprocessing.connection import Connection
from typing import Any

from bot.standin.core import SEND_METHODS
from bot.standin.records import RecordedCall
from tests.standin_extras import FakeBotApi

# Chatting people get ids far above the reminder users (1..users), so each send can be told apart.
CHAT_USER_BASE = 900_000_000
REPLY_TIMEOUT_SECONDS = 30.0
FIRST_REMINDER_TIMEOUT_SECONDS = 120.0


@dataclass(frozen=True, slots=True)
class SendRecord:
    """One send the fake answered: when it arrived (time.monotonic, the same clock in every
    process on Linux), to whom, the HTTP status, and the reminder kind (None for a reply)."""

    time: float
    chat_id: int
    status: int
    kind: str | None


@dataclass(frozen=True)
class WavePlan:
    reminders: int  # how many reminder deliveries make the wave complete
    chatters: int
    think_seconds: float  # each chatter sends the next message this long after the last reply
    chat_seconds: float  # chat this long from the first reminder (0 or longer than the wave: all of it)
    idle_timeout: float  # give up on the wave after this long without a delivery
    settle_seconds: float  # keep watching after the wave: a duplicate would come within a tick or two


@dataclass
class WaveObservation:
    sends: list[SendRecord]
    chat_latencies: list[float]
    chat_unanswered: int
    throttled_any_method: int = 0
    notes: list[str] = field(default_factory=list)


def reminder_kind(call: RecordedCall) -> str | None:
    """The reminder kind from the message's buttons (every reminder has `rm:snooze:<kind>`)."""
    markup: Any = call.params.get("reply_markup")
    if isinstance(markup, str):
        markup = json.loads(markup)
    if not isinstance(markup, dict):
        return None
    for row in markup.get("inline_keyboard", []):
        for button in row:
            data = str(button.get("callback_data", ""))
            if data.startswith("rm:snooze:"):
                return data.removeprefix("rm:snooze:")
    return None


def send_record(call: RecordedCall) -> SendRecord:
    chat_id = call.params.get("chat_id")
    return SendRecord(
        call.time, int(chat_id) if isinstance(chat_id, int) else -1, call.status, reminder_kind(call)
    )


class WaveWatcher:
    """One task reads the fake's call log: wakes the chatter each reply is for, counts reminders."""

    def __init__(self, api: FakeBotApi) -> None:
        self.api = api
        self.seen = len(api.calls)
        self.reply_events: dict[int, asyncio.Event] = {}
        self.reminders_delivered = 0
        self.progress = asyncio.Event()

    def reply_event(self, user_id: int) -> asyncio.Event:
        return self.reply_events.setdefault(user_id, asyncio.Event())

    async def run(self) -> None:
        while True:
            await self.api.wait_for(lambda: len(self.api.calls) > self.seen, timeout=3600)
            calls = self.api.calls[self.seen :]
            self.seen += len(calls)
            for call in calls:
                if not call.ok or call.method != "sendMessage":
                    continue
                chat_id = int(call.params["chat_id"])
                if chat_id >= CHAT_USER_BASE:
                    self.reply_event(chat_id).set()
                else:
                    self.reminders_delivered += 1
                    self.progress.set()


async def _chat(
    api: FakeBotApi,
    watcher: WaveWatcher,
    user_id: int,
    keep_going: asyncio.Event,
    think_seconds: float,
    latencies: list[float],
    unanswered: list[int],
) -> None:
    """Closed loop as in bench/loadgen.closed_loop, with a person's pause between messages."""
    event = watcher.reply_event(user_id)
    await asyncio.sleep(random.Random(user_id).uniform(0, think_seconds))  # not all in step
    while keep_going.is_set():
        event.clear()
        sent = time.perf_counter()
        api.user_message(user_id, "/help")
        try:
            await asyncio.wait_for(event.wait(), timeout=REPLY_TIMEOUT_SECONDS)
        except TimeoutError:
            unanswered.append(user_id)
            continue
        latencies.append(time.perf_counter() - sent)
        await asyncio.sleep(think_seconds)


async def observe_wave(api: FakeBotApi, plan: WavePlan) -> WaveObservation:
    """Wait for the first reminder, chat while the wave runs, and record every send until it ends."""
    since = len(api.calls)
    watcher = WaveWatcher(api)
    watching = asyncio.create_task(watcher.run())
    notes: list[str] = []
    latencies: list[float] = []
    unanswered: list[int] = []
    await asyncio.wait_for(watcher.progress.wait(), FIRST_REMINDER_TIMEOUT_SECONDS)

    keep_chatting = asyncio.Event()
    keep_chatting.set()
    chatters = [
        asyncio.create_task(
            _chat(api, watcher, CHAT_USER_BASE + n, keep_chatting, plan.think_seconds, latencies, unanswered)
        )
        for n in range(plan.chatters)
    ]
    chat_ends = time.monotonic() + plan.chat_seconds if plan.chat_seconds > 0 else None

    while watcher.reminders_delivered < plan.reminders:
        watcher.progress.clear()
        try:
            await asyncio.wait_for(watcher.progress.wait(), plan.idle_timeout)
        except TimeoutError:
            notes.append(f"no reminder delivered for {plan.idle_timeout:.0f} s: gave up waiting for the wave")
            break
        if chat_ends is not None and time.monotonic() >= chat_ends:
            keep_chatting.clear()
    if chat_ends is not None and keep_chatting.is_set():
        notes.append("the wave ended before the chat period did: chat stopped with it")
    keep_chatting.clear()
    await asyncio.gather(*chatters)
    await asyncio.sleep(plan.settle_seconds)
    watching.cancel()

    calls = api.calls[since:]  # the server runs on this loop: nothing appends while we read
    sends = [send_record(call) for call in calls if call.method.lower() in SEND_METHODS]
    throttled = sum(1 for call in calls if call.status == HTTPStatus.TOO_MANY_REQUESTS)
    return WaveObservation(sends, latencies, len(unanswered), throttled, notes)


def _child(conn: Connection, send_limit: int, delay: float) -> None:
    from tests.fake_telegram import FakeTelegramServer

    async def serve() -> None:
        api = FakeBotApi()
        async with FakeTelegramServer(api, send_limit=send_limit, delay=delay) as server:
            conn.send(server.base_url)
            first_poll = await api.wait_for_calls("getUpdates", timeout=300)
            conn.send(first_poll[0].time)
            plan: WavePlan = await asyncio.to_thread(conn.recv)
            conn.send(await observe_wave(api, plan))
            await asyncio.to_thread(conn.recv)  # keep serving until the bot has stopped polling

    asyncio.run(serve())


class RemoteTelegram:
    """The fake Bot API (Telegram's flood limit: `send_limit` sends per rolling second, counted on
    arrival; `delay` seconds of round trip on every call but getUpdates) and the chatting people,
    in a child process."""

    def __init__(self, send_limit: int, delay: float) -> None:
        self._parent, child = multiprocessing.Pipe()
        self._process = multiprocessing.get_context("fork").Process(
            target=_child, args=(child, send_limit, delay), daemon=True
        )

    def start(self) -> str:
        """Start the server; returns its base URL for TELEGRAM_API_BASE_URL."""
        self._process.start()
        return str(self._parent.recv())

    async def first_poll(self) -> float:
        """time.monotonic() at which the first getUpdates call arrived."""
        return float(await asyncio.to_thread(self._parent.recv))

    async def run_wave(self, plan: WavePlan) -> WaveObservation:
        self._parent.send(plan)
        observation: WaveObservation = await asyncio.to_thread(self._parent.recv)
        return observation

    def stop(self) -> None:
        self._parent.send("stop")
        self._process.join(timeout=30)
        if self._process.is_alive():
            self._process.terminate()
