"""What a reminder rule is, whether it is valid, and how to say it in words. Plain values only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from enum import StrEnum

INTERVAL_MIN_MINUTES = 60  # more often than hourly nags, and pushes fluids some people must limit
INTERVAL_MAX_MINUTES = 6 * 60
STRETCH_MAX_TIMES = 6
MEDICINE_MAX_TIMES = 24  # the union of every active medicine's times (bot/plan)
APPOINTMENT_MAX_INSTANTS = 60


class ReminderKind(StrEnum):
    HYDRATION = "hydration"
    STRETCH = "stretch"
    NIGHT = "night"
    MORNING = "morning"
    # Set by the plan (bot/plan), not by /remind: one row per person each, like the others.
    MEDICINE = "medicine"
    APPOINTMENT = "appointment"


KIND_LABELS: dict[ReminderKind, str] = {
    ReminderKind.HYDRATION: "drink water",
    ReminderKind.STRETCH: "stretching",
    ReminderKind.NIGHT: "bedtime check",
    ReminderKind.MORNING: "morning check-in",
    ReminderKind.MEDICINE: "medicine",
    ReminderKind.APPOINTMENT: "appointment",
}
PLAN_KINDS = frozenset({ReminderKind.MEDICINE, ReminderKind.APPOINTMENT})

# Kinds that fire at listed local times, with how many times each allows.
_TIMES_LIMITS: dict[ReminderKind, tuple[int, int]] = {
    ReminderKind.STRETCH: (1, STRETCH_MAX_TIMES),
    ReminderKind.NIGHT: (1, 1),
    ReminderKind.MORNING: (1, 1),
    ReminderKind.MEDICINE: (1, MEDICINE_MAX_TIMES),
}


class RuleError(ValueError):
    """A rule or a /remind command the user must fix; the message is a sentence to show them."""


@dataclass(frozen=True)
class ReminderRule:
    """One user's rule for one kind. Times are naive local wall-clock times in the user's zone.

    stretch/night/morning/medicine use `times`; hydration uses `interval_minutes` inside
    `window_start`..`window_end` (the window may wrap midnight, e.g. 20:00-02:00); appointment
    uses `instants`: one-off aware UTC instants (the evening before, two hours before, after).
    """

    kind: ReminderKind
    times: tuple[time, ...] = ()
    interval_minutes: int | None = None
    window_start: time | None = None
    window_end: time | None = None
    enabled: bool = True
    instants: tuple[datetime, ...] = ()


def _check_wall_time(value: time) -> None:
    if value.tzinfo is not None:
        raise RuleError("Reminder times are local wall-clock times and must not carry a time zone.")
    if value.second or value.microsecond:
        raise RuleError("Reminder times are whole minutes, like 08:00 or 20:30.")


def validate_rule(rule: ReminderRule) -> None:
    """Raise RuleError with a user-readable sentence if the rule cannot be scheduled."""
    if rule.kind is ReminderKind.HYDRATION:
        _validate_hydration(rule)
        return
    if rule.kind is ReminderKind.APPOINTMENT:
        _validate_instants(rule)
        return
    if rule.instants:
        raise RuleError(f"A {rule.kind} reminder uses clock times, not one-off instants.")
    low, high = _TIMES_LIMITS[rule.kind]
    if rule.interval_minutes is not None or rule.window_start is not None or rule.window_end is not None:
        raise RuleError(f"A {rule.kind} reminder uses clock times, not an interval or a window.")
    count = len(rule.times)
    if count < low:
        raise RuleError(f"Give a time for the {rule.kind} reminder, for example 20:30.")
    if count > high:
        if high == 1:
            raise RuleError(f"A {rule.kind} reminder takes one time, for example 21:30.")
        raise RuleError(f"At most {high} {rule.kind} times a day, please.")
    for value in rule.times:
        _check_wall_time(value)
    if len(set(rule.times)) != count:
        raise RuleError("The same time is listed twice.")


def _validate_hydration(rule: ReminderRule) -> None:
    if rule.times:
        raise RuleError("Water reminders use an interval and a window, for example every 2h 09:00-21:00.")
    if rule.interval_minutes is None:
        raise RuleError("Say how often, for example every 2h or every 90m.")
    if not INTERVAL_MIN_MINUTES <= rule.interval_minutes <= INTERVAL_MAX_MINUTES:
        raise RuleError("Choose an interval between 1 hour and 6 hours.")
    if rule.window_start is None or rule.window_end is None:
        raise RuleError("Say the daily window, for example 09:00-21:00.")
    _check_wall_time(rule.window_start)
    _check_wall_time(rule.window_end)
    if rule.window_start == rule.window_end:
        raise RuleError("The window starts and ends at the same time; try something like 09:00-21:00.")


def _validate_instants(rule: ReminderRule) -> None:
    if rule.times or rule.interval_minutes is not None or rule.window_start or rule.window_end:
        raise RuleError("Appointment reminders are one-off instants, not daily times.")
    if len(rule.instants) > APPOINTMENT_MAX_INSTANTS:
        raise RuleError("Too many appointment reminders.")
    if any(i.tzinfo is None for i in rule.instants):
        raise RuleError("Appointment reminder instants must carry a time zone.")


def _format_interval(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    if not rest:
        return f"{hours} h"
    return f"{hours} h {rest} min"


def _join_times(times: tuple[time, ...]) -> str:
    labels = [t.strftime("%H:%M") for t in sorted(times)]
    if len(labels) == 1:
        return labels[0]
    return ", ".join(labels[:-1]) + " and " + labels[-1]


def describe_rule(rule: ReminderRule) -> str:
    """Short words for a rule: "every 2 h from 09:00 to 21:00", "at 08:00 and 20:30"."""
    if rule.kind is ReminderKind.HYDRATION:
        if rule.interval_minutes is None or rule.window_start is None or rule.window_end is None:
            return "not set"
        return (
            f"every {_format_interval(rule.interval_minutes)} from "
            f"{rule.window_start:%H:%M} to {rule.window_end:%H:%M}"
        )
    if rule.kind is ReminderKind.APPOINTMENT:
        return "the evening before and two hours before each appointment"
    if not rule.times:
        return "not set"
    return "at " + _join_times(rule.times)


def recommended_rules() -> list[ReminderRule]:
    """The starter set offered during onboarding."""
    return [
        ReminderRule(
            ReminderKind.HYDRATION, interval_minutes=120, window_start=time(9, 0), window_end=time(21, 0)
        ),
        ReminderRule(ReminderKind.STRETCH, times=(time(20, 0),)),
        ReminderRule(ReminderKind.NIGHT, times=(time(21, 30),)),
        ReminderRule(ReminderKind.MORNING, times=(time(8, 0),)),
    ]
