"""/stats and /report through the bot: in-process over the Bot API stand-in, plus one run over HTTP."""

from __future__ import annotations

import asyncio
import io
import logging
import threading
import time
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from telegram.ext import Application, CommandHandler

from bot.episodes.model import EpisodeDraft
from bot.episodes.vocabulary import REGION_LABELS, Region
from handlers import stats as stats_handlers
from tests.conftest import MovableClock
from tests.harness import BotHarness, JsonDict, bot_over_http, running_harness, texts

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)  # the `clock` fixture's start; zone is UTC by default
# Twenty varied one-line entries, all within the 7 days ending on NOW (several "last night").
LINES = [
    "left calf 7/10 2 min 3 hours ago",
    "right calf 6/10 1 min last night",
    "hamstring 5/10 30s last night",
    "left foot 8 90 seconds 5 hours ago",
    "lower back 4, 10 min, after gardening",
    "right foot 6 45 seconds yesterday 23:30",
    "both legs spasm 8 woke me up at 3am",
    "left thigh 5 3 min 2 days ago",
    "neck stiffness 3 20 minutes ago",
    "calf cramp 9 for 4 minutes yesterday at 23:10",  # not within 30 min of the other calf
    "left hamstring 6/10 2 min yesterday 14:00",
    "right calf 7 1 min 3 days ago",
    "foot cramp 5 30 seconds 4 days ago",
    "left calf 8/10 3 min 4 days ago 02:00",
    "lower back 6 5 min 5 days ago",
    "right hamstring 4 1 min 6 hours ago",
    "calf 7 2 min yesterday 03:00",
    "left foot 6/10 40 seconds 2 days ago 23:00",
    "right thigh 5/10 2 min 1 hour ago",
    "calf spasm 6 1 min 3 days ago 01:30",
]
STATS_USAGE_MARK = "/stats month"
REPORT_USAGE_MARK = "/report 90"


def ensure_registered(application: Application) -> None:
    """Until handlers/__init__.py lists handlers.stats: put its commands in group 0 ahead of the catch-all
    fallbacks (appended after them, /stats would be answered as an unknown command). A no-op once the
    module is registered for real."""
    for group in application.handlers.values():
        if any(isinstance(h, CommandHandler) and "stats" in h.commands for h in group):
            return
    group = application.handlers.setdefault(0, [])
    first_fallback = next(
        (
            i
            for i, h in enumerate(group)
            if getattr(getattr(h, "callback", None), "__module__", "") == "handlers.fallbacks"
        ),
        len(group),
    )
    group[first_fallback:first_fallback] = stats_handlers.handlers()


@pytest.fixture
async def bot(tmp_path: Path, clock: MovableClock) -> AsyncIterator[BotHarness]:
    async with running_harness(tmp_path / "bot.sqlite3", clock) as harness:
        ensure_registered(harness.app)
        yield harness


# ----- helpers ---------------------------------------------------------------------------------------------


async def log_lines(harness: BotHarness, lines: list[str], user_id: int = 1) -> None:
    for line in lines:
        out = await harness.send(line, user_id)
        assert texts(out)[0].startswith("✅ Saved"), line  # a severe entry also gets a kind word after


async def seed(harness: BotHarness, user_id: int, entries: list[tuple[datetime, Region, int]]) -> None:
    """Episodes straight into the database (for tests that are not about logging)."""
    drafts = [
        (EpisodeDraft(started_at=when, region=region, intensity=intensity), "UTC", False, f"seed:{i}")
        for i, (when, region, intensity) in enumerate(entries)
    ]
    svc = harness.app.bot_data["services"]
    await svc.users.ensure(user_id, user_id, NOW)  # episodes belong to a known user (foreign key)
    await svc.episodes.add_many(user_id, drafts)


async def stored(harness: BotHarness, user_id: int = 1) -> list[dict[str, Any]]:
    rows = await harness.app.bot_data["services"].db.fetch_all(
        "SELECT region, started_at_utc FROM episodes WHERE user_id = ?", (user_id,)
    )
    return [dict(zip(r.keys(), tuple(r), strict=True)) for r in rows]


