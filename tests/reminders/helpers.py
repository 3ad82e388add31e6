"""Small builders shared by the reminder tests. Expected instants are written by hand or built with
zoneinfo directly, never with the code under test."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from bot.reminders.rules import ReminderKind, ReminderRule

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")
LORD_HOWE = ZoneInfo("Australia/Lord_Howe")
KATHMANDU = ZoneInfo("Asia/Kathmandu")

SLEEP_START, SLEEP_END = time(22, 0), time(7, 0)
NO_SLEEP = time(0, 0)  # equal start and end: no sleep window


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def local(tz: ZoneInfo, year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=tz)


def times_rule(kind: ReminderKind, *hours_minutes: tuple[int, int]) -> ReminderRule:
    return ReminderRule(kind, times=tuple(time(h, m) for h, m in hours_minutes))


def hydration(interval: int, start: time, end: time) -> ReminderRule:
    return ReminderRule(ReminderKind.HYDRATION, interval_minutes=interval, window_start=start, window_end=end)
