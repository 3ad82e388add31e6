"""The issue's example lines and crash safety of the log, through the fake Bot API over HTTP."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.botprocess import BotProcess
from tests.conftest import MovableClock
from tests.fake_telegram import ThreadedFakeTelegram
from tests.harness import bot_over_http

BERLIN = ZoneInfo("Europe/Berlin")
# (line, expected fields; "local" = local start time as HH:MM on a given day offset from today)
EXAMPLES: list[tuple[str, dict[str, object]]] = [
    ("left calf 7/10 2 min", {"region": "calf", "side": "left", "intensity": 7, "duration_seconds": 120}),
    (
        "calf cramp 7 for 2 minutes",
        {"region": "calf", "kind": "cramp", "intensity": 7, "duration_seconds": 120},
    ),
    (
        "hamstring 5/10 30s last night",
        {"region": "hamstring", "intensity": 5, "duration_seconds": 30, "nocturnal": 1},
    ),
    (
        "both legs spasm 8 woke me up at 3am",
        {
            "region": "whole_leg",
            "side": "both",
            "kind": "spasm",
            "intensity": 8,
            "nocturnal": 1,
            "local": (0, "03:00"),
        },
    ),
    (
        "lower back 4, 10 min, after gardening",
        {"region": "lower_back", "intensity": 4, "duration_seconds": 600},
    ),
    (
        "right foot 6 90 seconds 20 minutes ago",
        {"region": "foot", "side": "right", "intensity": 6, "duration_seconds": 90, "local": (0, "12:40")},
    ),
    (
        "thigh 9/10 still going",
        {"region": "thigh_front", "intensity": 9, "ongoing": 1, "duration_seconds": None},
    ),
    ("calf 7", {"region": "calf", "intensity": 7}),
    ("neck stiffness 3 all morning", {"region": "neck_shoulder", "kind": "stiffness", "intensity": 3}),
    (
        "spasm in my left hamstring about 6 out of 10, lasted maybe 45 sec, yesterday 23:30",
        {
            "region": "hamstring",
            "side": "left",
            "kind": "spasm",
            "intensity": 6,
            "duration_seconds": 45,
            "nocturnal": 1,
            "local": (-1, "23:30"),
        },
    ),
]


async def test_every_example_line_is_logged_with_the_right_fields(tmp_path: Path) -> None:
    clock = MovableClock(datetime(2026, 11, 21, 12, 0, tzinfo=UTC))  # 13:00 in Berlin
    async with bot_over_http(tmp_path, clock) as (server, application):
        # One person per line: entries of the same place within 30 minutes ask "same episode?".
        for user, (line, _expected) in enumerate(EXAMPLES, start=100):
            server.api.user_message(user, "/timezone Europe/Berlin")
            await server.api.wait_for_calls("sendMessage", 2, chat_id=user, timeout=10)  # + reminders offer
            server.api.user_message(user, line)
            saved = await server.api.wait_for_calls("sendMessage", 3, chat_id=user, timeout=10)
            assert saved[2].params["text"].startswith("✅ Saved"), line
        db = application.bot_data["services"].db
        rows = await db.fetch_all("SELECT * FROM episodes WHERE user_id >= 100 ORDER BY user_id")
    assert len(rows) == len(EXAMPLES)
    for row, (line, expected) in zip(rows, EXAMPLES, strict=True):
        for field, value in expected.items():
            if field == "local":
                assert isinstance(value, tuple)
                days, clock_text = int(value[0]), str(value[1])
                local = datetime.fromisoformat(row["started_at_utc"]).astimezone(BERLIN)
                assert local.strftime("%H:%M") == clock_text, line
                assert (local.date() - datetime(2026, 11, 21).date()).days == days, line
            else:
                assert row[field] == value, (line, field, row[field])
    last_night = datetime.fromisoformat(rows[2]["started_at_utc"]).astimezone(BERLIN)
    assert (
        datetime(2026, 11, 20, 22, 0, tzinfo=BERLIN)
        <= last_night
        <= datetime(2026, 11, 21, 7, 0, tzinfo=BERLIN)
    )
    assert "exercise" in rows[4]["triggers"] and "gardening" in (rows[4]["trigger_text"] or "")


def test_kill_9_between_guided_steps_loses_nothing_and_duplicates_nothing(
    fake: ThreadedFakeTelegram, tmp_path: Path
) -> None:
    user = 8
    bot = BotProcess(fake.base_url, tmp_path / "bot.sqlite3", tmp_path / "bot.log", fake.api)
    bot.start()
    try:
        fake.api.user_message(user, "calf 6")  # confirmed as saved before the crash
        fake.wait_for_calls("sendMessage", chat_id=user, timeout=20)
        since = len(fake.api.calls)
        fake.api.user_message(user, "/log")
        flow_message = fake.wait_for_calls("sendMessage", chat_id=user, since=since, timeout=10)[-1].result
        region = next(
            b["callback_data"]
            for row in flow_message["reply_markup"]["inline_keyboard"]
            for b in row
            if b["text"] == "Hamstring"
        )
        since = len(fake.api.calls)
        fake.api.callback_query(user, region, message_id=flow_message["message_id"])
        fake.wait_for_calls("editMessageText", chat_id=user, since=since, timeout=10)
        bot.wait_db("SELECT 1 FROM user_data WHERE user_id = ? AND data LIKE '%hamstring%'", (user,))
        bot.kill_hard()

        bot.start()
        edited = fake.api.message(user, flow_message["message_id"])
        assert edited is not None
        intensity = next(
            b["callback_data"]
            for row in edited["reply_markup"]["inline_keyboard"]
            for b in row
            if b["text"] == "5"
        )
        since = len(fake.api.calls)
        fake.api.callback_query(user, intensity, message_id=flow_message["message_id"])
        review = fake.wait_for_calls("editMessageText", chat_id=user, since=since, timeout=20)[-1]
        assert "hamstring" in review.params["text"] and "5/10" in review.params["text"]
        save = next(
            b["callback_data"]
            for row in review.params["reply_markup"]["inline_keyboard"]
            for b in row
            if "Save" in b["text"]
        )
        since = len(fake.api.calls)
        fake.api.callback_query(user, save, message_id=flow_message["message_id"])
        fake.wait_for_calls("editMessageText", chat_id=user, since=since, timeout=10)
        bot.kill_hard()  # right after "Saved": the row is there, the flow is over

        bot.start()
        since = len(fake.api.calls)
        fake.api.user_message(user, "/export")
        document = fake.wait_for_calls("sendDocument", chat_id=user, since=since, timeout=20)[-1]
    finally:
        bot.stop()
    (_name, data) = next(iter(document.files.values()))
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    assert sorted((r["body_region"], r["intensity"]) for r in rows) == [("calf", "6"), ("hamstring", "5")]
