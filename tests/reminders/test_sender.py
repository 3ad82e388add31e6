"""Delivering one reminder: retries after 429s and network trouble, the catch-up window, and what is
recorded. The send and the clock are fakes: no Telegram, no sleeping."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

from bot.reminders.rules import ReminderKind, ReminderRule
from bot.reminders.sender import Attempt, Delivery, Outcome, ReminderSender
from bot.storage.reminders import DueReminder
from tests.conftest import MovableClock

DUE = datetime(2026, 11, 21, 7, 0, tzinfo=UTC)


def reminder() -> DueReminder:
    return DueReminder(
        user_id=5,
        chat_id=5,
        rule=ReminderRule(ReminderKind.STRETCH, times=(time(8, 0),)),
        due=DUE,
        sent_count=0,
        timezone="Europe/Berlin",
        sleep_start=time(22, 0),
        sleep_end=time(7, 0),
        paused_until=None,
    )


class ScriptedTelegram:
    """Answers each try from a script; the last answer repeats."""

    def __init__(self, answers: Iterable[Attempt]) -> None:
        self.answers = list(answers)
        self.tries = 0
        self.delivered = 0

    async def __call__(self, due: DueReminder) -> Attempt:
        answer = self.answers[min(self.tries, len(self.answers) - 1)]
        self.tries += 1
        if answer.delivery is Delivery.SENT:
            self.delivered += 1
        return answer


class Events:
    def __init__(self) -> None:
        self.recorded: list[tuple[int, str, str, date]] = []

    async def record_event(
        self, user_id: int, kind: ReminderKind, event: str, local_day: date, now: datetime
    ) -> None:
        self.recorded.append((user_id, kind.value, event, local_day))


def sender_for(
    telegram: ScriptedTelegram, clock: MovableClock, events: Events
) -> tuple[ReminderSender, list[float]]:
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)
        clock.advance(timedelta(seconds=seconds))

    return ReminderSender(telegram, events, clock, sleep=sleep), waits


THROTTLED = Attempt(Delivery.RETRY, retry_after=1.0, reason="RetryAfter")


async def test_three_429s_in_a_row_then_delivered_once() -> None:
    clock, events = MovableClock(DUE), Events()
    telegram = ScriptedTelegram([THROTTLED, THROTTLED, THROTTLED, Attempt(Delivery.SENT)])
    sender, waits = sender_for(telegram, clock, events)
    delivered = await sender.deliver(reminder())
    assert delivered.outcome is Outcome.SENT and delivered.tries == 4
    assert telegram.delivered == 1 and waits == [1.0, 1.0, 1.0]  # retry_after obeyed each time
    assert events.recorded == [(5, "stretch", "sent", date(2026, 11, 21))]
    assert delivered.lateness == timedelta(seconds=3)


async def test_network_trouble_backs_off_longer_each_time() -> None:
    clock, events = MovableClock(DUE), Events()
    trouble = Attempt(Delivery.RETRY, reason="TimedOut")
    telegram = ScriptedTelegram([trouble, trouble, trouble, Attempt(Delivery.SENT)])
    sender, waits = sender_for(telegram, clock, events)
    assert (await sender.deliver(reminder())).outcome is Outcome.SENT
    assert waits == [1.0, 2.0, 4.0]


async def test_still_throttled_when_the_catch_up_window_closes_is_recorded_as_skipped() -> None:
    clock, events = MovableClock(DUE + timedelta(minutes=25)), Events()
    telegram = ScriptedTelegram([Attempt(Delivery.RETRY, retry_after=60.0, reason="RetryAfter")])
    sender, waits = sender_for(telegram, clock, events)
    delivered = await sender.deliver(reminder())
    assert delivered.outcome is Outcome.LATE
    assert telegram.delivered == 0 and len(waits) == 5  # 25 -> 30 min late, then it gives up
    assert [event for _, _, event, _ in events.recorded] == ["skipped"]


async def test_a_rejected_request_is_not_retried_and_is_recorded() -> None:
    clock, events = MovableClock(DUE), Events()
    telegram = ScriptedTelegram([Attempt(Delivery.REJECTED, reason="BadRequest")])
    sender, waits = sender_for(telegram, clock, events)
    assert (await sender.deliver(reminder())).outcome is Outcome.FAILED
    assert telegram.tries == 1 and waits == []
    assert [event for _, _, event, _ in events.recorded] == ["failed"]


async def test_blocked_is_reported_for_the_dispatcher_without_retrying() -> None:
    clock, events = MovableClock(DUE), Events()
    telegram = ScriptedTelegram([Attempt(Delivery.BLOCKED, reason="Forbidden")])
    sender, _ = sender_for(telegram, clock, events)
    assert (await sender.deliver(reminder())).outcome is Outcome.BLOCKED
    assert telegram.tries == 1 and events.recorded == []


async def test_a_shutdown_ends_the_wait_and_records_the_reminder_as_skipped() -> None:
    clock, events = MovableClock(DUE), Events()
    telegram = ScriptedTelegram([THROTTLED])
    sender = ReminderSender(telegram, events, clock)
    sender.stop_soon()  # the real sleep returns at once once stopping
    assert (await sender.deliver(reminder())).outcome is Outcome.STOPPED
    assert [event for _, _, event, _ in events.recorded] == ["skipped"]
