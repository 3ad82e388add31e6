"""Night and part-of-day arithmetic, including DST nights (expected instants worked out by hand)."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.episodes.timing import (
    DayPart,
    elapsed,
    is_nocturnal,
    last_night_evening,
    local_at,
    midpoint_until,
    morning_start,
    night_of,
    night_window,
    part_window,
    resolve_last_night,
)

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
NIGHT = (time(22, 0), time(7, 0))


@pytest.mark.parametrize(
    ("clock", "expected"),
    [
        (time(21, 59), False),
        (time(22, 0), True),  # start is inside
        (time(23, 30), True),
        (time(0, 0), True),
        (time(3, 0), True),
        (time(6, 59), True),
        (time(7, 0), False),  # end is outside
        (time(12, 0), False),
    ],
)
def test_is_nocturnal_with_a_window_across_midnight(clock: time, expected: bool) -> None:
    local = datetime.combine(date(2026, 5, 14), clock, tzinfo=BERLIN)
    assert is_nocturnal(local, *NIGHT) is expected


@pytest.mark.parametrize(
    ("clock", "expected"),
    [(time(0, 30), False), (time(1, 0), True), (time(8, 59), True), (time(9, 0), False)],
)
def test_is_nocturnal_with_a_window_after_midnight(clock: time, expected: bool) -> None:
    local = datetime.combine(date(2026, 5, 14), clock, tzinfo=BERLIN)
    assert is_nocturnal(local, time(1, 0), time(9, 0)) is expected


def test_an_empty_sleep_window_is_never_nocturnal() -> None:
    assert not is_nocturnal(datetime(2026, 5, 14, 3, 0, tzinfo=BERLIN), time(3, 0), time(3, 0))


def test_is_nocturnal_reads_the_wall_clock_of_the_given_zone() -> None:
    # 01:30 UTC is 03:30 in Berlin (inside) and 21:30 the evening before in New York (outside).
    moment = datetime(2026, 5, 14, 1, 30, tzinfo=UTC)
    assert is_nocturnal(moment.astimezone(BERLIN), *NIGHT)
    assert not is_nocturnal(moment.astimezone(NEW_YORK), *NIGHT)


@pytest.mark.parametrize(
    ("local", "expected"),
    [
        (datetime(2026, 5, 5, 3, 0), date(2026, 5, 4)),
        (datetime(2026, 5, 5, 6, 59), date(2026, 5, 4)),
        (datetime(2026, 5, 5, 7, 0), date(2026, 5, 5)),
        (datetime(2026, 5, 4, 23, 0), date(2026, 5, 4)),
        (datetime(2026, 5, 4, 15, 0), date(2026, 5, 4)),
        (datetime(2026, 5, 1, 2, 0), date(2026, 4, 30)),  # across a month boundary
    ],
)
def test_night_of_gives_the_evening_the_night_began(local: datetime, expected: date) -> None:
    assert night_of(local.replace(tzinfo=BERLIN), time(7, 0)) == expected


def test_night_of_on_a_dst_morning() -> None:
    # 03:30 CEST on 29 March 2026 (an hour after the clocks jumped) still belongs to the 28th.
    assert night_of(datetime(2026, 3, 29, 3, 30, tzinfo=BERLIN), time(7, 0)) == date(2026, 3, 28)


def test_local_at_moves_a_skipped_time_forward() -> None:
    # 02:30 does not exist in Berlin on 29 March 2026: the clocks go from 02:00 CET to 03:00 CEST.
    moment = local_at(date(2026, 3, 29), time(2, 30), BERLIN)
    assert moment == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert (moment.hour, moment.minute) == (3, 30)


def test_local_at_takes_the_first_of_a_repeated_time() -> None:
    # 02:30 happens twice in Berlin on 25 October 2026; the first is still CEST (UTC+2).
    # (Compared in UTC: Python never calls an ambiguous local time equal to a time in another zone.)
    moment = local_at(date(2026, 10, 25), time(2, 30), BERLIN)
    assert moment.astimezone(UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("tz", "evening", "hours"),
    [
        (BERLIN, date(2026, 5, 13), 9),
        (BERLIN, date(2026, 3, 28), 8),  # spring forward: one hour shorter
        (BERLIN, date(2026, 10, 24), 10),  # fall back: one hour longer
        (NEW_YORK, date(2026, 3, 7), 8),
        (NEW_YORK, date(2026, 10, 31), 10),
    ],
)
def test_night_window_lasts_real_time(tz: ZoneInfo, evening: date, hours: int) -> None:
    start, end = night_window(evening, tz, *NIGHT)
    assert (start.date(), start.hour) == (evening, 22)
    assert (end.date(), end.hour) == (evening + timedelta(days=1), 7)
    assert elapsed(start, end) == timedelta(hours=hours)


def test_night_window_that_does_not_cross_midnight() -> None:
    start, end = night_window(date(2026, 5, 13), BERLIN, time(1, 0), time(9, 0))
    assert start == datetime(2026, 5, 13, 1, 0, tzinfo=BERLIN)
    assert end == datetime(2026, 5, 13, 9, 0, tzinfo=BERLIN)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (datetime(2026, 5, 5, 2, 0), date(2026, 5, 4)),  # after midnight, still in the night
        (datetime(2026, 5, 5, 6, 30), date(2026, 5, 4)),
        (datetime(2026, 5, 5, 10, 0), date(2026, 5, 4)),  # next morning
        (datetime(2026, 5, 5, 23, 0), date(2026, 5, 4)),  # typed in the evening: the night before
    ],
)
def test_last_night_evening(typed: datetime, expected: date) -> None:
    assert last_night_evening(typed.replace(tzinfo=BERLIN), time(7, 0)) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        # In the morning: the middle of 22:00-07:00.
        (datetime(2026, 5, 14, 10, 0), datetime(2026, 5, 14, 2, 30)),
        # Typed at 02:00 the night is not over: the middle of 22:00-02:00.
        (datetime(2026, 5, 14, 2, 0), datetime(2026, 5, 14, 0, 0)),
        (datetime(2026, 5, 14, 6, 30), datetime(2026, 5, 14, 2, 15)),
        # Typed at 23:00: the night before, which ended this morning.
        (datetime(2026, 5, 14, 23, 0), datetime(2026, 5, 14, 2, 30)),
    ],
)
def test_resolve_last_night(typed: datetime, expected: datetime) -> None:
    result = resolve_last_night(typed.replace(tzinfo=BERLIN), BERLIN, *NIGHT)
    assert result == expected.replace(tzinfo=BERLIN)
    assert result.tzinfo == BERLIN


@pytest.mark.parametrize(
    ("typed_local", "tz", "expected_utc"),
    [
        # 22:00 CET (21:00 UTC) to 07:00 CEST (05:00 UTC): 8 h, middle 01:00 UTC = 03:00 CEST.
        (datetime(2026, 3, 29, 9, 0), BERLIN, datetime(2026, 3, 29, 1, 0)),
        # 22:00 CEST (20:00 UTC) to 07:00 CET (06:00 UTC): 10 h, middle 01:00 UTC = 02:00 CET.
        (datetime(2026, 10, 25, 9, 0), BERLIN, datetime(2026, 10, 25, 1, 0)),
        # 22:00 EST (03:00 UTC) to 07:00 EDT (11:00 UTC): 8 h, middle 07:00 UTC = 03:00 EDT.
        (datetime(2026, 3, 8, 9, 0), NEW_YORK, datetime(2026, 3, 8, 7, 0)),
    ],
)
def test_resolve_last_night_on_dst_nights(
    typed_local: datetime, tz: ZoneInfo, expected_utc: datetime
) -> None:
    result = resolve_last_night(typed_local.replace(tzinfo=tz), tz, *NIGHT)
    assert result.astimezone(UTC) == expected_utc.replace(tzinfo=UTC)
    assert result.tzinfo == tz


def test_resolve_last_night_accepts_now_in_utc() -> None:
    now_utc = datetime(2026, 5, 14, 8, 0, tzinfo=UTC)  # 10:00 in Berlin
    assert resolve_last_night(now_utc, BERLIN, *NIGHT) == datetime(2026, 5, 14, 2, 30, tzinfo=BERLIN)


def test_midpoint_until_is_none_before_the_window_starts() -> None:
    start = datetime(2026, 5, 14, 22, 0, tzinfo=BERLIN)
    assert midpoint_until(start, start + timedelta(hours=9), start - timedelta(minutes=1)) is None


def test_morning_starts_at_wake_time_when_that_is_a_morning_hour() -> None:
    assert morning_start(time(6, 15)) == time(6, 15)
    assert morning_start(time(14, 0)) == time(7, 0)  # a day sleeper: fall back to 07:00


def test_part_windows() -> None:
    day = date(2026, 5, 14)
    assert part_window(DayPart.MORNING, day, BERLIN, *NIGHT) == (
        datetime(2026, 5, 14, 7, 0, tzinfo=BERLIN),
        datetime(2026, 5, 14, 12, 0, tzinfo=BERLIN),
    )
    assert part_window(DayPart.EVENING, day, BERLIN, time(23, 0), time(7, 0)) == (
        datetime(2026, 5, 14, 17, 0, tzinfo=BERLIN),
        datetime(2026, 5, 14, 23, 0, tzinfo=BERLIN),
    )
    assert part_window(DayPart.NIGHT, day, BERLIN, *NIGHT)[1] == datetime(2026, 5, 15, 7, 0, tzinfo=BERLIN)
