"""Which reminders the plan needs, as rules for the shared reminder rows (bot/reminders), and what
a due instant means. Pure functions.

- Medicines: one `medicine` row per person whose times are the union of every active medicine's
  times; when it fires, the medicines due are those with a time that falls exactly on that instant
  (computed with the same DST-safe `next_fire`, so a time in a spring-forward gap still matches).
- Appointments: one `appointment` row whose one-off instants are, for each coming appointment, the
  evening before (19:00 local), two hours before, and a follow-up three hours after (next morning
  at 09:00 when that would be late in the evening or at night)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.plan.model import Appointment, Medicine
from bot.reminders.rules import APPOINTMENT_MAX_INSTANTS, MEDICINE_MAX_TIMES, ReminderKind, ReminderRule
from bot.reminders.schedule import next_fire

EVENING_BEFORE = time(19, 0)
SOON = timedelta(hours=2)
AFTER = timedelta(hours=3)
FOLLOW_UP_MORNING = time(9, 0)
_TICK = timedelta(microseconds=1)
_NO_SLEEP = time(0, 0)


def medicine_rule(medicines: list[Medicine], enabled: bool = True) -> ReminderRule | None:
    """The rule for the person's `medicine` row, or None when no active medicine has a time."""
    times = sorted({t for m in medicines if m.scheduled for t in m.times})
    if not times:
        return None
    return ReminderRule(ReminderKind.MEDICINE, times=tuple(times[:MEDICINE_MAX_TIMES]), enabled=enabled)


def _fires_at(value: time, due: datetime, zone: ZoneInfo) -> bool:
    rule = ReminderRule(ReminderKind.MEDICINE, times=(value,))
    return next_fire(rule, after=due - _TICK, tz=zone, sleep_start=_NO_SLEEP, sleep_end=_NO_SLEEP) == due


def medicines_due(medicines: list[Medicine], due: datetime, zone: ZoneInfo) -> list[Medicine]:
    """The active medicines with a time that falls on the instant `due`."""
    return [m for m in medicines if m.scheduled and any(_fires_at(t, due, zone) for t in m.times)]


class AppointmentPrompt(StrEnum):
    EVENING = "evening"
    SOON = "soon"
    AFTER = "after"


@dataclass(frozen=True, slots=True)
class AppointmentMoment:
    appointment: Appointment
    prompt: AppointmentPrompt
    at: datetime  # aware UTC


def _follow_up(appointment: Appointment, zone: ZoneInfo) -> datetime:
    local = (appointment.at + AFTER).astimezone(zone)
    if local.time() >= time(21, 0) or local.time() < FOLLOW_UP_MORNING:
        day = local.date() if local.time() < FOLLOW_UP_MORNING else local.date() + timedelta(days=1)
        local = datetime.combine(day, FOLLOW_UP_MORNING, zone)
    return local.astimezone(UTC)


def appointment_moments(appointments: list[Appointment], zone: ZoneInfo) -> list[AppointmentMoment]:
    moments = []
    for appointment in appointments:
        if appointment.cancelled:
            continue
        local = appointment.at.astimezone(zone)
        evening = datetime.combine(local.date() - timedelta(days=1), EVENING_BEFORE, zone).astimezone(UTC)
        moments += [
            AppointmentMoment(appointment, AppointmentPrompt.EVENING, evening),
            AppointmentMoment(appointment, AppointmentPrompt.SOON, (appointment.at - SOON).astimezone(UTC)),
            AppointmentMoment(appointment, AppointmentPrompt.AFTER, _follow_up(appointment, zone)),
        ]
    return sorted(moments, key=lambda m: m.at)


def appointment_rule(appointments: list[Appointment], zone: ZoneInfo, now: datetime) -> ReminderRule | None:
    """The `appointment` row's rule: the coming instants (None when there are none)."""
    upcoming = sorted({m.at for m in appointment_moments(appointments, zone) if m.at > now})
    if not upcoming:
        return None
    return ReminderRule(ReminderKind.APPOINTMENT, instants=tuple(upcoming[:APPOINTMENT_MAX_INSTANTS]))


def moments_at(appointments: list[Appointment], zone: ZoneInfo, due: datetime) -> list[AppointmentMoment]:
    return [m for m in appointment_moments(appointments, zone) if m.at == due]
