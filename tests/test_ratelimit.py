"""The rate limiter's hook around Bot API calls: which 429s it retries and which it hands back.
The call is a fake that answers from a script; retry_after is 0, so nothing waits on the clock."""

from __future__ import annotations

from typing import Any

import pytest
from telegram.error import RetryAfter

from bot.ratelimit import BACKGROUND, PriorityRateLimiter
from bot.sendbudget import SendLimits


class Script:
    def __init__(self, throttled: int) -> None:
        self.throttled = throttled
        self.calls = 0

    async def __call__(self) -> dict[str, Any]:
        self.calls += 1
        if self.calls <= self.throttled:
            raise RetryAfter(0)
        return {"ok": True}


async def call(limiter: PriorityRateLimiter, script: Script, lane: str | None) -> Any:
    return await limiter.process_request(script, (), {}, "sendMessage", {"chat_id": 5}, lane)


async def test_a_reply_is_retried_after_429s_and_the_rate_goes_down() -> None:
    limiter = PriorityRateLimiter(SendLimits(rate=29), max_retries=3)
    script = Script(throttled=3)
    assert await call(limiter, script, None) == {"ok": True}
    assert script.calls == 4
    assert limiter.budget.throttled_count == 3
    assert limiter.budget.capacity(now=0.0) < 29
    await limiter.shutdown()


async def test_a_reminder_429_goes_back_to_its_sender_at_once() -> None:
    limiter = PriorityRateLimiter(SendLimits(rate=29))
    script = Script(throttled=1)
    with pytest.raises(RetryAfter):
        await call(limiter, script, BACKGROUND)
    assert script.calls == 1  # the sender decides, knowing the reminder's catch-up window
    await limiter.shutdown()


async def test_sends_finish_and_leave_nothing_in_flight() -> None:
    limiter = PriorityRateLimiter(SendLimits(rate=29))
    for lane in (None, BACKGROUND, None):
        await call(limiter, Script(throttled=0), lane)
    assert len(limiter.budget._in_flight) == 0 and limiter.budget.occupied(now=0.0) == 3
    await limiter.shutdown()
