"""Two episodes in one message, and what the parser guessed: the reasons to ask "Did I get this
right?" before saving. Pure: text and parse results in, drafts and reasons out.

A line with no guess is saved at once (with a read-back and an undo button); these are the cases
where saving without a word could store a wrong fact:
- a body word matched only as a typo ("clf" read as calf);
- two episodes in one message ("… 20 minutes later the right one too", "… and right foot 4/10");
- a count ("woke me up 3 times", "3 cramps", "twice"): one entry or several?
- a start that is a stand-in ("all night" with no start);
- left and right both named apart ("left calf 7/10 … right"), saved as both sides.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import timedelta

from bot.episodes.lexicon import NUMBER_WORD_RE, number_value
from bot.episodes.parse import ParseResult
from bot.episodes.textscan import normalize
from bot.episodes.vocabulary import Side

Parser = Callable[[str], ParseResult]

_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600}
_LATER = re.compile(
    rf"[,;.]?\s*\b(?:about\s+|around\s+|maybe\s+)?(?P<n>\d{{1,3}}|{NUMBER_WORD_RE}|a\s+few|a\s+couple\s+of)\s*"
    r"(?P<unit>seconds?|secs?|minutes?|mins?|m|hours?|hrs?|h)\s+later\b"
)
_BOUNDARY = re.compile(r"\s*(?:,\s*|;\s*|\s)(?:and\s+then|and|then|also|plus|&)\s+|\s*;\s*")
_OPPOSITE = {Side.LEFT: Side.RIGHT, Side.RIGHT: Side.LEFT}
_SIDE_WORD = re.compile(r"\b(?P<side>left|right|other)\b")
_ONE_WORDS = re.compile(r"\b(?:the\s+)?(?:other\s+)?(?:one|ones|side)\b(?:\s+too|\s+as\s+well)?|\bother\b")
MAX_BOUNDARIES = 6


@dataclass(frozen=True, slots=True)
class Reading:
    """What one message says: one or two episodes, and the reasons to confirm before saving."""

    whole: ParseResult  # the line read as one (its refusal, if any, wins)
    episodes: tuple[ParseResult, ...]
    reasons: tuple[str, ...]

    @property
    def count(self) -> int | None:
        return self.episodes[0].count if len(self.episodes) == 1 else None


def read_message(text: str, parse: Parser) -> Reading:
    """Parse a line, split in two when it reports two episodes, and list what was guessed."""
    whole = parse(text)
    two = split_two(text, parse, whole)
    episodes = (whole,) if two is None else two
    return Reading(whole, episodes, reasons_to_confirm(episodes))


def reasons_to_confirm(episodes: tuple[ParseResult, ...]) -> tuple[str, ...]:
    """Why this reading needs a "Did I get this right?" first (empty: save it at once)."""
    reasons: list[str] = []
    if len(episodes) > 1:
        reasons.append(f"I read {len(episodes)} episodes in your message; each is saved as its own entry.")
    for parsed in episodes:
        for typed, meant in parsed.fuzzy_words:
            reasons.append(f"I read “{typed}” as “{meant}”.")
        if parsed.side_conflict:
            reasons.append("You named both left and right, so I put “both sides”.")
        if parsed.time_guessed:
            reasons.append("“All night” has no start time, so the time below is a guess.")
    if len(episodes) == 1 and episodes[0].count is not None:
        reasons.append(f"You said “{_count_words(episodes[0])}”: one entry, or {episodes[0].count}?")
    return tuple(dict.fromkeys(reasons))


def _count_words(parsed: ParseResult) -> str:
    return (parsed.leftover or "").split(",")[0] or f"{parsed.count} times"


def split_two(text: str, parse: Parser, whole: ParseResult) -> tuple[ParseResult, ParseResult] | None:
    """Two episodes in one message, or None. "N minutes later …" starts the second N minutes after
    the first (it is not a duration); "… and right foot 4/10 at 5am" is a second entry when each
    half names a place and a strength and they differ."""
    norm = normalize(text)
    later = _LATER.search(norm)
    if later is not None and whole.refusal is None:
        return _split_later(norm, later, parse)
    if whole.count is not None or whole.refusal is not None:
        return None
    for index, boundary in enumerate(_BOUNDARY.finditer(norm)):
        if index >= MAX_BOUNDARIES:
            break
        pair = _split_at(norm[: boundary.start()], norm[boundary.end() :], parse)
        if pair is not None:
            return pair
    return None


def _split_later(norm: str, later: re.Match[str], parse: Parser) -> tuple[ParseResult, ParseResult] | None:
    first = parse(norm[: later.start()])
    rest = norm[later.end() :].strip(" ,.;")
    if first.draft.region is None or first.draft.intensity is None or not rest:
        return None
    amount = _amount(later["n"])
    second = parse(rest)
    if amount is None or (second.draft.region is None and not _SIDE_WORD.search(rest)):
        return None
    start = first.draft.started_at
    assert start is not None  # the parser always sets a start
    gap = timedelta(seconds=amount * _UNIT_SECONDS[later["unit"][0]])
    if "started_at" not in first.understood:  # no time said: the second is now, the first was before
        first = replace(first, draft=replace(first.draft, started_at=start - gap))
        start -= gap
    draft = replace(second.draft, started_at=start + gap)
    draft.nocturnal = first.draft.nocturnal or second.draft.nocturnal
    leftover = second.leftover
    if draft.region is None:  # "the right one too": the same place and kind, the side it names
        side = _SIDE_WORD.search(rest)
        named = side["side"] if side else None
        draft.region, draft.kind = first.draft.region, draft.kind or first.draft.kind
        draft.side = _OPPOSITE.get(first.draft.side) if named == "other" else Side(named) if named else None  # type: ignore[arg-type]
        leftover = _ONE_WORDS.sub(" ", leftover or "").strip(" ,") or None
    if draft.intensity is None:
        draft.intensity = first.draft.intensity
    return first, replace(second, draft=draft, leftover=leftover, count=None)


def _split_at(left: str, right: str, parse: Parser) -> tuple[ParseResult, ParseResult] | None:
    first, second = parse(left), parse(right)
    a, b = first.draft, second.draft
    if a.region is None or a.intensity is None or b.region is None or b.intensity is None:
        return None
    if (a.region, a.side) == (b.region, b.side):
        return None
    if "started_at" not in second.understood and "started_at" in first.understood:
        b = replace(b, started_at=a.started_at, nocturnal=a.nocturnal or b.nocturnal)
    return first, replace(second, draft=b)


def _amount(text: str) -> float | None:
    if "few" in text:
        return 3.0
    if "couple" in text:
        return 2.0
    return number_value(text)
