"""How long did it last? Durations, "still going", and numbers that are counts or doses.

Choices (the parser must not guess silently):
- vague amounts ("a few seconds", "several minutes", "for hours") are recognised but give None;
- a range ("2-3 min") gives its middle; "a minute or two" gives 90 s;
- a duration that belongs to a trigger ("2 hours of gardening", "running for 10 min") or to a
  frequency ("every 10 min") is claimed but is not the episode's duration;
- counts and doses ("3 times", "2 nights", "10mg") are claimed so they never become an intensity.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.episodes.lexicon import NUMBER_WORD_RE, kind_of, number_value, word_set
from bot.episodes.textscan import Scan
from bot.lang.quantities import HOUR_WORDS, MINUTE_WORDS, SECOND_WORDS, unit_seconds

OWNER = "duration"
TRIGGER_CONTEXT_OWNER = "trigger_context"
COUNT_OWNER = "count"
ONGOING_OWNER = "ongoing"

_NOT_A_DURATION = -1.0
# Anything longer than a day is not one spasm; it is a typo or a different kind of statement.
MAX_SECONDS = 24 * 3600

_NOT_AGO = r"(?!\s*(?:ago|earlier|before|later|after(?:wards)?)\b)"  # "20 minutes later" is a when
# The shared unit words plus the misspellings people type half awake.
_UNIT_FULL = (
    rf"{SECOND_WORDS}|secon?ds?|secnds?|sekonds?|{MINUTE_WORDS}|minuets?|minites?|minuts?|mintues?|minuites?"
    rf"|{HOUR_WORDS}"
)
_UNIT = rf"(?P<unit>{_UNIT_FULL}|mns?|s|m|h)(?![a-z])"
_UNIT_WORDS_ONLY = rf"(?P<unit>{_UNIT_FULL})(?![a-z])"
_NUM = r"\d+(?:[.,]\d+)?"

_FIXED = (
    (re.compile(rf"\bhalf\s+an?\s+(?:hour|hr){_NOT_AGO}\b"), 1800.0),
    (re.compile(rf"\b(?:an|one|1)\s+(?:hour|hr)\s+and\s+a\s+half{_NOT_AGO}\b"), 5400.0),
    (re.compile(rf"\b(?:a\s+)?quarter\s+of\s+an\s+hour{_NOT_AGO}\b"), 900.0),
)
_OR_TWO = re.compile(rf"\b(?:a|one)\s+{_UNIT_WORDS_ONLY}\s+or\s+(?:two|2){_NOT_AGO}")
_AND_A_HALF = re.compile(rf"\b(?P<n>\d+|{NUMBER_WORD_RE})\s+and\s+a\s+half\s+{_UNIT_WORDS_ONLY}{_NOT_AGO}")
_MIN_SEC = re.compile(rf"\b(?P<m>\d{{1,2}}):(?P<s>\d{{2}})\s*(?:minutes?|mins?|m)(?![a-z]){_NOT_AGO}")
_COMPOUND = re.compile(
    rf"(?<![\d.,:/])(?P<a>{_NUM})\s*(?P<ua>hours?|hrs?|hr|h|minutes?|mins?|m)\s*(?:and\s+)?"
    rf"(?P<b>{_NUM})\s*(?P<ub>minutes?|mins?|m|seconds?|secs?|s)(?![a-z]){_NOT_AGO}"
    rf"|(?<![\d.,:/])(?P<a2>\d{{1,2}})(?P<ua2>h|m)(?P<b2>\d{{2}})(?![\d:])(?:s\b|min\b)?{_NOT_AGO}"
)
_RANGE = re.compile(rf"(?<![\d.,:/])(?P<a>{_NUM})\s*(?:-|to|or)\s*(?P<b>{_NUM})\s*{_UNIT}{_NOT_AGO}")
_RANGE_WORDS = re.compile(
    rf"\b(?P<a>{NUMBER_WORD_RE})\s*(?:-|to|or)\s*(?P<b>{NUMBER_WORD_RE})\s+{_UNIT_WORDS_ONLY}{_NOT_AGO}"
)
_COUPLE = re.compile(rf"\b(?:a\s+)?couple(?:\s+of)?\s+{_UNIT_WORDS_ONLY}{_NOT_AGO}")
_VAGUE = re.compile(
    rf"\b(?:a\s+)?(?:few|several|some|many|couple)\s+(?:more\s+)?{_UNIT_WORDS_ONLY}{_NOT_AGO}"
    r"|\b(?:for|lasted|lasting|only|just|took)\s+(?:a\s+)?(?:few\s+)?(?:seconds|secs|minutes|mins|hours|ages|ever"
    r"|a\s+while|a\s+long\s+time)\b"
)
_SINGLE = re.compile(rf"(?<![\d.,:/])(?P<n>{_NUM}|\.\d+)\s*{_UNIT}{_NOT_AGO}")
_SINGLE_WORD = re.compile(rf"\b(?P<n>{NUMBER_WORD_RE})\s+{_UNIT_WORDS_ONLY}{_NOT_AGO}")

_COUNTS = re.compile(
    rf"(?<![\w.,])(?:{_NUM})\s*(?:mg|mcg|ml|g|kg|lbs?|%|km|k|mi|miles?|steps|reps|sets|glasses|cups|litres?"
    r"|liters?|days?|weeks?|months?|years?|yrs?|times|x|nights?|episodes?|in\s+a\s+row)(?![a-z])"
    rf"{_NOT_AGO}|\bx\s*\d+\b"
)

_ONGOING = re.compile(
    r"\bstill\s+(?:going(?:\s+on)?|happening|cramping|spasming|there|on|ongoing|active|at\s+it|twitching"
    r"|jumping|tight|stiff|locked)\b"
    r"|\bon\s*-?\s*going\b"
    r"|\b(?:won'?t|will\s+not|wont|doesn'?t|does\s+not|isn'?t|is\s+not|not|hasn'?t|has\s+not|can'?t|cant)\s+"
    r"(?:stop|stopping|stopped|ease|easing|eased|let\s+up|letting\s+up|go\s+away|going\s+away|gone\s+away)\b"
    r"|\bkeeps?\s+going\b|\bright\s+now\b|\bhappening\s+now\b|\bas\s+i\s+(?:type|write)\b|\bas\s+we\s+speak\b"
    r"|\bat\s+the\s+moment\b|\bcurrently\b|\batm\b"
)

_EVERY_BEFORE = re.compile(r"\bevery\s+(?:other\s+)?$")
_APART_AFTER = re.compile(r"^\s*apart\b")
_OF_AFTER = re.compile(r"^\s+of\s+(?:\w+\s+)?(?P<word>\w+)")
_ACTIVITY_BEFORE = re.compile(
    r"\b(?P<word>[a-z]+)\s+(?:for\s+)?(?:about\s+|around\s+|over\s+|like\s+|an?\s+)?$"
)
_ACTIVITIES = word_set(
    "gardening gardened running walking walked ran sitting sat standing stood driving drove cycling cycled "
    "swimming swam working worked kneeling knelt typing gaming hiking hiked jogging jogged dancing danced "
    "exercising training trained cleaning lying laying playing played flight drive walk run ride hike "
    "workout gym digging dug weeding lifting hoovering vacuuming"
)


@dataclass(frozen=True, slots=True)
class DurationFacts:
    seconds: int | None  # the episode's duration, None when not stated or vague
    ongoing: bool  # "still going", "won't stop"
    mentioned: bool  # some duration phrase was there, even a vague one


def extract_duration(scan: Scan) -> DurationFacts:
    """Read and claim durations, counts and "still going" phrases in `scan`."""
    found: list[tuple[int, float | None]] = []
    for pattern, value_of in _READERS:
        for match in scan.matches(pattern):
            value = value_of(match)
            if value == _NOT_A_DURATION:
                continue
            owner = _owner_for(scan.text, match.start(), match.end())
            scan.claim(match.start(), match.end(), owner)
            if owner == OWNER:
                found.append((match.start(), value))
    scan.take(_COUNTS, COUNT_OWNER)
    ongoing = bool(scan.take(_ONGOING, ONGOING_OWNER))
    valid = [
        (pos, s) for pos, s in sorted(found, key=lambda item: item[0]) if s is not None and s <= MAX_SECONDS
    ]
    seconds = round(valid[0][1]) if valid else None
    return DurationFacts(seconds=seconds, ongoing=ongoing, mentioned=bool(found))


def _owner_for(text: str, start: int, end: int) -> str:
    before, after = text[max(0, start - 40) : start], text[end : end + 40]
    if _EVERY_BEFORE.search(before) or _APART_AFTER.search(after):
        return COUNT_OWNER
    of_word = _OF_AFTER.search(after)
    if of_word and kind_of(of_word["word"]) is None:
        return TRIGGER_CONTEXT_OWNER  # "2 hours of gardening"
    activity = _ACTIVITY_BEFORE.search(before)
    if activity and activity["word"] in _ACTIVITIES:
        return TRIGGER_CONTEXT_OWNER  # "running for 10 min"
    return OWNER


def _unit(unit: str) -> float:
    return float(unit_seconds(unit))


def _amount_times_unit(match: re.Match[str], extra: float = 0.0) -> float | None:
    amount = number_value(match["n"])
    return None if amount is None else (amount + extra) * _unit(match["unit"])


def _compound(match: re.Match[str]) -> float | None:
    if match["a2"]:
        big, small = float(match["a2"]), float(match["b2"])
        return big * _unit(match["ua2"]) + small * _unit(match["ua2"]) / 60
    big_amount, small_amount = number_value(match["a"]), number_value(match["b"])
    big_unit, small_unit = _unit(match["ua"]), _unit(match["ub"])
    if big_amount is None or small_amount is None or small_unit >= big_unit:
        return None
    return big_amount * big_unit + small_amount * small_unit


def _range(match: re.Match[str]) -> float | None:
    low, high = number_value(match["a"]), number_value(match["b"])
    if low is None or high is None or low >= high:
        return _NOT_A_DURATION  # "7-2 min" is an intensity and a duration run together, not a range
    return (low + high) / 2 * _unit(match["unit"])


# Tried in this order; each claims its matches, so "1 min 30 s" is not also read as "30 s".
_READERS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], float | None]], ...] = (
    *((pattern, lambda _m, seconds=seconds: seconds) for pattern, seconds in _FIXED),
    (_OR_TWO, lambda m: 1.5 * _unit(m["unit"])),
    (_AND_A_HALF, lambda m: _amount_times_unit(m, extra=0.5)),
    (_MIN_SEC, lambda m: int(m["m"]) * 60.0 + int(m["s"])),
    (_COMPOUND, _compound),
    (_RANGE, _range),
    (_RANGE_WORDS, _range),
    (_COUPLE, lambda m: 2.0 * _unit(m["unit"])),
    (_VAGUE, lambda _m: None),
    (_SINGLE, _amount_times_unit),
    (_SINGLE_WORD, _amount_times_unit),
)
