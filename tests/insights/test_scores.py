"""Spasm Frequency Score bands, PSFS-style estimate and the ≥ 30% change flags (expected values by hand)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from bot.insights.model import ESTIMATE_LABEL, Period
from bot.insights.scores import (
    ChangeFlag,
    daily_sfs,
    frequency_change,
    intensity_change,
    psfs_frequency_estimate,
    spasm_frequency_score,
)
from tests.insights.factory import BERLIN, episode, typical_week, utc

WEEK = Period(date(2026, 3, 9), date(2026, 3, 15))
BASELINE = WEEK.previous()


@pytest.mark.parametrize(
    ("count", "score"),
    [(0, 1), (1, 2), (2, 3), (4, 3), (5, 4), (9, 4), (10, 5), (37, 5)],
)
def test_sfs_band_edges(count, score):
    assert spasm_frequency_score(count) == score


def test_sfs_rejects_negative_counts():
    with pytest.raises(ValueError):
        spasm_frequency_score(-1)


def test_daily_sfs_typical_week():
    result = daily_sfs(typical_week(), BERLIN, WEEK.start, WEEK.end)
    # Mon 2, Tue 1, Wed 0, Thu 2, Fri 0, Sat 1, Sun 1 episodes.
    assert [d.score for d in result.days] == [3, 2, 1, 3, 1, 2, 2]
    assert result.days_at_score == {1: 2, 2: 3, 3: 2, 4: 0, 5: 0}
    assert result.median_score == 2
    assert (result.days_with_data, result.days_in_period) == (5, 7)
    assert result.label == ESTIMATE_LABEL
    assert len(result.weeks) == 1 and result.weeks[0].days_at_score == result.days_at_score


def test_daily_sfs_blocks_of_seven_days_and_empty():
    # Ten days: a full block and a 3-day block; 10 episodes on the last day → score 5 there.
    heavy = [episode(datetime(2026, 3, 18, 8, m)) for m in range(10)]
    result = daily_sfs(heavy, BERLIN, date(2026, 3, 9), date(2026, 3, 18))
    assert [(w.start, w.end) for w in result.weeks] == [
        (date(2026, 3, 9), date(2026, 3, 15)),
        (date(2026, 3, 16), date(2026, 3, 18)),
    ]
    assert result.weeks[1].days_at_score == {1: 2, 2: 0, 3: 0, 4: 0, 5: 1}
    assert result.weeks[1].median_score == 1
    empty = daily_sfs([], BERLIN, WEEK.start, WEEK.end)
    assert empty.days_at_score == {1: 7, 2: 0, 3: 0, 4: 0, 5: 0} and empty.days_with_data == 0


def test_sfs_uses_local_days_across_dst():
    # 25 Oct 2026 (25 hours in Berlin): four episodes on that local day → score 3; the UTC date would split them.
    episodes = [episode(utc(2026, 10, 24, 22, 30)), *(episode(utc(2026, 10, 25, h, 30)) for h in (0, 1, 22))]
    result = daily_sfs(episodes, BERLIN, date(2026, 10, 24), date(2026, 10, 25))
    assert [(d.day, d.episodes, d.score) for d in result.days] == [
        (date(2026, 10, 24), 0, 1),
        (date(2026, 10, 25), 4, 3),
    ]


def test_psfs_typical_week_busiest_hour():
    # 03:00 and 03:40 on Thursday are the only two starts within 60 minutes → "more than once per hour".
    # One busy hour on one day does not make "more than once an hour": the typical day sets the score.
    estimate = psfs_frequency_estimate(typical_week(), BERLIN, WEEK.start, WEEK.end)
    assert estimate.supported and estimate.busiest_hour_count == 2 and estimate.score == 2
    assert "fewer than 2 days" in estimate.reason and "entries on 5 days" in estimate.reason
    assert estimate.days_with_data == 5 and estimate.label == ESTIMATE_LABEL
    assert "score 1" in estimate.reason  # says stimulation-induced spasms are not recorded


def test_psfs_empty_and_not_supported():
    empty = psfs_frequency_estimate([], BERLIN, WEEK.start, WEEK.end)
    assert empty.supported and empty.score == 0
    two_days = [episode(datetime(2026, 3, 9, 8)), episode(datetime(2026, 3, 10, 8))]
    estimate = psfs_frequency_estimate(two_days, BERLIN, WEEK.start, WEEK.end)
    assert not estimate.supported and estimate.score is None
    assert "2 day(s)" in estimate.reason and "at least 3" in estimate.reason


def _burst(n: int, day: int) -> list:
    return [episode(datetime(2026, 3, day, 9, 0) + timedelta(minutes=5 * i)) for i in range(n)]


@pytest.mark.parametrize(("burst", "score"), [(1, 2), (2, 3), (10, 3), (11, 4)])
def test_psfs_bands(burst, score):
    # Bursts 5 minutes apart: 11 of them span 50 minutes, all inside one hour.
    episodes = _burst(burst, 9) + _burst(burst, 11) + _burst(1, 13)  # busy on two days
    assert psfs_frequency_estimate(episodes, BERLIN, WEEK.start, WEEK.end).score == score


def test_psfs_one_busy_hour_in_a_month_is_not_more_than_once_an_hour():
    episodes = _burst(2, 9) + _burst(1, 11) + _burst(1, 13)
    estimate = psfs_frequency_estimate(episodes, BERLIN, WEEK.start, WEEK.end)
    assert estimate.busiest_hour_count == 2 and estimate.score == 2


def test_psfs_window_is_real_time_not_wall_clock():
    # 02:10 CEST and 02:05 CET on 25 Oct 2026 are 55 real minutes apart: one hour holds both.
    episodes = [episode(utc(2026, 10, 25, 0, 10)), episode(utc(2026, 10, 25, 1, 5))]
    episodes += [episode(datetime(2026, 10, 20, 9)), episode(datetime(2026, 10, 22, 9))]
    estimate = psfs_frequency_estimate(episodes, BERLIN, date(2026, 10, 19), date(2026, 10, 25))
    assert estimate.busiest_hour_count == 2
    # Exactly 60 minutes apart is not "within one hour".
    apart = [
        episode(datetime(2026, 3, 9, 9)),
        episode(datetime(2026, 3, 9, 10)),
        *_burst(1, 11),
        *_burst(1, 13),
    ]
    assert psfs_frequency_estimate(apart, BERLIN, WEEK.start, WEEK.end).busiest_hour_count == 1


def _week(intensities: list[int], first_day: date) -> list:
    return [
        episode(
            datetime.combine(first_day + timedelta(days=i), datetime.min.time()).replace(hour=12), intensity=v
        )
        for i, v in enumerate(intensities)
    ]


@pytest.mark.parametrize(
    ("current", "flag", "percent"),
    [
        ([3, 3, 4, 4], ChangeFlag.IMPROVED, -30.0),  # mean 3.5 vs 5: exactly 30% lower
        ([3, 4, 4], ChangeFlag.NO_CLEAR_CHANGE, -80 / 3),  # mean 11/3: 26.7% lower
        ([6, 6, 7, 7], ChangeFlag.WORSENED, 30.0),  # mean 6.5: exactly 30% higher
        ([5, 6, 6], ChangeFlag.NO_CLEAR_CHANGE, 40 / 3),  # mean 17/3: 13.3% higher
    ],
)
def test_intensity_change_flags(current, flag, percent):
    episodes = _week([4, 5, 6], BASELINE.start) + _week(current, WEEK.start)
    change = intensity_change(episodes, BERLIN, WEEK, BASELINE)
    assert change.flag is flag
    assert change.percent == pytest.approx(percent)
    assert change.baseline_value == pytest.approx(5.0)
    assert change.days_with_data == len(current) and change.baseline_days_with_data == 3
    assert change.label == ESTIMATE_LABEL


def test_intensity_change_needs_three_episodes_each_side():
    episodes = _week([4, 6], BASELINE.start) + _week([1, 1, 1], WEEK.start)
    change = intensity_change(episodes, BERLIN, WEEK, BASELINE)
    assert change.flag is ChangeFlag.NOT_ENOUGH_DATA and change.percent is None
    episodes = _week([4, 5, 6], BASELINE.start) + _week([1, 1], WEEK.start)
    assert intensity_change(episodes, BERLIN, WEEK, BASELINE).flag is ChangeFlag.NOT_ENOUGH_DATA


@pytest.mark.parametrize(
    ("baseline_n", "current_n", "flag"),
    [
        (10, 7, ChangeFlag.IMPROVED),  # 10/7 → 7/7 per day: exactly 30% fewer
        (7, 5, ChangeFlag.NO_CLEAR_CHANGE),  # 28.6% fewer
        (7, 10, ChangeFlag.WORSENED),  # 42.9% more
        (7, 0, ChangeFlag.IMPROVED),  # none at all now
        (2, 7, ChangeFlag.NOT_ENOUGH_DATA),
    ],
)
def test_frequency_change_flags(baseline_n, current_n, flag):
    def spread(n: int, first: date) -> list:
        return [
            episode(datetime.combine(first + timedelta(days=i % 7), datetime.min.time())) for i in range(n)
        ]

    change = frequency_change(
        spread(baseline_n, BASELINE.start) + spread(current_n, WEEK.start), BERLIN, WEEK, BASELINE
    )
    assert change.flag is flag
    assert change.baseline_episodes == baseline_n and change.current_episodes == current_n
