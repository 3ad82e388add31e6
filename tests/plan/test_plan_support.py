"""The Support screen (organisations for the person's country) and the guided breathing routine
(one message edited in place by a JobQueue job, stoppable), through the bot; the content loaders
refuse broken files."""

from __future__ import annotations

from typing import Any

import pytest

from bot.content_files import content_dir
from bot.faq.sources import default_allowed_domains
from bot.plan.relax import relax_step_text
from bot.plan.support import (
    SupportContentError,
    load_relaxation,
    load_support,
    parse_relaxation,
    parse_support,
)
from handlers.relax import job_name
from tests.harness import BotHarness, button_data, texts


async def _support(harness: BotHarness, user: int, zone: str) -> str:
    await harness.send(f"/timezone {zone}", user)
    shown = await harness.press(button_data(await harness.send("/plan", user), "Support"), user)
    return texts(shown)[-1]


async def test_support_lists_the_organisations_of_the_persons_country(harness: BotHarness) -> None:
    uk = await _support(harness, 1, "Europe/London")
    assert "United Kingdom" in uk or "Britain" in uk
    for name in ("MS Society", "MS Trust", "Ehlers-Danlos Support UK", "Hypermobility Syndromes Association"):
        assert name in uk
    assert "National MS Society" not in uk and "MS Australia" not in uk
    assert "The Ehlers-Danlos Society" in uk  # international, shown everywhere
    us = await _support(harness, 2, "America/New_York")
    assert "National MS Society" in us and "MS Trust" not in us
    assert "MS Australia" in await _support(harness, 3, "Australia/Sydney")
    unknown = await _support(harness, 4, "Asia/Tokyo")
    assert "none listed for your country" in unknown and "MS Australia" in unknown


def _run_job(harness: BotHarness, user: int) -> Any:
    queue = harness.app.job_queue
    assert queue is not None
    jobs = queue.get_jobs_by_name(job_name(user))
    assert len(jobs) == 1
    return jobs[0]


async def _fire(harness: BotHarness, user: int) -> None:
    """Run the person's pending step now, as the scheduler would (a one-shot job is gone once run)."""
    job = _run_job(harness, user)
    job.schedule_removal()
    await job.run(harness.app)


async def test_relax_steps_edit_one_message_and_stop_ends_the_run(harness: BotHarness) -> None:
    user = 7
    await harness.send("/timezone Europe/Berlin", user)
    started = await harness.press(button_data(await harness.send("/plan", user), "Relax"), user)
    routine = harness.app.bot_data["services"].content.relaxation
    assert texts(started)[-1] == relax_step_text(routine, 0)
    message_id = next(o["result"]["message_id"] for o in started if o["method"] == "sendMessage")
    job = _run_job(harness, user)
    assert job.data.index == 0
    start = len(harness.api.calls)
    await _fire(harness, user)
    edits = [c for c in harness.api.calls[start:] if c.method == "editMessageText"]
    assert [e.params["message_id"] for e in edits] == [message_id]
    assert edits[0].params["text"] == relax_step_text(routine, 1)
    assert _run_job(harness, user).data.index == 1  # the next step is planned
    stopped = await harness.press(button_data(started, "Stop"), user, message_id=message_id)
    assert "stopped" in texts(stopped)[-1]
    queue = harness.app.job_queue
    assert queue is not None
    assert all(j.removed for j in queue.get_jobs_by_name(job_name(user)))


async def test_the_last_step_closes_with_the_sources(harness: BotHarness) -> None:
    user = 8
    await harness.press(button_data(await harness.send("/plan", user), "Relax"), user)
    routine = harness.app.bot_data["services"].content.relaxation
    for _ in routine.steps:
        await _fire(harness, user)
    last = [c for c in harness.api.calls if c.method == "editMessageText"][-1]
    assert "done" in last.params["text"] and "NHS" in last.params["text"]
    assert "reply_markup" not in last.params or not last.params["reply_markup"]
    queue = harness.app.job_queue
    assert queue is not None
    assert queue.get_jobs_by_name(job_name(user)) == ()


def test_the_shipped_files_load_and_cite_allowed_sources() -> None:
    allowed = default_allowed_domains()
    book = load_support(content_dir() / "support.yaml", allowed)
    routine = load_relaxation(content_dir() / "relaxation.yaml", allowed)
    assert len(book.organisations) >= 7
    assert 60 <= routine.total_seconds <= 300  # a short routine


@pytest.mark.parametrize(
    "data",
    [
        {"reviewed": None, "organisations": []},
        {"organisations": [{"name": "X", "about": "y", "url": "https://example.org/", "countries": ["GB"]}]},
    ],
)
def test_a_broken_support_file_is_refused(data: dict[str, Any]) -> None:
    import datetime

    data.setdefault("reviewed", datetime.date(2026, 12, 1))
    with pytest.raises(SupportContentError):
        parse_support(data, frozenset({"nhs.uk"}))


def test_a_broken_relaxation_file_is_refused() -> None:
    import datetime

    base = {
        "reviewed": datetime.date(2026, 12, 1),
        "title": "t",
        "sources": [{"name": "NHS", "url": "https://www.nhs.uk/x/"}],
        "steps": [{"seconds": 10, "text": "a"}, {"seconds": 10, "text": "b"}],
    }
    assert parse_relaxation(base, frozenset({"nhs.uk"})).total_seconds == 20
    for broken in (
        {**base, "steps": [{"seconds": 600, "text": "a"}, {"seconds": 10, "text": "b"}]},
        {**base, "sources": [{"name": "blog", "url": "https://blog.example/"}]},
        {**base, "steps": [{"seconds": 10, "text": "a"}]},
    ):
        with pytest.raises(SupportContentError):
            parse_relaxation(broken, frozenset({"nhs.uk"}))


async def test_relaxation_is_offered_under_a_saved_episode_and_a_stress_answer(harness: BotHarness) -> None:
    saved = await harness.send("left calf 6/10 2 min", 9)
    assert "Saved" in texts(saved)[-1]
    started = await harness.press(button_data(saved, "Breathe"), 9)
    routine = harness.app.bot_data["services"].content.relaxation
    assert texts(started)[-1] == relax_step_text(routine, 0)
    answer = await harness.send("Can breathing and mindfulness calm my muscle spasms?", 9)
    assert button_data(answer, "breathing routine") == "pl:relax"
