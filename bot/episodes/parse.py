"""The one-line episode parser: "left calf 7/10 2 min" -> an EpisodeDraft.

Pure and fast (no I/O; dateparser only sees an extracted date phrase). Extractors run in a fixed
order on a shared `Scan`, each claiming the words it understood, so later ones cannot misread
them: explicit intensity, durations, time phrases, triggers/relief, body words with a bare-number
intensity, and last the trigger's free text. Fields the line does not state stay unknown.

`understood` lists the draft fields the text filled, in the draft's field order. `started_at` is
listed only when the text moved it away from "now", `nocturnal` only when it came out True.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from bot.episodes.body import INTENSITY_OWNER, extract_body, round_half_up
from bot.episodes.context import extract_context, trigger_text
from bot.episodes.counts import extract_count
from bot.episodes.durations import extract_duration
from bot.episodes.lexicon import number_value, word_set
from bot.episodes.model import INTENSITY_MAX, INTENSITY_MIN, EpisodeDraft
from bot.episodes.textscan import Scan, normalize
from bot.episodes.timing import DEFAULT_SLEEP_END, DEFAULT_SLEEP_START, is_nocturnal
from bot.episodes.when import When, extract_when

log = logging.getLogger(__name__)

_TEN_WORDS = "zero|one|two|three|four|five|six|seven|eight|nine|ten"
_OUT_OF_TEN = re.compile(
    rf"(?<![\d.,])(?P<n>\d{{1,2}}(?:[.,]\d)?|{_TEN_WORDS})\s*(?:/|out\s+of|outta|of|from)\s*(?:10|ten)\b"
    r"(?![.,]\d|\s*(?:nights|days|times|mornings|evenings))"
)
_NAMED_INTENSITY = re.compile(
    r"\b(?:intensity|severity|pain\s+level|pain\s+score|level|lvl|score|rated?(?:\s+it)?|rating)\s*"
    r"(?:is|was|of|at|about|around|:|=|~|-)?\s*(?:a\s+)?(?:about\s+|around\s+|maybe\s+)?"
    r"(?P<n>\d{1,2}(?:[.,]\d)?)(?![\d.,]|\s*(?:min|sec|hour|hr|am|pm|:))"
)
_OTHER_FRACTION = re.compile(r"(?<![\d.,])\d+(?:[.,]\d+)?\s*/\s*\d+(?![\d.,])")

_STRONG_QUESTION_START = word_set(
    "why what whats what's wat how hows how's where who which whom whose is are do does can could should "
    "would will shall any anyone tell explain"
)
_FIRST_WORD = re.compile(r"[a-z']+")
_NO_EPISODE = re.compile(
    r"\b(?:no|zero|without|not\s+a\s+single|not\s+any|didn'?t\s+(?:have|get)\s+(?:any|a|one)"
    r"|haven'?t\s+had\s+(?:any|a)|free\s+of|no\s+more)\s+(?:\w+\s+){0,2}?"
    r"(?:cramps?|spasms?|twitch\w*|stiffness|episodes?|charley)\b|\b(?:cramp|spasm)[\s-]*free\b"
)
_HABITUAL = re.compile(
    r"\b(?:always|usually|often|sometimes|frequently|regularly|generally|normally|tend\s+to|keep\s+getting"
    r"|every\s+(?:night|day|morning|evening|time|week)|most\s+(?:nights|days|mornings)|each\s+night|i\s+get)\b"
)


# A minus sign straight before a number ("-5 min", "-5/10"); "5-10 min" and "calf - 7" are fine.
_NEGATIVE = re.compile(r"(?<![\w.,/:-])-(?P<n>\d+(?:[.,]\d+)?)")
NEGATIVE_REFUSAL = (
    "I can't log a negative number (I read “-{n}”). Please send it again without the minus sign, "
    "for example “left calf 5/10 2 min”."
)
TOO_OLD_REFUSAL = (
    "That date is more than a year ago, so I didn't log it. Please check the date and send it again "
    "(for example “calf 6/10 on 3 March”), or leave the date out to log it for now."
)


@dataclass(frozen=True, slots=True)
class ParseResult:
    draft: EpisodeDraft
    looks_like_episode: bool  # the text reads like a report, not a question or a chat line
    understood: tuple[str, ...]  # names of the draft fields the parser filled
    # Set when the line says something that must not be logged as read (a negative number, a
    # date far in the past): the sentence to answer with instead of saving.
    refusal: str | None = None
    # Words no field used ("felt like a knot"), in their order: kept as the entry's note, so
    # nothing typed is dropped unseen.
    leftover: str | None = None
    # What the parser guessed (bot/episodes/guesses.py decides which of these need a question):
    count: int | None = None  # "woke me up 3 times": how many episodes the line reports (2..10)
    fuzzy_words: tuple[tuple[str, str], ...] = ()  # ("clf", "calf"): a body word read as a typo
    side_conflict: bool = False  # "left calf … right": both sides named, not as "left and right"
    time_guessed: bool = False  # "all night" with no start: the time is a stand-in


def parse_episode_line(
    text: str,
    *,
    now: datetime,
    tz: ZoneInfo,
    sleep_start: time = DEFAULT_SLEEP_START,
    sleep_end: time = DEFAULT_SLEEP_END,
) -> ParseResult:
    """Parse one free-text line into an episode draft. Never raises; see the module docstring."""
    now_local = _aware(now).astimezone(tz)
    try:
        return _parse(text, now_local=now_local, tz=tz, sleep_start=sleep_start, sleep_end=sleep_end)
    except Exception as error:  # a parser bug must not break logging at 3 am; the text stays private
        log.error("episode parser failed: %s", type(error).__name__)
        return ParseResult(EpisodeDraft(started_at=now_local, nocturnal=False), False, ())


def _parse(
    text: str, *, now_local: datetime, tz: ZoneInfo, sleep_start: time, sleep_end: time
) -> ParseResult:
    scan = Scan(normalize(text if isinstance(text, str) else ""))
    explicit = _explicit_intensity(scan)
    count = extract_count(scan)
    duration = extract_duration(scan)
    when = extract_when(scan, now_local, tz, sleep_start, sleep_end)
    context = extract_context(scan)
    body = extract_body(scan)
    intensity = explicit if explicit is not None else body.bare_intensity
    seconds = duration.seconds if duration.seconds is not None else when.span_seconds
    nocturnal = when.nocturnal_cue or is_nocturnal(when.started_at, sleep_start, sleep_end)
    draft = EpisodeDraft(
        started_at=when.started_at,
        nocturnal=nocturnal,
        kind=body.kind,
        region=body.region,
        side=body.side,
        intensity=intensity,
        duration_seconds=seconds,
        ongoing=duration.ongoing,
        triggers=context.triggers,
        trigger_text=trigger_text(scan, context.trigger_spans),
        symptoms=context.symptoms,
        relief=context.relief,
        relief_helped=context.relief_helped,
    )
    looks = _looks_like_episode(
        scan.text,
        draft,
        explicit=explicit is not None,
        cue=duration.mentioned or duration.ongoing or when.time_cue or intensity is not None,
    )
    return ParseResult(
        draft,
        looks,
        _understood(draft, started_stated=when.stated),
        _refusal(scan, when),
        _with_count(count.text, leftover_words(scan, draft.trigger_text)),
        count=count.number,
        fuzzy_words=body.fuzzy_words,
        side_conflict=body.side_conflict,
        time_guessed=when.guessed,
    )


def _with_count(count_text: str | None, leftover: str | None) -> str | None:
    """The count's words lead the note, so an entry saved as one never drops "3 times" unseen."""
    if count_text is None:
        return leftover
    return f"{count_text}, {leftover}"[:LEFTOVER_MAX_CHARS] if leftover else count_text


