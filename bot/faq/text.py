"""Normalising, tokenising and light stemming shared by the matcher and its index."""

from __future__ import annotations

import re

from bot.lang.normalise import normalise as _normalise

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")

# Function words carry no topic; "not"/"no" are dropped too because matching is about topic,
# negation only matters for red flags, which use their own engine.
STOPWORDS = frozenset(
    """
    a about above after again against all am an and any are aren't as at be because been before being below
    between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each
    few for from further get gets getting got had hadn't has hasn't have haven't having he her here hers herself
    him himself his how i i'd i'll i'm i've if in into is isn't it it's its itself just know let's like lot me
    might more most much my myself no nor not now of off on once only or other ought our ours ourselves out over
    own please really same shan't she should shouldn't so some such than thank thanks that that's the their
    theirs them themselves then there there's these they they'd they'll they're they've this those though
    through to too under until up very was wasn't we we'd we'll we're we've were weren't what what's
    where which while whom will with won't would wouldn't you you'd you'll you're you've your yours
    yourself yourselves also ever even keep kind anyone someone something anything thing things tell say said
    lately always often sometimes still bit quite pretty hi hello hey ok okay yes yeah wondering wonder
    whats hows im ive id dont cant cannot doesnt didnt isnt wont arent wasnt havent thats theres youre u ur
    likely actually exactly basically literally honestly anyway lol stuff
    """.split()  # noqa: SIM905 - a word block is easier to review than a quoted list
)


def normalise(text: str) -> str:
    """Lower-case ASCII-ish text with straight apostrophes and single spaces."""
    return _normalise(text, form="NFKD", ascii_only=True, apostrophes="straight", punctuation="space")


def words(normalised: str) -> list[str]:
    return _WORD.findall(normalised)


def stem(word: str) -> str:
    """A deliberately light suffix stripper: enough to join cramp/cramps/cramping."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("'s"):
        word = word[:-2]
    for suffix, replacement, keep in (("ies", "y", 3), ("sses", "ss", 2), ("ness", "", 4), ("ly", "", 4)):
        if word.endswith(suffix) and len(word) - len(suffix) >= keep:
            return word[: -len(suffix)] + replacement
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return _undouble(word[: -len(suffix)])
    if word.endswith("es") and word[-3] in "xzh":
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    # a final silent e is dropped so cause/causes/causing/caused all become "caus"
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def _undouble(word: str) -> str:
    # "stopp" -> "stop", "runn" -> "run"; keep legitimate doubles like "stiff", "spell"
    if len(word) >= 4 and word[-1] == word[-2] and word[-1] not in "lsfz":
        return word[:-1]
    return word


def content_tokens(text: str) -> list[str]:
    """Stemmed tokens without stopwords, from raw or normalised text."""
    return [stem(word) for word in words(normalise(text)) if word not in STOPWORDS]
