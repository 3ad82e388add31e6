"""Stretch reminders carry the person's own exercises (built-in routines otherwise); "✅ <exercise>"
records which one was done that day, once; /stats and the report show each exercise's days."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.harness import BotHarness, button_data, buttons, texts
from tests.test_reminders_bot import fire_due


def _stretch_messages(harness: BotHarness, user: int) -> list[dict[str, object]]:
    sent = harness.api.sent_messages(chat_id=user)
    return [m for m in sent if str(m.get("text", "")).startswith("🧘 Stretch time")]


async def _remind_at_eight(harness: BotHarness, user: int, *lines: str) -> list[dict[str, object]]:
    harness.clock.set(datetime(2026, 11, 20, 12, 0, tzinfo=UTC))
    await harness.send("/timezone Europe/Berlin", user)
    for line in lines:
        assert "Saved" in texts(await harness.send(line, user))[-1]
    assert "Next:" in texts(await harness.send("/remind stretch 08:00", user))[-1]
    harness.clock.set(datetime(2026, 11, 21, 7, 0, 5, tzinfo=UTC))  # 08:00 in Berlin
    await fire_due(harness)
    sent = _stretch_messages(harness, user)
    assert len(sent) == 1
    return [{"method": "sendMessage", **sent[0]}]


async def test_own_exercises_in_the_reminder_and_done_per_exercise_in_stats(harness: BotHarness) -> None:
    user = 21
    await harness.send("left calf 6 2 min", user)  # an episode, so /stats has a diary to show
    reminder = await _remind_at_eight(
        harness, user, "/exercises add calf stretch 3 x 30 s", "/exercises add wall push 10"
    )
    text = str(reminder[0]["text"])
    assert "your own routine" in text and "calf stretch — 3 × 30 s" in text and "wall push" in text
    labels = [label for label, _ in buttons(reminder)]
    assert labels[:3] == ["✅ calf stretch", "✅ wall push 10", "✅ All done"]
    calf = button_data(reminder, "calf stretch")
    harness.clock.set(datetime(2026, 11, 21, 7, 30, tzinfo=UTC))
    pressed = await harness.press(calf, user)
    assert "Well done" in str(pressed)
    assert "✅ calf stretch" not in [label for label, _ in buttons(pressed)]  # its button is gone
    await harness.press(calf, user, check_button=False)  # a stale second tap the same day counts once
    assert "expired" in str(await harness.press(calf, 22))  # someone else's button
    stats = texts(await harness.send("/stats", user))[0]
    assert "calf stretch — 3 × 30 s: done on 1 of" in stats, stats
    assert "wall push 10: done on 0 of" in stats
    harness.clock.set(datetime(2026, 11, 22, 9, 0, tzinfo=UTC))  # the next day: the button expired
    late = await harness.press(button_data(reminder, "All done"), user, check_button=False)
    assert "expired" in str(late)
    services = harness.app.bot_data["services"]
    exercises = await services.plan.exercises.for_user(user)
    counts = await services.plan.exercises.done_counts(
        user, datetime(2026, 11, 1).date(), datetime(2026, 11, 30).date()
    )
    assert counts == {exercises[0].id: 1}


async def test_all_done_records_every_exercise(harness: BotHarness) -> None:
    user = 23
    reminder = await _remind_at_eight(
        harness, user, "/exercises add calf stretch", "/exercises add bridge 10"
    )
    await harness.press(button_data(reminder, "All done"), user)
    services = harness.app.bot_data["services"]
    counts = await services.plan.exercises.done_counts(
        user, datetime(2026, 11, 1).date(), datetime(2026, 11, 30).date()
    )
    assert sorted(counts.values()) == [1, 1]


async def test_without_own_exercises_the_built_in_routine_comes(harness: BotHarness) -> None:
    reminder = await _remind_at_eight(harness, 24)
    assert "your own routine" not in str(reminder[0]["text"])
    assert buttons(reminder)[0][0] == "Done ✅"
