"""Exploratory patterns: minimum-data gating and hand-counted rates, worded as patterns only."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from bot.episodes.vocabulary import Trigger
from bot.insights.explore import (
    CAVEAT,
    MIN_UNITS_PER_GROUP,
    explore,
    hydration_pattern,
    stretch_pattern,
    trigger_patterns,
)
from bot.insights.model import Adherence, night_of
from tests.insights.factory import BERLIN, episode

START, END = date(2026, 3, 1), date(2026, 3, 15)  # nights 1–14 March


def _dates(first: int, last: int) -> frozenset[date]:
    return frozenset(date(2026, 3, d) for d in range(first, last + 1))


def _night_episodes() -> list:
    d = datetime
    return [
        episode(d(2026, 3, 3, 2, 0), nocturnal=True),  # night of 2 Mar (stretched)
        episode(d(2026, 3, 5, 23, 0), nocturnal=True),  # night of 5 Mar (stretched)
        episode(d(2026, 3, 9, 3, 0), nocturnal=True),  # night of 8 Mar (no stretch)
        episode(d(2026, 3, 9, 23, 30), nocturnal=True),  # night of 9 Mar
        episode(d(2026, 3, 11, 1, 0), nocturnal=True),  # night of 10 Mar
        episode(d(2026, 3, 13, 4, 0), nocturnal=True),  # night of 12 Mar
        episode(d(2026, 3, 15, 2, 0), nocturnal=True),  # night of 14 Mar, morning of the last day
        episode(d(2026, 3, 9, 14, 0)),  # daytime: not a night episode
        episode(d(2026, 3, 15, 23, 0), nocturnal=True),  # night of 15 Mar runs past the period
    ]


def test_stretch_pattern_rates_and_wording():
    adherence = Adherence(stretch_sent_dates=_dates(1, 14), stretch_done_dates=_dates(1, 7))
    pattern = stretch_pattern(_night_episodes(), BERLIN, START, END, adherence)
    assert pattern.enough_data
    assert (pattern.group_units, pattern.group_events) == (7, 2)
    assert (pattern.other_units, pattern.other_events) == (7, 5)
    assert pattern.text == (
        "On nights after you stretched, you logged fewer night episodes (0.3 vs 0.7 per night, 7 and 7 nights). "
        "This is a pattern, not proof of cause."
    )


def test_stretch_pattern_gated_below_seven_nights():
    adherence = Adherence(
        stretch_sent_dates=_dates(1, 14), stretch_done_dates=_dates(1, 8)
    )  # 8 with, 6 without
    pattern = stretch_pattern(_night_episodes(), BERLIN, START, END, adherence)
    assert not pattern.enough_data
    assert f"at least {MIN_UNITS_PER_GROUP} nights" in pattern.text
    assert "(so far 8 and 6)" in pattern.text
    assert "fewer" not in pattern.text and "more" not in pattern.text


def test_hydration_pattern():
    day = [episode(datetime(2026, 3, d, 12)) for d in (1, 1, 2, 8, 8, 9, 10, 10, 10, 12)]
    adherence = Adherence(hydration_sent_dates=_dates(1, 14), hydration_answered_dates=_dates(1, 7))
    pattern = hydration_pattern(day, BERLIN, START, END, adherence)
    # Answered 1–7 March: 3 episodes in 7 days; unanswered 8–14 March: 7 episodes in 7 days.
    assert (pattern.group_units, pattern.group_events, pattern.other_units, pattern.other_events) == (
        7,
        3,
        7,
        7,
    )
    assert "fewer episodes (0.4 vs 1.0 per day, 7 and 7 days)" in pattern.text
    assert pattern.text.endswith(CAVEAT)
    few = Adherence(hydration_sent_dates=_dates(1, 14), hydration_answered_dates=_dates(1, 13))
    assert not hydration_pattern(day, BERLIN, START, END, few).enough_data


def test_about_the_same_wording():
    adherence = Adherence(hydration_sent_dates=_dates(1, 14), hydration_answered_dates=_dates(1, 7))
    even = [episode(datetime(2026, 3, d, 12)) for d in range(1, 15)]  # one a day, both groups 1.0
    assert (
        "about as many episodes (1.0 vs 1.0 per day"
        in hydration_pattern(even, BERLIN, START, END, adherence).text
    )


def _stress_month() -> list:
    """Seven 4-day cycles from 1 March: stress noted (1 episode), then 3, 1 and 1 episodes without triggers."""
    episodes = []
    for cycle in range(7):
        first = datetime(2026, 3, 1 + 4 * cycle, 12)
        episodes.append(episode(first, triggers=[Trigger.STRESS, Trigger.UNKNOWN]))
        episodes += [episode(first + timedelta(days=1, hours=h)) for h in range(3)]
        episodes.append(episode(first + timedelta(days=2)))
        episodes.append(episode(first + timedelta(days=3)))
    return episodes


def test_trigger_pattern_day_after():
    # Period 1–28 March; diary days 1–27 March. After a stress day: 7 days × 3 = 21 episodes.
    # After the other 20 diary days (2nd, 3rd and 4th of each cycle, except 28 March): 20 days × 1 episode.
    patterns = trigger_patterns(_stress_month(), BERLIN, date(2026, 3, 1), date(2026, 3, 28))
    assert [p.topic for p in patterns] == ["trigger: stress"]  # "unknown" is never a pattern
    (stress,) = patterns
    assert (stress.group_units, stress.group_events, stress.other_units, stress.other_events) == (
        7,
        21,
        20,
        20,
    )
    assert stress.text == (
        "On days after you noted stress, you logged more episodes than after other diary days "
        "(3.0 vs 1.0 per day, 7 and 20 days). This is a pattern, not proof of cause."
    )


def test_trigger_pattern_needs_seven_days():
    # Ending on 24 March leaves only six stress days whose next day is inside the period.
    assert trigger_patterns(_stress_month(), BERLIN, date(2026, 3, 1), date(2026, 3, 24)) == []


def test_explore_orders_and_gates():
    patterns = explore(_stress_month(), BERLIN, date(2026, 3, 1), date(2026, 3, 28), Adherence())
    assert [p.topic for p in patterns] == ["bedtime stretch", "water reminders", "trigger: stress"]
    assert [p.enough_data for p in patterns] == [False, False, True]
    assert all("cause" not in p.text or CAVEAT in p.text for p in patterns)


def test_night_is_named_by_its_evening():
    assert night_of(datetime(2026, 3, 10, 4, 0)) == date(2026, 3, 9)
    assert night_of(datetime(2026, 3, 10, 11, 59)) == date(2026, 3, 9)
    assert night_of(datetime(2026, 3, 10, 12, 0)) == date(2026, 3, 10)
    assert night_of(datetime(2026, 3, 10, 23, 30)) == date(2026, 3, 10)


@pytest.mark.parametrize(("after_stress", "shown"), [(5, False), (6, True)])
def test_trigger_pattern_needs_a_clear_difference(after_stress, shown):
    episodes = []
    for cycle in range(7):
        first = datetime(2026, 3, 1 + 4 * cycle, 12)
        episodes.append(episode(first, triggers=[Trigger.STRESS]))
        episodes += [episode(first + timedelta(days=1, hours=h)) for h in range(after_stress)]
        episodes += [episode(first + timedelta(days=2, hours=h)) for h in range(5)]
        episodes += [episode(first + timedelta(days=3, hours=h)) for h in range(5)]
    # Other days: 7 × 5 + 7 × 5 + 6 × 1 (the stress days) = 76 episodes in 20 days = 3.8 a day.
    # 5 a day after stress is 1.32 times that (not shown); 6 a day is 1.58 times (shown).
    patterns = trigger_patterns(episodes, BERLIN, date(2026, 3, 1), date(2026, 3, 28))
    assert bool(patterns) is shown
    if shown:
        assert (patterns[0].other_units, patterns[0].other_events) == (20, 76)
