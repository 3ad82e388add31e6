"""Parse the text after /remind into a command. Every failure is a RuleError with an example to copy."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time, timedelta
from decimal import Decimal

from bot.lang.normalise import normalise
from bot.lang.quantities import DAY_UNITS, HOUR_UNITS, MINUTE_UNITS, WEEK_UNITS, unit_seconds
from bot.reminders.rules import ReminderKind, ReminderRule, RuleError, validate_rule

PAUSE_MIN = timedelta(hours=1)
PAUSE_MAX = timedelta(days=90)
DEFAULT_WINDOW = (time(9, 0), time(21, 0))

_KIND_ALIASES: dict[str, ReminderKind] = {
    "hydration": ReminderKind.HYDRATION,
    "water": ReminderKind.HYDRATION,
    "drink": ReminderKind.HYDRATION,
    "stretch": ReminderKind.STRETCH,
    "stretches": ReminderKind.STRETCH,
    "stretching": ReminderKind.STRETCH,
    "night": ReminderKind.NIGHT,
    "bedtime": ReminderKind.NIGHT,
    "nightly": ReminderKind.NIGHT,
    "morning": ReminderKind.MORNING,
    "checkin": ReminderKind.MORNING,
    "check-in": ReminderKind.MORNING,
    "wake": ReminderKind.MORNING,
}
_KIND_HINT = "Reminders are: hydration, stretch, night or morning."
_USAGE = (
    "Try: hydration every 2h 09:00-21:00 · stretch 08:00 20:30 · night 21:30 · morning 07:30 · "
    "off stretch · on stretch · pause 3d · resume."
)


@dataclass(frozen=True)
class SetRule:
    rule: ReminderRule


@dataclass(frozen=True)
class TurnOff:
    kind: ReminderKind


@dataclass(frozen=True)
class TurnOn:
    kind: ReminderKind


@dataclass(frozen=True)
class Pause:
    duration: timedelta


@dataclass(frozen=True)
class Resume:
    pass


@dataclass(frozen=True)
class Show:
    pass


RemindCommand = SetRule | TurnOff | TurnOn | Pause | Resume | Show

_TIME_RE = re.compile(r"(?P<hour>\d{1,2})(?:[:.h](?P<minute>\d{2}))?(?P<ampm>am|pm)?")
_COMPACT_TIME_RE = re.compile(r"(?P<hour>\d{2})(?P<minute>\d{2})")
_INTERVAL_RE = re.compile(
    r"(?:every\s+)?(?<![\d.,])(?:"
    rf"(?P<hours>\d+(?:[.,]\d+)?)\s*(?:{HOUR_UNITS})(?:(?P<extra>\d{{1,2}})(?:mins?|m)?)?"
    rf"|(?P<minutes>\d+(?:[.,]\d+)?)\s*(?:{MINUTE_UNITS})"
    r")(?![a-z0-9])"
)
_WINDOW_SPLIT_RE = re.compile(r"\s*(?:-|\bto\b|\buntil\b|\btill\b)\s*")
_PAUSE_RE = re.compile(rf"(?:for\s+)?(?P<count>\d+)\s*(?P<unit>{HOUR_UNITS}|{DAY_UNITS}|{WEEK_UNITS})")


def _normalise(text: str) -> str:
    text = normalise(text, ascii_punctuation=True)  # "9–21" -> "9-21"
    text = re.sub(r"(\d),(\d+\s*[hm])", r"\1.\2", text)  # decimal comma: "1,5h"
    text = text.replace(",", " ")
    text = re.sub(r"\b([ap])\.m\.?", r"\1m", text)
    text = re.sub(r"(\d)\s+([ap]m)\b", r"\1\2", text)  # "9 am" -> "9am"
    return re.sub(r"\s+", " ", text)


def parse_time(token: str) -> time:
    """One local time: 08:00, 8:00, 8.30, 20h30, 2030, 8, 8am, 8:30pm."""
    text = _normalise(token)
    match = _TIME_RE.fullmatch(text) or _COMPACT_TIME_RE.fullmatch(text)
    if match is None:
        raise RuleError(f"“{token}” is not a time I understand; write it like 08:00, 20:30 or 9pm.")
    hour = int(match["hour"])
    minute = int(match["minute"] or 0)
    ampm = match.groupdict().get("ampm")
    if ampm:
        if not 1 <= hour <= 12:
            raise RuleError(f"“{token}”: with am/pm the hour goes from 1 to 12.")
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    if hour > 23:
        raise RuleError(f"“{token}”: hours go from 00 to 23 (use 00:00 for midnight).")
    if minute > 59:
        raise RuleError(f"“{token}”: minutes go from 00 to 59.")
    return time(hour, minute)


def _parse_kind(word: str) -> ReminderKind:
    kind = _KIND_ALIASES.get(word)
    if kind is None:
        raise RuleError(f"I don't know a “{word}” reminder. {_KIND_HINT}")
    return kind


def _parse_interval(text: str) -> tuple[int, str]:
    """Interval in minutes and the text left once it is removed."""
    match = _INTERVAL_RE.search(text)
    if match is None:
        raise RuleError("Say how often, for example: hydration every 2h 09:00-21:00 (or every 90m).")
    if match["minutes"] is not None:
        minutes = Decimal(match["minutes"].replace(",", "."))
    else:
        minutes = Decimal(match["hours"].replace(",", ".")) * 60 + int(match["extra"] or 0)
    if minutes != minutes.to_integral_value():  # Decimal: 1.1h is exactly 66 minutes
        raise RuleError("Please give the interval in whole minutes, for example every 90m.")
    rest = (text[: match.start()] + " " + text[match.end() :]).strip()
    return int(minutes), rest


def _parse_window(text: str) -> tuple[time, time]:
    text = re.sub(r"^(?:from|between)\s+", "", text.strip())
    if not text:
        return DEFAULT_WINDOW
    parts = [part for part in _WINDOW_SPLIT_RE.split(text) if part]
    if len(parts) != 2 or "and" in parts[0].split():
        raise RuleError("Give the daily window as start-end, for example 09:00-21:00, 9-21 or 9am-9pm.")
    start, end = parse_time(parts[0]), parse_time(parts[1])
    if start == end and start.hour <= 12 and re.fullmatch(r"\d{1,2}", parts[1]):
        end = time((start.hour + 12) % 24)  # "9 to 9": a day window, 09:00-21:00
    return start, end


def _parse_hydration(text: str) -> ReminderRule:
    if not text:
        raise RuleError("Say how often and when, for example: hydration every 2h 09:00-21:00.")
    interval, rest = _parse_interval(text)
    start, end = _parse_window(rest)
    return ReminderRule(ReminderKind.HYDRATION, interval_minutes=interval, window_start=start, window_end=end)


def _parse_times_rule(kind: ReminderKind, words: list[str]) -> ReminderRule:
    tokens = [word for word in words if word not in ("at", "and")]
    if not tokens:
        example = "08:00 20:30" if kind is ReminderKind.STRETCH else "21:30"
        raise RuleError(f"Give a time, for example: {kind} {example}.")
    times = tuple(parse_time(token) for token in tokens)
    if len(set(times)) != len(times):
        raise RuleError("The same time is listed twice.")
    return ReminderRule(kind, times=tuple(sorted(times)))


def _parse_pause(text: str) -> Pause:
    if not text:
        raise RuleError("How long? For example: pause 12h, pause 3d or pause 1w.")
    match = _PAUSE_RE.fullmatch(text)
    if match is None:
        raise RuleError(f"“{text}” is not a pause length I understand; try 12h, 3d or 1w.")
    duration = int(match["count"]) * timedelta(seconds=unit_seconds(match["unit"]))
    if not PAUSE_MIN <= duration <= PAUSE_MAX:
        raise RuleError("A pause can last from 1 hour to 90 days.")
    return Pause(duration)


def parse_remind_command(args: str) -> RemindCommand:
    """Turn the text after /remind into a command; empty text means show the current reminders."""
    text = _normalise(args)
    if not text:
        return Show()
    head, _, rest = text.partition(" ")
    words = rest.split()
    if head in ("show", "list", "status"):
        if words:
            raise RuleError(f"“{head}” needs nothing after it. {_USAGE}")
        return Show()
    if head == "resume":
        if words:
            raise RuleError("Just write resume to switch all reminders back on after a pause.")
        return Resume()
    if head == "pause":
        return _parse_pause(rest)
    if head in ("on", "off"):
        if len(words) != 1:
            raise RuleError(f"Which reminder? For example: {head} stretch. {_KIND_HINT}")
        kind = _parse_kind(words[0])
        return TurnOn(kind) if head == "on" else TurnOff(kind)
    if head not in _KIND_ALIASES:
        raise RuleError(f"I didn't understand “{args.strip()[:40]}”. {_USAGE}")
    kind = _KIND_ALIASES[head]
    if words in (["on"], ["off"]):
        return TurnOn(kind) if words[0] == "on" else TurnOff(kind)
    rule = _parse_hydration(rest) if kind is ReminderKind.HYDRATION else _parse_times_rule(kind, words)
    validate_rule(rule)
    return SetRule(rule)


def parse_sleep_window(text: str) -> tuple[time, time]:
    """The usual sleep hours, "23:00-07:30" or "11pm-7am": start and end on the wall clock."""
    if not text.strip():
        raise RuleError("Give your usual sleep hours as start-end, for example 23:00-07:30.")
    start, end = _parse_window(_normalise(text))
    if start == end:
        raise RuleError("Bedtime and waking time must differ, for example 23:00-07:30.")
    return start, end
