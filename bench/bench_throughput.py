"""Benchmark (issue 2): 50 users, each sending its next message after the previous reply, over
real HTTP to the fake Bot API server. This bot beside a bare python-telegram-bot echo bot in the
same run. Target: >= 1.5x the echo bot's replies/s, p99 no worse.

    .venv/bin/python -m bench.bench_throughput [--users 50] [--messages 20]

The fake server and the simulated users run in a child process (Telegram is not in the bot's
process either), so each bot gets its own core. With --latency-ms the fake server answers each call after that delay, as the network round trip to
Telegram does (tens of ms from most servers). Telegram's own limit (~30 messages/s per bot) is lifted on both sides (the fake server does not
enforce it here): this measures how fast each bot turns updates into replies.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import tempfile
from pathlib import Path

from telegram import Update
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters

from bench.loadgen import LoadResult, RemoteLoad
from bot.app import running_bot
from bot.config import load_settings
from handlers import register

TOKEN = "555000:Benchmark-token-for-the-fake-server"
ZONES = ["Europe/Berlin", "Asia/Tokyo", "America/Chicago", "Europe/London", "Australia/Sydney"]


def spasm_diary_text(user: int, n: int) -> str:
    # A realistic mix: a command that writes the database, and one that only reads.
    return f"/timezone {ZONES[(user + n) % len(ZONES)]}" if n % 2 else "/help"


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None and update.effective_message.text is not None
    await update.effective_message.reply_text(update.effective_message.text)


async def measure_echo(users: int, messages: int, latency: float) -> LoadResult:
    load = RemoteLoad(users, messages, spasm_diary_text, latency)
    base_url = load.start()
    application = ApplicationBuilder().token(TOKEN).base_url(base_url).build()
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


async def measure_spasm_diary(users: int, messages: int, latency: float) -> LoadResult:
    load = RemoteLoad(users, messages, spasm_diary_text, latency)
    base_url = load.start()
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(
            telegram_bot_token=TOKEN,
            telegram_api_base_url=base_url,
            database_url=f"sqlite:///{Path(tmp) / 'bench.sqlite3'}",
        )
        async with running_bot(settings, features=register, overall_rate=0):
            result = await load.result()
    load.stop()
    return result


async def main(users: int, messages: int, latency_ms: float) -> None:
    logging.basicConfig(level=logging.WARNING)
    echo_result = await measure_echo(users, messages, latency_ms / 1000)
    ours = await measure_spasm_diary(users, messages, latency_ms / 1000)
    print(
        f"{users} users x {messages} messages, closed loop, HTTP to the fake Bot API on 127.0.0.1, "
        f"{latency_ms:g} ms added to each API answer"
    )
    print(echo_result.line("echo bot"))
    print(ours.line("spasm diary"))
    ratio = ours.per_second / echo_result.per_second
    p99_ratio = ours.percentile(0.99) / echo_result.percentile(0.99)
    print(f"replies/s ratio {ratio:.2f}x (target >= 1.5x)   p99 ratio {p99_ratio:.2f} (target <= 1.0)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--messages", type=int, default=20)
    parser.add_argument(
        "--latency-ms",
        type=float,
        default=0.0,
        help="round trip added to each Bot API answer (Telegram: ~20-80)",
    )
    args = parser.parse_args()
    asyncio.run(main(args.users, args.messages, args.latency_ms))
