"""`rm:` the buttons on reminder messages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from handlers.callbacks.codec import checked, checked_word, day_text, parse_day

# ----- rm: reminders -------------------------------------------------------------------------------
# Buttons on a reminder message carry the local day it was sent for, so a press days later does not
# record "drank" or "last night" for today (see handlers/remind.py for how long each stays valid).

REMINDER_ACTIONS = frozenset({"drank", "done", "snooze", "off", "on", "night", "rec", "log", "nightlog"})


@dataclass(frozen=True, slots=True)
class ReminderButton:
    action: str
    value: str = ""
    day: date | None = None


def reminder_button(action: str, value: str = "", day: date | None = None) -> str:
    if action not in REMINDER_ACTIONS:
        raise ValueError(f"unknown reminder action {action}")
    parts = ["rm", action, value, day_text(day) if day else ""]
    return checked(":".join(parts).rstrip(":"))


def parse_reminder_button(data: str) -> ReminderButton | None:
    parts = data.split(":")
    if not 2 <= len(parts) <= 4 or parts[0] != "rm" or parts[1] not in REMINDER_ACTIONS:
        return None
    value = parts[2] if len(parts) > 2 else ""
    if value and checked_word(value) is None:
        return None
    day = None
    if len(parts) == 4:
        day = parse_day(parts[3])
        if day is None:
            return None
    return ReminderButton(parts[1], value, day)
