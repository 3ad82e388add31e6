"""Number words and time units, defined once for every parser (episodes, intents, reminders, plan).

Unit spellings are regex alternations without groups, so each parser composes the units it accepts
(a reminder can be "every 2 hrs", an exercise hold only seconds or minutes) and reads the value of
whatever matched with `unit_seconds`, which goes by the first letter.
"""

from __future__ import annotations

import re

NUMBER_WORDS: dict[str, int] = {
    "zero": 0,
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "forty-five": 45,
    "forty five": 45,
    "fifty": 50,
    "sixty": 60,
    "ninety": 90,
}
# Alternation for regexes, longest first so "forty five" beats "forty".
NUMBER_WORD_RE = "|".join(sorted((re.escape(w) for w in NUMBER_WORDS), key=len, reverse=True))
# Vague amounts that still mean a number: "a couple of minutes", "half an hour".
COUPLE = 2
HALF = 0.5


def number_value(token: str) -> float | None:
    """A digit string ("7", "1.5", "1,5") or number word as a float; None if it is neither."""
    token = token.strip()
    if token in NUMBER_WORDS:
        return float(NUMBER_WORDS[token])
    try:
        return float(token.replace(",", "."))
    except ValueError:
        return None


# Unit words, whole and abbreviated; the one-letter forms are separate because not every parser
# accepts them ("2 m" is a duration, "m" alone after "took baclofen 2" is not).
SECOND_WORDS = r"seconds?|secs?"
MINUTE_WORDS = r"minutes?|mins?"
HOUR_WORDS = r"hours?|hrs?"
DAY_WORDS = r"days?"
WEEK_WORDS = r"weeks?|wks?"
SECOND_UNITS = rf"{SECOND_WORDS}|s"
MINUTE_UNITS = rf"{MINUTE_WORDS}|m"
HOUR_UNITS = rf"{HOUR_WORDS}|h"
DAY_UNITS = rf"{DAY_WORDS}|d"
WEEK_UNITS = rf"{WEEK_WORDS}|w"

_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def unit_seconds(unit: str) -> int:
    """Seconds in one of a unit matched by the patterns above ("mins" → 60, "hr" → 3600)."""
    return _SECONDS[unit[:1].lower()]
