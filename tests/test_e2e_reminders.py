"""Reminders with the real clock, end to end: the bot runs as its own process, polling the fake
Bot API over HTTP. Two bots run side by side so the wait for the reminder's minute is paid once;
reminders are set to the minute, so each bot's clock is moved ahead (tests/shifted_clock.py) to show a
whole minute at the instant wanted: the test waits LEAD_SECONDS of real time, not up to a minute more."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.botprocess import BotProcess
from tests.fake_telegram import FakeTelegramServer, ThreadedFakeTelegram

TOKYO = ZoneInfo("Asia/Tokyo")
USER = 21
LEAD_SECONDS = 30  # enough for the bot to take /remind, be killed and start again on a loaded machine
LEAST_LEAD_SECONDS = 10  # the steady bot aims at the same instant while at least this far away
REPEAT_WATCH_SECONDS = 12  # after both arrived: long enough for two more dispatcher ticks (5 s) to repeat one


def _shift_to_a_minute_at(clock_file: Path, wall: float) -> datetime:
    """Move a bot's clock so that it shows a whole minute at the wall-clock instant `wall`; that
    minute, in Tokyo."""
    shift = -wall % 60
    staged = clock_file.with_suffix(".new")
    staged.write_text(repr(shift), encoding="utf-8")
    staged.replace(clock_file)  # never a half-written file for the bot to read
    return datetime.fromtimestamp(round(wall + shift), UTC).astimezone(TOKYO)


def _stretch_messages(fake: ThreadedFakeTelegram) -> list[float]:
    return [
        c.time
        for c in fake.api.calls_named("sendMessage", chat_id=USER, ok=True)
        if c.params["text"].startswith("🧘 Stretch time")
    ]


def _set_zone(fake: ThreadedFakeTelegram) -> None:
    fake.api.user_message(USER, "/timezone Asia/Tokyo")
    fake.wait_for_calls("sendMessage", 2, chat_id=USER, timeout=30)


def _set_reminder(fake: ThreadedFakeTelegram, target: datetime) -> None:
    since = len(fake.api.calls)
    fake.api.user_message(USER, f"/remind stretch {target:%H:%M}")
    answer = fake.wait_for_calls("sendMessage", chat_id=USER, since=since, timeout=10)[-1]
    assert f"{target:%H:%M}" in answer.params["text"]


@pytest.mark.real_clock
def test_stretch_reminder_a_minute_ahead_in_tokyo_arrives_once(tmp_path: Path) -> None:
    with FakeTelegramServer.start_in_thread() as plain, FakeTelegramServer.start_in_thread() as crashing:
        steady = BotProcess(
            plain.base_url,
            tmp_path / "a.sqlite3",
            tmp_path / "a.log",
            plain.api,
            clock_file=tmp_path / "a.clock",
        )
        killed = BotProcess(
            crashing.base_url,
            tmp_path / "b.sqlite3",
            tmp_path / "b.log",
            crashing.api,
            clock_file=tmp_path / "b.clock",
        )
        steady.start()
        killed.start()
        try:
            _set_zone(plain)
            _set_zone(crashing)
            # The bot to be killed first: its lead covers the kill and the new start.
            due = {"after kill -9": time.time() + LEAD_SECONDS}  # wall-clock instants
            _set_reminder(crashing, _shift_to_a_minute_at(tmp_path / "b.clock", due["after kill -9"]))
            killed.wait_db("SELECT 1 FROM reminders WHERE user_id = ? AND next_due_utc IS NOT NULL", (USER,))
            killed.kill_hard()
            killed.start()
            # The steady bot at the same instant, unless that is too close by now.
            due["steady"] = max(due["after kill -9"], time.time() + LEAST_LEAD_SECONDS)
            _set_reminder(plain, _shift_to_a_minute_at(tmp_path / "a.clock", due["steady"]))
            # Wait for both (at most a minute past the target), then watch a while for repeats.
            deadline = max(due.values()) + 60
            while time.time() < deadline and not (_stretch_messages(plain) and _stretch_messages(crashing)):
                time.sleep(0.5)
            time.sleep(REPEAT_WATCH_SECONDS)
        finally:
            steady.stop()
            killed.stop()
        arrivals = {"steady": _stretch_messages(plain), "after kill -9": _stretch_messages(crashing)}
    for name, times in arrivals.items():
        assert len(times) == 1, (name, len(times))
    # The fake stamps calls with time.monotonic(); compare with the target on the same clock.
    offset = time.time() - time.monotonic()
    for name, times in arrivals.items():
        late = times[0] + offset - due[name]
        assert -1 <= late <= 60, (name, late)
