"""Lay words for body regions, sides and kinds of episode, as typed half awake at night."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.episodes.vocabulary import Kind, Region, Side

# The shared number vocabulary, re-exported for the parser modules.
from bot.lang.quantities import NUMBER_WORD_RE as NUMBER_WORD_RE
from bot.lang.quantities import NUMBER_WORDS as NUMBER_WORDS
from bot.lang.quantities import number_value as number_value


def word_set(words: str) -> frozenset[str]:
    """A set of words written as one space-separated string (easier to read and extend)."""
    return frozenset(words.split())


@dataclass(frozen=True, slots=True)
class RegionWord:
    region: Region
    # A plural of a paired body part ("calves", "legs") says "both sides" without the word "both".
    plural: bool = False


def _words(region: Region, singular: str, plural: str = "") -> dict[str, RegionWord]:
    table = {word: RegionWord(region) for word in singular.split()}
    table.update({word: RegionWord(region, plural=True) for word in plural.split()})
    return table


REGION_WORDS: dict[str, RegionWord] = {
    **_words(Region.CALF, "calf calve achilles clf cafl", "calves calfs"),
    **_words(Region.FOOT, "foot toe toes arch arches sole soles heel instep", "feet heels ankles"),
    **_words(Region.FOOT, "ankle"),
    **_words(Region.THIGH_FRONT, "thigh quad quads quadricep quadriceps", "thighs"),
    **_words(Region.HAMSTRING, "hamstring hammy hamstrung hammies", "hamstrings"),
    **_words(Region.HIP_GROIN, "hip groin glute glutes buttock buttocks bum butt adductor adductors", "hips"),
    **_words(Region.LOWER_BACK, "lumbar sacrum tailbone coccyx lowerback"),
    **_words(Region.UPPER_BACK, "thoracic scapula upperback"),
    **_words(Region.NECK_SHOULDER, "neck shoulder trap traps trapezius", "shoulders"),
    **_words(
        Region.ARM_HAND, "arm hand finger fingers wrist forearm bicep biceps tricep triceps elbow thumb palm"
    ),
    **_words(Region.ARM_HAND, "", "arms hands wrists forearms elbows"),
    **_words(Region.ABDOMEN, "stomach stomache abdomen belly tummy abs abdominal abdominals tum"),
    **_words(Region.JAW_FACE, "jaw face cheek eye eyelid eyelids lip lips chin tongue mouth"),
    **_words(Region.WHOLE_LEG, "leg", "legs"),
    **_words(Region.OTHER, "shin shins knee knees chest rib ribs bladder diaphragm"),
}

# Several-word names, tried before single words so "back of my thigh" is not read as "thigh".
_MY = r"(?:(?:my|the|his|her)\s+)?"
REGION_PHRASES: tuple[tuple[re.Pattern[str], RegionWord], ...] = tuple(
    (re.compile(pattern), word)
    for pattern, word in (
        (r"\bcharl(?:ey|ie|y)\s*horses?\b", RegionWord(Region.CALF)),
        (rf"\bback\s+of\s+{_MY}(?:thigh|upper\s+leg|leg)\b", RegionWord(Region.HAMSTRING)),
        (rf"\bbacks\s+of\s+{_MY}(?:thighs|legs)\b", RegionWord(Region.HAMSTRING, plural=True)),
        (rf"\bfront\s+of\s+{_MY}thigh\b", RegionWord(Region.THIGH_FRONT)),
        (rf"\bfronts?\s+of\s+{_MY}thighs\b", RegionWord(Region.THIGH_FRONT, plural=True)),
        (r"\binner\s+thighs?\b", RegionWord(Region.HIP_GROIN)),
        (r"\bupper\s+legs?\b", RegionWord(Region.THIGH_FRONT)),
        (rf"\b(?:lower|low)[\s-]+back\b|\bsmall\s+of\s+{_MY}back\b", RegionWord(Region.LOWER_BACK)),
        (r"\b(?:upper|mid|middle)[\s-]+back\b", RegionWord(Region.UPPER_BACK)),
        (r"\bshoulder[\s-]*blades?\b|\bbetween\s+(?:my\s+)?shoulders?\b", RegionWord(Region.UPPER_BACK)),
        (rf"\bback\s+of\s+{_MY}neck\b", RegionWord(Region.NECK_SHOULDER)),
        (rf"\b(?:bottom|sole|top|ball)s?\s+of\s+{_MY}(?:foot|feet)\b", RegionWord(Region.FOOT)),
        (rf"\bback\s+of\s+{_MY}knees?\b", RegionWord(Region.OTHER)),
        (r"\b(?:whole|entire|full)\s+leg\b", RegionWord(Region.WHOLE_LEG)),
        (r"\b(?:whole|entire|full)\s+legs\b", RegionWord(Region.WHOLE_LEG, plural=True)),
        (r"\b(?:whole|entire)\s+body\b|\ball\s+over\b", RegionWord(Region.OTHER)),
        (r"\bpelvic\s+floor\b", RegionWord(Region.HIP_GROIN)),
    )
)
# "charley horse" is also the kind: a cramp.
CHARLEY_HORSE = re.compile(r"charl(?:ey|ie|y)\s*horse")

KIND_PATTERNS: tuple[tuple[re.Pattern[str], Kind], ...] = (
    (re.compile(r"(?:cramp|crmap|cramo)\w*"), Kind.CRAMP),
    (re.compile(r"(?:spasm|spams|spazm|spasam)\w*|spastic\w*"), Kind.SPASM),
    (re.compile(r"stiff\w*|tight(?:ness|ening|ened|er)?|rigid\w*|locked"), Kind.STIFFNESS),
    (
        re.compile(r"twitch\w*|jerk(?:s|ing|ed)?|jump(?:s|ing|ed|y)|clon(?:us|ic)|kicking|kicks|fascicul\w*"),
        Kind.TWITCH,
    ),
)

SIDE_WORDS: dict[str, Side] = {
    **dict.fromkeys(word_set("left lft lt lef leftt lfet l"), Side.LEFT),
    **dict.fromkeys(word_set("right rt rght rigth rihgt righ r"), Side.RIGHT),
    **dict.fromkeys(word_set("both bilateral bilaterally"), Side.BOTH),
}
# One-letter and abbreviated sides only count right next to a region ("l calf").
SHORT_SIDE_WORDS = frozenset({"l", "r", "lt", "rt"})
# "right now", "right after", "left after 2 min": not sides.
NOT_SIDE_AFTER = word_set("now after before away when then there here as at in on it me to over from off")
SIDE_PHRASES: tuple[tuple[re.Pattern[str], Side], ...] = (
    (re.compile(r"\b(?:on\s+)?both\s+sides\b|\bbilateral(?:ly)?\b|\bboth\s+of\s+them\b"), Side.BOTH),
    (re.compile(r"\bon\s+(?:the|my)\s+left\b|\bleft[\s-]+(?:side|sided)\b"), Side.LEFT),
    (re.compile(r"\bon\s+(?:the|my)\s+right\b|\bright[\s-]+(?:side|sided)\b"), Side.RIGHT),
)

# Fuzzy matching catches typos ("hamstirng", "shoudler", "spsam"). It only runs on words of five
# letters or more, keeps the first letter (people rarely mistype it) and skips real English words
# that sit one edit away from a body word.
FUZZY_MIN_LEN = 5
FUZZY_BLOCKLIST = word_set(
    "angle angles carve carved carves calmes clamp clamps clamping camping spamming staff stuff sniff "
    "groan grain check cheer cheeky month lumber bells bully billy charles sores thump finder"
)
_FUZZY_TARGETS: tuple[str, ...] = tuple(
    sorted(
        {w for w in REGION_WORDS if len(w) >= FUZZY_MIN_LEN and REGION_WORDS[w].region is not Region.OTHER}
        | {"cramp", "cramps", "cramping", "spasm", "spasms", "spasming", "stiff", "stiffness", "twitch"}
        | {"twitching", "twitches", "charley"}
    )
)


def fuzzy_body_word(word: str) -> str | None:
    """The region or kind word that `word` is a likely typo of, or None."""
    if len(word) < FUZZY_MIN_LEN or word in FUZZY_BLOCKLIST or not word.isalpha():
        return None
    cutoff = 1 if len(word) < 8 else 2
    candidates = [t for t in _FUZZY_TARGETS if t[0] == word[0]]
    best = process.extractOne(word, candidates, scorer=OSA.distance, score_cutoff=cutoff)
    return best[0] if best else None


def kind_of(word: str) -> Kind | None:
    for pattern, kind in KIND_PATTERNS:
        if pattern.fullmatch(word):
            return kind
    return None
