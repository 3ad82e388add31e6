"""One text normaliser; each caller states what it needs as options.

The steps always run in this order, so a set of options always means the same thing:
cut the raw text (`head`) → drop terminal escapes and invisible characters (`invisible`) → "½" as
".5" (`half`) → Unicode form (`form`) → strip accents (`accents`) / keep ASCII only (`ascii_only`)
→ characters read as spaces (`as_space`) → apostrophes (`apostrophes`) → curly double quotes, dashes
and the fraction slash as ASCII (`ascii_punctuation`) → case (`case`) → punctuation (`punctuation`)
→ whitespace collapsed and trimmed (`collapse`) → cut the result (`limit`).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

Form = Literal["NFC", "NFKC", "NFD", "NFKD"]

# Every way people (and phone keyboards) type an apostrophe: "can’t", "canʼt", "can`t", "can´t".
APOSTROPHES = "'\u2018\u2019\u02bc`\u00b4"
_STRAIGHT_APOSTROPHES = str.maketrans(dict.fromkeys(APOSTROPHES[1:], "'"))
_NO_APOSTROPHES = str.maketrans(dict.fromkeys(APOSTROPHES))
_ASCII_PUNCTUATION = str.maketrans(
    {
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
        "\u2212": "-",  # minus sign
        "\u2044": "/",  # fraction slash: NFKC turns "½" into "1⁄2"
    }
)
# Terminal escapes (ESC [ … letter, ESC ] … BEL/ST, and lone ESC pairs): "\x1b[31m" must not
# leave "31m" behind to be read as 31 minutes.
_ANSI = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])|\x9b[0-?]*[ -/]*[@-~]"
)
_KEEP_CONTROLS = frozenset("\t\n\r\f\v")
# With punctuation="space": anything but letters, digits, apostrophes, hyphens and spaces.
_PUNCTUATION = re.compile(r"(?:[^\w' -]|_)+")


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


def normalise(
    text: str,
    *,
    head: int | None = None,
    invisible: bool = False,
    half: bool = False,
    form: Form | None = None,
    accents: bool = True,
    ascii_only: bool = False,
    as_space: str = "",
    apostrophes: Literal["keep", "straight", "drop"] = "keep",
    ascii_punctuation: bool = False,
    case: Literal["keep", "lower", "casefold"] = "lower",
    punctuation: Literal["keep", "space"] = "keep",
    collapse: bool = True,
    limit: int | None = None,
) -> str:
    """`text` normalised as the options say (defaults: lower-cased, whitespace collapsed).

    head: look at most at this many characters of the input (keeps every later pass cheap).
    invisible=False: drop terminal escapes, control and zero-width characters (controls that are
      whitespace become spaces).
    half: "½" becomes ".5" ("1½ min" → "1.5 min").
    form: a Unicode normal form; "NFKC" folds full-width digits and ligatures, "NFKD" splits accents.
    accents=False: drop combining marks ("Zürich" → "Zurich" after form="NFKD").
    ascii_only: drop every character that is not ASCII (accents, curly quotes, emoji).
    as_space: characters read as spaces ("_" in "New_York").
    apostrophes: "straight" turns every apostrophe into "'", "drop" removes them ("can't" → "cant").
    ascii_punctuation: curly double quotes, en/em dashes, the minus sign and the fraction slash as
      ASCII ('"', "-", "/"), so "7⁄10" and "2–3 min" read like "7/10" and "2-3 min".
    case: "lower", "casefold" (also "ß" → "ss") or "keep".
    punctuation="space": every character except letters, digits, apostrophes, hyphens and spaces
      becomes a space; "keep" leaves "7/10", "?" and emoji in place.
    collapse: runs of whitespace become one space, and the ends are trimmed.
    limit: cut the result to this many characters.
    """
    if head is not None:
        text = text[:head]
    if invisible:
        text = strip_invisible(text)
    if half:
        text = text.replace("\u00bd", ".5")
    text = _characters(text, form, accents=accents, ascii_only=ascii_only, as_space=as_space)
    if apostrophes != "keep":
        text = text.translate(_STRAIGHT_APOSTROPHES if apostrophes == "straight" else _NO_APOSTROPHES)
    if ascii_punctuation:
        text = text.translate(_ASCII_PUNCTUATION)
    if case == "lower":
        text = text.lower()
    elif case == "casefold":
        text = text.casefold()
    if punctuation == "space":
        text = _PUNCTUATION.sub(" ", text)
    if collapse:
        text = " ".join(text.split())
    if limit is not None:
        text = text[:limit]
    return text


def _characters(text: str, form: Form | None, *, accents: bool, ascii_only: bool, as_space: str) -> str:
    """The Unicode steps: normal form, accents, ASCII only, characters read as spaces."""
    if text.isascii():  # every normal form of ASCII is itself, with no accents: skip the work
        form, accents, ascii_only = None, True, False
    if form is not None:
        text = unicodedata.normalize(form, text)
    if not accents:
        text = "".join(char for char in text if not unicodedata.combining(char))
    if ascii_only:
        text = text.encode("ascii", "ignore").decode("ascii")
    for char in as_space:
        text = text.replace(char, " ")
    return text
