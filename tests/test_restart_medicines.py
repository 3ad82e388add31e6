"""kill -9 around a medicine reminder's send: the bot runs as its own process over the fake Bot API
(HTTP) and is killed the moment its reminder reaches the server, before it can see the answer.
Started again over the same file, it does not send the reminder a second time, and the reminder's
"Taken" button, pressed after the restart, records the dose once.

Bot processes have no movable clock, so the test moves the reminder instead: the medicine is set for
the minute before now, and while the bot is down its due instant is put back to that minute in the
file (as an operator could); on start it is a minute late, inside the catch-up window, and goes out
at once. No waiting for a wall-clock minute."""

from __future__ import annotations

import json
import sqlite3
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.clock import to_utc_text
from tests.botprocess import BotProcess
from tests.fake_telegram import ThreadedFakeTelegram

USER = 61
LONDON = ZoneInfo("Europe/London")
REPEAT_WATCH_SECONDS = 7  # past the first dispatcher tick (1 s after start) and the next (5 s later)
ROUND_TRIP = 0.6  # each call but getUpdates is held this long: the kill lands while the send waits


def _medicine_reminders(fake: ThreadedFakeTelegram) -> list[Any]:
    return [
        c
        for c in fake.api.calls_named("sendMessage", chat_id=USER)
        if str(c.params.get("text", "")).startswith("💊 Medicine time")
    ]


def _markup(call: Any) -> list[tuple[str, str]]:
    markup = call.params["reply_markup"]
    markup = json.loads(markup) if isinstance(markup, str) else markup
    return [(b["text"], b["callback_data"]) for row in markup["inline_keyboard"] for b in row]


def _say(fake: ThreadedFakeTelegram, text: str, expect: str) -> None:
    """Send a line and wait for the bot's answer that contains `expect`."""
    since = len(fake.api.calls)
    update_id = fake.api.user_message(USER, text)

    def answered() -> bool:
        sent = fake.api.calls_named("sendMessage", chat_id=USER, since=since)
        return any(expect in str(c.params.get("text", "")) for c in sent)

    assert _wait_until(answered, timeout=20), (text, expect)

    def confirmed() -> bool:  # the bot's next getUpdates confirmed it: it is not delivered again
        return all(u["update_id"] != update_id for u in fake.api.pending_updates())

    assert _wait_until(confirmed, timeout=20), "the update was never confirmed"


def _wait_until(check: Any, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.02)
    return False


@pytest.mark.real_clock  # a long process test: started first so the other workers overlap it
def test_kill_9_around_a_medicine_reminder_sends_it_once_and_taken_works(
    fake: ThreadedFakeTelegram, tmp_path: Path
) -> None:
    bot = BotProcess(fake.base_url, tmp_path / "bot.sqlite3", tmp_path / "bot.log", fake.api)
    bot.start()
    try:
        _say(fake, "/timezone Europe/London", "Europe/London")
        local = datetime.now(UTC).astimezone(LONDON).replace(second=0, microsecond=0) - timedelta(minutes=1)
        slot = local.astimezone(UTC)
        _say(fake, f"/meds add baclofen {local:%H:%M}", "Saved")
        bot.wait_db("SELECT 1 FROM reminders WHERE user_id = ? AND kind = 'medicine'", (USER,))
        bot.kill_hard()

        # Due a minute ago: it goes out as soon as the bot starts.
        with sqlite3.connect(bot.database) as conn:
            conn.execute(
                "UPDATE reminders SET next_due_utc = ? WHERE user_id = ? AND kind = 'medicine'",
                (to_utc_text(slot), USER),
            )
        fake.server.delay = ROUND_TRIP
        bot.start()
        came = _wait_until(lambda: bool(_medicine_reminders(fake)), timeout=30)
        assert came, ("the reminder never came", bot.query("SELECT kind, next_due_utc FROM reminders"))
        bot.kill_hard()  # the send has reached the server; the bot has not seen the answer yet
        fake.server.delay = 0.0
        assert len(_medicine_reminders(fake)) == 1

        bot.start()
        time.sleep(REPEAT_WATCH_SECONDS)
        reminders = _medicine_reminders(fake)
        assert len(reminders) == 1, "sent again after the restart"
        taken = next(data for label, data in _markup(reminders[0]) if "Taken" in label)
        message_id = reminders[0].result["message_id"]
        for _press in range(2):  # a second tap changes nothing
            since = len(fake.api.calls)
            fake.api.callback_query(USER, taken, message_id=message_id)
            fake.wait_for_calls("answerCallbackQuery", since=since, timeout=20)
        answers = [str(c.params.get("text", "")) for c in fake.api.calls_named("answerCallbackQuery")]
        assert answers[-2:] == ["Noted ✅", "Already answered, or this button has expired."], answers
        doses = bot.query("SELECT status, scheduled_utc FROM doses WHERE user_id = ?", (USER,))
        assert doses == [("taken", to_utc_text(slot))], doses
    finally:
        fake.server.delay = 0.0
        bot.stop()
    assert "baclofen" not in (tmp_path / "bot.log").read_text()  # nothing the person typed is logged
