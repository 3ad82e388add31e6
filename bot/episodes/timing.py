"""Night and part-of-day arithmetic in the user's zone, DST-safe.

Wall-clock times (22:00, 07:00) are turned into aware datetimes with `local_at`, and spans are
measured in real elapsed time (through UTC), so a night that contains a DST change is 1 h shorter
or longer, as it really was.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

NOON = time(12, 0)
AFTERNOON_END = time(17, 0)
# Usual sleep hours for someone who has not set theirs (/sleep); the users table's column defaults
# say the same (tests/test_storage.py checks they agree).
DEFAULT_SLEEP_START = time(22, 0)
DEFAULT_SLEEP_END = time(7, 0)
# A day part's edges when the person's own sleep hours are implausible for it: the usual ones.
DEFAULT_MORNING_START = DEFAULT_SLEEP_END
DEFAULT_EVENING_END = DEFAULT_SLEEP_START


class DayPart(StrEnum):
    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"
    NIGHT = "night"
    DAY = "day"  # the waking day, morning start to evening end ("all day")


def is_nocturnal(local: datetime, sleep_start: time, sleep_end: time) -> bool:
    """True when the wall-clock time of `local` is inside the sleep window [start, end).

    The window may wrap midnight (22:00-07:00) or not (01:00-09:00); start == end means no window.
    """
    clock = local.time().replace(tzinfo=None)
    if sleep_start == sleep_end:
        return False
    if sleep_start < sleep_end:
        return sleep_start <= clock < sleep_end
    return clock >= sleep_start or clock < sleep_end


def night_of(local: datetime, sleep_end: time) -> date:
    """The calendar date of the evening the night containing `local` began.

    03:00 on the 5th belongs to the night of the 4th; 23:00 on the 4th and 15:00 on the 4th both
    give the 4th (the night that begins that evening).
    """
    if local.time().replace(tzinfo=None) < sleep_end:
        return local.date() - timedelta(days=1)
    return local.date()


def local_at(day: date, clock: time, tz: ZoneInfo) -> datetime:
    """The aware datetime for a wall-clock time on a day in `tz`.

    A time skipped by a spring-forward change (02:30 on a DST night) moves forward by the gap
    (03:30); a repeated time in autumn takes its first occurrence. Round-tripping through UTC
    normalises zoneinfo's fold handling into a real instant.
    """
    naive = datetime.combine(day, clock.replace(tzinfo=None))
    return naive.replace(tzinfo=tz, fold=0).astimezone(UTC).astimezone(tz)


def night_window(
    evening: date, tz: ZoneInfo, sleep_start: time, sleep_end: time
) -> tuple[datetime, datetime]:
    """Start and end of the night that began on the evening of `evening`."""
    start = local_at(evening, sleep_start, tz)
    end_day = evening + timedelta(days=1) if sleep_end <= sleep_start else evening
    end = local_at(end_day, sleep_end, tz)
    return start, end


def last_night_evening(now_local: datetime, sleep_end: time) -> date:
    """The evening that "last night" refers to.

    Typed after midnight but before waking (02:00, 06:30), "last night" is the night in progress,
    which began the previous evening. Typed later in the day or in the evening (10:00, 23:00), it is
    the night before the current one.
    """
    current = night_of(now_local, sleep_end)
    if now_local.time().replace(tzinfo=None) < sleep_end:
        return current
    return current - timedelta(days=1)


def current_night_evening(now_local: datetime, sleep_end: time) -> date:
    """The evening of "tonight": the night in progress after midnight, else the one starting today."""
    return night_of(now_local, sleep_end)


def elapsed(start: datetime, end: datetime) -> timedelta:
    """Real time between two aware datetimes. (Python subtracts wall clocks when both share one
    tzinfo object, which is wrong across a DST change, hence the detour through UTC.)"""
    return end.astimezone(UTC) - start.astimezone(UTC)


def is_before(a: datetime, b: datetime) -> bool:
    """Real-time comparison of aware datetimes (same reason as `elapsed`)."""
    return a.astimezone(UTC) < b.astimezone(UTC)


def midpoint_until(start: datetime, end: datetime, now: datetime) -> datetime | None:
    """A representative instant for "some time in [start, end)": the real-time middle of the part
    that has already happened. None when the window has not started yet."""
    if is_before(now, start):
        return None
    stop = end if is_before(end, now) else now
    middle = start.astimezone(UTC) + elapsed(start, stop) / 2
    return middle.astimezone(start.tzinfo)


def resolve_last_night(now: datetime, tz: ZoneInfo, sleep_start: time, sleep_end: time) -> datetime:
    """A representative start time for an episode reported as "last night", aware in `tz`.

    The middle of last night's sleep window, cut at `now` when the night is still going
    (typed at 02:00 it is the middle of 22:00-02:00).
    """
    now_local = now.astimezone(tz)
    evening = last_night_evening(now_local, sleep_end)
    start, end = night_window(evening, tz, sleep_start, sleep_end)
    return midpoint_until(start, end, now_local) or now_local


def morning_start(sleep_end: time) -> time:
    """The morning begins when the user wakes, if that is a plausible morning hour."""
    if time(4, 0) <= sleep_end < NOON:
        return sleep_end
    return DEFAULT_MORNING_START


def evening_end(sleep_start: time) -> time:
    """The evening ends when the user goes to bed, if that is a plausible evening hour."""
    if time(18, 0) <= sleep_start <= time(23, 59):
        return sleep_start
    return DEFAULT_EVENING_END


def part_window(
    part: DayPart, day: date, tz: ZoneInfo, sleep_start: time, sleep_end: time
) -> tuple[datetime, datetime]:
    """Start and end of a part of `day` (for NIGHT: the night beginning on the evening of `day`)."""
    if part is DayPart.NIGHT:
        return night_window(day, tz, sleep_start, sleep_end)
    if part is DayPart.MORNING:
        return local_at(day, morning_start(sleep_end), tz), local_at(day, NOON, tz)
    if part is DayPart.AFTERNOON:
        return local_at(day, NOON, tz), local_at(day, AFTERNOON_END, tz)
    if part is DayPart.DAY:
        return local_at(day, morning_start(sleep_end), tz), local_at(day, evening_end(sleep_start), tz)
    return local_at(day, AFTERNOON_END, tz), local_at(day, evening_end(sleep_start), tz)
