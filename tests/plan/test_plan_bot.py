"""The plan through the bot with a clock the test moves: one-liners build a plan, medicine reminders
come at local times across zones and DST, Taken / Skip / Snooze record the right dose once, pause and
stop silence them, a restart sends nothing twice, appointments remind the evening before (with a
summary and a PDF button), two hours before and after, and stale buttons expire."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from tests.conftest import MovableClock
from tests.harness import BotHarness, button_data, buttons, running_harness, texts
from tests.test_reminders_bot import fire_due


def medicine_reminders(harness: BotHarness, user_id: int, since: int = 0) -> list[str]:
    sent = harness.api.sent_messages(chat_id=user_id, since=since)
    return [str(m["text"]) for m in sent if str(m.get("text", "")).startswith("💊 Medicine time")]


def last_markup_buttons(harness: BotHarness, user_id: int) -> list[tuple[str, str]]:
    sent = harness.api.sent_messages(chat_id=user_id)
    return buttons([{"method": "sendMessage", **m} for m in sent])


async def _setup(harness: BotHarness, user: int, zone: str, *lines: str) -> None:
    await harness.send(f"/timezone {zone}", user)
    for line in lines:
        out = await harness.send(line, user)
        assert "Saved" in texts(out)[-1], texts(out)


async def test_a_plan_from_one_liners_in_under_a_minute(harness: BotHarness) -> None:
    user = 1
    await _setup(
        harness,
        user,
        "Europe/Berlin",
        "/meds add baclofn 08:00 20:00 with food",
        "/meds add ibuprofen as needed",
        "/appointment next tuesday 9am MS nurse",
        "/question Could night spasms be linked to my bladder?",
        "/exercises add calf stretch 3 x 30 s",
    )
    screen = texts(await harness.send("/plan", user))[-1]
    for expected in (
        "baclofen",
        "“baclofn”",
        "08:00, 20:00",
        "with food",
        "ibuprofen — as needed",
        "MS nurse",
        "bladder",
        "calf stretch — 3 × 30 s",
        "prescriber",
    ):
        assert expected in screen, (expected, screen)
    medicines = await harness.press(button_data(await harness.send("/plan", user), "Medicines"), user)
    pause = button_data(medicines, "Pause baclofen")
    paused = await harness.press(pause, user)
    assert "⏸ paused" in texts(paused)[-1]
    services = harness.app.bot_data["services"]
    kinds = {r.rule.kind.value for r in await services.reminders.repository.for_user(user)}
    assert "medicine" not in kinds and "appointment" in kinds  # paused: no medicine reminders at all
    assert "expired" in str(await harness.press(pause, 2))  # someone else's medicine


async def test_medicine_reminders_at_local_times_taken_once_and_in_stats(harness: BotHarness) -> None:
    harness.clock.set(datetime(2026, 11, 20, 12, 0, tzinfo=UTC))
    await _setup(harness, 5, "Asia/Tokyo", "/meds add baclofen 08:00 20:00")
    await _setup(harness, 6, "America/New_York", "/meds add tizanidine 08:00")
    await harness.send("left calf 6 2 min", 5)  # an episode, so /stats has a diary to show
    harness.clock.set(datetime(2026, 11, 20, 23, 0, 5, tzinfo=UTC))  # 08:00 in Tokyo
    await fire_due(harness)
    assert len(medicine_reminders(harness, 5)) == 1 and medicine_reminders(harness, 6) == []
    taken = button_data(await _last(harness, 5), "Taken baclofen")
    answered = await harness.press(taken, 5)
    assert "Noted" in str(answered)
    again = await harness.press(taken, 5)
    assert "Already answered" in str(again)
    harness.clock.set(datetime(2026, 11, 21, 13, 0, 5, tzinfo=UTC))  # 08:00 in New York
    await fire_due(harness)
    assert len(medicine_reminders(harness, 6)) == 1
    stats = "\n".join(texts(await harness.send("/stats", 5)))
    assert "baclofen: taken 1 of 1 reminded doses (100 %)" in stats, stats


async def _last(harness: BotHarness, user: int) -> list[dict[str, object]]:
    sent = harness.api.sent_messages(chat_id=user)
    return [{"method": "sendMessage", **m} for m in sent[-1:]]


async def test_dst_pause_stop_and_snooze(harness: BotHarness) -> None:
    harness.clock.set(datetime(2026, 3, 27, 12, 0, tzinfo=UTC))
    await _setup(harness, 7, "Europe/Berlin", "/meds add baclofen 02:30 08:00")
    moments = [
        datetime(2026, 3, 28, 1, 30, 5, tzinfo=UTC),  # 02:30 CET
        datetime(2026, 3, 28, 7, 0, 5, tzinfo=UTC),  # 08:00 CET
        datetime(2026, 3, 29, 1, 0, 5, tzinfo=UTC),  # 02:30 does not exist on the 29th: 03:00 CEST
    ]
    for count, moment in enumerate(moments, start=1):
        harness.clock.set(moment)
        await fire_due(harness)
        assert len(medicine_reminders(harness, 7)) == count, moment
    snooze = button_data(await _last(harness, 7), "30 min")
    assert "again at 03:30" in str(await harness.press(snooze, 7))
    harness.clock.set(datetime(2026, 3, 29, 1, 30, 5, tzinfo=UTC))
    await fire_due(harness)
    assert len(medicine_reminders(harness, 7)) == 4  # the snoozed dose comes back
    harness.clock.set(datetime(2026, 3, 29, 6, 0, 5, tzinfo=UTC))  # 08:00 CEST
    await fire_due(harness)
    assert len(medicine_reminders(harness, 7)) == 5
    medicines = await harness.press(button_data(await harness.send("/plan", 7), "Medicines"), 7)
    await harness.press(button_data(medicines, "Stop"), 7)
    harness.clock.set(datetime(2026, 3, 30, 6, 0, 5, tzinfo=UTC))
    await fire_due(harness)
    assert len(medicine_reminders(harness, 7)) == 5  # stopped: no more reminders


async def test_restart_sends_a_medicine_reminder_once(tmp_path: Path) -> None:
    clock = MovableClock(datetime(2026, 11, 21, 6, 0, tzinfo=UTC))
    database = tmp_path / "bot.sqlite3"
    async with running_harness(database, clock) as first:
        await _setup(first, 12, "Europe/Berlin", "/meds add baclofen 08:00")
        clock.set(datetime(2026, 11, 21, 7, 0, 5, tzinfo=UTC))
        await fire_due(first)
        assert len(medicine_reminders(first, 12)) == 1
    async with running_harness(database, clock) as second:
        await fire_due(second)
        assert medicine_reminders(second, 12) == []
        clock.set(datetime(2026, 11, 22, 7, 0, 5, tzinfo=UTC))
        await fire_due(second)
        assert len(medicine_reminders(second, 12)) == 1


async def test_appointment_reminders_evening_before_two_hours_before_and_after(harness: BotHarness) -> None:
    harness.clock.set(datetime(2026, 11, 20, 12, 0, tzinfo=UTC))
    await _setup(
        harness, 9, "Europe/London", "/appointment 24 Nov 10:30 neurologist", "/meds add baclofen 08:00"
    )
    await harness.send("/question Is my dose right?", 9)
    await harness.send("left calf 6 2 min", 9)
    harness.clock.set(datetime(2026, 11, 23, 19, 0, 5, tzinfo=UTC))
    await fire_due(harness)
    sent = [str(m["text"]) for m in harness.api.sent_messages(chat_id=9)]
    evening = next(t for t in sent if t.startswith("📅 Tomorrow at 10:30: neurologist"))
    assert "Episodes: 1" in evening and "Is my dose right?" in evening and "prescriber" in evening
    pdf = button_data(await _last(harness, 9), "PDF of this period")
    out = await harness.press(pdf, 9)
    assert any(o["method"] == "sendDocument" for o in out)
    harness.clock.set(datetime(2026, 11, 24, 8, 30, 5, tzinfo=UTC))
    await fire_due(harness)
    assert str(harness.api.sent_messages(chat_id=9)[-1]["text"]).startswith("📅 In two hours, at 10:30")
    harness.clock.set(datetime(2026, 11, 24, 13, 30, 5, tzinfo=UTC))
    await fire_due(harness)
    assert "Anything to change in your plan" in str(harness.api.sent_messages(chat_id=9)[-1]["text"])


async def test_a_forgotten_persons_plan_buttons_expire(harness: BotHarness) -> None:
    await _setup(harness, 11, "UTC", "/meds add baclofen as needed")
    took = button_data(await harness.send("/took", 11), "baclofen")
    await harness.send("/forget", 11)
    await harness.press("fg:yes", 11)
    assert "expired" in str(await harness.press(took, 11))
    services = harness.app.bot_data["services"]
    assert await services.plan.medicines.for_user(11) == []


async def test_save_this_question_under_faq_answers(harness: BotHarness) -> None:
    await harness.send("/timezone UTC", 14)
    for question in ("why do I get cramps at night?", "qwerty zxcv plumbus"):
        answer = await harness.send(question, 14)
        save = button_data(answer, "Save this question")
        assert "Saved" in str(await harness.press(save, 14))
        assert "expired" in str(await harness.press(save, 14))  # saved once
    screen = texts(await harness.send("/plan", 14))[-1]
    assert "why do I get cramps at night?" in screen and "qwerty zxcv plumbus" in screen
