"""When did it start? Time phrases in a report, resolved in the user's zone.

Phrases are found with regexes and claimed in the `Scan`; only a matched date phrase (a weekday,
"5 march", "2026-03-05") is handed to dateparser, never the whole line (dateparser is slow on free
text). Wall-clock times go through `timing.local_at`, so DST gaps and repeats are handled.

Representative times, where the text names a stretch of time but not a moment:
- "last night", "monday night": the real-time middle of that night's sleep window, cut at now;
- "this morning", "yesterday afternoon": the middle of that part of the day, cut at now;
- "all morning", "all night": the start of that stretch, plus a span (start until its end or now),
  which the parser uses as the duration;
- "woke me", "in my sleep" without a time: now when typed during the sleep window, else last night;
- "a few minutes ago": 3 minutes, "a couple of hours ago": 2 hours;
- a bare weekday typed on that weekday means the previous week (dateparser prefers the past).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.episodes.lexicon import NUMBER_WORD_RE, NUMBER_WORDS, number_value
from bot.episodes.textscan import Scan
from bot.episodes.timing import (
    DayPart,
    current_night_evening,
    elapsed,
    is_before,
    is_nocturnal,
    last_night_evening,
    local_at,
    midpoint_until,
    night_window,
    part_window,
)
from bot.lang.quantities import HOUR_UNITS, MINUTE_UNITS, SECOND_UNITS, unit_seconds

OWNER = "when"
# A clock time a few minutes ahead of now is clock skew or rounding ("at 3:05" sent at 3:04).
FUTURE_TOLERANCE = timedelta(minutes=5)
MAX_AGO = timedelta(days=7)
# A diary of recent episodes: a start further back is a typo ("1 Jan 1900") and is refused, not
# moved to this year.
MAX_PAST = timedelta(days=366)
_YEAR_AFTER = re.compile(r"\s*,?\s*(?P<y>\d{4})\b(?!\s*[:/.]\d)")

_HOUR_WORDS = {word: n for word, n in NUMBER_WORDS.items() if 1 <= n <= 12 and word not in ("a", "an")}
_HOUR_WORD_RE = "|".join(_HOUR_WORDS)
_HOUR = rf"(?P<h>\d{{1,2}}|{_HOUR_WORD_RE})"
_MER = r"(?P<mer>a\.?\s?m\b\.?|p\.?\s?m\b\.?)"
_UNIT = rf"(?P<unit>{SECOND_UNITS}|{MINUTE_UNITS}|{HOUR_UNITS})"
_FEW = r"a\s+couple\s+of|a\s+couple|couple\s+of|couple|a\s+few|few|several"
_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_PART = r"(?P<part>morning|morn|afternoon|arvo|evening|eve|night|nite|am|pm)"

_AGO = re.compile(
    rf"\b(?:about\s+|around\s+|maybe\s+|like\s+|~\s*)?(?P<num>\d+(?:[.,]\d+)?|{NUMBER_WORD_RE}|{_FEW})\s*"
    rf"{_UNIT}\s+(?:ago|earlier)\b"
)
_HALF_HOUR_AGO = re.compile(r"\bhalf\s+an?\s+(?:hour|hr)\s+(?:ago|earlier)\b")
_HOUR_AND_HALF_AGO = re.compile(r"\b(?:an|one)\s+(?:hour|hr)\s+and\s+a\s+half\s+(?:ago|earlier)\b")
_JUST_NOW = re.compile(r"\bjust\s+now\b|\bright\s+now\b|\bjust\s+(?:had|got)\b")

_DAY_BEFORE_YESTERDAY = re.compile(r"\b(?:the\s+)?day\s+before\s+yesterday\b")
_NIGHT_BEFORE_LAST = re.compile(r"\b(?:the\s+)?night\s+before\s+last\b")
_YESTERDAY = re.compile(
    r"\b(?:yesterday|yesterdy|yesturday|yestarday|yestreday|ystrday|yday|yest|ystd)\b"
    r"(?:\s+(?:in\s+the\s+)?(?P<part>morning|afternoon|arvo|evening|eve|night|nite))?"
)
_LAST_NIGHT = re.compile(r"\blast\s*(?P<what>night|nite|nght|nigth|evening|eve)\b|\blas\s+(?P<what2>night)\b")
_TONIGHT = re.compile(r"\b(?:tonight|tonite|tonigth|this\s+night)\b")
_THIS_PART = re.compile(rf"\b(?:earlier\s+|early\s+|late\s+)?(?:this|today'?s?)\s+{_PART}\b")
_ALL_PART = re.compile(
    r"\b(?:all|the\s+whole|whole|the\s+entire|entire)\s+(?P<part>morning|afternoon|arvo|evening|night|day)"
    r"(?:\s+long)?\b|\ball\s+through\s+the\s+(?P<part2>night)\b"
)
_TODAY = re.compile(r"\b(?:earlier\s+)?today\b")
_DAYS_AGO = re.compile(rf"\b(?P<num>\d+|{NUMBER_WORD_RE})\s+(?P<unit>days?|weeks?)\s+ago\b")
_WEEKDAY = re.compile(
    r"\b(?:on\s+)?(?:last\s+|this\s+past\s+)?"
    r"(?P<wd>monday|tuesday|tues|wednesday|weds|thursday|thurs|friday|saturday|sunday)(?:'?s)?"
    r"(?:\s+(?P<part>morning|afternoon|arvo|evening|night|nite))?\b"
)
_MONTH_DATE = re.compile(
    rf"\b(?:on\s+)?(?:the\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{_MONTHS}|(?<=of\s)may)\b"
    rf"|\b(?:on\s+)?(?P<m2>{_MONTHS}|may)\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*(?:/|out|of\s+10))"
    # "7 may" is more often an intensity before "may have...": a day before May needs "on" or "the".
    r"|\b(?:on|the)\s+(?P<d3>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m3>may)\b"
)
_NUMERIC_DATE = re.compile(
    r"\b(?P<iso>\d{4}-\d{1,2}-\d{1,2})\b|\b(?P<dot>\d{1,2}\.\d{1,2}\.(?:\d{2,4})?)(?![\d.])"
)

_CLOCK_COLON = re.compile(
    rf"(?:\b(?:at|around|about|abt|by|approx)\s+)*(?:@\s*)?\b(?P<h>\d{{1,2}}):(?P<m>\d{{2}})(?!\d)\s*{_MER}?"
)
_CLOCK_DOT = re.compile(
    rf"\b(?:at|around|about|by)\s+(?P<h>\d{{1,2}})\.(?P<m>\d{{2}})\b\s*{_MER}?"
    rf"|\b(?P<h2>\d{{1,2}})\.(?P<m2>\d{{2}})\s*(?P<mer2>am|pm)\b"
)
_CLOCK_MERIDIEM = re.compile(rf"(?:\b(?:at|around|about|abt|by)\s+)*\b{_HOUR}\s*{_MER}(?![a-z])")
_CLOCK_PHRASE = re.compile(
    rf"\b(?:at|around|about|by)\s+(?:(?:around|about)\s+)?{_HOUR}(?:\s*o'?\s*clock)?"
    r"(?=\s+(?P<ctx>in\s+the\s+morning|this\s+morning|in\s+the\s+afternoon|arvo|in\s+the\s+evening|at\s+night"
    r"|in\s+the\s+night|last\s+night|tonight)\b)"
)
_CLOCK_OCLOCK = re.compile(rf"(?:\b(?:at|around|about)\s+)*\b{_HOUR}\s*o'?\s*clock\b")
_CLOCK_AT = re.compile(
    rf"\b(?:at|@)\s+(?:(?:around|about|approx|abt)\s+)?{_HOUR}\b(?!\s*(?:/|out\s+of|of\s+10|%|[.,]\d|:))"
)
_CLOCK_WORD = re.compile(r"\b(?:at\s+|around\s+|about\s+)?(?P<word>midnight|noon|midday)\b")
_CLOCK_QUARTER = re.compile(rf"\b(?P<q>half|quarter)\s+(?P<dir>past|to)\s+{_HOUR}\b")
# "intensity at 7", "pain at 8": an intensity, not a clock time.
_INTENSITY_BEFORE = re.compile(r"(?:intensity|severity|level|pain|score|rating)\s*$")

_NIGHT_WORDS = re.compile(
    r"\b(?:at|in\s+the|during\s+the|(?:in\s+the\s+)?middle\s+of\s+the|through\s+the|thru\s+the)\s+night\b"
    r"|\bovernight\b|\bnight\s*time\b|\bnocturnal\b|\b(?:early|wee|small)\s+hours\b|\bnights?\b|\bnite\b"
)
_PART_WORDS = re.compile(
    r"\b(?:in\s+the\s+|during\s+the\s+|early\s+|late\s+)?(?P<part>morning|afternoon|arvo|evening|after\s+lunch)\b"
)
# Detected, not claimed ("sleeping position" is still needed by the trigger reader). Any of these
# marks the episode nocturnal; the past-tense ones also place it in last night when typed by day.
SLEEP_CUES = re.compile(r"\bwakes?\b|\bwaking\b|\basleep\b|\bsleep(?:ing|s)?\b|\bsleepless\b|\bnightly\b")
WOKE_CUES = re.compile(
    r"\bwok(?:e|en)\b|\bwakened\b|\bin\s+my\s+sleep\b|\bwhile\s+(?:i\s+was\s+)?(?:asleep|sleeping)\b"
    r"|\bslept\b|\b(?:from|out\s+of)\s+(?:my\s+)?sleep\b"
)
_GREETING = re.compile(r"\bgood\s*(?:morning|afternoon|arvo|evening|night)\b|\bnight\s+night\b|\bgn\b")

_PART_NAMES = {
    "morning": DayPart.MORNING,
    "morn": DayPart.MORNING,
    "am": DayPart.MORNING,
    "afternoon": DayPart.AFTERNOON,
    "arvo": DayPart.AFTERNOON,  # Australian English
    "after lunch": DayPart.AFTERNOON,
    "pm": DayPart.AFTERNOON,
    "evening": DayPart.EVENING,
    "eve": DayPart.EVENING,
    "night": DayPart.NIGHT,
    "nite": DayPart.NIGHT,
    "day": DayPart.DAY,
}


@dataclass(frozen=True, slots=True)
class Clock:
    hour: int  # as typed, 0..23
    minute: int
    meridiem: str | None  # "am", "pm" or None when not said

    def hour_options(self) -> tuple[int, ...]:
        """24-hour readings, the literal one first ("3" -> 3 or 15; "12" -> noon or midnight)."""
        if self.meridiem == "am":
            return (self.hour % 12,)
        if self.meridiem == "pm":
            return (self.hour % 12 + 12,)
        if self.hour == 0 or self.hour > 12:
            return (self.hour,)
        if self.hour == 12:
            return (12, 0)
        return (self.hour, self.hour + 12)


@dataclass(slots=True)
class _Facts:
    absolute: datetime | None = None
    day: date | None = None
    night_evening: date | None = None
    part: DayPart | None = None
    span: bool = False
    all_night: bool = False  # "all night": a duration only from a stated start ("from 10pm all night")
    clock: Clock | None = None
    clock_at: int = 10**6
    nocturnal_cue: bool = False
    woke_cue: bool = False
    mentioned: bool = False


@dataclass(frozen=True, slots=True)
class When:
    started_at: datetime  # aware, in the user's zone
    stated: bool  # True when the text moved the start away from "now"
    nocturnal_cue: bool  # the text says night / woke me / in my sleep
    span_seconds: int | None  # "all morning": how long that stretch lasted (so far)
    time_cue: bool  # any time phrase at all (for "does this read like a report?")
    too_old: bool = False  # the text names a start more than MAX_PAST ago (then started_at is now)
    guessed: bool = False  # "all night" with no start: the start is a stand-in worth confirming


@dataclass(frozen=True, slots=True)
class _Ctx:
    now: datetime  # aware, in tz
    tz: ZoneInfo
    sleep_start: time
    sleep_end: time


def extract_when(scan: Scan, now_local: datetime, tz: ZoneInfo, sleep_start: time, sleep_end: time) -> When:
    """Read and claim the time phrases of `scan`; resolve them against `now_local` (aware, in `tz`)."""
    ctx = _Ctx(now_local, tz, sleep_start, sleep_end)
    facts = _Facts()
    scan.take(_GREETING, OWNER)
    _read_ago(scan, ctx, facts)
    _read_numeric_dates(scan, ctx, facts)
    _read_clock(scan, facts)  # before the day words: "at 3 last night" looks ahead at "last night"
    _read_days(scan, ctx, facts)
    _read_loose_parts(scan, facts)
    facts.woke_cue = WOKE_CUES.search(scan.text) is not None
    facts.nocturnal_cue = facts.nocturnal_cue or facts.woke_cue or SLEEP_CUES.search(scan.text) is not None
    started, span = _resolve(facts, ctx)
    too_old = started is not None and is_before(started, now_local - MAX_PAST)
    if too_old:
        started, span = None, None
    stated = started is not None
    if started is None or is_before(now_local + FUTURE_TOLERANCE, started):
        started, span, stated = now_local, None, False
    elif is_before(now_local, started):
        started = now_local
    return When(
        started_at=started.astimezone(tz),
        stated=stated,
        nocturnal_cue=facts.nocturnal_cue,
        span_seconds=span,
        time_cue=facts.mentioned or facts.nocturnal_cue,
        too_old=too_old,
        guessed=facts.all_night and facts.clock is None and facts.absolute is None,
    )


def _read_ago(scan: Scan, ctx: _Ctx, facts: _Facts) -> None:
    for pattern, fixed in ((_HALF_HOUR_AGO, 1800.0), (_HOUR_AND_HALF_AGO, 5400.0)):
        for _ in scan.take(pattern, OWNER):
            _set_ago(facts, ctx, fixed)
    for match in scan.take(_AGO, OWNER):
        amount = _amount(match["num"])
        if amount is not None:
            _set_ago(facts, ctx, amount * unit_seconds(match["unit"]))
    scan.take(_JUST_NOW, OWNER)


def _amount(text: str) -> float | None:
    words = " ".join(text.split())
    if "couple" in words:
        return 2.0
    if "few" in words or "several" in words:
        return 3.0
    return number_value(words)


def _set_ago(facts: _Facts, ctx: _Ctx, seconds: float) -> None:
    facts.mentioned = True
    # More than a week "ago" in minutes or hours is a typo, not a report of a spasm.
    if facts.absolute is None and seconds <= MAX_AGO.total_seconds():
        # Real elapsed time (through UTC), so "2 hours ago" is right across a DST change too.
        facts.absolute = (ctx.now.astimezone(UTC) - timedelta(seconds=seconds)).astimezone(ctx.tz)


def _read_days(scan: Scan, ctx: _Ctx, facts: _Facts) -> None:
    today = ctx.now.date()
    for _ in scan.take(_DAY_BEFORE_YESTERDAY, OWNER):
        _set_day(facts, today - timedelta(days=2))
    for _ in scan.take(_NIGHT_BEFORE_LAST, OWNER):
        _set_night(facts, last_night_evening(ctx.now, ctx.sleep_end) - timedelta(days=1))
    for match in scan.take(_ALL_PART, OWNER):
        whole = _PART_NAMES[match["part"] or match["part2"]]
        # "all night" says when, not how long: without a start it is no duration.
        facts.span = whole is not DayPart.NIGHT
        facts.all_night = whole is DayPart.NIGHT
        facts.part = facts.part or whole
        facts.mentioned = True
    for match in scan.take(_YESTERDAY, OWNER):
        part = _PART_NAMES.get(match["part"] or "")
        if part is DayPart.NIGHT:
            _set_night(facts, today - timedelta(days=1))
        else:
            _set_day(facts, today - timedelta(days=1), part)
    for match in scan.take(_LAST_NIGHT, OWNER):
        if (match["what"] or match["what2"]) in ("evening", "eve"):
            _set_day(facts, today - timedelta(days=1), DayPart.EVENING)
        else:
            _set_night(facts, last_night_evening(ctx.now, ctx.sleep_end))
    for _ in scan.take(_TONIGHT, OWNER):
        _set_night(facts, current_night_evening(ctx.now, ctx.sleep_end))
    for match in scan.take(_THIS_PART, OWNER):
        _set_day(facts, today, _PART_NAMES[match["part"]])
    for _ in scan.take(_TODAY, OWNER):
        _set_day(facts, today)
    _read_counted_and_named_days(scan, ctx, facts)


def _read_counted_and_named_days(scan: Scan, ctx: _Ctx, facts: _Facts) -> None:
    """ "3 days ago", "on Tuesday night", "14 May" (after the relative words, which claim first)."""
    today = ctx.now.date()
    for match in scan.take(_DAYS_AGO, OWNER):
        amount = number_value(match["num"])
        if amount is not None and amount < 400:
            weeks = 7 if match["unit"].startswith("week") else 1
            _set_day(facts, today - timedelta(days=int(amount) * weeks))
    for match in scan.take(_WEEKDAY, OWNER):
        day = _dateparser_day(match["wd"], ctx.now)
        part = _PART_NAMES.get(match["part"] or "")
        if day is not None and part is DayPart.NIGHT:
            _set_night(facts, day)
        elif day is not None:
            _set_day(facts, day, part)
    for match in scan.take(_MONTH_DATE, OWNER):
        phrase = f"{match['d'] or match['d2'] or match['d3']} {match['m'] or match['m2'] or match['m3']}"
        # "1 jan 1900": the year belongs to the date (dropping it would mean 1 Jan this year).
        year = _YEAR_AFTER.match(scan.masked, match.end())
        if year is not None:
            scan.claim(year.start(), year.end(), OWNER)
            phrase += f" {year['y']}"
        day = _dateparser_day(phrase, ctx.now)
        if day is not None:
            _set_day(facts, day)


def _read_numeric_dates(scan: Scan, ctx: _Ctx, facts: _Facts) -> None:
    for match in scan.take(_NUMERIC_DATE, OWNER):
        day = _dateparser_day(match["iso"] or match["dot"], ctx.now)
        if day is not None:
            _set_day(facts, day)


def _set_day(facts: _Facts, day: date, part: DayPart | None = None) -> None:
    facts.mentioned = True
    if facts.day is None and facts.night_evening is None:
        facts.day = day
    if part is not None and facts.part is None:
        facts.part = part


def _set_night(facts: _Facts, evening: date) -> None:
    facts.mentioned = True
    facts.nocturnal_cue = True
    if facts.day is None and facts.night_evening is None:
        facts.night_evening = evening
    if facts.part is None:
        facts.part = DayPart.NIGHT


def _dateparser_day(phrase: str, now_local: datetime) -> date | None:
    """The date of a short date phrase, in the past, via dateparser (imported lazily: it is slow to load)."""
    import dateparser

    settings: dict[str, Any] = {
        "RELATIVE_BASE": now_local.replace(tzinfo=None),
        "PREFER_DATES_FROM": "past",
        "DATE_ORDER": "DMY",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    try:
        parsed = dateparser.parse(phrase, languages=["en"], settings=settings)
    except Exception:  # dateparser raises assorted errors on odd input; a date is optional
        return None
    if parsed is None or parsed.date() > now_local.date():
        return None
    return parsed.date()


def _read_clock(scan: Scan, facts: _Facts) -> None:
    for match in scan.take(_CLOCK_COLON, OWNER):
        _set_clock(facts, match.start(), match["h"], match["m"], match["mer"])
    for match in scan.take(_CLOCK_DOT, OWNER):
        meridiem = match["mer"] or match["mer2"]
        _set_clock(facts, match.start(), match["h"] or match["h2"], match["m"] or match["m2"], meridiem)
    for match in scan.take(_CLOCK_MERIDIEM, OWNER):
        _set_clock(facts, match.start(), match["h"], "0", match["mer"])
    for match in scan.take(_CLOCK_PHRASE, OWNER):
        context = match["ctx"]
        meridiem = (
            "am"
            if "morning" in context
            else "pm"
            if ("afternoon" in context or "evening" in context)
            else None
        )
        _set_clock(facts, match.start(), match["h"], "0", meridiem)
    for match in scan.take(_CLOCK_OCLOCK, OWNER):
        _set_clock(facts, match.start(), match["h"], "0", None)
    for match in scan.matches(_CLOCK_AT):
        if _INTENSITY_BEFORE.search(scan.text[: match.start()]):
            continue
        scan.claim(match.start(), match.end(), OWNER)
        _set_clock(facts, match.start(), match["h"], "0", None)
    for match in scan.take(_CLOCK_WORD, OWNER):
        _set_clock(facts, match.start(), "0" if match["word"] == "midnight" else "12", "0", None)
    for match in scan.take(_CLOCK_QUARTER, OWNER):
        hour = _HOUR_WORDS.get(match["h"]) or int(match["h"])
        minutes = 30 if match["q"] == "half" else 15
        if match["dir"] == "to":
            hour, minutes = (hour - 1) % 24, 60 - minutes
        _set_clock(facts, match.start(), str(hour), str(minutes), None)


def _set_clock(facts: _Facts, position: int, hour_text: str, minute_text: str, meridiem: str | None) -> None:
    hour = _HOUR_WORDS.get(hour_text)
    if hour is None:
        hour = int(hour_text)
    minute = int(minute_text)
    mer = None if meridiem is None else ("am" if meridiem.startswith("a") else "pm")
    facts.mentioned = True
    valid = minute <= 59 and (hour <= 23 if mer is None else 1 <= hour <= 12 or (hour == 0 and mer == "am"))
    # The first clock time in the text wins; later ones are usually "till 3:10" or noise.
    if valid and position < facts.clock_at:
        facts.clock = Clock(hour, minute, mer)
        facts.clock_at = position


def _read_loose_parts(scan: Scan, facts: _Facts) -> None:
    for _ in scan.take(_NIGHT_WORDS, OWNER):
        facts.mentioned = True
        facts.nocturnal_cue = True
        facts.part = facts.part or DayPart.NIGHT
    for match in scan.take(_PART_WORDS, OWNER):
        facts.mentioned = True
        facts.part = facts.part or _PART_NAMES[match["part"]]


def _resolve(facts: _Facts, ctx: _Ctx) -> tuple[datetime | None, int | None]:
    """The start time the facts point to (None: not stated) and a span in seconds for "all X"."""
    if facts.absolute is not None:
        return facts.absolute, None
    if facts.clock is not None:
        start = _resolve_clock(facts, facts.clock, ctx)
        return start, _rest_of_night(start, ctx) if facts.all_night else None
    if facts.night_evening is not None:
        window = night_window(facts.night_evening, ctx.tz, ctx.sleep_start, ctx.sleep_end)
        return _in_window(window, facts.span, ctx.now)
    if facts.part is not None:
        return _resolve_part(facts, facts.part, ctx)
    if facts.day is not None:
        if facts.day == ctx.now.date():
            return None, None
        return local_at(facts.day, ctx.now.time().replace(tzinfo=None), ctx.tz), None
    if facts.woke_cue and not is_nocturnal(ctx.now, ctx.sleep_start, ctx.sleep_end):
        evening = last_night_evening(ctx.now, ctx.sleep_end)
        window = night_window(evening, ctx.tz, ctx.sleep_start, ctx.sleep_end)
        return _in_window(window, False, ctx.now)
    return None, None


def _rest_of_night(start: datetime | None, ctx: _Ctx) -> int | None:
    """From a stated start to the end of that night's sleep window (or now), in real seconds."""
    if start is None or is_before(ctx.now, start):
        return None
    evening = start.date() if start.time() >= time(12) else start.date() - timedelta(days=1)
    _window_start, end = night_window(evening, ctx.tz, ctx.sleep_start, ctx.sleep_end)
    stop = end if is_before(end, ctx.now) else ctx.now
    return int(elapsed(start, stop).total_seconds()) if is_before(start, stop) else None


