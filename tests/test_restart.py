"""Crash safety: the bot is killed with SIGKILL mid-flow and started again over the same database."""

from __future__ import annotations

from pathlib import Path

from tests.botprocess import BotProcess
from tests.fake_telegram import ThreadedFakeTelegram

USER = 5


def test_kill_9_in_the_middle_of_onboarding_then_finish_it(
    fake: ThreadedFakeTelegram, tmp_path: Path
) -> None:
    bot = BotProcess(fake.base_url, tmp_path / "bot.sqlite3", tmp_path / "bot.log", fake.api)
    bot.start()
    try:
        fake.api.user_message(USER, "/start")
        fake.wait_for_calls("sendMessage", 2, chat_id=USER, timeout=20)
        since = len(fake.api.calls)
        fake.api.user_message(USER, "Springfield")  # several matches: the choice waits for a tap
        offer = fake.wait_for_calls("sendMessage", chat_id=USER, since=since, timeout=10)[-1]
        # The flow's state (waiting for the confirming tap) is on disk before we pull the plug.
        bot.wait_db(
            "SELECT state FROM conversations WHERE name = 'zone' AND user_id = ? AND state = '1'", (USER,)
        )
        bot.kill_hard()
        assert bot.query("SELECT timezone FROM users WHERE user_id = ?", (USER,)) == [(None,)]

        bot.start()  # a new life, same database
        since = len(fake.api.calls)
        fake.api.callback_query(
            USER, "tz:set:America/Chicago", message_id=offer.result["message_id"]
        )  # any listed zone
        done = fake.wait_for_calls("sendMessage", chat_id=USER, since=since, timeout=20)
        assert any("America/Chicago" in call.params["text"] for call in done)
        assert bot.wait_db("SELECT timezone, onboarded FROM users WHERE user_id = ?", (USER,)) == [
            ("America/Chicago", 1)
        ]

        bot.kill_hard()  # and once more: what was confirmed stays
        bot.start()
        since = len(fake.api.calls)
        fake.api.user_message(USER, "/start")
        intro = fake.wait_for_calls("sendMessage", chat_id=USER, since=since, timeout=20)
        assert (
            "Your time zone is America/Chicago" in intro[0].params["text"]
        )  # welcomed back, not re-onboarded
    finally:
        bot.stop()
    assert "Tokyo" not in (tmp_path / "bot.log").read_text()  # nothing the user typed is logged
    assert "Subprocess-test-token" not in (tmp_path / "bot.log").read_text()


def test_sigterm_stops_cleanly(fake: ThreadedFakeTelegram, tmp_path: Path) -> None:
    bot = BotProcess(fake.base_url, tmp_path / "bot.sqlite3", tmp_path / "bot.log", fake.api)
    bot.start()
    fake.api.user_message(USER, "/help")
    fake.wait_for_calls("sendMessage", chat_id=USER, timeout=20)
    bot.stop()
    assert bot.process is not None and bot.process.returncode == 0
