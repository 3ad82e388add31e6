"""Pure parsers for the plan's one-liners: /meds add, /took (and "took baclofen" as a plain line),
/exercises add, /appointment. Bad input raises PlanInputError with a sentence to show the person."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import dateparser

from bot.lang.quantities import HOUR_WORDS, MINUTE_UNITS, MINUTE_WORDS, SECOND_UNITS, unit_seconds

MAX_NAME = 60
MAX_WORDS_TEXT = 200


class PlanInputError(ValueError):
    """Input the person must fix; the message is a sentence to show them."""


_CLOCK = re.compile(r"^(\d{1,2})(?::|\.|h)?(\d{2})?\s*(am|pm)?$", re.IGNORECASE)
_AS_NEEDED = re.compile(r"\b(as needed|when needed|if needed|as required|prn)\b", re.IGNORECASE)


def parse_clock(word: str) -> time | None:
    """08:00, 8:30, 20.30, 8am, 9pm, 0800 -> a wall time; anything else None."""
    found = _CLOCK.match(word.strip())
    if found is None:
        return None
    hours_text, minutes_text, half = found.groups()
    if minutes_text is None and half is None and not (len(word) == 4 and word.isdigit()):
        return None  # a bare "3" is a count, not a time
    if len(word) == 4 and word.isdigit():
        hours_text, minutes_text = word[:2], word[2:]
    hours, minutes = int(hours_text), int(minutes_text or 0)
    if half:
        if not 1 <= hours <= 12:
            return None
        hours = hours % 12 + (12 if half.lower() == "pm" else 0)
    if hours > 23 or minutes > 59:
        return None
    return time(hours, minutes)


@dataclass(frozen=True, slots=True)
class MedsAdd:
    name: str
    times: tuple[time, ...]
    as_needed: bool
    how_text: str | None  # the person's own words, kept as written


def parse_meds_add(text: str) -> MedsAdd:
    """`baclofen 08:00 14:00 20:00`, `ibuprofen as needed`, `baclofen 10mg 08:00 with food`:
    the name is the leading words without digits; times and "as needed" are taken out; every other
    word is kept as the person's own description (never completed or checked by the bot)."""
    as_needed = bool(_AS_NEEDED.search(text))
    words = _AS_NEEDED.sub(" ", text).split()
    name_words: list[str] = []
    while words and not any(ch.isdigit() for ch in words[0]) and parse_clock(words[0]) is None:
        name_words.append(words.pop(0))
    times = [t for t in (parse_clock(w) for w in words) if t is not None]
    rest = [w for w in words if parse_clock(w) is None]
    name = " ".join(name_words).strip(" ,.;")
    if not name:
        raise PlanInputError("Which medicine? For example: /meds add baclofen 08:00 20:00")
    if len(name) > MAX_NAME:
        raise PlanInputError("That name is long; please write just the medicine's name first.")
    if len(set(times)) != len(times):
        raise PlanInputError("The same time is listed twice.")
    if not times and not as_needed:
        raise PlanInputError(f"When do you take {name}? Add your times, like 08:00 20:00, or “as needed”.")
    how = " ".join(rest).strip(" ,.;")[:MAX_WORDS_TEXT] or None
    return MedsAdd(name, tuple(sorted(times)), as_needed, how)


@dataclass(frozen=True, slots=True)
class TookLine:
    name: str | None  # None: "took my medicine" / "/took" alone -> ask which
    at: time | None = None  # a clock time they said ("at 8", "at 14:30")
    minutes_ago: int | None = None  # "20 min ago", "an hour ago"


