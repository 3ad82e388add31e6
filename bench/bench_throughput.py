"""Benchmark (issues 2 and 14): 50 people logging one-line entries at once, each sending the next
after the reply to the previous one arrived, over real HTTP to the fake Bot API — which enforces
Telegram's flood limit (30 sends per rolling second, counted on arrival, 429 + retry_after beyond)
and adds a round trip to every call but getUpdates. Spasm Diary beside a python-telegram-bot echo
bot with AIORateLimiter (30/s, retries after 429) in the same run, same load.

    .venv/bin/python -m bench.bench_throughput --delay-ms 30 80
    .venv/bin/python -m bench.bench_throughput --delay-ms 30 --limit 0     # the limit lifted (issue 2)

Targets (issue 14): 0 x 429; replies/s >= 95 % of the limit; p99 <= the echo bot's; CPU per reply
<= 1.1x the echo bot's. The fake server and the simulated people run in a child process, so the CPU
measured (time.process_time of this process while the load runs) is the bot's alone.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import tempfile
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import AIORateLimiter, ApplicationBuilder, ContextTypes, MessageHandler, filters

from bench.loadgen import LoadResult, RemoteLoad
from bot.app import running_bot
from bot.config import load_settings
from handlers import register

TOKEN = "555000:Benchmark-token-for-the-fake-server"
SIDES = ["left", "right"]
PLACES = [
    "calf",
    "foot",
    "thigh",
    "hamstring",
    "neck",
    "hand",
    "toes",
]  # "left back 7" is not read as an entry
WHEN = ["", " 2 min", " last night", " 30 s", " woke me", " after walking"]


def one_liner(user: int, n: int) -> str:
    """A one-line entry as people write them: where, how strong, sometimes when or how long."""
    k = user * 7 + n
    return f"{SIDES[k % 2]} {PLACES[k % len(PLACES)]} {3 + k % 7}{WHEN[k % len(WHEN)]}"


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None and update.effective_message.text is not None
    await update.effective_message.reply_text(update.effective_message.text)


async def measure_echo(users: int, messages: int, delay: float, limit: int) -> LoadResult:
    load = RemoteLoad(users, messages, one_liner, delay=delay, send_limit=limit or None)
    base_url = load.start()
    builder: Any = ApplicationBuilder().token(TOKEN).base_url(base_url)
    if limit:
        # PTB's own limiter at Telegram's rate; max_retries so a 429 delays a reply instead of losing it.
        builder = builder.rate_limiter(AIORateLimiter(overall_max_rate=limit, max_retries=5))
    application = builder.build()
    application.add_handler(MessageHandler(filters.TEXT, echo))
    async with application:
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0.0, timeout=10)
        result = await load.result()
        await application.updater.stop()
        await application.stop()
    load.stop()
    return result


async def measure_spasm_diary(users: int, messages: int, delay: float, limit: int) -> LoadResult:
    load = RemoteLoad(users, messages, one_liner, delay=delay, send_limit=limit or None)
    base_url = load.start()
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(
            telegram_bot_token=TOKEN,
            telegram_api_base_url=base_url,
            database_url=f"sqlite:///{Path(tmp) / 'bench.sqlite3'}",
        )
        # The bot's own settings (TELEGRAM_SEND_RATE...); only "no limit at all" is forced here.
        async with running_bot(settings, features=register, overall_rate=None if limit else 0):
            result = await load.result()
    load.stop()
    return result


def row(name: str, result: LoadResult, limit: int) -> str:
    share = f" = {result.per_second / limit:6.1%} of the limit" if limit else ""
    return (
        f"{result.line(name)}{share}   429s {result.throttled}   "
        f"CPU {result.cpu_seconds / max(1, result.replies) * 1000:.2f} ms/reply"
    )


async def main(users: int, messages: int, delays_ms: list[float], limit: int) -> None:
    logging.basicConfig(level=logging.WARNING)
    for delay_ms in delays_ms:
        echo_result = await measure_echo(users, messages, delay_ms / 1000, limit)
        ours = await measure_spasm_diary(users, messages, delay_ms / 1000, limit)
        print(
            f"{users} people x {messages} one-liners, closed loop; fake Bot API: {delay_ms:g} ms round trip "
            f"on every call but getUpdates, limit {limit or 'none'} sends per rolling second"
        )
        print(row("echo bot", echo_result, limit))
        print(row("spasm diary", ours, limit))
        p99 = ours.percentile(0.99) / echo_result.percentile(0.99)
        cpu = (ours.cpu_seconds / ours.replies) / (echo_result.cpu_seconds / echo_result.replies)
        print(
            f"p99 ratio {p99:.2f} (target <= 1.0)   CPU/reply ratio {cpu:.2f} (target <= 1.1)   "
            f"429s {ours.throttled} (target 0)"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--messages", type=int, default=20)
    parser.add_argument(
        "--delay-ms", type=float, nargs="+", default=[30.0], help="round trip per Bot API call (rows)"
    )
    parser.add_argument("--limit", type=int, default=30, help="sends per rolling second the fake allows")
    args = parser.parse_args()
    asyncio.run(main(args.users, args.messages, args.delay_ms, args.limit))
