"""The /remind one-liner: every accepted form, and bad inputs that get a helpful sentence back."""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from bot.reminders.parse import (
    Pause,
    Resume,
    SetRule,
    Show,
    TurnOff,
    TurnOn,
    parse_remind_command,
    parse_time,
)
from bot.reminders.rules import ReminderKind, ReminderRule, RuleError

H = ReminderKind.HYDRATION


def water(interval: int, start: time = time(9), end: time = time(21)) -> SetRule:
    return SetRule(ReminderRule(H, interval_minutes=interval, window_start=start, window_end=end))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hydration every 2h 09:00-21:00", water(120)),
        ("hydration every 90m 09:00-21:00", water(90)),
        ("hydration every 1.5h 9-21", water(90)),
        ("hydration every 1,5h 9-21", water(90)),
        ("hydration every 2h 9am-9pm", water(120)),
        ("hydration every 2 hours 9 am – 9 pm", water(120)),
        ("water every 75 min from 7:30 to 20:00", water(75, time(7, 30), time(20, 0))),
        ("drink every 1h30 10-18", water(90, time(10), time(18))),
        ("Hydration Every 6h 8-20", water(360, time(8), time(20))),
        ("water every 60m 20:00-02:00", water(60, time(20), time(2))),
        ("hydration every 2h", water(120)),  # window defaults to 09:00-21:00
    ],
)
def test_hydration_forms(text: str, expected: SetRule) -> None:
    assert parse_remind_command(text) == expected


@pytest.mark.parametrize(
    ("text", "kind", "times"),
    [
        ("stretch 08:00 20:30", ReminderKind.STRETCH, (time(8), time(20, 30))),
        ("stretch 20:30 08:00", ReminderKind.STRETCH, (time(8), time(20, 30))),
        ("stretching 8am, 12:30 and 8.30pm", ReminderKind.STRETCH, (time(8), time(12, 30), time(20, 30))),
        ("stretch 7 10 13 16 19 22", ReminderKind.STRETCH, tuple(time(h) for h in (7, 10, 13, 16, 19, 22))),
        ("night 21:30", ReminderKind.NIGHT, (time(21, 30),)),
        ("bedtime 9:30pm", ReminderKind.NIGHT, (time(21, 30),)),
        ("nightly at 22h15", ReminderKind.NIGHT, (time(22, 15),)),
        ("morning 07:30", ReminderKind.MORNING, (time(7, 30),)),
        ("checkin 0730", ReminderKind.MORNING, (time(7, 30),)),
        ("check-in 12am", ReminderKind.MORNING, (time(0, 0),)),
        ("wake 12pm", ReminderKind.MORNING, (time(12, 0),)),
    ],
)
def test_times_forms(text: str, kind: ReminderKind, times: tuple[time, ...]) -> None:
    assert parse_remind_command(text) == SetRule(ReminderRule(kind, times=times))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", Show()),
        ("   ", Show()),
        ("show", Show()),
        ("off hydration", TurnOff(ReminderKind.HYDRATION)),
        ("off water", TurnOff(ReminderKind.HYDRATION)),
        ("on stretching", TurnOn(ReminderKind.STRETCH)),
        ("OFF bedtime", TurnOff(ReminderKind.NIGHT)),
        ("on check-in", TurnOn(ReminderKind.MORNING)),
        ("stretch off", TurnOff(ReminderKind.STRETCH)),
        ("morning on", TurnOn(ReminderKind.MORNING)),
        ("pause 3d", Pause(timedelta(days=3))),
        ("pause 12h", Pause(timedelta(hours=12))),
        ("pause 1w", Pause(timedelta(weeks=1))),
        ("pause 2 days", Pause(timedelta(days=2))),
        ("pause for 1 week", Pause(timedelta(weeks=1))),
        ("resume", Resume()),
    ],
)
def test_control_forms(text: str, expected: object) -> None:
    assert parse_remind_command(text) == expected


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("hydration", "every 2h"),
        ("hydration 9-21", "every 2h"),
        ("hydration every 20m 9-21", "between 1 hour and 6 hours"),
        ("water every 45 min 9-21", "between 1 hour and 6 hours"),
        ("hydration every 7h 9-21", "between 1 hour and 6 hours"),
        ("hydration every 1.25m 9-21", "whole minutes"),
        ("hydration every 2h 9", "09:00-21:00"),
        ("hydration every 2h 9-9", "same time"),
        ("hydration every 2h 25-21", "00 to 23"),
        ("hydration every 2h 9-21 and 22", "write it like 08:00"),
        ("stretch", "08:00 20:30"),
        ("stretch 25:00", "00 to 23"),
        ("stretch 8:75", "00 to 59"),
        ("stretch 8 8", "twice"),
        ("stretch 1 2 3 4 5 6 7", "At most 6"),
        ("night 21:30 22:00", "one time"),
        ("night 13pm", "1 to 12"),
        ("morning banana", "08:00"),
        ("pause", "pause 3d"),
        ("pause 0d", "1 hour to 90 days"),
        ("pause 100d", "1 hour to 90 days"),
        ("pause soon", "12h, 3d or 1w"),
        ("resume now", "resume"),
        ("off", "off stretch"),
        ("off cats", "hydration, stretch, night or morning"),
        ("lunch 12:00", "Try: hydration every 2h"),
        ("show me", "Try:"),
    ],
)
def test_bad_inputs_get_helpful_messages(text: str, hint: str) -> None:
    with pytest.raises(RuleError) as caught:
        parse_remind_command(text)
    message = str(caught.value)
    assert hint in message
    assert message[0].isupper() or message[0] == "“"  # a sentence for a person, not a traceback


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("8", time(8)),
        ("08:05", time(8, 5)),
        ("8.30", time(8, 30)),
        ("2030", time(20, 30)),
        ("11:59pm", time(23, 59)),
    ],
)
def test_parse_time(token: str, expected: time) -> None:
    assert parse_time(token) == expected
