"""A typed reply to the question the /log flow has open ("How strong?", "Which side?", "When?").

`read_answer` merges what the text says into the draft: the field the screen asks for is set, any
other field is only filled when still empty, so nothing already chosen is lost. None means the text
is not an answer (a question, a reminder, small talk): the handler then treats it as if no step
were open. A new line naming another body part is not an answer either: it is a new entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.episodes.flow import Moment, draft_from_json, draft_to_json, first_screen
from bot.episodes.model import INTENSITY_MAX, EpisodeDraft
from bot.episodes.parse import ParseResult, parse_episode_line
from bot.episodes.textscan import normalize
from bot.episodes.vocabulary import Helped, Side
from bot.intents.lexicon import QUESTION_CUE, QUESTION_LEAD
from bot.intents.router import IntentKind, classify
from bot.lang.quantities import NUMBER_WORDS

_TEN_WORDS = {word: n for word, n in NUMBER_WORDS.items() if n <= INTENSITY_MAX and word not in ("a", "an")}
_NUMBER = "|".join([r"\d{1,2}(?:[.,]5)?", *sorted(_TEN_WORDS, key=len, reverse=True)])
_BARE_NUMBER = re.compile(
    rf"^(?:about|around|maybe|like|probably|prob|i'?d\s+say|roughly|a|an)?\s*(?P<n>{_NUMBER})"
    r"(?:\s*(?:/|out\s+of|outta|of)\s*(?:10|ten))?\s*(?:please|pls)?[\s.!]*$"
)
_SIDE = re.compile(
    r"^(?:it\s+was\s+|on\s+)?(?:the\s+|my\s+)?(?P<side>left|right|both|l|r)"
    r"(?:\s+(?:one|ones|side|sides|leg|legs|of\s+them|calf|foot|arm))?[\s.!]*$"
)
_SIDE_WORDS = {"left": Side.LEFT, "l": Side.LEFT, "right": Side.RIGHT, "r": Side.RIGHT, "both": Side.BOTH}
YES = re.compile(
    r"^(?:yes|yep|yeah|yup|ya|y|sure|ok|okay|correct|right|that'?s\s+right|save(?:\s+it)?|looks\s+good"
    r"|all\s+good|done)(?:\s+please|\s+thanks?)?[\s.!]*$"
)
NO = re.compile(r"^(?:no|nope|nah|n|not\s+really|not\s+at\s+all|didn'?t)(?:\s+thanks?)?[\s.!]*$")
_PARTLY = re.compile(
    r"^(?:a\s+(?:bit|little)|partly|partially|somewhat|kind\s+of|sort\s+of|a\s+little)[\s.!]*$"
)
_NOT_ANSWERS = frozenset(
    {IntentKind.QUESTION, IntentKind.REMINDER, IntentKind.PLAN, IntentKind.HELP, IntentKind.FOREIGN}
)
MERGED_FIELDS = ("kind", "region", "side", "intensity", "duration_seconds", "trigger_text", "relief_helped")


@dataclass(frozen=True, slots=True)
class Answer:
    draft: EpisodeDraft
    filled: tuple[str, ...]  # the fields the text set
    save: bool = False  # "yes" on the review screen
    yes_no: bool = False  # a bare yes/no where a yes/no is not the question: ask again


def _copy(draft: EpisodeDraft) -> EpisodeDraft:
    return draft_from_json(draft_to_json(draft))


def _short_form(draft: EpisodeDraft, screen: str, norm: str) -> Answer | None:
    """A number, a side, yes/no: forms that only mean something as an answer."""
    changed = _copy(draft)
    number = _BARE_NUMBER.match(norm)
    if number is not None:
        word = number["n"]
        value = _TEN_WORDS[word] if word in _TEN_WORDS else float(word.replace(",", "."))
        if not 0 <= value <= INTENSITY_MAX:
            return None
        changed.intensity = int(value + 0.5)
        return Answer(changed, ("intensity",))
    side = _SIDE.match(norm)
    if side is not None:
        changed.side = _SIDE_WORDS[side["side"]]
        return Answer(changed, ("side",))
    if screen == "helped":
        helped = Helped.YES if YES.match(norm) else Helped.NO if NO.match(norm) else None
        helped = Helped.PARTLY if _PARTLY.match(norm) else helped
        if helped is not None:
            changed.relief_helped = helped
            return Answer(changed, ("relief_helped",))
    if screen == "review" and YES.match(norm):
        return Answer(changed, (), save=True)
    if YES.match(norm) or NO.match(norm):
        return Answer(changed, (), yes_no=True)
    return None


def _merge(draft: EpisodeDraft, screen: str, parsed: ParseResult) -> Answer | None:
    new = parsed.draft
    if draft.region is not None and new.region is not None and new.region is not draft.region:
        return None  # another body part: a new entry, not an answer
    changed, filled = _copy(draft), []
    for name in MERGED_FIELDS:
        value = getattr(new, name)
        asked = screen == name or (screen == "duration" and name == "duration_seconds")
        if value is not None and (asked or getattr(changed, name) is None):
            setattr(changed, name, value)
            filled.append(name)
    if "started_at" in parsed.understood:
        changed.started_at, changed.nocturnal = new.started_at, new.nocturnal or None
        filled.append("started_at")
    if new.ongoing and changed.duration_seconds is None:
        changed.ongoing = True
        filled.append("ongoing")
    for name in ("triggers", "symptoms", "relief"):
        extra = [v for v in getattr(new, name) if v not in getattr(changed, name)]
        if extra:
            setattr(changed, name, [*getattr(changed, name), *extra])
            filled.append(name)
    return Answer(changed, tuple(filled)) if filled else None


def read_answer(draft: EpisodeDraft, screen: str, text: str, moment: Moment) -> Answer | None:
    """What `text` answers in the open flow, merged into a copy of `draft`; None if it answers nothing."""
    norm = normalize(text)
    short = _short_form(draft, screen, norm)
    if short is not None:
        return short
    parsed = parse_episode_line(
        text, now=moment.now, tz=moment.tz, sleep_start=moment.sleep_start, sleep_end=moment.sleep_end
    )
    if parsed.refusal is not None or _not_an_answer(norm, parsed):
        return None
    return _merge(draft, screen, parsed)


def _not_an_answer(norm: str, parsed: ParseResult) -> bool:
    intent = classify(norm, parsed)
    if intent.kind is IntentKind.QUESTION and not intent.medicine:
        # What is left over is "a question" by default; a detail line ("about 3am") is not one.
        return bool(QUESTION_CUE.search(norm) or QUESTION_LEAD.match(norm)) or not parsed.understood
    return intent.kind in _NOT_ANSWERS


def next_screen(answer: Answer, screen: str) -> str:
    """Where the flow goes after a typed answer: the next missing field, else the review."""
    if screen in ("region", "intensity") or first_screen(answer.draft) != "review":
        return first_screen(answer.draft)
    return "review"
