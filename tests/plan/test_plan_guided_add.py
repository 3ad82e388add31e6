"""A whole plan from /plan alone: "+ Medicine", "+ Appointment", "+ Exercise", "+ Question" each ask
for one line; the next typed line is the answer (read by the one-line commands' parsers), a line that
cannot be read is asked again, Cancel closes the prompt, and anything else typed leaves it and is
handled as if no prompt were open."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from bot.intents.plan_answer import PlanAnswer, read_plan_answer
from tests.harness import BotHarness, button_data, texts

NOW = datetime(2026, 11, 10, 12, 0, tzinfo=UTC)


async def _press_add(harness: BotHarness, user: int, label: str) -> list[str]:
    out = await harness.press(button_data(await harness.send("/plan", user), label), user)
    return texts(out)


async def test_a_whole_plan_from_plan_with_buttons_and_typed_answers(harness: BotHarness) -> None:
    user = 71
    harness.clock.set(NOW)
    await harness.send("/timezone Europe/London", user)
    answers = [
        ("+ Medicine", "Type its name and the times", "baclofn 08:00 20:00 with food", "Saved: baclofen"),
        ("+ Medicine", "Type its name and the times", "ibuprofen as needed", "Saved: ibuprofen"),
        ("+ Appointment", "with whom", "15 Jan 10:30 neurologist", "Saved: "),
        ("+ Exercise", "exercise and how much", "calf stretch 3 x 30 s", "Saved: calf stretch"),
        (
            "+ Question",
            "question for your clinician",
            "Could my night spasms be linked to my bladder?",
            "Saved",
        ),
    ]
    for label, prompt, line, saved in answers:
        assert any(prompt in t for t in await _press_add(harness, user, label)), label
        out = texts(await harness.send(line, user))
        assert any(saved in t for t in out), (line, out)
        assert out[-1] == "Anything else for your plan?"
    screen = texts(await harness.send("/plan", user))[-1]
    for expected in (
        "baclofen",
        "with food",
        "ibuprofen — as needed",
        "neurologist",
        "calf stretch",
        "bladder",
    ):
        assert expected in screen, (expected, screen)
    services = harness.app.bot_data["services"]
    assert len(await services.plan.medicines.for_user(user)) == 2
    assert await services.episodes.latest(user) is None  # no typed answer became an entry
    after = texts(await harness.send("baclofen 08:00", user))  # no prompt open any more
    assert not any("Saved: baclofen" in t for t in after)


async def test_unreadable_answer_is_asked_again_and_cancel_closes(harness: BotHarness) -> None:
    user = 72
    await _press_add(harness, user, "+ Medicine")
    again = await harness.send("baclofen", user)
    assert "When do you take baclofen?" in texts(again)[-1] and "tap Cancel" in texts(again)[-1]
    cancelled = await harness.press(button_data(again, "Cancel"), user)
    assert "Nothing added." in texts(cancelled)
    out = texts(await harness.send("baclofen 08:00", user))
    assert not any("Saved" in t for t in out)
    assert await harness.app.bot_data["services"].plan.medicines.for_user(user) == []


async def test_other_lines_leave_the_prompt_and_are_handled_normally(harness: BotHarness) -> None:
    user = 73
    await _press_add(harness, user, "+ Medicine")
    out = texts(await harness.send("left calf 7/10 2 min", user))
    assert out[0] == "(I stopped waiting for a medicine.)"
    assert any("Saved" in t for t in out[1:]), out  # the episode is logged as usual
    assert await harness.app.bot_data["services"].episodes.latest(user) is not None

    await _press_add(harness, user, "+ Exercise")
    out = texts(await harness.send("/meds", user))
    assert out[0] == "(I stopped waiting for an exercise.)" and "Your medicines" in out[1]

    await _press_add(harness, user, "+ Appointment")
    out = texts(await harness.send("how do I stop a cramp?", user))
    assert out[0] == "(I stopped waiting for an appointment.)" and len(out) > 1


def test_reading_typed_answers() -> None:
    zone = ZoneInfo("Europe/London")
    assert read_plan_answer("meds", "ibuprofen as needed", NOW, zone) == PlanAnswer(True)
    assert read_plan_answer("ex", "calf stretch 3 x 30 s", NOW, zone) == PlanAnswer(True)
    assert read_plan_answer("ex", "calf cramp 6/10 last night", NOW, zone) is None
    assert read_plan_answer("qs", "ask about botox", NOW, zone) == PlanAnswer(True)
    assert read_plan_answer("qs", "left calf 7/10 2 min", NOW, zone) is None
    assert read_plan_answer("meds", "took baclofen", NOW, zone) is None
    unread = read_plan_answer("appts", "neurologist", NOW, zone)
    assert unread is not None and not unread.ok and "When is it" in str(unread.error)


async def test_the_same_medicine_twice_is_kept_once(harness: BotHarness) -> None:
    """A re-delivered "/meds add" (a restart before the update was confirmed) or a second try."""
    user = 74
    for _ in range(2):
        assert "Saved: baclofen" in texts(await harness.send("/meds add Baclofen 08:00 20:00", user))[-1]
    await harness.send("/meds add baclofen 09:00", user)  # other times: a second entry, as asked
    medicines = await harness.app.bot_data["services"].plan.medicines.for_user(user)
    assert [m.times for m in medicines] == [(time(8), time(20)), (time(9),)]
