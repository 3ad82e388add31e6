"""Rule validation, wording and the recommended starter set."""

from __future__ import annotations

from datetime import time

import pytest

from bot.reminders.rules import (
    PLAN_KINDS,
    ReminderKind,
    ReminderRule,
    RuleError,
    describe_rule,
    recommended_rules,
    validate_rule,
)
from tests.reminders.helpers import hydration, times_rule


@pytest.mark.parametrize("interval", [60, 90, 360])
def test_interval_bounds_accepted(interval: int) -> None:
    validate_rule(hydration(interval, time(9), time(21)))


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        (hydration(59, time(9), time(21)), "1 hour and 6 hours"),
        (hydration(30, time(9), time(21)), "1 hour and 6 hours"),
        (hydration(361, time(9), time(21)), "1 hour and 6 hours"),
        (ReminderRule(ReminderKind.HYDRATION, window_start=time(9), window_end=time(21)), "how often"),
        (ReminderRule(ReminderKind.HYDRATION, interval_minutes=60), "window"),
        (hydration(60, time(9), time(9)), "same time"),
        (hydration(60, time(9, 0, 30), time(21)), "whole minutes"),
        (
            ReminderRule(ReminderKind.HYDRATION, times=(time(9),), interval_minutes=60),
            "interval and a window",
        ),
        (ReminderRule(ReminderKind.STRETCH), "Give a time"),
        (times_rule(ReminderKind.STRETCH, *[(h, 0) for h in range(7)]), "At most 6"),
        (times_rule(ReminderKind.NIGHT, (21, 0), (22, 0)), "one time"),
        (times_rule(ReminderKind.MORNING, (8, 0), (8, 0)), "one time"),
        (times_rule(ReminderKind.STRETCH, (8, 0), (8, 0)), "twice"),
        (ReminderRule(ReminderKind.NIGHT, times=(time(21),), interval_minutes=60), "clock times"),
    ],
)
def test_invalid_rules_rejected_with_a_sentence(rule: ReminderRule, words: str) -> None:
    with pytest.raises(RuleError, match=words):
        validate_rule(rule)


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        (hydration(120, time(9), time(21)), "every 2 h from 09:00 to 21:00"),
        (hydration(90, time(9, 30), time(20)), "every 1 h 30 min from 09:30 to 20:00"),
        (hydration(75, time(20), time(2)), "every 1 h 15 min from 20:00 to 02:00"),
        (times_rule(ReminderKind.STRETCH, (20, 30), (8, 0)), "at 08:00 and 20:30"),
        (times_rule(ReminderKind.STRETCH, (8, 0), (12, 0), (20, 30)), "at 08:00, 12:00 and 20:30"),
        (times_rule(ReminderKind.NIGHT, (21, 30)), "at 21:30"),
    ],
)
def test_describe_rule(rule: ReminderRule, text: str) -> None:
    assert describe_rule(rule) == text


def test_recommended_rules() -> None:
    rules = {rule.kind: rule for rule in recommended_rules()}
    assert rules[ReminderKind.HYDRATION] == hydration(120, time(9), time(21))
    assert rules[ReminderKind.STRETCH].times == (time(20, 0),)
    assert rules[ReminderKind.NIGHT].times == (time(21, 30),)
    assert rules[ReminderKind.MORNING].times == (time(8, 0),)
    assert set(rules) == set(ReminderKind) - PLAN_KINDS  # the plan sets its own (bot/plan)
    for rule in rules.values():
        assert rule.enabled
        validate_rule(rule)
