"""End to end over HTTP: the bot polls the fake Bot API on 127.0.0.1 with a clock the test moves;
a medicine reminder comes, its "Taken" is pressed, and the dose is in /stats and in the PDF's text."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

from pypdf import PdfReader

from tests.conftest import MovableClock
from tests.harness import bot_over_http

USER = 31


async def test_a_reminders_taken_reaches_stats_and_the_pdf(tmp_path: Path) -> None:
    clock = MovableClock(datetime(2026, 11, 20, 12, 0, tzinfo=UTC))
    async with bot_over_http(tmp_path, clock) as (server, _application):
        api = server.api

        async def say(text: str, count: int = 1) -> str:
            since = len(api.calls)
            api.user_message(USER, text)
            calls = await api.wait_for_calls("sendMessage", count, chat_id=USER, since=since, timeout=15)
            return str(calls[-1].params["text"])

        await say("/timezone Europe/Berlin", 2)
        assert "Saved" in await say("/meds add baclofen 08:00 with food")
        await say("left calf 6 2 min")
        since = len(api.calls)
        clock.set(
            datetime(2026, 11, 21, 7, 0, 5, tzinfo=UTC)
        )  # 08:00 in Berlin: the dispatcher's tick sends it
        [reminder] = await api.wait_for_calls("sendMessage", chat_id=USER, since=since, timeout=20)
        assert reminder.params["text"].startswith("💊 Medicine time (08:00)")
        assert "with food" in reminder.params["text"] and "prescriber" in reminder.params["text"]
        message = api.sent_messages(chat_id=USER)[-1]
        taken = next(
            b["callback_data"]
            for row in message["reply_markup"]["inline_keyboard"]
            for b in row
            if b["text"].startswith("✅ Taken")
        )
        since = len(api.calls)
        api.callback_query(USER, taken, message_id=message["message_id"])
        answers = await api.wait_for_calls("answerCallbackQuery", since=since, timeout=15)
        assert "Noted" in str(answers[-1].params.get("text"))
        stats = await say("/stats")
        assert "baclofen: taken 1 of 1 reminded doses (100 %)" in stats, stats
        since = len(api.calls)
        api.user_message(USER, "/report")
        [document] = await api.wait_for_calls("sendDocument", chat_id=USER, since=since, timeout=60)
        pdf = next(iter(document.files.values()))[1]
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
        assert "My plan" in text and "baclofen" in text
        assert "taken 1 of 1 reminded doses" in text, text[:2000]
