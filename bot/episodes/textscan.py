"""A normalised line of text in which recognised phrases are "claimed" one extractor at a time.

Claimed characters are blanked in `masked`, so a number that belongs to a duration or a clock time
is never read again as an intensity. Each claimed character remembers its owner, which lets the
trigger free-text capture stop where another field starts.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

# A one-line report is short; capping keeps every regex pass cheap on pasted essays.
MAX_CHARS = 400

_PUNCT = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u02bc": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u2044": "/",
    }
)
_SPACES = re.compile(r"\s+")
# Terminal escapes (ESC [ … letter, ESC ] … BEL/ST, and lone ESC pairs): "\x1b[31m" must not
# leave "31m" behind to be read as 31 minutes.
_ANSI = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])|\x9b[0-?]*[ -/]*[@-~]"
)
_KEEP_CONTROLS = frozenset("\t\n\r\f\v")


def strip_invisible(text: str) -> str:
    """Remove terminal escapes, control characters (whitespace ones become spaces) and invisible
    format characters (zero-width spaces and joiners, bidi marks, BOM), which would otherwise split
    a word (a zero-width space inside "calf") or hide what the line says."""
    text = _ANSI.sub("", text)
    return "".join(
        " " if char in _KEEP_CONTROLS else char
        for char in text
        if char in _KEEP_CONTROLS or unicodedata.category(char) not in ("Cc", "Cf")
    )


def normalize(text: str) -> str:
    """Lower-case, ASCII-ish punctuation, single spaces, at most MAX_CHARS characters."""
    text = strip_invisible(text[: MAX_CHARS * 2]).replace("\u00bd", ".5")  # "1½ min" -> "1.5 min"
    text = unicodedata.normalize("NFKC", text).translate(_PUNCT).lower()
    return _SPACES.sub(" ", text).strip()[:MAX_CHARS]


class Scan:
    """The normalised text plus a masked copy; see the module docstring."""

    __slots__ = ("_masked", "_owners", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._masked = text
        self._owners: list[str | None] = [None] * len(text)

    @property
    def masked(self) -> str:
        return self._masked

    def claim(self, start: int, end: int, owner: str) -> None:
        self._masked = self._masked[:start] + " " * (end - start) + self._masked[end:]
        for i in range(start, end):
            self._owners[i] = owner

    def owner_at(self, index: int) -> str | None:
        return self._owners[index]

    def is_free(self, start: int, end: int) -> bool:
        return all(owner is None for owner in self._owners[start:end])

    def matches(self, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
        """Matches in the not-yet-claimed text (against a snapshot: claiming while iterating is safe)."""
        return pattern.finditer(self._masked)

    def take(self, pattern: re.Pattern[str], owner: str) -> list[re.Match[str]]:
        """Claim every match of `pattern` for `owner` and return the matches."""
        found = list(pattern.finditer(self._masked))
        for match in found:
            self.claim(match.start(), match.end(), owner)
        return found
