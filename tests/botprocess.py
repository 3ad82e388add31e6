"""Run the real bot as a separate process (`python -m bot`) against the threaded fake server,
so tests can kill it with SIGKILL and start it again over the same database file."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bot.standin.records import CallLog

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "777000:Subprocess-test-token-for-fake-api"
STARTUP_SECONDS = 90  # start-up alone; generous because other test processes share the two cores


class BotProcess:
    def __init__(
        self, base_url: str, database: Path, log_path: Path, api: CallLog | None = None, **env: str
    ) -> None:
        self.database = database
        self.api = api  # the fake's call log: with it, start() waits until the bot is up
        self.log_path = log_path
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "PYTHONPATH": str(ROOT),
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": base_url,
            "DATABASE_URL": f"sqlite:///{database}",
            "LOG_LEVEL": "INFO",
            **env,
        }
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        log = self.log_path.open("ab")
        published = len(self.api.calls_named("setMyCommands")) if self.api else 0
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot"], env=self.env, cwd=self.database.parent, stdout=log, stderr=log
        )
        if self.api is not None:
            self._wait_started(published)

    def _wait_started(self, published_before: int, timeout: float = STARTUP_SECONDS) -> None:
        """Until this life has published its command menu (the last step before polling), so the
        tests' own waits measure the bot's answers, not its start-up on a loaded machine."""
        assert self.api is not None and self.process is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.process.poll() is None:
            if len(self.api.calls_named("setMyCommands")) > published_before:
                return
            time.sleep(0.05)
        raise TimeoutError(f"the bot did not start within {timeout:.0f}s (see {self.log_path})")

    def kill_hard(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Read the bot's database from outside, as an operator would."""
        with sqlite3.connect(f"file:{self.database}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute(sql, params).fetchall()

    def wait_db(self, sql: str, params: tuple[Any, ...] = (), timeout: float = 10) -> list[tuple[Any, ...]]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                rows = self.query(sql, params)
            except sqlite3.OperationalError:  # not created yet
                rows = []
            if rows:
                return rows
            time.sleep(0.05)
        raise TimeoutError(f"no rows for {sql!r} within {timeout}s")
