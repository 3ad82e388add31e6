"""Callback data of every inline button: each family is built and parsed here, nowhere else.

Telegram allows 64 bytes of callback data, and anyone can send any data with any button press, so
parsing is strict: a family's prefix, a known action, ids and offsets of 1-12 ASCII digits (not
`str.isdigit`, which accepts "²" that `int` then rejects), days as YYYYMMDD. Anything else parses to
None, and the handler answers "This button has expired" without touching data.

Families: `lg:` /log flow, `ep:` a saved entry, `hi:` history page, `fg:` /forget, `rm:` reminders,
`faq:` answers and topics, `tz:` time-zone choice and its undo, `pl:` the plan (medicines, doses,
appointments, questions, exercises), `mn:` the short menu, `it:` "log it or answer it?" for a line that
could be either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

MAX_BYTES = 64
MAX_NUMBER = 10**12 - 1
_NUMBER = re.compile(r"[0-9]{1,12}")
_DAY = re.compile(r"[0-9]{8}")
_WORD = re.compile(r"[a-z0-9_]{1,40}")
_FLOW_ID = re.compile(r"[0-9a-f]{6}")


def _checked(data: str) -> str:
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"callback data over {MAX_BYTES} bytes: {data[:20]}…")
    return data


def parse_number(text: str) -> int | None:
    """An id or offset: 1-12 ASCII digits, else None."""
    return int(text) if _NUMBER.fullmatch(text) else None


def day_text(day: date) -> str:
    return day.strftime("%Y%m%d")


def parse_day(text: str) -> date | None:
    if not _DAY.fullmatch(text):
        return None
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


def _word(text: str) -> str | None:
    return text if _WORD.fullmatch(text) else None


# ----- lg: the /log flow ---------------------------------------------------------------------------

FLOW_PREFIX = "lg:"


@dataclass(frozen=True, slots=True)
class FlowButton:
    flow: str
    action: str
    value: str = ""


def flow_button(flow: str, action: str, value: str = "") -> str:
    return _checked(f"lg:{flow}:{action}:{value}" if value else f"lg:{flow}:{action}")


def parse_flow_button(data: str) -> FlowButton | None:
    parts = data.split(":")
    if len(parts) not in (3, 4) or parts[0] != "lg" or not _FLOW_ID.fullmatch(parts[1]):
        return None
    action = _word(parts[2])
    value = parts[3] if len(parts) == 4 else ""
    if action is None or (value and _word(value) is None):
        return None
    return FlowButton(parts[1], action, value)


# ----- ep: a saved entry -------------------------------------------------------------------------

ENTRY_ACTIONS = frozenset({"edit", "more", "del", "delok", "keep", "open"})


@dataclass(frozen=True, slots=True)
class EntryButton:
    action: str
    episode_id: int


def entry_button(action: str, episode_id: int) -> str:
    if action not in ENTRY_ACTIONS:
        raise ValueError(f"unknown entry action {action}")
    return _checked(f"ep:{action}:{episode_id}")


def parse_entry_button(data: str) -> EntryButton | None:
    parts = data.split(":")
    if len(parts) != 3 or parts[0] != "ep" or parts[1] not in ENTRY_ACTIONS:
        return None
    episode_id = parse_number(parts[2])
    return EntryButton(parts[1], episode_id) if episode_id is not None else None


# ----- hi: a page of /history --------------------------------------------------------------------


def history_page(offset: int) -> str:
    return _checked(f"hi:{offset}")


def parse_history_page(data: str) -> int | None:
    return parse_number(data.removeprefix("hi:")) if data.startswith("hi:") else None


# ----- fg: /forget -------------------------------------------------------------------------------

FORGET_YES, FORGET_NO = "fg:yes", "fg:no"


# ----- rm: reminders -------------------------------------------------------------------------------
# Buttons on a reminder message carry the local day it was sent for, so a press days later does not
# record "drank" or "last night" for today (see handlers/remind.py for how long each stays valid).

REMINDER_ACTIONS = frozenset({"drank", "done", "snooze", "off", "on", "night", "rec", "log", "nightlog"})


@dataclass(frozen=True, slots=True)
class ReminderButton:
    action: str
    value: str = ""
    day: date | None = None


def reminder_button(action: str, value: str = "", day: date | None = None) -> str:
    if action not in REMINDER_ACTIONS:
        raise ValueError(f"unknown reminder action {action}")
    parts = ["rm", action, value, day_text(day) if day else ""]
    return _checked(":".join(parts).rstrip(":"))


def parse_reminder_button(data: str) -> ReminderButton | None:
    parts = data.split(":")
    if not 2 <= len(parts) <= 4 or parts[0] != "rm" or parts[1] not in REMINDER_ACTIONS:
        return None
    value = parts[2] if len(parts) > 2 else ""
    if value and _word(value) is None:
        return None
    day = None
    if len(parts) == 4:
        day = parse_day(parts[3])
        if day is None:
            return None
    return ReminderButton(parts[1], value, day)


# ----- faq: answers, topics, feedback -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FaqButton:
    kind: str  # show, src, topic, topics, fb
    ref: str = ""  # entry or topic id
    helpful: bool | None = None
    day: date | None = None


def faq_show(entry_id: str) -> str:
    return _checked(f"faq:show:{entry_id}")


def faq_sources(entry_id: str) -> str:
    return _checked(f"faq:src:{entry_id}")


def faq_topic(topic_id: str) -> str:
    return _checked(f"faq:topic:{topic_id}")


FAQ_TOPICS = "faq:topics"


def faq_feedback(entry_id: str, helpful: bool, day: date) -> str:
    return _checked(f"faq:fb:{entry_id}:{'up' if helpful else 'down'}:{day_text(day)}")


def parse_faq_button(data: str) -> FaqButton | None:
    parts = data.split(":")
    if parts[0] != "faq" or len(parts) < 2:
        return None
    kind = parts[1]
    if kind == "topics" and len(parts) == 2:
        return FaqButton("topics")
    if kind in {"show", "src", "topic"} and len(parts) == 3 and _word(parts[2]):
        return FaqButton(kind, parts[2])
    if kind == "fb" and len(parts) == 5 and _word(parts[2]) and parts[3] in {"up", "down"}:
        day = parse_day(parts[4])
        return FaqButton("fb", parts[2], parts[3] == "up", day) if day else None
    return None


# ----- sf: the sources behind a safety reply --------------------------------------------------------

SAFETY_SOURCES_PREFIX = "sf:src:"


def safety_sources(rule_id: str) -> str:
    return _checked(SAFETY_SOURCES_PREFIX + rule_id)


def parse_safety_sources(data: str) -> str | None:
    rule_id = data.removeprefix(SAFETY_SOURCES_PREFIX)
    return _word(rule_id) if data.startswith(SAFETY_SOURCES_PREFIX) else None


# ----- tz: a time zone offered during /start and /timezone ------------------------------------------

ZONE_PREFIX = "tz:set:"
_ZONE = re.compile(r"[A-Za-z0-9_+\-/]{1,60}")


ZONE_UNDO_PREFIX = "tz:undo:"
NO_ZONE = "-"  # undo to "no zone set"


def zone_undo_button(previous: str | None) -> str:
    return _checked(ZONE_UNDO_PREFIX + (previous or NO_ZONE))


def parse_zone_undo(data: str) -> str | None:
    """The zone to go back to, NO_ZONE for none, or None for data no button of ours carries."""
    zone = data.removeprefix(ZONE_UNDO_PREFIX)
    if not data.startswith(ZONE_UNDO_PREFIX):
        return None
    return zone if zone == NO_ZONE or _ZONE.fullmatch(zone) else None


def zone_button(zone: str) -> str:
    return _checked(ZONE_PREFIX + zone)


def parse_zone_button(data: str) -> str | None:
    zone = data.removeprefix(ZONE_PREFIX)
    return zone if data.startswith(ZONE_PREFIX) and _ZONE.fullmatch(zone) else None


# ----- mn: the short menu under greetings, help and lines the bot did not understand ----------------

MENU_ACTIONS = frozenset({"log", "remind", "stats", "help"})


def menu_button(action: str) -> str:
    if action not in MENU_ACTIONS:
        raise ValueError(f"unknown menu action {action}")
    return _checked(f"mn:{action}")


def parse_menu_button(data: str) -> str | None:
    parts = data.split(":")
    return parts[1] if len(parts) == 2 and parts[0] == "mn" and parts[1] in MENU_ACTIONS else None


# ----- it: "log it as an episode, or answer it as a question?" --------------------------------------
# Carries the id of the message asked about; the text itself waits in the person's user_data.

INTENT_ACTIONS = frozenset({"log", "ask"})


@dataclass(frozen=True, slots=True)
class IntentButton:
    action: str
    message_id: int


def intent_button(action: str, message_id: int) -> str:
    if action not in INTENT_ACTIONS:
        raise ValueError(f"unknown intent action {action}")
    return _checked(f"it:{action}:{message_id}")


def parse_intent_button(data: str) -> IntentButton | None:
    parts = data.split(":")
    if len(parts) != 3 or parts[0] != "it" or parts[1] not in INTENT_ACTIONS:
        return None
    message_id = parse_number(parts[2])
    return IntentButton(parts[1], message_id) if message_id is not None else None


# ----- pl: the plan ---------------------------------------------------------------------------------
# `pl:<action>` (a screen), `pl:<action>:<id>` (one of the person's rows, loaded by id and presser),
# `pl:<action>:<id>:<YYYYMMDDHHMM>` (a medicine reminder's dose: the scheduled UTC minute, so a press
# long after expires), `pl:<action>:<word>` (a section or an add prompt), `pl:pdf:<YYYYMMDD>:<YYYYMMDD>`.

PLAN_SCREENS = frozenset({"show", "meds", "appts", "qs", "ex", "support", "relax", "rstop"})
PLAN_ID_ACTIONS = frozenset(
    {"mpause", "mresume", "mstop", "mtimes", "acancel", "qdone", "xdel", "took", "qsave"}
)
PLAN_SLOT_ACTIONS = frozenset({"tk", "sk", "sn", "xd"})  # xd: an exercise done (id 0: all of them)
PLAN_WORD_ACTIONS = frozenset({"add"})
_SLOT = re.compile(r"[0-9]{12}")


@dataclass(frozen=True, slots=True)
class PlanButton:
    action: str
    item_id: int | None = None
    slot: datetime | None = None  # aware UTC
    word: str = ""
    start: date | None = None
    end: date | None = None


def plan_button(action: str, item_id: int | None = None, slot: datetime | None = None, word: str = "") -> str:
    if action in PLAN_SCREENS:
        return _checked(f"pl:{action}")
    if action in PLAN_ID_ACTIONS and item_id is not None:
        return _checked(f"pl:{action}:{item_id}")
    if action in PLAN_SLOT_ACTIONS and item_id is not None and slot is not None:
        return _checked(f"pl:{action}:{item_id}:{slot.astimezone(UTC):%Y%m%d%H%M}")
    if action in PLAN_WORD_ACTIONS and _word(word):
        return _checked(f"pl:{action}:{word}")
    raise ValueError(f"bad plan button {action}")


def plan_pdf_button(start: date, end: date) -> str:
    return _checked(f"pl:pdf:{day_text(start)}:{day_text(end)}")


def _parse_slot(text: str) -> datetime | None:
    if not _SLOT.fullmatch(text):
        return None
    try:
        return datetime.strptime(text, "%Y%m%d%H%M").replace(tzinfo=UTC)
    except ValueError:
        return None


def parse_plan_button(data: str) -> PlanButton | None:
    parts = data.split(":")
    if len(parts) < 2 or parts[0] != "pl":
        return None
    action, rest = parts[1], parts[2:]
    if action in PLAN_SCREENS and not rest:
        return PlanButton(action)
    if action in PLAN_WORD_ACTIONS and len(rest) == 1 and _word(rest[0]):
        return PlanButton(action, word=rest[0])
    if action == "pdf" and len(rest) == 2:
        start, end = parse_day(rest[0]), parse_day(rest[1])
        return PlanButton(action, start=start, end=end) if start and end and start <= end else None
    item_id = parse_number(rest[0]) if rest else None
    if item_id is None:
        return None
    if action in PLAN_ID_ACTIONS and len(rest) == 1:
        return PlanButton(action, item_id)
    if action in PLAN_SLOT_ACTIONS and len(rest) == 2:
        slot = _parse_slot(rest[1])
        return PlanButton(action, item_id, slot) if slot else None
    return None
