"""The intent rules: one pass, first rule that fits wins.

Order matters and is deliberate: reminders and "add to my plan" are recognised by how they start,
so "remind me at 22:30 to write down my night spasms" never becomes an entry; small talk and noise
next (never the FAQ, never an emergency topic); then a question about medicines (the pharmacist
comes first); then the episode parser decides what reads like a report; what is left is a question,
or — when it names a body part or a cramp but says nothing more — one question back with buttons.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.episodes.parse import ParseResult, parse_episode_line, reads_habitual
from bot.episodes.textscan import normalize
from bot.intents import lexicon as lx
from bot.intents.remind_text import reminder_args
from bot.plan.parse import TookLine, parse_took_line

_WORD = re.compile(r"[a-zà-ÿ']+")
_LETTER = re.compile(r"[a-zà-ÿ]")
_MASH = re.compile(r"^(?:[^aeiouy\s]{5,}|(.)\1{2,}|[a-z]*(?:asdf|qwer|zxcv|hjkl|jkjk|sdfg)[a-z]*)$")
# "HOW DO I MAKE IT STOP" typed mid-cramp names no muscle: it means "how do I stop a cramp now".
_MID_CRAMP = re.compile(
    r"\bmake\s+it\s+(?:stop|go\s+away|let\s+go|ease)|\bit\s+(?:won'?t|will\s+not|doesn'?t)\s+(?:stop|let\s+go)"
    r"|\bhow\s+(?:do|can)\s+i\s+stop\s+(?:it|this)\b"
)
FIRST_AID_QUESTION = "how do I stop a cramp right now"
# "had" is a dose only with a medicine word after it ("had my baclofen"), never "had a cramp".
_HAD = re.compile(r"^\s*(?:i\s+)?(?:just\s+)?had\b", re.IGNORECASE)
_REFERENCE_DAY = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)  # classification does not depend on "now"


class IntentKind(StrEnum):
    EPISODE = "episode"
    QUESTION = "question"
    REMINDER = "reminder"
    PLAN = "plan"  # "add … to my plan": filled in by the plan feature when it exists
    DOSE = "dose"  # "took baclofen", "just took my ibuprofen": a dose taken, for the plan
    GREETING = "greeting"
    THANKS = "thanks"
    HELP = "help"
    NOTHING = "nothing"  # "no cramps last night": good news, nothing to log
    NONSENSE = "nonsense"  # emoji, "lol", keyboard mash
    FOREIGN = "foreign"  # not English: say so once, kindly
    AMBIGUOUS = "ambiguous"  # "calf cramp": log it, or answer it? ask


@dataclass(frozen=True, slots=True)
class Intent:
    kind: IntentKind
    medicine: bool = False  # a question about doses or combining medicines: pharmacist first
    remind_args: str | None = None  # REMINDER: the same request in /remind's words, when it reads as one
    ask_as: str | None = None  # QUESTION: what to look up when the words alone name no subject
    took: TookLine | None = None  # DOSE: the medicine and when, as the line said it


def classify(text: str, parsed: ParseResult | None = None, *, doses: bool = True) -> Intent:
    """What `text` wants. `parsed` is the episode parser's reading (parsed here when not given).
    `doses=False`: what the line wants when it is not a dose of one of the person's medicines."""
    norm = normalize(text)
    if parsed is None:
        parsed = parse_episode_line(text, now=_REFERENCE_DAY, tz=ZoneInfo("UTC"))
    for rule in (_by_shape, _by_start, _small_talk):
        kind = rule(norm, parsed)
        if kind is not None:
            args = reminder_args(norm) if kind is IntentKind.REMINDER else None
            return Intent(kind, remind_args=args)
    took = _dose_line(text, norm, parsed) if doses else None
    if took is not None:
        return Intent(IntentKind.DOSE, took=took)
    if _is_medicine_question(norm):
        return Intent(IntentKind.QUESTION, medicine=True)
    kind = _episode_or_question(norm, parsed)
    if kind is IntentKind.QUESTION and _MID_CRAMP.search(norm):
        return Intent(kind, ask_as=FIRST_AID_QUESTION)
    return Intent(kind)