def sent(out: list[JsonDict], method: str) -> list[JsonDict]:
    return [o for o in out if o["method"] == method]


def only_file(item: JsonDict) -> tuple[str, bytes]:
    files = item["files"]
    assert len(files) == 1
    return next(iter(files.values()))


def pdf_text(data: bytes) -> str:
    """All text of the PDF with whitespace collapsed (table cells and wrapped lines become spaces)."""
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


def actions(harness: BotHarness, since: int, chat_id: int = 1) -> list[str]:
    return [
        c.params["action"] for c in harness.api.calls_named("sendChatAction", chat_id=chat_id, since=since)
    ]


# ----- /stats ------------------------------------------------------------------------------------------------


async def test_stats_after_twenty_logged_episodes(bot: BotHarness) -> None:
    await log_lines(bot, LINES)
    rows = await stored(bot)
    assert len(rows) == 20
    days_with_data = len({datetime.fromisoformat(r["started_at_utc"]).date() for r in rows})

    since = len(bot.api.calls)
    out = await bot.send("/stats")
    summary = texts(out)[0]
    assert "20 episodes" in summary
    assert f"estimated from your diary (entries on {days_with_data} of 7 days)" in summary
    assert "Spasm Frequency Score" in summary and "Penn Spasm Frequency Scale" in summary
    assert len(summary) <= 4096
    photos = sent(out, "sendPhoto")
    assert len(photos) == 3
    for photo in photos:
        _name, png = only_file(photo)
        assert png.startswith(b"\x89PNG") and len(png) > 5 * 1024
        assert 0 < len(photo["caption"]) <= 1024
    assert actions(bot, since).count("upload_photo") == 3  # before each chart is drawn
    first_action = bot.api.calls_named("sendChatAction", chat_id=1, since=since)[0].time
    assert first_action <= bot.api.calls_named("sendPhoto", chat_id=1, since=since)[0].time

    for command in ("/stats all", "/stats MONTH"):
        assert "20 episodes" in texts(await bot.send(command))[0], command


async def test_stats_counts_the_morning_check_in_answers(bot: BotHarness, clock: MovableClock) -> None:
    await log_lines(bot, LINES[:3])
    out = await bot.send("/stats")
    assert "Morning check-ins" not in texts(out)[0]  # nothing answered yet: no line
    repo = bot.app.bot_data["services"].reminders.repository
    today = clock.now().date()
    answers = {
        today - timedelta(days=1): "few",
        today - timedelta(days=2): "none",
        today - timedelta(days=3): "once",
    }
    for night, answer in answers.items():
        await repo.save_night_report(1, night, answer, clock.now())
    await repo.save_night_report(1, today - timedelta(days=20), "more", clock.now())  # outside the week
    summary = texts(await bot.send("/stats"))[0]
    assert (
        "Morning check-ins: spasms woke you on 2 of 3 night(s) you answered (once ×1, 2–5 times ×1)."
        in summary
    )
    month = texts(await bot.send("/stats month"))[0]
    assert "on 3 of 4 night(s)" in month and "more than 5 times ×1" in month
    documents = sent(await bot.send("/report"), "sendDocument")
    _name, data = only_file(documents[0])
    text = pdf_text(data)
    assert "Night check-ins" in text and "spasms woke you on 3 of 4 night(s)" in text  # 90 days by default


async def test_stats_period_follows_the_clock(bot: BotHarness, clock: MovableClock) -> None:
    await seed(bot, 1, [(NOW - timedelta(days=d, hours=1), Region.CALF, 5) for d in range(4)])
    clock.advance(timedelta(days=40))  # the entries are now older than this week and this month
    out = await bot.send("/stats")
    assert "No episodes logged in this period" in texts(out)[0]
    assert "/stats all" in texts(out)[0]
    assert not sent(out, "sendPhoto")  # nothing to draw
    out = await bot.send("/stats all")
    assert "4 episodes" in texts(out)[0] and len(sent(out, "sendPhoto")) == 3


