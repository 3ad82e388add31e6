"""`python -m bot` runs the bot; `python -m bot demo` runs the offline demo in the terminal;
`python -m bot auto` (what `make run` uses) runs the bot when a token is set and the demo otherwise.

A bad or missing setting ends the start with one line naming it and exit code 2, no traceback."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys

from telegram.error import InvalidToken, NetworkError

from bot.config import Settings, SettingsError, load_settings
from bot.faq import ContentError
from bot.logging_setup import configure_logging

USAGE = "usage: python -m bot [run | demo | auto | migrate-db --from URL --to URL]"
EXIT_BAD_SETTING = 2


def _fail(message: str) -> int:
    print(f"spasm-diary: {message}", file=sys.stderr)
    return EXIT_BAD_SETTING


async def _serve(settings: Settings) -> int:
    """Run until SIGINT/SIGTERM. A standby still waiting for the lock is simply cancelled; an
    active instance that lost its lock (PostgreSQL) stops with exit code 1 so that its supervisor
    restarts it, as a standby."""
    from bot.app import running_bot
    from handlers import register  # the entry point wires the features in (see bot.lifecycle)

    stop = asyncio.Event()
    lost = asyncio.Event()
    started = False

    async def life() -> None:
        nonlocal started
        async with running_bot(settings, features=register, on_leadership_lost=lost.set):
            started = True
            waits = [asyncio.ensure_future(stop.wait()), asyncio.ensure_future(lost.wait())]
            await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
            for waiting in waits:
                waiting.cancel()

    task = asyncio.ensure_future(life())

    def on_signal() -> None:
        stop.set()
        if not started:
            task.cancel()

    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, on_signal)
    with contextlib.suppress(asyncio.CancelledError):
        await task
    return 1 if lost.is_set() else 0


def run(settings: Settings) -> int:
    if settings.token is None:
        return _fail(
            "TELEGRAM_BOT_TOKEN: not set. Get one from @BotFather (see README), "
            "or try the offline demo with `python -m bot demo`."
        )
    configure_logging(settings.log_level, [settings.token])
    try:
        code = asyncio.run(_serve(settings))
    except ContentError as exc:
        return _fail(f"content/ is not valid: {exc}")
    except InvalidToken:
        return _fail("TELEGRAM_BOT_TOKEN: Telegram rejected this token. Check it with @BotFather.")
    except NetworkError as exc:
        print(
            f"spasm-diary: could not reach the Bot API ({type(exc).__name__}); check the network.",
            file=sys.stderr,
        )
        return 1
    except OSError as exc:
        print(
            f"spasm-diary: could not reach the database ({type(exc).__name__}); check DATABASE_URL.",
            file=sys.stderr,
        )
        return 1
    return code


def migrate_db(argv: list[str]) -> int:
    """Copy every table from one DATABASE_URL to another (bot/storage/transfer.py)."""
    import argparse

    from bot.storage.transfer import TransferRefused, copy_database

    parser = argparse.ArgumentParser(prog="python -m bot migrate-db")
    parser.add_argument("--from", dest="source", required=True, help="sqlite:///… or postgresql://…")
    parser.add_argument("--to", dest="target", required=True, help="sqlite:///… or postgresql://…")
    args = parser.parse_args(argv)
    configure_logging("INFO", [])
    try:
        counts = asyncio.run(copy_database(args.source, args.target))
    except (TransferRefused, ValueError) as exc:
        return _fail(f"migrate-db: {exc}")
    except OSError as exc:
        return _fail(f"migrate-db: could not reach a database ({type(exc).__name__})")
    for table, count in counts.items():
        print(f"{table}: {count} rows copied")
    return 0


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "run"
    if command == "migrate-db":
        return migrate_db(argv[1:])
    if command not in {"run", "demo", "auto"} or len(argv) > 1:
        return _fail(USAGE)
    try:
        settings = load_settings()
    except SettingsError as exc:
        return _fail(str(exc))
    if command == "demo" or (command == "auto" and settings.token is None):
        from bot.demo import run_demo

        if command == "auto":
            print("No TELEGRAM_BOT_TOKEN set: starting the offline demo (nothing leaves this machine).")
        try:
            return run_demo(settings)
        except ContentError as exc:
            return _fail(f"content/ is not valid: {exc}")
    return run(settings)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
