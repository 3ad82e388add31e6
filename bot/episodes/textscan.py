"""A normalised line of text in which recognised phrases are "claimed" one extractor at a time.

Claimed characters are blanked in `masked`, so a number that belongs to a duration or a clock time
is never read again as an intensity. Each claimed character remembers its owner, which lets the
trigger free-text capture stop where another field starts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.lang.normalise import normalise, strip_invisible

__all__ = ["MAX_CHARS", "Scan", "normalize", "strip_invisible"]

# A one-line report is short; capping keeps every regex pass cheap on pasted essays.
MAX_CHARS = 400


def normalize(text: str) -> str:
    """Lower-case, ASCII-ish punctuation, single spaces, at most MAX_CHARS characters."""
    return normalise(
        text,
        head=MAX_CHARS * 2,
        invisible=True,
        half=True,  # "1½ min" -> "1.5 min"
        form="NFKC",
        apostrophes="straight",
        ascii_punctuation=True,
        limit=MAX_CHARS,
    )


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
