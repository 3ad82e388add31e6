"""Reminders with the real clock, end to end: the bot runs as its own process, polling the fake
Bot API over HTTP. Two bots run side by side so the wait for the reminder's minute is paid once;
the minute is the first whole minute at least LEAD_SECONDS away (reminders are set to the minute)."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.botprocess import BotProcess
from tests.fake_telegram import FakeTelegramServer, ThreadedFakeTelegram

TOKYO = ZoneInfo("Asia/Tokyo")
USER = 21
LEAD_SECONDS = 25  # enough for both bots to start, take /remind, and one to be killed and restarted
REPEAT_WATCH_SECONDS = 15  # after both arrived: long enough for several dispatcher ticks to repeat one


def _first_whole_minute_after(seconds: int) -> datetime:
    soon = datetime.now(UTC).astimezone(TOKYO) + timedelta(seconds=seconds)
    return soon.replace(second=0, microsecond=0) + timedelta(minutes=1)


def _stretch_messages(fake: ThreadedFakeTelegram) -> list[float]:
    return [
        c.time
        for c in fake.api.calls_named("sendMessage", chat_id=USER, ok=True)
        if c.params["text"].startswith("🧘 Stretch time")
    ]


def _set_up(fake: ThreadedFakeTelegram, target: datetime) -> None:
    fake.api.user_message(USER, "/timezone Asia/Tokyo")
    fake.wait_for_calls("sendMessage", 2, chat_id=USER, timeout=30)
    since = len(fake.api.calls)
    fake.api.user_message(USER, f"/remind stretch {target:%H:%M}")
    answer = fake.wait_for_calls("sendMessage", chat_id=USER, since=since, timeout=10)[-1]
    assert f"{target:%H:%M}" in answer.params["text"]


@pytest.mark.real_clock
def test_stretch_reminder_a_minute_ahead_in_tokyo_arrives_once(tmp_path: Path) -> None:
    with FakeTelegramServer.start_in_thread() as plain, FakeTelegramServer.start_in_thread() as crashing:
        steady = BotProcess(plain.base_url, tmp_path / "a.sqlite3", tmp_path / "a.log", plain.api)
        killed = BotProcess(crashing.base_url, tmp_path / "b.sqlite3", tmp_path / "b.log", crashing.api)
        steady.start()
        killed.start()
        try:
            target = _first_whole_minute_after(LEAD_SECONDS)
            _set_up(plain, target)
            _set_up(crashing, target)
            killed.wait_db("SELECT 1 FROM reminders WHERE user_id = ? AND next_due_utc IS NOT NULL", (USER,))
            killed.kill_hard()
            killed.start()
            # Wait for both (at most a minute past the target), then watch a while for repeats.
            deadline = target.timestamp() + 60
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
        late = times[0] + offset - target.timestamp()
        assert -1 <= late <= 60, (name, late)
