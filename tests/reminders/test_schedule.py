"""next_fire and friends at explicit instants: zones, DST, windows, sleep, pause, zone change."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest

from bot.reminders.rules import ReminderKind, ReminderRule, RuleError
from bot.reminders.schedule import (
    catch_up_decision,
    daily_slots,
    in_sleep_window,
    next_fire,
    snooze_until,
)
from tests.reminders.helpers import (
    BERLIN,
    KATHMANDU,
    LORD_HOWE,
    NEW_YORK,
    NO_SLEEP,
    SLEEP_END,
    SLEEP_START,
    TOKYO,
    hydration,
    local,
    times_rule,
    utc,
)

STRETCH = times_rule(ReminderKind.STRETCH, (8, 0), (20, 30))
NIGHT = times_rule(ReminderKind.NIGHT, (21, 30))
MORNING = times_rule(ReminderKind.MORNING, (8, 0))
WATER = hydration(120, time(9, 0), time(21, 0))


def fire(rule: ReminderRule, after: datetime, tz: ZoneInfo, **kwargs: object) -> datetime | None:
    options: dict = {"sleep_start": SLEEP_START, "sleep_end": SLEEP_END, **kwargs}
    return next_fire(rule, after=after, tz=tz, **options)


def fires(rule: ReminderRule, after: datetime, tz: ZoneInfo, count: int, **kwargs: object) -> list[datetime]:
    result = []
    for _ in range(count):
        nxt = fire(rule, after, tz, **kwargs)
        assert nxt is not None
        result.append(nxt)
        after = nxt
    return result


# --- every kind at the right local times in several zones -------------------------------------------


@pytest.mark.parametrize("tz", [BERLIN, NEW_YORK, TOKYO, LORD_HOWE, KATHMANDU], ids=str)
def test_every_kind_fires_at_local_wall_times(tz: ZoneInfo) -> None:
    noon = local(tz, 2026, 6, 15, 12, 0)
    assert fires(STRETCH, noon, tz, 3) == [
        local(tz, 2026, 6, 15, 20, 30),
        local(tz, 2026, 6, 16, 8, 0),
        local(tz, 2026, 6, 16, 20, 30),
    ]
    assert fire(NIGHT, noon, tz) == local(tz, 2026, 6, 15, 21, 30)
    assert fire(MORNING, noon, tz) == local(tz, 2026, 6, 16, 8, 0)
    assert fires(WATER, local(tz, 2026, 6, 15, 6, 0), tz, 8) == [
        local(tz, 2026, 6, 15, hour, 0) for hour in (9, 11, 13, 15, 17, 19, 21)
    ] + [local(tz, 2026, 6, 16, 9, 0)]


def test_results_are_aware_utc() -> None:
    result = fire(NIGHT, utc(2026, 6, 15), TOKYO)
    assert result is not None and result.tzinfo is UTC


@pytest.mark.parametrize(
    ("tz", "expected"),
    [
        (BERLIN, utc(2026, 6, 15, 18, 30)),  # CEST +02:00
        (NEW_YORK, utc(2026, 6, 15, 0, 30)),  # EDT -04:00, still the 14th locally
        (TOKYO, utc(2026, 6, 15, 11, 30)),  # JST +09:00
        (KATHMANDU, utc(2026, 6, 15, 14, 45)),  # NPT +05:45
        (LORD_HOWE, utc(2026, 6, 15, 10, 0)),  # standard time +10:30
    ],
    ids=str,
)
def test_utc_instant_of_a_local_time_is_hand_checked(tz: ZoneInfo, expected: datetime) -> None:
    assert fire(times_rule(ReminderKind.NIGHT, (20, 30)), utc(2026, 6, 15, 0, 0), tz) == expected


def test_result_is_strictly_after_after() -> None:
    at_slot = local(BERLIN, 2026, 6, 15, 21, 30)
    assert fire(NIGHT, at_slot, BERLIN) == local(BERLIN, 2026, 6, 16, 21, 30)
    assert fire(NIGHT, at_slot - timedelta(microseconds=1), BERLIN) == at_slot


# --- DST: Berlin and New York, both directions -------------------------------------------------------


def test_berlin_spring_forward_missing_time_fires_once_at_gap_end() -> None:
    # 2026-03-29: 02:00 CET jumps to 03:00 CEST at 01:00 UTC; 02:30 does not exist.
    rule = times_rule(ReminderKind.NIGHT, (2, 30))
    assert fires(rule, utc(2026, 3, 28, 12), BERLIN, 3) == [
        utc(2026, 3, 29, 1, 0),  # 03:00 CEST, the first valid instant after the gap
        utc(2026, 3, 30, 0, 30),  # 02:30 CEST
        utc(2026, 3, 31, 0, 30),
    ]


def test_berlin_fall_back_repeated_time_fires_once_first_occurrence() -> None:
    # 2026-10-25: 03:00 CEST falls back to 02:00 CET at 01:00 UTC; 02:30 happens at 00:30 and 01:30 UTC.
    rule = times_rule(ReminderKind.NIGHT, (2, 30))
    assert fires(rule, utc(2026, 10, 24, 12), BERLIN, 3) == [
        utc(2026, 10, 25, 0, 30),
        utc(2026, 10, 26, 1, 30),  # next day in CET; the second 02:30 (01:30 UTC on the 25th) is skipped
        utc(2026, 10, 27, 1, 30),
    ]


def test_berlin_ordinary_times_on_both_dst_days() -> None:
    assert fire(MORNING, utc(2026, 3, 28, 12), BERLIN) == utc(2026, 3, 29, 6, 0)  # 08:00 CEST
    assert fire(MORNING, utc(2026, 10, 24, 12), BERLIN) == utc(2026, 10, 25, 7, 0)  # 08:00 CET


def test_new_york_spring_forward_and_fall_back() -> None:
    # 2026-03-08 02:00 EST -> 03:00 EDT at 07:00 UTC; 2026-11-01 02:00 EDT -> 01:00 EST at 06:00 UTC.
    gap_rule = times_rule(ReminderKind.MORNING, (2, 30))
    assert fires(gap_rule, utc(2026, 3, 7, 12), NEW_YORK, 2) == [
        utc(2026, 3, 8, 7, 0),
        utc(2026, 3, 9, 6, 30),
    ]
    fold_rule = times_rule(ReminderKind.NIGHT, (1, 30))
    assert fires(fold_rule, utc(2026, 10, 31, 12), NEW_YORK, 2) == [
        utc(2026, 11, 1, 5, 30),  # 01:30 EDT, first occurrence
        utc(2026, 11, 2, 6, 30),  # 01:30 EST next day
    ]


def test_hydration_counts_wall_clock_through_spring_forward() -> None:
    rule = hydration(60, time(1, 0), time(4, 0))
    # 01:00 CET; 02:00 does not exist and collapses with 03:00 CEST into one fire.
    assert fires(rule, utc(2026, 3, 28, 23, 0), BERLIN, 4, sleep_start=NO_SLEEP, sleep_end=NO_SLEEP) == [
        utc(2026, 3, 29, 0, 0),
        utc(2026, 3, 29, 1, 0),  # 03:00 CEST
        utc(2026, 3, 29, 2, 0),  # 04:00 CEST
        utc(2026, 3, 29, 23, 0),  # 01:00 CEST next day
    ]


def test_hydration_counts_wall_clock_through_fall_back() -> None:
    rule = hydration(60, time(1, 0), time(4, 0))
    # The repeated 02:00 fires once (first occurrence); the grid stays on wall-clock slots.
    assert fires(rule, utc(2026, 10, 24, 22, 0), BERLIN, 4, sleep_start=NO_SLEEP, sleep_end=NO_SLEEP) == [
        utc(2026, 10, 24, 23, 0),  # 01:00 CEST
        utc(2026, 10, 25, 0, 0),  # 02:00 CEST
        utc(2026, 10, 25, 2, 0),  # 03:00 CET
        utc(2026, 10, 25, 3, 0),  # 04:00 CET
    ]


def test_lord_howe_half_hour_dst() -> None:
    # 2026-10-04 02:00 -> 02:30 (+10:30 -> +11); 2026-04-05 02:00 -> 01:30 (+11 -> +10:30).
    assert fire(times_rule(ReminderKind.NIGHT, (2, 15)), utc(2026, 10, 3), LORD_HOWE) == utc(
        2026, 10, 3, 15, 30
    )
    assert fires(times_rule(ReminderKind.NIGHT, (1, 45)), utc(2026, 4, 4), LORD_HOWE, 2) == [
        utc(2026, 4, 4, 14, 45),  # first 01:45 (+11)
        utc(2026, 4, 5, 15, 15),  # 01:45 (+10:30) the next day
    ]


# --- hydration windows and sleep ----------------------------------------------------------------------


def test_hydration_fires_at_window_start_and_end_when_on_grid() -> None:
    assert fire(WATER, local(BERLIN, 2026, 6, 15, 8, 59), BERLIN) == local(BERLIN, 2026, 6, 15, 9, 0)
    assert fire(WATER, local(BERLIN, 2026, 6, 15, 20, 59), BERLIN) == local(BERLIN, 2026, 6, 15, 21, 0)
    assert fire(WATER, local(BERLIN, 2026, 6, 15, 21, 0), BERLIN) == local(BERLIN, 2026, 6, 16, 9, 0)


def test_hydration_never_fires_after_window_end_when_off_grid() -> None:
    five_hourly = hydration(300, time(9, 0), time(21, 0))  # 09:00, 14:00, 19:00; 24:00 is past the end
    assert fires(five_hourly, local(TOKYO, 2026, 6, 15, 0, 0), TOKYO, 4) == [
        local(TOKYO, 2026, 6, 15, 9, 0),
        local(TOKYO, 2026, 6, 15, 14, 0),
        local(TOKYO, 2026, 6, 15, 19, 0),
        local(TOKYO, 2026, 6, 16, 9, 0),
    ]


def test_hydration_hourly_grid_stays_inside_window() -> None:
    rule = hydration(60, time(9, 0), time(21, 1))
    day = fires(rule, local(NEW_YORK, 2026, 6, 15, 0, 0), NEW_YORK, 14)
    walls = [moment.astimezone(NEW_YORK) for moment in day]
    assert walls[0] == local(NEW_YORK, 2026, 6, 15, 9, 0)
    assert walls[12] == local(NEW_YORK, 2026, 6, 15, 21, 0)  # 13 slots: 09:00 ... 21:00
    assert walls[13] == local(NEW_YORK, 2026, 6, 16, 9, 0)  # never 21:01+
    assert all(b - a == timedelta(minutes=60) for a, b in pairwise(day[:13]))


def test_hydration_six_hour_interval_bound() -> None:
    rule = hydration(360, time(9, 0), time(21, 0))
    assert daily_slots(rule, SLEEP_START, SLEEP_END) == (time(9), time(15), time(21))


@pytest.mark.parametrize("interval", [30, 59, 361, 0, -30])
def test_hydration_interval_outside_bounds_is_rejected(interval: int) -> None:
    with pytest.raises(RuleError, match="1 hour and 6 hours"):
        fire(hydration(interval, time(9), time(21)), utc(2026, 6, 15), BERLIN)


def test_hydration_window_is_clipped_by_sleep_window() -> None:
    rule = hydration(60, time(6, 0), time(23, 0))
    assert daily_slots(rule, SLEEP_START, SLEEP_END) == tuple(time(hour) for hour in range(7, 22))
    assert fire(rule, local(BERLIN, 2026, 6, 15, 21, 0), BERLIN) == local(BERLIN, 2026, 6, 16, 7, 0)
    assert fire(rule, local(BERLIN, 2026, 6, 15, 5, 0), BERLIN) == local(BERLIN, 2026, 6, 15, 7, 0)


def test_sleep_window_wrapping_midnight_with_a_wrapping_hydration_window() -> None:
    # Night-shift style: drink 20:00-08:00 every 90 min, asleep 23:00-06:30.
    rule = hydration(90, time(20, 0), time(8, 0))
    sleep = {"sleep_start": time(23, 0), "sleep_end": time(6, 30)}
    assert fire(rule, local(TOKYO, 2026, 6, 15, 22, 30), TOKYO, **sleep) == local(TOKYO, 2026, 6, 16, 6, 30)
    assert fire(rule, local(TOKYO, 2026, 6, 16, 7, 59), TOKYO, **sleep) == local(TOKYO, 2026, 6, 16, 8, 0)
    assert fire(rule, local(TOKYO, 2026, 6, 16, 8, 0), TOKYO, **sleep) == local(TOKYO, 2026, 6, 16, 20, 0)


@pytest.mark.parametrize(
    ("value", "inside"),
    [
        (time(22, 0), True),
        (time(23, 59), True),
        (time(0, 0), True),
        (time(6, 59), True),
        (time(7, 0), False),
        (time(21, 59), False),
        (time(12, 0), False),
    ],
)
def test_in_sleep_window_wraps_midnight(value: time, inside: bool) -> None:
    assert in_sleep_window(value, time(22, 0), time(7, 0)) is inside


def test_in_sleep_window_daytime_and_empty() -> None:
    assert in_sleep_window(time(14, 0), time(13, 0), time(15, 0))
    assert not in_sleep_window(time(15, 0), time(13, 0), time(15, 0))
    assert not in_sleep_window(time(3, 0), time(0, 0), time(0, 0))


def test_window_wholly_inside_sleep_never_fires() -> None:
    rule = hydration(60, time(23, 0), time(5, 0))
    assert daily_slots(rule, SLEEP_START, SLEEP_END) == ()
    assert fire(rule, utc(2026, 6, 15), BERLIN) is None


def test_sleep_window_does_not_clip_explicit_times() -> None:
    late_night = times_rule(ReminderKind.NIGHT, (23, 15))
    assert fire(late_night, local(BERLIN, 2026, 6, 15, 12), BERLIN) == local(BERLIN, 2026, 6, 15, 23, 15)


# --- pause, disabled, zone change, bad input --------------------------------------------------------


def test_pause_next_fire_is_first_regular_slot_after_pause() -> None:
    after = local(BERLIN, 2026, 6, 15, 10, 0)
    paused = local(BERLIN, 2026, 6, 17, 12, 0)
    assert fire(STRETCH, after, BERLIN, paused_until=paused) == local(BERLIN, 2026, 6, 17, 20, 30)
    assert fire(WATER, after, BERLIN, paused_until=local(BERLIN, 2026, 6, 15, 10, 15)) == local(
        BERLIN, 2026, 6, 15, 11, 0
    )


def test_pause_ending_exactly_on_a_slot_fires_that_slot() -> None:
    slot = local(BERLIN, 2026, 6, 17, 8, 0)
    assert fire(STRETCH, local(BERLIN, 2026, 6, 15, 10), BERLIN, paused_until=slot) == slot


def test_pause_in_the_past_is_ignored() -> None:
    after = local(BERLIN, 2026, 6, 15, 10, 0)
    assert fire(STRETCH, after, BERLIN, paused_until=after - timedelta(days=1)) == local(
        BERLIN, 2026, 6, 15, 20, 30
    )


def test_disabled_rule_never_fires() -> None:
    assert (
        fire(ReminderRule(ReminderKind.NIGHT, times=(time(21, 30),), enabled=False), utc(2026, 6, 15), TOKYO)
        is None
    )


def test_zone_change_uses_new_wall_clock() -> None:
    after = utc(2026, 6, 15, 12, 0)
    assert fire(NIGHT, after, BERLIN) == utc(2026, 6, 15, 19, 30)
    assert fire(NIGHT, after, TOKYO) == utc(2026, 6, 15, 12, 30)
    assert fire(NIGHT, after, NEW_YORK) == utc(2026, 6, 16, 1, 30)


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        fire(NIGHT, datetime(2026, 6, 15, 12), BERLIN)
    with pytest.raises(ValueError, match="timezone-aware"):
        fire(NIGHT, utc(2026, 6, 15), BERLIN, paused_until=datetime(2026, 6, 16))


def test_invalid_rule_raises_rule_error() -> None:
    with pytest.raises(RuleError):
        fire(ReminderRule(ReminderKind.NIGHT), utc(2026, 6, 15), BERLIN)


# --- snooze and catch-up ------------------------------------------------------------------------------


def test_snooze_until() -> None:
    now = local(BERLIN, 2026, 6, 15, 10, 0)
    assert snooze_until(now) == utc(2026, 6, 15, 8, 30)
    assert snooze_until(now, minutes=90).tzinfo is UTC
    assert snooze_until(now, minutes=90) == utc(2026, 6, 15, 9, 30)
    with pytest.raises(ValueError):
        snooze_until(now, minutes=0)
    with pytest.raises(ValueError):
        snooze_until(datetime(2026, 6, 15, 10))


@pytest.mark.parametrize(
    ("late_minutes", "decision"), [(29, "send"), (30, "send"), (31, "skip"), (0, "send")]
)
def test_catch_up_decision_default_grace(late_minutes: int, decision: str) -> None:
    due = utc(2026, 6, 15, 12, 0)
    assert catch_up_decision(due, due + timedelta(minutes=late_minutes)) == decision


def test_catch_up_decision_custom_grace_and_early() -> None:
    due = utc(2026, 6, 15, 12, 0)
    assert catch_up_decision(due, due + timedelta(minutes=6), grace=timedelta(minutes=5)) == "skip"
    assert catch_up_decision(due, due - timedelta(seconds=5)) == "send"