async def test_stats_flags_a_thirty_percent_drop_in_intensity(bot: BotHarness) -> None:
    before = [(NOW - timedelta(days=8 + d), Region.CALF, 8) for d in range(3)]  # the 7 days before: 8/10
    now = [(NOW - timedelta(days=d, hours=2), Region.CALF, 4) for d in range(3)]  # this week: 4/10
    await seed(bot, 1, before + now)
    summary = texts(await bot.send("/stats"))[0]
    assert (
        "Average intensity vs the 7 days before: 8.0 → 4.0 out of 10 (−50%): lower by 30% or more" in summary
    )


async def test_empty_diary_gets_a_friendly_answer(bot: BotHarness) -> None:
    since = len(bot.api.calls)
    for command in ("/stats", "/stats all", "/report", "/report 90 Jane"):
        out = await bot.send(command)
        assert [o["method"] for o in out] == ["sendMessage"], command
        assert "diary is empty" in texts(out)[0] and "/log" in texts(out)[0]
    assert actions(bot, since) == []


BAD_ARGUMENTS = [
    ("/stats decade", STATS_USAGE_MARK),
    ("/stats week month", STATS_USAGE_MARK),
    ("/report abc", REPORT_USAGE_MARK),
    ("/report 0", REPORT_USAGE_MARK),
    ("/report 6", REPORT_USAGE_MARK),
    ("/report 366", REPORT_USAGE_MARK),
    ("/report 5000", REPORT_USAGE_MARK),
    ("/report -30", REPORT_USAGE_MARK),
]


async def test_bad_arguments_get_a_usage_line(bot: BotHarness) -> None:
    await seed(bot, 1, [(NOW - timedelta(hours=1), Region.CALF, 5)])
    since = len(bot.api.calls)
    for command, usage in BAD_ARGUMENTS:
        out = await bot.send(command)
        assert [o["method"] for o in out] == ["sendMessage"], command
        assert usage in texts(out)[0], command
    assert actions(bot, since) == []


# ----- /report -----------------------------------------------------------------------------------------------


async def test_report_pdf_after_twenty_logged_episodes(bot: BotHarness) -> None:
    await log_lines(bot, LINES)
    regions = {REGION_LABELS[Region(r["region"])] for r in await stored(bot)}
    assert len(regions) >= 5

    since = len(bot.api.calls)
    out = await bot.send("/report")
    documents = sent(out, "sendDocument")
    assert len(documents) == 1
    name, data = only_file(documents[0])
    assert name == "spasm-diary-report-2026-11-21.pdf"
    assert "20 episodes" in documents[0]["caption"] and len(documents[0]["caption"]) <= 1024
    text = pdf_text(data)
    assert "All episodes (20)" in text and "(30 days)" in text
    for label in regions:
        assert label in text, label
    assert "Name:" not in text  # no name unless the patient gives one
    assert "upload_document" in actions(bot, since)
    progress = texts(out)
    assert progress[0] == "Making your report…" and progress[-1] == "✅ Report ready."
    assert sent(out, "editMessageText")[-1]["message_id"] == out[0]["result"]["message_id"]


async def test_report_with_days_and_a_chosen_name(bot: BotHarness) -> None:
    await seed(bot, 1, [(NOW - timedelta(days=d), Region.FOOT, 6) for d in (1, 20, 60)])
    out = await bot.send("/report 90 Jane  Doe")
    text = pdf_text(only_file(sent(out, "sendDocument")[0])[1])
    assert "Name: Jane Doe" in text and "(90 days)" in text and "All episodes (3)" in text
    out = await bot.send("/report 7")
    assert "All episodes (1)" in pdf_text(only_file(sent(out, "sendDocument")[0])[1])


async def test_report_for_a_period_without_episodes(bot: BotHarness) -> None:
    await seed(bot, 1, [(NOW - timedelta(days=100), Region.FOOT, 6)])
    out = await bot.send("/report 30")
    assert [o["method"] for o in out] == ["sendMessage"]
    assert "No episodes logged in the last 30 days" in texts(out)[0]


