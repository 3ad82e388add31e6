"""A thread-safe log of Bot API calls, with waiters that wake whenever something changes."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, TypeVar

JsonDict = dict[str, Any]
Files = dict[str, tuple[str, bytes]]
"""Uploaded files by multipart field name: (filename, content)."""
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class RecordedCall:
    """One Bot API call as the stand-in saw it (params already typed) and what it answered."""

    method: str
    params: JsonDict
    files: Files
    time: float  # time.monotonic() when the call arrived
    status: int
    response: JsonDict

    @property
    def ok(self) -> bool:
        return self.status == HTTPStatus.OK

    @property
    def result(self) -> Any:
        return self.response.get("result")


class CallLog:
    """Records calls and lets tests wait for them, from a coroutine or from another thread.

    Subclasses guard their own state with `self._lock` and call `_notify()` after each change.
    """

    def __init__(self) -> None:
        self.calls: list[RecordedCall] = []
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self._async_waiters: set[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = set()

    def _record(self, call: RecordedCall) -> None:
        with self._lock:
            self.calls.append(call)
            self._notify()

    def _notify(self) -> None:
        """Wake every waiter (sync or async, any thread); called with the lock held."""
        self._changed.notify_all()
        for waiter in list(self._async_waiters):
            loop, event = waiter
            try:
                loop.call_soon_threadsafe(event.set)
            except RuntimeError:  # that loop is closed; its waiter is gone
                self._async_waiters.discard(waiter)

    def calls_named(
        self, method: str, *, chat_id: int | None = None, ok: bool | None = None, since: int = 0
    ) -> list[RecordedCall]:
        """Recorded calls of `method` (case-insensitive), optionally for one chat, by success, and
        only from index `since` of `calls` (take `len(api.calls)` before acting to see new ones)."""
        key = method.lower()
        with self._lock:
            return [
                call
                for call in self.calls[since:]
                if call.method.lower() == key
                and (chat_id is None or call.params.get("chat_id") == chat_id)
                and (ok is None or call.ok == ok)
            ]

    async def wait_for(self, predicate: Callable[[], T], timeout: float = 5.0) -> T:  # noqa: ASYNC109
        """Return predicate() as soon as it is truthy (re-checked on every state change).

        Raises TimeoutError after `timeout` seconds. The predicate runs with the lock held.
        """
        loop = asyncio.get_running_loop()
        waiter = (loop, asyncio.Event())
        deadline = loop.time() + timeout
        with self._lock:
            self._async_waiters.add(waiter)
        try:
            while True:
                waiter[1].clear()
                with self._lock:
                    result = predicate()
                if result:
                    return result
                remaining = deadline - loop.time()
                if remaining <= 0:
                    raise TimeoutError(f"condition not met within {timeout:.1f}s")
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(waiter[1].wait(), remaining)
        finally:
            with self._lock:
                self._async_waiters.discard(waiter)

    def wait_for_blocking(self, predicate: Callable[[], T], timeout: float = 5.0) -> T:
        """Thread version of `wait_for`, for sync tests. Never call it on the loop serving the API."""
        with self._changed:
            result = self._changed.wait_for(predicate, timeout)
        if not result:
            raise TimeoutError(f"condition not met within {timeout:.1f}s")
        return result

    async def wait_for_calls(
        self,
        method: str,
        count: int = 1,
        *,
        chat_id: int | None = None,
        ok: bool | None = None,
        since: int = 0,
        timeout: float = 5.0,  # noqa: ASYNC109 - the test-facing API takes a plain timeout
    ) -> list[RecordedCall]:
        """Wait until at least `count` matching calls were made (see `calls_named`); returns them all."""
        predicate = self._enough_calls(method, count, chat_id, ok, since)
        try:
            return await self.wait_for(predicate, timeout)
        except TimeoutError:
            raise TimeoutError(self._timeout_report(method, count, timeout)) from None

    def wait_for_calls_blocking(
        self,
        method: str,
        count: int = 1,
        *,
        chat_id: int | None = None,
        ok: bool | None = None,
        since: int = 0,
        timeout: float = 5.0,
    ) -> list[RecordedCall]:
        predicate = self._enough_calls(method, count, chat_id, ok, since)
        try:
            return self.wait_for_blocking(predicate, timeout)
        except TimeoutError:
            raise TimeoutError(self._timeout_report(method, count, timeout)) from None

    def _enough_calls(
        self, method: str, count: int, chat_id: int | None, ok: bool | None, since: int
    ) -> Callable[[], list[RecordedCall]]:
        def predicate() -> list[RecordedCall]:
            found = self.calls_named(method, chat_id=chat_id, ok=ok, since=since)
            return found if len(found) >= count else []

        return predicate

    def _timeout_report(self, method: str, count: int, timeout: float) -> str:
        # Method names and statuses only: message texts may hold health details.
        recent = ", ".join(f"{call.method}:{call.status}" for call in self.calls[-10:])
        return f"no {count}x {method} within {timeout:.1f}s; last calls: [{recent}]"
