"""Summaries, comparisons and the chat text — expected numbers worked out by hand from the fixtures."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from bot.episodes.vocabulary import Helped, Region, Relief, Side, Trigger
from bot.insights.model import Period, format_duration, format_percent_change
from bot.insights.stats import (
    TEXT_MAX_CHARS,
    compare,
    counts_by_day,
    counts_by_hour,
    format_summary_text,
    period_bounds,
    summarize,
)
from tests.insights.factory import BERLIN, NEW_YORK, episode, previous_week_extra, typical_week, utc

WEEK = Period(date(2026, 3, 9), date(2026, 3, 15))


def test_empty_log_summary_and_text():
    summary = summarize([], BERLIN, WEEK.start, WEEK.end)
    assert (summary.episode_count, summary.nocturnal_count, summary.days_with_data) == (0, 0, 0)
    assert summary.days_in_period == 7
    assert summary.average_intensity is None and summary.worst_intensity is None
    assert summary.median_duration_seconds is None and summary.total_duration_seconds is None
    assert summary.top_regions == () and summary.relief == ()
    text = format_summary_text(summary, compare(summary, summary))
    assert "No episodes logged in this period." in text
    assert "no episodes" in text  # the comparison line for two empty weeks
    assert "estimated from your diary" in text


def test_one_episode():
    one = episode(
        datetime(2026, 3, 11, 21, 15),
        region=Region.FOOT,
        side=Side.LEFT,
        intensity=7,
        duration_seconds=45,
        triggers=[Trigger.COLD],
        relief=[Relief.HEAT],
        helped=Helped.YES,
    )
    summary = summarize([one], BERLIN, WEEK.start, WEEK.end)
    assert summary.episode_count == 1 and summary.daytime_count == 1 and summary.nocturnal_count == 0
    assert summary.average_intensity == 7 and summary.worst_intensity == 7
    assert (summary.durations_known, summary.total_duration_seconds, summary.median_duration_seconds) == (
        1,
        45,
        45,
    )
    assert summary.top_regions == ((Region.FOOT, 1),)
    assert summary.top_triggers == ((Trigger.COLD, 1),)
    assert summary.relief[0].relief is Relief.HEAT and summary.relief[0].helped_yes == 1
    text = format_summary_text(summary, None)
    assert "1 episode on 1 of 7 days" in text
    assert "45 s" in text
    assert "Compared with" not in text


def test_typical_week_numbers():
    s = summarize(typical_week(), BERLIN, WEEK.start, WEEK.end)
    assert s.episode_count == 7
    assert (s.nocturnal_count, s.daytime_count) == (5, 2)
    assert s.average_intensity == pytest.approx(6.0)
    assert s.worst_intensity == 9
    # The ongoing hamstring episode (600 s so far) is left out of durations.
    assert (s.durations_known, s.total_duration_seconds, s.median_duration_seconds) == (5, 750, 120)
    assert s.days_with_data == 5
    assert s.top_regions == ((Region.CALF, 5), (Region.FOOT, 1), (Region.HAMSTRING, 1))
    assert s.top_sides == ((Side.LEFT, 3), (Side.RIGHT, 2), (Side.BOTH, 1))
    assert s.top_triggers == ((Trigger.DEHYDRATION, 3), (Trigger.FATIGUE, 2), (Trigger.EXERCISE, 1))
    relief = [(t.relief, t.tried, t.helped_yes, t.helped_partly, t.helped_no) for t in s.relief]
    assert relief == [
        (Relief.STRETCHING, 4, 2, 2, 0),
        (Relief.MASSAGE, 1, 0, 1, 0),
        (Relief.HEAT, 1, 0, 0, 1),
    ]


def test_typical_week_compared_with_previous_week():
    episodes = typical_week() + previous_week_extra()
    current = summarize(episodes, BERLIN, WEEK.start, WEEK.end)
    before = WEEK.previous()
    assert before == Period(date(2026, 3, 2), date(2026, 3, 8))
    previous = summarize(episodes, BERLIN, before.start, before.end)
    assert previous.episode_count == 3 and previous.average_intensity == pytest.approx(8.0)
    change = compare(current, previous)
    assert change.count_delta == 4
    assert change.count_percent == pytest.approx(400 / 3)
    assert change.nocturnal_delta == 3  # 5 now, 2 before (5 and 8 March)
    assert change.average_intensity_delta == pytest.approx(-2.0)
    assert change.average_intensity_percent == pytest.approx(-25.0)


def test_typical_week_text():
    episodes = typical_week() + previous_week_extra()
    current = summarize(episodes, BERLIN, WEEK.start, WEEK.end)
    previous = summarize(episodes, BERLIN, date(2026, 3, 2), date(2026, 3, 8))
    text = format_summary_text(current, compare(current, previous), BERLIN)
    assert len(text) <= TEXT_MAX_CHARS
    for expected in [
        "9–15 Mar 2026 (7 days)",
        "7 episodes on 5 of 7 days (1.0 a day on average)",
        "At night: 5 (71%) · daytime: 2",
        "average 6.0/10, worst 9/10",
        "typical (median) 2 min, total 13 min (5 of 7 had a duration)",
        "calf (5), foot (1), hamstring (1)",
        "dehydration (3), fatigue (2), exercise / overuse (1)",
        "stretching helped 4 of 4 times",
        "4 more episodes (7 vs 3, +133%)",
        "average intensity 6.0 vs 8.0 out of 10",
        "estimated from your diary",
        "Europe/Berlin",
    ]:
        assert expected in text, expected


def test_text_is_capped():
    many = [
        episode(datetime(2026, 3, 9, h, 0), trigger_text="x", triggers=list(Trigger), relief=list(Relief))
        for h in range(24)
    ]
    text = format_summary_text(summarize(many, BERLIN, WEEK.start, WEEK.end), None)
    assert len(text) <= TEXT_MAX_CHARS


def test_period_bounds():
    today = date(2026, 3, 15)
    assert period_bounds("week", today, [], BERLIN) == Period(date(2026, 3, 9), today)
    assert period_bounds("month", today, [], BERLIN) == Period(date(2026, 2, 14), today)
    assert period_bounds("all", today, [], BERLIN) == Period(today, today)
    # 23:30 UTC on 1 Jan is already 2 Jan in Berlin; 03:00 UTC on 1 Jan is still 31 Dec in New York.
    first = [episode(utc(2026, 1, 1, 23, 30)), episode(utc(2026, 2, 1, 12))]
    assert period_bounds("all", today, first, BERLIN).start == date(2026, 1, 2)
    assert period_bounds("all", today, [episode(utc(2026, 1, 1, 3))], NEW_YORK).start == date(2025, 12, 31)
    assert Period(date(2026, 3, 9), today).days == 7


def test_dst_autumn_berlin_25_hour_day():
    """25 Oct 2026: clocks go back 03:00 CEST → 02:00 CET, so 02:xx happens twice."""
    episodes = [
        episode(utc(2026, 10, 24, 22, 30)),  # 00:30 CEST on the 25th
        episode(utc(2026, 10, 25, 0, 30)),  # 02:30 CEST
        episode(utc(2026, 10, 25, 1, 30)),  # 02:30 CET (an hour later, same wall clock)
        episode(utc(2026, 10, 25, 22, 30)),  # 23:30 CET on the 25th (under CEST it would be the 26th)
        episode(utc(2026, 10, 25, 23, 30)),  # 00:30 CET on the 26th
    ]
    start, end = date(2026, 10, 19), date(2026, 10, 25)
    days = counts_by_day(episodes, BERLIN, start, end)
    assert len(days) == 7
    assert days[date(2026, 10, 25)] == 4
    assert sum(days.values()) == 4  # the one on the 26th is outside
    hours = counts_by_hour(episodes, BERLIN, start, date(2026, 10, 26))
    assert (hours[0], hours[2], hours[23]) == (2, 2, 1)
    assert sum(hours) == 5
    assert summarize(episodes, BERLIN, start, end).days_with_data == 1


def test_dst_spring_new_york_23_hour_day():
    """8 Mar 2026: 02:00 EST jumps to 03:00 EDT."""
    episodes = [
        episode(utc(2026, 3, 8, 4, 30)),  # 23:30 EST on the 7th
        episode(utc(2026, 3, 8, 6, 30)),  # 01:30 EST
        episode(utc(2026, 3, 8, 7, 30)),  # 03:30 EDT, one real hour later
        episode(utc(2026, 3, 9, 3, 30)),  # 23:30 EDT on the 8th
    ]
    days = counts_by_day(episodes, NEW_YORK, date(2026, 3, 2), date(2026, 3, 8))
    assert (days[date(2026, 3, 7)], days[date(2026, 3, 8)]) == (1, 3)
    hours = counts_by_hour(episodes, NEW_YORK, date(2026, 3, 2), date(2026, 3, 8))
    assert (hours[1], hours[2], hours[3], hours[23]) == (1, 0, 1, 2)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0 s"),
        (59.4, "59 s"),
        (59.6, "1 min"),
        (90, "2 min"),
        (750, "13 min"),
        (3600, "1 h"),
        (4800, "1 h 20 min"),
    ],
)
def test_format_duration(seconds, text):
    assert format_duration(seconds) == text


@pytest.mark.parametrize(
    ("percent", "text"), [(133.3, "+133%"), (-25.0, "−25%"), (-0.3, "±0%"), (0.4, "±0%")]
)
def test_format_percent_change(percent, text):
    assert format_percent_change(percent) == text
