"""`python -m bot` runs the bot; `python -m bot demo` runs the offline demo in the terminal;
`python -m bot auto` (what `make run` uses) runs the bot when a token is set and the demo otherwise.

A bad or missing setting ends the start with one line naming it and exit code 2, no traceback."""

from __future__ import annotations

import asyncio
import signal
import sys

from telegram.error import InvalidToken, NetworkError

from bot.config import Settings, SettingsError, load_settings
from bot.faq import ContentError
from bot.logging_setup import configure_logging

USAGE = "usage: python -m bot [run | demo | auto]"
EXIT_BAD_SETTING = 2


def _fail(message: str) -> int:
    print(f"spasm-diary: {message}", file=sys.stderr)
    return EXIT_BAD_SETTING


async def _serve(settings: Settings) -> None:
    from bot.app import running_bot
    from handlers import register  # the entry point wires the features in (see bot.lifecycle)

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with running_bot(settings, features=register):
        await stop.wait()


def run(settings: Settings) -> int:
    if settings.token is None:
        return _fail(
            "TELEGRAM_BOT_TOKEN: not set. Get one from @BotFather (see README), "
            "or try the offline demo with `python -m bot demo`."
        )
    configure_logging(settings.log_level, [settings.token])
    try:
        asyncio.run(_serve(settings))
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
    return 0


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "run"
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
