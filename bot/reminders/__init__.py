"""Reminders: rules, when they fire next (DST-safe), the /remind one-liner, and stretching routines."""

from bot.reminders.parse import (
    Pause,
    RemindCommand,
    Resume,
    SetRule,
    Show,
    TurnOff,
    TurnOn,
    parse_remind_command,
    parse_sleep_window,
)
from bot.reminders.routines import Routine, RoutineError, format_routine, load_routines, routine_for
from bot.reminders.rules import (
    KIND_LABELS,
    ReminderKind,
    ReminderRule,
    RuleError,
    describe_rule,
    recommended_rules,
    validate_rule,
)
from bot.reminders.schedule import catch_up_decision, daily_slots, next_fire, snooze_until

__all__ = [
    "KIND_LABELS",
    "Pause",
    "RemindCommand",
    "ReminderKind",
    "ReminderRule",
    "Resume",
    "Routine",
    "RoutineError",
    "RuleError",
    "SetRule",
    "Show",
    "TurnOff",
    "TurnOn",
    "catch_up_decision",
    "daily_slots",
    "describe_rule",
    "format_routine",
    "load_routines",
    "next_fire",
    "parse_remind_command",
    "parse_sleep_window",
    "recommended_rules",
    "routine_for",
    "snooze_until",
    "validate_rule",
]