async def test_report_that_fails_says_so_and_logs_no_health_data(
    bot: BotHarness, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(work: object) -> bytes:
        raise RuntimeError("left calf 7/10, Jane Doe")  # an error message may quote what it was given

    monkeypatch.setattr(stats_handlers, "in_worker", broken)
    await seed(bot, 1, [(NOW - timedelta(hours=2), Region.CALF, 7)])
    with caplog.at_level(logging.INFO):
        out = await bot.send("/report 30 Jane Doe")
    assert not sent(out, "sendDocument")
    assert texts(out) == ["Making your report…", stats_handlers.REPORT_FAILED]
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "report could not be built" in logged
    assert "Jane" not in logged and "calf" not in logged


# ----- nobody waits for someone else's charts or PDF ---------------------------------------------------------


# User 1's first message ("Making your report…", or the summary text) goes out just before the PDF or the
# charts are made: that is when user 2 asks for /help.
@pytest.mark.parametrize(
    ("command", "finished_by"), [("/report 365", "sendDocument"), ("/stats all", "sendPhoto")]
)
async def test_other_users_are_answered_while_heavy_work_runs(
    bot: BotHarness, command: str, finished_by: str
) -> None:
    await seed(bot, 1, [(NOW - timedelta(hours=12 * i + 1), Region.CALF, 5) for i in range(700)])  # a year
    since = len(bot.api.calls)
    asked: list[float] = []

    def ask_once_started() -> None:
        # From a thread, so the question goes in even if the event loop were stuck drawing.
        bot.api.wait_for_calls_blocking("sendMessage", chat_id=1, since=since, timeout=30)
        asked.append(time.monotonic())
        bot.api.user_message(2, "/help")

    helper = threading.Thread(target=ask_once_started)
    helper.start()
    heavy_update = bot.api.user_message(1, command)
    answer = (await bot.api.wait_for_calls("sendMessage", chat_id=2, since=since, timeout=30))[0]
    await bot.processor.wait_processed(heavy_update, timeout=30)
    await asyncio.to_thread(helper.join)
    finished = bot.api.calls_named(finished_by, chat_id=1, since=since)[-1]
    assert answer.time - asked[0] < 0.25  # user 2 did not wait for user 1's charts or PDF
    assert answer.time < finished.time


# ----- end to end over HTTP ----------------------------------------------------------------------------------


async def test_stats_and_report_over_http(tmp_path: Path) -> None:
    clock = MovableClock(NOW)
    async with bot_over_http(tmp_path, clock) as (server, application):
        ensure_registered(application)
        api, user = server.api, 5
        for n, line in enumerate(LINES, start=1):
            since = len(api.calls)
            api.user_message(user, line)
            # each line is saved (a severe one also gets a short acknowledgement after the save)
            await api.wait_for_calls("sendMessage", chat_id=user, since=since, timeout=10)
            saved = [c.params["text"] for c in api.calls_named("sendMessage", chat_id=user)]
            async with asyncio.timeout(10):
                while sum(text.startswith("✅ Saved") for text in saved) < n:
                    await asyncio.sleep(0.01)
                    saved = [c.params["text"] for c in api.calls_named("sendMessage", chat_id=user)]

        since = len(api.calls)
        api.user_message(user, "/stats all")
        photos = await api.wait_for_calls("sendPhoto", 3, chat_id=user, since=since, timeout=20)
        summary = api.calls_named("sendMessage", chat_id=user, since=since)[0].params["text"]
        assert "20 episodes" in summary
        for photo in photos:
            ((_name, png),) = photo.files.values()
            assert png.startswith(b"\x89PNG") and len(png) > 5 * 1024
        assert "upload_photo" in [c.params["action"] for c in api.calls_named("sendChatAction", since=since)]

        since = len(api.calls)
        api.user_message(user, "/report")
        (document,) = await api.wait_for_calls("sendDocument", chat_id=user, since=since, timeout=20)
        assert "upload_document" in [
            c.params["action"] for c in api.calls_named("sendChatAction", since=since)
        ]
        rows = await application.bot_data["services"].db.fetch_all(
            "SELECT DISTINCT region FROM episodes WHERE user_id = ?", (user,)
        )
    ((name, data),) = document.files.values()
    assert name == f"spasm-diary-report-{date(2026, 11, 21).isoformat()}.pdf"
    text = pdf_text(data)
    assert "All episodes (20)" in text
    for row in rows:
        assert REGION_LABELS[Region(row["region"])] in text