def _resolve_part(facts: _Facts, part: DayPart, ctx: _Ctx) -> tuple[datetime | None, int | None]:
    if facts.day is not None:
        window = part_window(part, facts.day, ctx.tz, ctx.sleep_start, ctx.sleep_end)
        return _in_window(window, facts.span, ctx.now)
    if part is DayPart.NIGHT:
        in_night = is_nocturnal(ctx.now, ctx.sleep_start, ctx.sleep_end)
        if in_night and not facts.span:
            return None, None  # "at night" typed at night: it is happening now
        evening = (current_night_evening if in_night else last_night_evening)(ctx.now, ctx.sleep_end)
        window = night_window(evening, ctx.tz, ctx.sleep_start, ctx.sleep_end)
        return _in_window(window, facts.span, ctx.now)
    today = ctx.now.date()
    window = part_window(part, today, ctx.tz, ctx.sleep_start, ctx.sleep_end)
    if is_before(ctx.now, window[0]):
        window = part_window(part, today - timedelta(days=1), ctx.tz, ctx.sleep_start, ctx.sleep_end)
    return _in_window(window, facts.span, ctx.now)


def _in_window(
    window: tuple[datetime, datetime], span: bool, now: datetime
) -> tuple[datetime | None, int | None]:
    start, end = window
    if is_before(now, start):
        return None, None
    if span:
        stop = end if is_before(end, now) else now
        return start, int(elapsed(start, stop).total_seconds())
    return midpoint_until(start, end, now), None


