"""Property: iterating next_fire for two years never repeats, never goes backwards, never returns a time
<= after, never skips a day, and only lands on the rule's wall times (or the end of a DST gap)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.reminders.rules import INTERVAL_MAX_MINUTES, INTERVAL_MIN_MINUTES, ReminderKind, ReminderRule
from bot.reminders.schedule import daily_slots, next_fire

TWO_YEARS = timedelta(days=730)
# Zones with unusual rules: 30-min DST, +05:45, southern hemisphere, a 2-hour DST jump, a skipped day.
TRICKY_ZONES = [
    "Europe/Berlin",
    "America/New_York",
    "Asia/Tokyo",
    "Australia/Lord_Howe",
    "Asia/Kathmandu",
    "America/Santiago",
    "Pacific/Chatham",
    "Antarctica/Troll",
    "Pacific/Apia",
]

minutes_of_day = st.integers(0, 24 * 60 - 1).map(lambda m: time(m // 60, m % 60))
zones = st.one_of(st.sampled_from(TRICKY_ZONES).map(ZoneInfo), st.timezones())
times_rules = st.builds(
    ReminderRule,
    kind=st.sampled_from([ReminderKind.STRETCH, ReminderKind.NIGHT, ReminderKind.MORNING]),
    times=st.sets(minutes_of_day, min_size=1, max_size=6).map(lambda s: tuple(sorted(s))),
).filter(lambda rule: rule.kind is ReminderKind.STRETCH or len(rule.times) == 1)
hydration_rules = st.builds(
    ReminderRule,
    kind=st.just(ReminderKind.HYDRATION),
    interval_minutes=st.integers(INTERVAL_MIN_MINUTES, INTERVAL_MAX_MINUTES),
    window_start=minutes_of_day,
    window_end=minutes_of_day,
).filter(lambda rule: rule.window_start != rule.window_end)
afters = st.datetimes(datetime(2000, 1, 1), datetime(2035, 1, 1), timezones=st.just(UTC))


def _is_transition(moment: datetime, tz: ZoneInfo) -> bool:
    return (moment - timedelta(seconds=1)).astimezone(tz).utcoffset() != moment.astimezone(tz).utcoffset()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(
    rule=st.one_of(times_rules, hydration_rules),
    tz=zones,
    after=afters,
    sleep_start=minutes_of_day,
    sleep_end=minutes_of_day,
)
def test_two_years_of_fires_are_increasing_and_on_slot(
    rule: ReminderRule, tz: ZoneInfo, after: datetime, sleep_start: time, sleep_end: time
) -> None:
    slots = set(daily_slots(rule, sleep_start, sleep_end))
    end = after + TWO_YEARS
    current = after
    seen_walls: set[tuple[object, time]] = set()
    count = 0
    while True:
        nxt = next_fire(rule, after=current, tz=tz, sleep_start=sleep_start, sleep_end=sleep_end)
        if not slots:
            assert nxt is None
            return
        assert nxt is not None
        assert nxt.tzinfo is UTC
        assert nxt > current  # strictly after, so never repeats and never goes backwards
        # At least one slot per local day: never more than two days (plus a skipped date) between fires.
        assert nxt - current <= timedelta(days=3)
        wall = nxt.astimezone(tz)
        assert wall.time().replace(fold=0) in slots or _is_transition(nxt, tz)
        key = (wall.date(), wall.time().replace(fold=0))
        assert key not in seen_walls  # a repeated (fall-back) wall time fires once
        seen_walls.add(key)
        count += 1
        if nxt > end:
            break
        current = nxt
    # Roughly one fire per slot per day: catches skipped days the gap bound would tolerate.
    assert count >= 725 * len(slots)
