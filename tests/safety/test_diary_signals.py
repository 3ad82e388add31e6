"""The diary speaks up: pure signals over saved entries, and the calm line through the real bot."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.safety.diary_signals import EpisodeFacts, Signal, diary_note, diary_signals
from tests.harness import BotHarness, button_data, texts

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def _episode(
    *,
    intensity: int = 5,
    minutes: float | None = 1,
    ongoing: bool = False,
    nocturnal: bool = False,
    symptoms: tuple[str, ...] = (),
    days_ago: float = 0,
) -> EpisodeFacts:
    return EpisodeFacts(
        started_at_utc=NOW - timedelta(days=days_ago),
        intensity=intensity,
        duration_seconds=None if minutes is None else int(minutes * 60),
        ongoing=ongoing,
        nocturnal=nocturnal,
        symptoms=frozenset(symptoms),
    )


def test_an_ordinary_entry_raises_nothing() -> None:
    assert diary_signals(_episode(intensity=7, minutes=3), [], NOW) == ()


def test_long_and_severe_needs_both() -> None:
    assert diary_signals(_episode(intensity=9, minutes=10), [], NOW) == (Signal.LONG_SEVERE, Signal.SEVERE)
    assert diary_signals(_episode(intensity=8, minutes=30), [], NOW) == ()
    assert diary_signals(_episode(intensity=10, minutes=9), [], NOW) == (Signal.SEVERE,)


def test_a_still_going_episode_counts_from_its_start() -> None:
    ongoing = EpisodeFacts(NOW - timedelta(minutes=12), 9, None, True, False, frozenset())
    assert Signal.LONG_SEVERE in diary_signals(ongoing, [], NOW)
    recent = EpisodeFacts(NOW - timedelta(minutes=2), 9, None, True, False, frozenset())
    assert Signal.LONG_SEVERE not in diary_signals(recent, [], NOW)


def test_weakness_or_numbness_only_the_first_time() -> None:
    assert diary_signals(_episode(symptoms=("weakness",)), [], NOW) == (Signal.NEW_WEAKNESS,)
    earlier = [_episode(symptoms=("weakness",), days_ago=30)]
    assert diary_signals(_episode(symptoms=("weakness",)), earlier, NOW) == ()
    assert diary_signals(_episode(symptoms=("numbness", "weakness")), earlier, NOW) == (Signal.NEW_WEAKNESS,)
    assert diary_signals(_episode(symptoms=("tingling",)), [], NOW) == ()


def test_a_sharp_rise_in_night_episodes() -> None:
    baseline = [_episode(nocturnal=True, days_ago=8 + 7 * week) for week in range(3)]  # one a week
    this_week = [_episode(nocturnal=True, days_ago=day) for day in (1, 2, 3)]
    assert Signal.NIGHT_RISE in diary_signals(_episode(nocturnal=True), baseline + this_week, NOW)
    # the same number of nights as usual is not a rise
    usual = [_episode(nocturnal=True, days_ago=8 + day) for day in range(12)]
    assert Signal.NIGHT_RISE not in diary_signals(_episode(nocturnal=True), usual + this_week, NOW)
    # a brand-new diary has nothing to rise from
    assert Signal.NIGHT_RISE not in diary_signals(_episode(nocturnal=True), this_week * 2, NOW)
    # a day-time entry never raises it
    assert Signal.NIGHT_RISE not in diary_signals(_episode(), baseline + this_week, NOW)


def test_each_signal_is_said_once_per_episode() -> None:
    severe = _episode(intensity=10, minutes=20)
    first = diary_note(severe, [], NOW)
    assert first is not None and first.tier == "urgent"
    assert diary_note(severe, [], NOW, already_shown=[s.value for s in first.signals]) is None


async def test_a_long_severe_entry_from_buttons_gets_a_calm_line_after_the_save(harness: BotHarness) -> None:
    out = await harness.send("/log")
    for label in ("Calf", "10", "Duration", "30 min"):
        out = await harness.press(button_data(out, label))
    out = await harness.press(button_data(out, "Save"))
    sent = texts(out)
    assert sent[0].startswith("✅ Saved")  # the save comes first and is never blocked
    assert len(sent) == 2 and "sorry" in sent[1] and "today" in sent[1]
    assert "112 or 911" in sent[1]  # the person's numbers (no zone set: the fallback)
    # editing the same entry does not repeat the line
    out = await harness.press(button_data(out, "Edit"))
    out = await harness.press(button_data(out, "Save"))
    assert len(texts(out)) == 1


async def test_the_first_weakness_gets_a_line_and_the_second_does_not(harness: BotHarness) -> None:
    rounds = []
    for _ in range(2):
        harness.clock.advance(timedelta(minutes=31))  # apart: no "same episode?" question
        out = await harness.send("/log")
        for label in ("Thigh", "5", "Symptoms", "weakness", "Done"):
            out = await harness.press(button_data(out, label))
        rounds.append(texts(await harness.press(button_data(out, "Save"))))
    first, second = rounds
    assert len(first) == 2 and "first time" in first[1] and "today" in first[1]
    assert len(second) == 1 and second[0].startswith("✅ Saved")
