"""Where and what: body region, side and kind, plus an intensity given as a bare number ("calf 7").

The line is read as a row of items (recognised words, numbers, other words) so that "near" can be
measured in words: a side belongs to the region it stands next to, and a bare number is an
intensity only right after a region, kind or side word ("calf cramp 7", "left calf, about 6").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from bot.episodes.lexicon import (
    CHARLEY_HORSE,
    NOT_SIDE_AFTER,
    REGION_PHRASES,
    REGION_WORDS,
    SHORT_SIDE_WORDS,
    SIDE_PHRASES,
    SIDE_WORDS,
    fuzzy_body_word,
    kind_of,
    number_value,
    word_set,
)
from bot.episodes.model import INTENSITY_MAX, INTENSITY_MIN
from bot.episodes.textscan import Scan
from bot.episodes.vocabulary import REGION_LABELS, Kind, Region, Side

OWNER = "body"
INTENSITY_OWNER = "intensity"

_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?|\d+(?:[.,]\d+)?")
# Words that announce an intensity ("intensity 7", "pain 8") as well as body words do.
_INTENSITY_WORDS = word_set("intensity severity sev level lvl score rated rate rating strength")
_PAIN_WORDS = word_set("pain pains painful hurts hurt sore")
# Body words too vague to be a region ("my back": lower or upper?) still anchor an intensity.
_VAGUE_BODY_WORDS = word_set("back muscle muscles body")
# Words allowed between an anchor and its number: "calf cramp was about a 7".
_FILLERS = word_set(
    "a an about around abt maybe like approx approximately roughly prob probably perhaps is was its it's it "
    "at of now just really the my me gave give solid easily strong intense severe bad mild moderate very super "
    "hard real pretty kinda say i'd id would be ish"
)
_MAX_FILLERS = 3
# A number followed by these counts things ("3 cramps", "2 of them"), it is not an intensity.
_COUNT_NEXT = word_set("times x of more")
_CONJUNCTIONS = word_set("and & or n + plus")
_SIDE_GAP_WORDS = word_set("my the of lower upper inner outer")


@dataclass(frozen=True, slots=True)
class _Item:
    start: int
    category: str  # "region", "kind", "side", "anchor", "number", "word"
    text: str
    region: Region | None = None
    plural: bool = False
    kind: Kind | None = None
    side: Side | None = None
    side_phrase: bool = False  # "on the left": no neighbour needed
    meant: str | None = None  # the word a typo was read as ("clf" -> "calf")


@dataclass(frozen=True, slots=True)
class BodyFacts:
    region: Region | None
    side: Side | None
    kind: Kind | None
    bare_intensity: int | None
    fuzzy_words: tuple[tuple[str, str], ...] = ()  # (typed, read as) for words matched as typos
    side_conflict: bool = False  # left and right both named, not joined as "left and right"


def extract_body(scan: Scan) -> BodyFacts:
    """Read and claim region, side and kind words, then a bare-number intensity next to them."""
    items = _items(scan)
    region_index = _chosen_region(items)
    kinds = [item.kind for item in items if item.kind is not None]
    return BodyFacts(
        region=None if region_index is None else items[region_index].region,
        side=_side(items, region_index),
        kind=kinds[0] if kinds else None,
        bare_intensity=_bare_intensity(scan, items),
        fuzzy_words=tuple((item.text, item.meant) for item in items if item.meant is not None),
        side_conflict=_sides_conflict(items),
    )


def _sides_conflict(items: list[_Item]) -> bool:
    """ "left calf 7/10 … right": both sides named apart. "left and right calf", "l & r" say both."""
    sided = [(i, item.side) for i, item in enumerate(items) if item.side in (Side.LEFT, Side.RIGHT)]
    if len({side for _i, side in sided}) < 2:
        return False
    for (i, side), (j, other) in pairwise(sided):
        between = items[i + 1 : j]
        if side is not other and all(item.text in _CONJUNCTIONS for item in between):
            return False
    return True


def _items(scan: Scan) -> list[_Item]:
    items: list[_Item] = []
    for pattern, word in REGION_PHRASES:
        for match in scan.take(pattern, OWNER):
            kind = Kind.CRAMP if CHARLEY_HORSE.match(match.group()) else None
            items.append(_Item(match.start(), "region", match.group(), word.region, word.plural, kind=kind))
    for pattern, side in SIDE_PHRASES:
        for match in scan.take(pattern, OWNER):
            items.append(_Item(match.start(), "side", match.group(), side=side, side_phrase=True))
    for token in scan.matches(_TOKEN):
        items.append(_classify(scan, token))
    return sorted(items, key=lambda item: item.start)


def _classify(scan: Scan, token: re.Match[str]) -> _Item:
    word, start = token.group(), token.start()
    if word[0].isdigit():
        return _Item(start, "number", word)
    looked_up = word if (word in REGION_WORDS or kind_of(word)) else None
    if looked_up is None and word not in SIDE_WORDS and word not in _INTENSITY_WORDS:
        looked_up = fuzzy_body_word(word)
    meant = looked_up if looked_up is not None and looked_up != word else None
    if looked_up is not None and looked_up in REGION_WORDS:
        scan.claim(token.start(), token.end(), OWNER)
        found = REGION_WORDS[looked_up]
        label = REGION_LABELS[found.region] if meant else None
        return _Item(start, "region", word, found.region, found.plural, meant=label)
    if looked_up is not None and (kind := kind_of(looked_up)) is not None:
        scan.claim(token.start(), token.end(), OWNER)
        return _Item(start, "kind", word, kind=kind, meant=meant)
    if word in SIDE_WORDS:
        return _Item(start, "side", word, side=SIDE_WORDS[word])
    if word in _INTENSITY_WORDS or word in _PAIN_WORDS or word in _VAGUE_BODY_WORDS:
        return _Item(start, "anchor", word)
    return _Item(start, "word", word)


def _chosen_region(items: list[_Item]) -> int | None:
    """The first specific region; "leg" and "other" only when nothing more specific is named."""
    for wanted in (lambda r: r not in (Region.WHOLE_LEG, Region.OTHER), lambda r: r is Region.WHOLE_LEG):
        for index, item in enumerate(items):
            if item.region is not None and wanted(item.region):
                return index
    return next((i for i, item in enumerate(items) if item.region is not None), None)


def _side(items: list[_Item], region_index: int | None) -> Side | None:
    if region_index is None:
        return None
    linked: dict[int, list[Side]] = {}
    for index, item in enumerate(items):
        if item.side is None:
            continue
        target = region_index if item.side_phrase else _region_next_to(items, index)
        if target is not None:
            linked.setdefault(target, []).append(item.side)
    sides = linked.get(region_index) or next(iter(linked.values()), []) or _loose_side(items)
    if not sides:
        return Side.BOTH if items[region_index].plural else None
    if Side.BOTH in sides or (Side.LEFT in sides and Side.RIGHT in sides):
        return Side.BOTH
    return sides[0]


def _region_next_to(items: list[_Item], index: int) -> int | None:
    """The region a side word stands next to: "left calf", "both of my calves", "calf left", "l & r calf"."""
    item = items[index]
    following = items[index + 1] if index + 1 < len(items) else None
    if item.text in ("left", "right") and following is not None and following.text in NOT_SIDE_AFTER:
        return None  # "right now", "left after 2 min"
    short = item.text in SHORT_SIDE_WORDS
    allowed_gap = 0 if short else (2 if item.side is Side.BOTH else 1)
    gap = 0
    for ahead in range(index + 1, len(items)):
        other = items[ahead]
        if other.region is not None:
            return ahead
        if other.side is not None or other.text in _CONJUNCTIONS:
            continue
        if other.category != "word" or other.text not in _SIDE_GAP_WORDS or gap >= allowed_gap:
            break
        gap += 1
    for back in range(index - 1, max(index - 3, -1), -1):  # "calf left", "calf cramp left"
        if items[back].region is not None:
            return back
        if items[back].kind is None:
            break
    return None


def _loose_side(items: list[_Item]) -> list[Side]:
    """ "calf cramp after a run, right, 7/10": a side word on its own belongs to the only region."""
    if sum(item.region is not None for item in items) != 1:
        return []
    loose = []
    for index, item in enumerate(items):
        following = items[index + 1] if index + 1 < len(items) else None
        if item.side is None or item.text in SHORT_SIDE_WORDS:
            continue
        if following is not None and following.text in NOT_SIDE_AFTER:
            continue
        loose.append(item.side)
    return loose


def _bare_intensity(scan: Scan, items: list[_Item]) -> int | None:
    for index, item in enumerate(items):
        if item.category != "number":
            continue
        value = number_value(item.text)
        if value is None or not INTENSITY_MIN <= value <= INTENSITY_MAX or not _anchored(items, index):
            continue
        following = items[index + 1] if index + 1 < len(items) else None
        if following is not None and (
            following.text in _COUNT_NEXT or (following.kind is not None and following.text.endswith("s"))
        ):
            continue  # "3 cramps", "2 of them"
        scan.claim(item.start, item.start + len(item.text), INTENSITY_OWNER)
        return round_half_up(value)
    return None


def _anchored(items: list[_Item], index: int) -> bool:
    """Is the number at `index` preceded by a body/kind/side/intensity word, with at most a few fillers?"""
    lookback = items[max(0, index - _MAX_FILLERS - 1) : index]
    for item in reversed(lookback):
        if item.category in ("region", "kind", "side", "anchor"):
            return True
        if item.category != "word" or item.text not in _FILLERS:
            return False
    return False


def round_half_up(value: float) -> int:
    """6.5 -> 7 (Python's round() would give 6)."""
    return int(value + 0.5)
