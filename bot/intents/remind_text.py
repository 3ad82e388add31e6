"""A reminder asked for in words, rewritten in the words the /remind parser reads.

"remind me to drink water every 2 hours from 9 to 9" → "hydration every 2h 9-9" (the /remind parser
reads a same-number window such as "9 to 9" as 09:00–21:00); "remind me at 22:30 to write down my
night spasms" → "night 22:30". None when the request does not say enough: the handler then shows
the /remind examples instead of guessing.
"""

from __future__ import annotations

import re

from bot.reminders.parse import parse_remind_command
from bot.reminders.rules import RuleError

_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("hydration", re.compile(r"\b(?:water|drink\w*|hydrat\w*|fluids?)\b")),
    ("stretch", re.compile(r"\bstretch\w*\b")),
    ("morning", re.compile(r"\b(?:morning|check[\s-]?in|wake|woke)\b")),
    ("night", re.compile(r"\b(?:night\w*|bed\w*|evening|log|write|diary|spasms?|cramps?)\b")),
)
_NUMBER_WORDS = {"a": "1", "an": "1", "one": "1", "two": "2", "three": "3", "four": "4", "six": "6"}
_INTERVAL = re.compile(
    r"\bevery\s+(?P<n>\d+(?:[.,]\d+)?|an?|one|two|three|four|six)?\s*(?P<unit>hours?|hrs?|h|minutes?|mins?|m)\b"
)
_TIME = r"\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)?"
_WINDOW = re.compile(rf"\b(?:from|between)?\s*(?P<a>{_TIME})\s*(?:-|to|till|until|and)\s*(?P<b>{_TIME})\b")
_AT_TIME = re.compile(r"(?:\bat\s+|\b)(?P<t>\d{1,2}[:.]\d{2}|\d{1,2}\s*(?:am|pm))\b|\bat\s+(?P<h>\d{1,2})\b")
_OFF = re.compile(r"\b(?:stop|turn\s+off|switch\s+off|no\s+more|cancel|disable|don'?t)\b")
_ON = re.compile(r"\b(?:turn\s+on|switch\s+on|enable|start)\b")
_PAUSE = re.compile(
    r"\bpause\b.*?\b(?:for\s+)?(?P<n>\d+|a|one|two|three)\s*(?P<u>hours?|days?|weeks?|h|d|w)\b"
)
_RESUME = re.compile(r"\b(?:resume|unpause|back\s+on)\b")


def _kind(text: str) -> str | None:
    for kind, pattern in _KINDS:
        if pattern.search(text):
            return kind
    return None


def _interval(text: str) -> str | None:
    match = _INTERVAL.search(text)
    if match is None:
        return None
    n = match["n"] or "1"
    n = _NUMBER_WORDS.get(n, n)
    return f"every {n}{'h' if match['unit'].startswith('h') else 'm'}"


def _hydration(text: str) -> str | None:
    interval = _interval(text)
    if interval is None:
        return None
    rest = _INTERVAL.sub(" ", text)
    window = _WINDOW.search(rest)
    span = f" {window['a'].replace(' ', '')}-{window['b'].replace(' ', '')}" if window else ""
    return f"hydration {interval}{span}"


def _times(text: str) -> list[str]:
    return [(m["t"] or m["h"]).replace(" ", "") for m in _AT_TIME.finditer(text)]


def _switch(text: str, kind: str | None) -> str | None:
    pause = _PAUSE.search(text)
    if pause is not None:
        return f"pause {_NUMBER_WORDS.get(pause['n'], pause['n'])}{pause['u'][0]}"
    if _RESUME.search(text):
        return "resume"
    if _OFF.search(text):
        return f"off {kind}" if kind else "show"
    if _ON.search(text) and kind:
        return f"on {kind}"
    return None


def _accepted(args: str) -> str | None:
    try:
        parse_remind_command(args)
    except RuleError:
        return None
    return args


def reminder_args(text: str, *, strict: bool = False) -> str | None:
    """`text` (normalised) as /remind arguments, or None. `strict`: only a line that already reads as
    /remind arguments ("water every 2h 9-21", "stretch 08:00 20:30")."""
    if strict:
        head = text.split(" ", 1)[0]
        if head not in {"water", "hydration", "stretch", "night", "morning", "pause", "resume"}:
            return None
        if head in {"night", "morning"} and not _AT_TIME.search(text):
            return None
        return _accepted(text)
    kind = _kind(text)
    switched = _switch(text, kind)
    if switched is not None:
        return _accepted(switched)
    if kind == "hydration":
        return _accepted(_hydration(text) or "")
    times = _times(text)
    if kind is not None and times:
        return _accepted(f"{kind} {' '.join(times)}")
    return None  # a time without a kind of reminder ("at 5pm"): the handler shows the choices