def _resolve_clock(facts: _Facts, clock: Clock, ctx: _Ctx) -> datetime | None:
    tz, options = ctx.tz, clock.hour_options()

    def at(day: date, hour: int) -> datetime:
        return local_at(day, time(hour, clock.minute), tz)

    if facts.night_evening is not None:
        evening = facts.night_evening
        start, end = night_window(evening, tz, ctx.sleep_start, ctx.sleep_end)
        candidates = [at(day, hour) for day in (evening, evening + timedelta(days=1)) for hour in options]
        inside = [c for c in candidates if not is_before(c, start) and is_before(c, end)]
        if inside:
            return inside[0]
        # Outside the sleep window: afternoon/evening hours on the first day, early hours on the next.
        hour = options[0]
        return at(evening if hour >= 12 else evening + timedelta(days=1), hour)

    preferred = _preference(facts, ctx)
    if facts.day is not None:
        candidates = [at(facts.day, hour) for hour in options]
        return ([c for c in candidates if preferred(c)] or candidates)[0]

    today = ctx.now.date()
    latest_ok = ctx.now + FUTURE_TOLERANCE
    candidates = [at(day, hour) for day in (today, today - timedelta(days=1)) for hour in options]
    candidates = [c for c in candidates if not is_before(latest_ok, c)]
    chosen = [c for c in candidates if preferred(c)] or candidates
    return max(chosen, key=lambda c: c.timestamp()) if chosen else None


def _preference(facts: _Facts, ctx: _Ctx) -> Callable[[datetime], bool]:
    """Which reading of an hour without am/pm fits the rest of the text."""
    part = facts.part
    if part is DayPart.NIGHT or (part is None and facts.nocturnal_cue):
        return lambda c: is_nocturnal(c, ctx.sleep_start, ctx.sleep_end)
    if part is DayPart.MORNING:
        return lambda c: c.hour < 12
    if part in (DayPart.AFTERNOON, DayPart.EVENING):
        return lambda c: c.hour >= 12
    return lambda c: False