_SEGMENT_BREAK = re.compile(r"\s{2,}|[,;.!?]+(?:\s|$)")
_FILLER = word_set(
    "i me my mine im i'm ive i've id i'd it it's its was is am are be been had have has got get a an the and or but so then "
    "with some of in on at to for from by just very really quite bit little like about around maybe approx "
    "woke wake waking up me sleep asleep out again still too also this that there which when while "
    "ouch ow ugh oh omg lol pls please today yesterday tonight now left right both l r lt rt after before "
    "during lasted lasting last took"
)
LEFTOVER_MAX_CHARS = 200
LINE_MAX_CHARS = 2000  # longer messages are not diary lines; callers hand the parser only this much


def leftover_words(scan: Scan, trigger: str | None) -> str | None:
    """What no extractor used, as the person wrote it: each unclaimed stretch of the line with its
    leading and trailing fillers trimmed ("woke me twice" → "twice"), joined by commas."""
    used = set((trigger or "").split())
    kept = []
    for segment in _SEGMENT_BREAK.split(scan.masked):
        words = segment.split()
        while words and (words[0] in _FILLER or words[0] in used):
            words.pop(0)
        while words and (words[-1] in _FILLER or words[-1] in used):
            words.pop()
        if any(any(ch.isalnum() for ch in word) for word in words):
            kept.append(" ".join(words))
    return ", ".join(kept)[:LEFTOVER_MAX_CHARS] or None