_TOOK = re.compile(
    r"^\s*(?:i\s*['’]?ve\s+|i\s+have\s+|i\s+)?(?:just\s+|already\s+|have\s+)?(?:took|taken|had)\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
_AGO = re.compile(
    rf"\b(?P<n>\d{{1,3}}|an?|half an)\s*(?P<unit>{MINUTE_WORDS}|{HOUR_WORDS})\s+ago\b", re.IGNORECASE
)
_AT = re.compile(r"\bat\s+(?P<clock>\d{1,2}(?::\d{2})?\s*(?:am|pm)?)\b", re.IGNORECASE)
_FILLER = {"my", "a", "the", "some", "dose", "of", "one", "tablet", "pill", "just", "now", "today"}


def _ago_minutes(found: re.Match[str]) -> int:
    count_text, unit = found["n"].lower(), found["unit"].lower()
    count = 30 if count_text == "half an" else 1 if count_text in {"a", "an"} else int(count_text)
    if count_text == "half an":
        return 30
    return count * unit_seconds(unit) // 60


def parse_took_args(text: str) -> TookLine:
    """What follows /took: `baclofen`, `baclofen 14:30`, `ibuprofen at 8am`, `baclofen 20 min ago`, ``."""
    at: time | None = None
    minutes_ago: int | None = None
    ago = _AGO.search(text)
    if ago:
        minutes_ago = _ago_minutes(ago)
        text = text[: ago.start()] + text[ago.end() :]
    clock = _AT.search(text)
    if clock:
        at = parse_clock(clock["clock"].replace(" ", "")) or (
            time(int(clock["clock"]), 0) if clock["clock"].isdigit() and int(clock["clock"]) < 24 else None
        )
        text = text[: clock.start()] + text[clock.end() :]
    words = []
    for word in text.split():
        stamp = parse_clock(word)
        if stamp is not None and at is None:
            at = stamp
        elif word.lower().strip(",.!") not in _FILLER and any(c.isalnum() for c in word):  # not "😊"
            words.append(word.strip(",.!"))
    name = " ".join(words).strip() or None
    return TookLine(name[:MAX_NAME] if name else None, at, minutes_ago)


def parse_took_line(text: str) -> TookLine | None:
    """A plain line like "took baclofen", "just took my ibuprofen 20 min ago", "I took baclofen at 8":
    a TookLine, or None when the line is not a report of a dose (for the intent router)."""
    found = _TOOK.match(text)
    if found is None or len(text) > 120:
        return None
    line = parse_took_args(found["rest"])
    return line if line.name else None


def taken_instant(line: TookLine, now: datetime, zone: ZoneInfo) -> datetime:
    """When the dose was taken: now, N minutes ago, or the last time the clock showed `at` (never
    in the future: "at 20:00" said at 09:00 means yesterday evening)."""
    if line.minutes_ago is not None:
        return now - timedelta(minutes=line.minutes_ago)
    if line.at is None:
        return now
    local = now.astimezone(zone)
    candidate = datetime.combine(local.date(), line.at, zone)
    if candidate > local:
        candidate = datetime.combine(local.date() - timedelta(days=1), line.at, zone)
    return candidate.astimezone(now.tzinfo)


@dataclass(frozen=True, slots=True)
class ExerciseAdd:
    name: str
    reps: str | None
    hold: str | None
    notes: str | None


_UNIT = rf"(?:{SECOND_UNITS}|{MINUTE_UNITS})"
_REPS_HOLD = re.compile(rf"(?P<reps>\d{{1,3}})\s*[x×]\s*(?P<hold>\d{{1,4}}\s*{_UNIT})\b", re.IGNORECASE)
_REPS = re.compile(r"(?P<reps>\d{1,3})\s*(?:x|×|times|reps?)(?=\s|$)", re.IGNORECASE)
_HOLD = re.compile(rf"(?:hold\s+|for\s+)?(?P<hold>\d{{1,4}}\s*{_UNIT})\b", re.IGNORECASE)


def parse_exercise_add(text: str) -> ExerciseAdd:
    """`calf stretch 3 x 30 s`, `hamstring stretch 10 reps, slowly`, `wall push 2 min`."""
    head, _, notes = text.partition(",")
    reps = hold = None
    found = _REPS_HOLD.search(head)
    if found:
        reps, hold = found["reps"], found["hold"]
        head = head[: found.start()] + head[found.end() :]
    else:
        for pattern in (_REPS, _HOLD):
            match = pattern.search(head)
            if match:
                if pattern is _REPS:
                    reps = match["reps"]
                else:
                    hold = match["hold"]
                head = head[: match.start()] + head[match.end() :]
    name = " ".join(head.split()).strip(" -.;")
    if not name:
        raise PlanInputError("Which exercise? For example: /exercises add calf stretch 3 x 30 s")
    hold = " ".join(hold.split()) if hold else None
    return ExerciseAdd(name[:MAX_NAME], reps, hold, notes.strip()[:MAX_WORDS_TEXT] or None)


@dataclass(frozen=True, slots=True)
class AppointmentAdd:
    at: datetime  # aware, in the person's zone
    with_whom: str


_TIME_WORD = re.compile(r"^(\d{1,2}([:.]\d{2})?\s*(am|pm)|\d{1,2}[:.]\d{2}|noon|midday)$", re.IGNORECASE)
_MAX_DATE_WORDS = 8


def parse_appointment(text: str, now: datetime, zone: ZoneInfo) -> AppointmentAdd:
    """`15 Jan 10:30 neurologist`, `next tuesday 9am MS nurse`: the date and time come first (up to
    the last word that is a clock time), the rest is who it is with. In the person's zone, in the future."""
    words = text.split()
    ends = [i for i, w in enumerate(words[:_MAX_DATE_WORDS]) if _TIME_WORD.match(w)]
    if len(words) > 1:
        ends += [
            i + 1
            for i, w in enumerate(words[1:_MAX_DATE_WORDS], start=0)
            if w.lower() in {"am", "pm"} and words[i][:1].isdigit()
        ]
    if not ends:
        raise PlanInputError(
            "When is it, and with whom? Give a day and a time, for example:\n"
            "/appointment 15 Jan 10:30 neurologist\n/appointment next tuesday 9am MS nurse"
        )
    end = max(ends) + 1
    base = now.astimezone(zone).replace(tzinfo=None)
    parsed = dateparser.parse(
        " ".join(words[:end]),
        languages=["en"],
        settings={"PREFER_DATES_FROM": "future", "RELATIVE_BASE": base, "PREFER_DAY_OF_MONTH": "first"},
    )
    if parsed is None:
        raise PlanInputError("I could not read that date. Try “15 Jan 10:30 neurologist”.")
    at = parsed.replace(tzinfo=None, second=0, microsecond=0).replace(tzinfo=zone)
    if at <= now:
        raise PlanInputError("That time has already passed. Which date do you mean?")
    if at - now > timedelta(days=366 * 2):
        raise PlanInputError("That is more than two years away. Which date do you mean?")
    with_whom = " ".join(words[end:]).strip(" ,-") or "appointment"
    return AppointmentAdd(at, with_whom[:MAX_NAME])
