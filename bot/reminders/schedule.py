"""When a reminder fires next: the single source of truth for due times. Pure functions, no clock.

Times in a rule are local wall-clock times in the user's IANA zone. DST rules:
- a wall time that does not exist (spring-forward gap) fires once, at the first instant after the gap;
- a wall time that happens twice (fall-back fold) fires once, at its first occurrence (fold=0);
- hydration slots are counted in wall-clock minutes from the window start of each local day.
The sleep window clips hydration only: stretch/night/morning times are chosen explicitly by the user.

Dispatcher contract: after sending (or skipping) a row that was due, store
`next_fire(rule, after=now, ...)` so a backlog after downtime collapses into one future slot.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Literal
from zoneinfo import ZoneInfo

from bot.reminders.rules import ReminderKind, ReminderRule, validate_rule

_MINUTES_PER_DAY = 24 * 60
_TICK = timedelta(microseconds=1)
_DAYS_SEARCHED = 4  # the day before the bound's local date (wrapped windows) up to two days after
SNOOZE_MAX_MINUTES = 24 * 60

Slot = tuple[int, time]  # (days after the window's local date: 0 or 1, local wall time)


def in_sleep_window(value: time, sleep_start: time, sleep_end: time) -> bool:
    """True if `value` lies in [sleep_start, sleep_end); the window may wrap midnight; equal ends = none."""
    if sleep_start == sleep_end:
        return False
    if sleep_start < sleep_end:
        return sleep_start <= value < sleep_end
    return value >= sleep_start or value < sleep_end


@lru_cache(maxsize=8192)
def _daily_slots(rule: ReminderRule, sleep_start: time, sleep_end: time) -> tuple[Slot, ...]:
    # Cached: 100k users share few distinct rules, and validation runs once per distinct rule.
    validate_rule(rule)
    if rule.kind is not ReminderKind.HYDRATION:
        return tuple((0, t) for t in sorted(rule.times))
    assert rule.interval_minutes is not None and rule.window_start is not None
    assert rule.window_end is not None
    start = rule.window_start.hour * 60 + rule.window_start.minute
    end = rule.window_end.hour * 60 + rule.window_end.minute
    if end < start:  # the window wraps midnight
        end += _MINUTES_PER_DAY
    slots = []
    for minute in range(start, end + 1, rule.interval_minutes):
        day_offset, minute_of_day = divmod(minute, _MINUTES_PER_DAY)
        wall = time(minute_of_day // 60, minute_of_day % 60)
        if not in_sleep_window(wall, sleep_start, sleep_end):
            slots.append((day_offset, wall))
    return tuple(slots)


def daily_slots(rule: ReminderRule, sleep_start: time, sleep_end: time) -> tuple[time, ...]:
    """The local times the rule can fire on an ordinary day (empty: e.g. window wholly inside sleep)."""
    return tuple(t for _, t in _daily_slots(rule, sleep_start, sleep_end))


def _offset_at(epoch_seconds: int, tz: ZoneInfo) -> timedelta | None:
    return datetime.fromtimestamp(epoch_seconds, tz).utcoffset()


def _gap_end(wall: datetime, before: timedelta, after: timedelta, tz: ZoneInfo) -> datetime:
    """Naive UTC instant at which the gap containing naive local `wall` ends (the transition)."""
    epoch = datetime(1970, 1, 1)
    low = int((wall - after - epoch).total_seconds())  # still on the old offset
    high = int((wall - before - epoch).total_seconds())  # already on the new offset
    while high - low > 1:
        middle = (low + high) // 2
        if _offset_at(middle, tz) == before:
            low = middle
        else:
            high = middle
    return epoch + timedelta(seconds=high)


def _resolve(ordinal: int, wall_time: time, tz: ZoneInfo) -> datetime:
    """Naive UTC instant of a local wall time on the local day `ordinal`, with the DST rules above."""
    wall = datetime.combine(date.fromordinal(ordinal), wall_time, tzinfo=tz)
    first = wall.utcoffset()
    second = wall.replace(fold=1).utcoffset()
    assert first is not None and second is not None
    naive = wall.replace(tzinfo=None)
    if first < second:  # offset grows at this wall time: it falls in a spring-forward gap
        return _gap_end(naive, first, second, tz)
    return naive - first  # normal, or the first occurrence of a repeated time


def _require_aware(value: datetime, name: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime")


def next_fire(
    rule: ReminderRule,
    *,
    after: datetime,
    tz: ZoneInfo,
    sleep_start: time,
    sleep_end: time,
    paused_until: datetime | None = None,
) -> datetime | None:
    """First fire instant strictly after `after` (aware UTC), and not before `paused_until`.

    None if the rule is disabled or can never fire (hydration window wholly inside the sleep window).
    Raises RuleError for an invalid rule, ValueError for naive datetimes.
    """
    if not rule.enabled:
        return None
    _require_aware(after, "after")
    bound = after
    if paused_until is not None:
        _require_aware(paused_until, "paused_until")
        if paused_until > after:
            bound = paused_until - _TICK  # a slot exactly at paused_until fires
    if rule.kind is ReminderKind.APPOINTMENT:
        # One-off instants: a pause does not hold back an appointment (it is not a habit prompt).
        return min((i.astimezone(UTC) for i in rule.instants if i > after), default=None)
    slots = _daily_slots(rule, sleep_start, sleep_end)
    if not slots:
        return None
    bound_utc = bound.astimezone(UTC).replace(tzinfo=None)
    first_day = bound.astimezone(tz).toordinal() - 1
    count = len(slots)
    # Candidates (day, slot) in order have non-decreasing instants, so bisect for the first one
    # after the bound: a handful of zone look-ups instead of one per slot.
    low, high = 0, _DAYS_SEARCHED * count
    found: datetime | None = None
    while low < high:
        middle = (low + high) // 2
        day_index, slot_index = divmod(middle, count)
        day_offset, wall_time = slots[slot_index]
        instant = _resolve(first_day + day_index + day_offset, wall_time, tz)
        if instant > bound_utc:
            high, found = middle, instant
        else:
            low = middle + 1
    return None if found is None else found.replace(tzinfo=UTC)


def snooze_until(now: datetime, minutes: int = 30) -> datetime:
    """When a snoozed reminder comes back (aware UTC)."""
    _require_aware(now, "now")
    if not 1 <= minutes <= SNOOZE_MAX_MINUTES:
        raise ValueError(f"snooze minutes must be 1..{SNOOZE_MAX_MINUTES}")
    return (now + timedelta(minutes=minutes)).astimezone(UTC)


def catch_up_decision(
    due: datetime, now: datetime, grace: timedelta = timedelta(minutes=30)
) -> Literal["send", "skip"]:
    """Send a reminder found late (e.g. after a restart) only while it is at most `grace` late."""
    _require_aware(due, "due")
    _require_aware(now, "now")
    return "send" if now - due <= grace else "skip"
