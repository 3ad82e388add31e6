"""The offline demo: the real application, wired to the in-process Telegram stand-in, chatting
in the terminal. Typed lines become messages from one demo user; inline buttons are numbered and
typing a number presses one; files the bot sends are saved under `demo-files/`. Works with piped
input too (one message per line, ends at end of input)."""

from __future__ import annotations

import asyncio
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from bot.app import running_bot
from bot.config import Settings
from bot.logging_setup import configure_logging
from bot.processor import OrderedPerUserProcessor
from bot.standin.core import FakeBotApi, RecordedCall
from bot.standin.request import StandinRequest
from handlers import register

DEMO_USER_ID = 1001
FILES_DIR = Path("demo-files")
BANNER = (
    "Spasm Diary — offline demo. Nothing leaves this machine.\n"
    "Type as you would in Telegram (try /start, then /help). Buttons appear as [1] [2]…: type the number to\n"
    "press one (start a line with \\ to send a plain number). /location LAT LON shares a location.\n"
    "Ctrl-D or /quit ends the demo.\n"
)


@dataclass
class DemoScreen:
    """Turns the bot's Bot API calls into terminal lines, and remembers the buttons on screen."""

    api: FakeBotApi
    out: TextIO
    files_dir: Path
    printed: int = 0
    buttons: list[tuple[int, str]] = field(default_factory=list)  # (message_id, callback_data)

    def flush(self) -> None:
        calls = self.api.calls[self.printed :]
        self.printed += len(calls)
        for call in calls:
            if call.ok:
                self._show(call)
        self.out.flush()

    def _show(self, call: RecordedCall) -> None:
        method = call.method.lower()
        if method in {"sendmessage", "editmessagetext"}:
            prefix = "bot ✎ " if method == "editmessagetext" else "bot › "
            self._say(prefix + str(call.params.get("text", "")))
            self._show_markup(call)
        elif method == "editmessagereplymarkup":
            self._show_markup(call)
        elif method in {"senddocument", "sendphoto"}:
            self._save_files(call)
        elif method == "answercallbackquery" and call.params.get("text"):
            self._say(f"bot (pop-up) › {call.params['text']}")

    def _say(self, text: str) -> None:
        indented = text.replace("\n", "\n      ")
        self.out.write(indented + "\n")

    def _show_markup(self, call: RecordedCall) -> None:
        markup: Any = call.params.get("reply_markup") or {}
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            message = call.result if isinstance(call.result, dict) else {}
            message_id = int(message.get("message_id") or call.params.get("message_id") or 0)
            self.buttons = []
            rows = []
            for row in markup["inline_keyboard"]:
                labels = []
                for button in row:
                    if "callback_data" in button:
                        self.buttons.append((message_id, str(button["callback_data"])))
                        labels.append(f"[{len(self.buttons)}] {button['text']}")
                    elif "url" in button:
                        labels.append(f"({button['text']}: {button['url']})")
                rows.append("  ".join(labels))
            for row_text in rows:
                self._say("      " + row_text)
        elif isinstance(markup, dict) and "keyboard" in markup:
            labels = [
                str(b.get("text") if isinstance(b, dict) else b) for row in markup["keyboard"] for b in row
            ]
            self._say("      (keyboard: " + " | ".join(labels) + ")")

    def _save_files(self, call: RecordedCall) -> None:
        self.files_dir.mkdir(parents=True, exist_ok=True)
        for name, data in call.files.values():
            target = self.files_dir / Path(name).name
            target.write_bytes(data)
            self._say(f"bot › 📎 file saved: {target.resolve()}")
        if call.params.get("caption"):
            self._say("      " + str(call.params["caption"]))


def _inject(api: FakeBotApi, screen: DemoScreen, line: str) -> int | None:
    """One typed line → one update. Returns its update_id, or None when nothing was sent."""
    if line.startswith("\\"):
        return api.user_message(DEMO_USER_ID, line[1:])
    stripped = line.strip()
    if stripped.isdigit() and screen.buttons:
        index = int(stripped)
        if 1 <= index <= len(screen.buttons):
            message_id, data = screen.buttons[index - 1]
            return api.callback_query(DEMO_USER_ID, data, message_id=message_id)
    if stripped.startswith("/location"):
        parts = stripped.split()
        try:
            return api.user_location(DEMO_USER_ID, float(parts[1]), float(parts[2]))
        except (IndexError, ValueError):
            screen.out.write("(demo) usage: /location 52.52 13.40\n")
            return None
    return api.user_message(DEMO_USER_ID, line)


async def demo_session(settings: Settings, stdin: TextIO, out: TextIO, files_dir: Path = FILES_DIR) -> int:
    api = FakeBotApi()
    # The demo always runs on its own SQLite file, whatever database the real bot uses.
    demo_db = (
        Path("data/demo.sqlite3")
        if settings.uses_postgres
        else settings.database_path.with_name("demo.sqlite3")
    )
    demo_settings = settings.model_copy(update={"database_url": f"sqlite:///{demo_db}"})
    screen = DemoScreen(api, out, files_dir)
    out.write(BANNER + "\n")
    async with running_bot(
        demo_settings, features=register, request=StandinRequest(api), get_updates_request=StandinRequest(api)
    ) as application:
        processor = application.update_processor
        assert isinstance(processor, OrderedPerUserProcessor)
        screen.printed = len(api.calls)  # start-up calls (getMe, setMyCommands) are not chat
        ticker = asyncio.create_task(_print_in_background(screen))
        try:
            while True:
                if stdin.isatty():
                    out.write("you › ")
                    out.flush()
                line = await asyncio.to_thread(stdin.readline)
                if not line or line.strip() == "/quit":
                    break
                line = line.rstrip("\r\n")
                if not line.strip():
                    continue
                if not stdin.isatty():
                    out.write(f"you › {line}\n")
                update_id = _inject(api, screen, line)
                if update_id is not None:
                    await processor.wait_processed(update_id)
                screen.flush()
        finally:
            ticker.cancel()
        screen.flush()
    out.write("Demo ended.\n")
    return 0


async def _print_in_background(screen: DemoScreen) -> None:
    """Reminders and other messages the bot sends on its own show up while you type."""
    while True:
        await asyncio.sleep(0.2)
        screen.flush()


def run_demo(settings: Settings) -> int:
    # The terminal is the chat: only real failures are printed there.
    configure_logging("ERROR", [])
    try:
        return asyncio.run(demo_session(settings, sys.stdin, sys.stdout))
    except KeyboardInterrupt:
        return 0