def _refusal(scan: Scan, when: When) -> str | None:
    negative = _NEGATIVE.search(scan.text)
    if negative is not None:
        return NEGATIVE_REFUSAL.format(n=negative["n"])
    if when.too_old:
        return TOO_OLD_REFUSAL
    return None


def _aware(now: datetime) -> datetime:
    return now if now.tzinfo is not None else now.replace(tzinfo=UTC)


def _explicit_intensity(scan: Scan) -> int | None:
    """ "7/10", "7 out of 10", "intensity 7": claimed, clamped to 0..10 ("11/10" means the worst)."""
    values: list[tuple[int, float]] = []
    for pattern in (_OUT_OF_TEN, _NAMED_INTENSITY):
        for match in scan.take(pattern, INTENSITY_OWNER):
            value = number_value(match["n"])
            if value is not None:
                values.append((match.start(), value))
    scan.take(_OTHER_FRACTION, "count")
    if not values:
        return None
    first = min(values)[1]
    return max(INTENSITY_MIN, min(INTENSITY_MAX, round_half_up(first)))


def reads_habitual(text: str) -> bool:
    """ "I always get cramps at night": about a pattern, not one episode (a question, not an entry)."""
    return _HABITUAL.search(text) is not None


def _looks_like_episode(text: str, draft: EpisodeDraft, *, explicit: bool, cue: bool) -> bool:
    first_word = _FIRST_WORD.match(text)
    if first_word is not None and first_word.group() in _STRONG_QUESTION_START:
        return False
    if "?" in text and not (explicit and draft.region is not None):
        return False
    if _NO_EPISODE.search(text):
        return False
    if explicit:
        return True
    if _HABITUAL.search(text):
        return False
    return (draft.region is not None or draft.kind is not None) and cue


def _understood(draft: EpisodeDraft, *, started_stated: bool) -> tuple[str, ...]:
    filled = {
        "started_at": started_stated,
        "nocturnal": bool(draft.nocturnal),
        "kind": draft.kind is not None,
        "region": draft.region is not None,
        "side": draft.side is not None,
        "intensity": draft.intensity is not None,
        "duration_seconds": draft.duration_seconds is not None,
        "ongoing": draft.ongoing,
        "triggers": bool(draft.triggers),
        "trigger_text": draft.trigger_text is not None,
        "symptoms": bool(draft.symptoms),
        "relief": bool(draft.relief),
        "relief_helped": draft.relief_helped is not None,
    }
    return tuple(name for name, is_filled in filled.items() if is_filled)
