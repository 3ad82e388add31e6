"""How many episodes a line reports: "woke me up 3 times", "3 cramps last night", "twice".

Claimed before durations (which would otherwise swallow "3 times" unseen), so the parser can ask
"Save as 3 entries?" and, when saved as one, keep the words in the note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.episodes.lexicon import NUMBER_WORD_RE, number_value
from bot.episodes.textscan import Scan

OWNER = "count"
COUNT_MAX = 10  # more than this is not "that many entries": it stays a note

_TIMES = re.compile(
    rf"\b(?P<n>\d{{1,2}}|{NUMBER_WORD_RE})(?:\s*times|x)(?![a-z0-9])"
    r"|\b(?P<word>twice|thrice)\b"
)
_KINDS = r"(?:more\s+)?(?:cramps|spasms|episodes|attacks|charley\s+horses|twitches|jerks)\b"
_N_KINDS = re.compile(rf"\b(?P<n>\d{{1,2}}|{NUMBER_WORD_RE})(?=\s+{_KINDS})")
_WORD_COUNTS = {"twice": 2, "thrice": 3}


@dataclass(frozen=True, slots=True)
class Count:
    number: int | None  # 2..COUNT_MAX, or None when the line reports no count
    text: str | None  # the words as read ("woke me up 3 times"), kept in the note


def extract_count(scan: Scan) -> Count:
    """Read and claim a count of episodes; only the first one counts."""
    number, text = None, None
    for match in scan.take(_TIMES, OWNER):
        value = _WORD_COUNTS[match["word"]] if match["word"] else number_value(match["n"])
        if number is None and value is not None:
            number, text = int(value), match.group().strip()
    for match in scan.take(_N_KINDS, OWNER):
        value = number_value(match["n"])
        if number is None and value is not None:
            end = re.compile(_KINDS).match(scan.text, match.end() + 1)
            number = int(value)
            text = scan.text[match.start() : end.end() if end else match.end()]
    if number is None or not 2 <= number <= COUNT_MAX:
        return Count(None, text)
    return Count(number, text)