def _dose_line(text: str, norm: str, parsed: ParseResult) -> TookLine | None:
    """ "took baclofen" (any capitals, typos in the name are the plan's to resolve): a dose, unless
    the line asks something or reports an episode ("took a hot bath, calf cramp 6/10")."""
    took = parse_took_line(text)
    draft = parsed.draft
    if took is None or took.name is None or "?" in norm or parsed.looks_like_episode:
        return None
    if draft.region is not None or draft.intensity is not None or draft.kind is not None:
        return None
    if _HAD.match(text) and not lx.MEDICINE_NAMES.search(took.name.lower()):
        return None
    return took


def _by_shape(norm: str, parsed: ParseResult) -> IntentKind | None:
    if lx.OTHER_SCRIPT.search(norm) or _foreign_words(norm):
        return IntentKind.FOREIGN
    if not _LETTER.search(norm):
        if lx.THANKS_EMOJI.search(norm):
            return IntentKind.THANKS
        # "7/10" or "8" alone is a report without a place: the flow asks for the rest
        return (
            IntentKind.EPISODE
            if parsed.draft.intensity is not None and parsed.looks_like_episode
            else (IntentKind.NONSENSE)
        )
    if lx.ACK.match(norm):
        return IntentKind.THANKS
    words = _WORD.findall(norm)
    if words and all(w in lx.FILLER or _MASH.match(w) for w in words) and len(words) <= 4:
        return IntentKind.NONSENSE
    return None


def _foreign_words(norm: str) -> bool:
    words = _WORD.findall(norm)
    foreign = sum(w in lx.FOREIGN_WORDS for w in words)
    english = sum(w in lx.ENGLISH_WORDS for w in words)
    return (foreign >= 2 and foreign > english) or (foreign == 1 and english == 0 and len(words) <= 3)


def _by_start(norm: str, parsed: ParseResult) -> IntentKind | None:
    if lx.REMIND_START.search(norm) or (reminder_args(norm, strict=True) is not None):
        return IntentKind.REMINDER
    if lx.PLAN.search(norm):
        return IntentKind.PLAN
    if lx.NO_EPISODE_START.search(norm) and "?" not in norm:
        return IntentKind.NOTHING
    return None


def _small_talk(norm: str, parsed: ParseResult) -> IntentKind | None:
    words = _WORD.findall(norm)
    if lx.THANKS.match(norm) and len(words) <= 6:
        return IntentKind.THANKS
    if lx.HELP.fullmatch(norm.strip(" !?.")):
        return IntentKind.HELP
    if lx.GREETING.match(norm):
        rest = lx.GREETING.sub("", norm, count=1).strip(" ,.!?")
        if not rest or rest in lx.GREETING_TAIL:
            return IntentKind.GREETING
        if lx.HELP.fullmatch(rest.strip(" !?.")):
            return IntentKind.HELP
        if lx.INTRODUCTION.search(rest) and "/10" not in norm:
            return IntentKind.GREETING  # "Hello, I am Maria, 52, I have MS…"
    return None


def _is_medicine_question(norm: str) -> bool:
    if not lx.ASKING.search(norm):
        return False
    if lx.DOSE_WORDS.search(norm):
        return True
    return bool(lx.MEDICINE_NAMES.search(norm) and lx.COMBINE.search(norm) and "take" in norm)


def _episode_or_question(norm: str, parsed: ParseResult) -> IntentKind:
    if lx.QUESTION_LEAD.match(norm):
        return IntentKind.QUESTION
    if parsed.looks_like_episode:
        return IntentKind.EPISODE
    if lx.QUESTION_CUE.search(norm) or reads_habitual(norm):
        return IntentKind.QUESTION
    draft = parsed.draft
    if draft.region is not None or draft.kind is not None:
        return IntentKind.AMBIGUOUS
    return IntentKind.QUESTION


_NOT_PLACES = frozenset(
    {
        IntentKind.EPISODE,
        IntentKind.REMINDER,
        IntentKind.PLAN,
        IntentKind.DOSE,
        IntentKind.HELP,
        IntentKind.THANKS,
        IntentKind.GREETING,
        IntentKind.NOTHING,
        IntentKind.AMBIGUOUS,
    }
)


def could_be_a_place(text: str) -> bool:
    """Whether a line typed at the time-zone question may be a place ("Mumbai", "new york",
    "Europe/Berlin") rather than something else typed on (an entry, a question, thanks)."""
    norm = normalize(text)
    if len(_WORD.findall(norm)) > 4 or lx.QUESTION_CUE.search(norm):
        return False
    return classify(text).kind not in _NOT_PLACES
