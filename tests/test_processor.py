from __future__ import annotations

import asyncio
import random

from telegram import Chat, Message, Update, User

from bot.processor import OrderedPerUserProcessor, ordering_key


def _update(update_id: int, user_id: int) -> Update:
    user = User(user_id, "u", False)
    chat = Chat(user_id, "private")
    return Update(update_id, message=Message(update_id, None, chat, from_user=user))  # type: ignore[arg-type]


async def test_one_users_updates_run_in_order_while_users_overlap() -> None:
    processor = OrderedPerUserProcessor(max_workers=8)
    seen: dict[int, list[int]] = {}
    running = 0
    peak = 0

    async def work(update: Update) -> None:
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        await asyncio.sleep(random.uniform(0, 0.01))  # later updates may finish faster if unordered
        key = ordering_key(update)
        assert key is not None
        seen.setdefault(key, []).append(update.update_id)
        running -= 1

    updates = [_update(i, user_id=i % 5) for i in range(200)]
    tasks = [asyncio.create_task(processor.process_update(u, work(u))) for u in updates]
    await asyncio.gather(*tasks)
    for user_id, ids in seen.items():
        assert ids == sorted(ids), user_id
        assert len(ids) == 40
    assert peak > 1  # different users did run concurrently


async def test_failure_does_not_block_the_users_next_update() -> None:
    processor = OrderedPerUserProcessor()
    done: list[int] = []

    async def boom() -> None:
        raise ValueError("handler failed")

    async def fine() -> None:
        done.append(2)

    first = asyncio.create_task(processor.process_update(_update(1, 9), boom()))
    second = asyncio.create_task(processor.process_update(_update(2, 9), fine()))
    results = await asyncio.gather(first, second, return_exceptions=True)
    assert isinstance(results[0], ValueError)
    assert done == [2]


async def test_after_update_runs_after_each_update() -> None:
    processor = OrderedPerUserProcessor()
    calls: list[str] = []

    async def flush() -> None:
        calls.append("flush")

    async def work() -> None:
        calls.append("work")

    processor.after_update = flush
    await processor.process_update(_update(1, 1), work())
    assert calls == ["work", "flush"]
