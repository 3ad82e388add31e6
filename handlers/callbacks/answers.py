"""`faq:` answers and topics, `sf:` a safety reply's sources, `mn:` the short menu, `it:` "log it or answer it?"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from handlers.callbacks.codec import checked, checked_word, day_text, parse_day, parse_number

# ----- faq: answers, topics, feedback -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FaqButton:
    kind: str  # show, src, topic, topics, fb
    ref: str = ""  # entry or topic id
    helpful: bool | None = None
    day: date | None = None


def faq_show(entry_id: str) -> str:
    return checked(f"faq:show:{entry_id}")


def faq_sources(entry_id: str) -> str:
    return checked(f"faq:src:{entry_id}")


def faq_topic(topic_id: str) -> str:
    return checked(f"faq:topic:{topic_id}")


FAQ_TOPICS = "faq:topics"


def faq_feedback(entry_id: str, helpful: bool, day: date) -> str:
    return checked(f"faq:fb:{entry_id}:{'up' if helpful else 'down'}:{day_text(day)}")


def parse_faq_button(data: str) -> FaqButton | None:
    parts = data.split(":")
    if parts[0] != "faq" or len(parts) < 2:
        return None
    kind = parts[1]
    if kind == "topics" and len(parts) == 2:
        return FaqButton("topics")
    if kind in {"show", "src", "topic"} and len(parts) == 3 and checked_word(parts[2]):
        return FaqButton(kind, parts[2])
    if kind == "fb" and len(parts) == 5 and checked_word(parts[2]) and parts[3] in {"up", "down"}:
        day = parse_day(parts[4])
        return FaqButton("fb", parts[2], parts[3] == "up", day) if day else None
    return None


# ----- sf: the sources behind a safety reply --------------------------------------------------------

SAFETY_SOURCES_PREFIX = "sf:src:"


def safety_sources(rule_id: str) -> str:
    return checked(SAFETY_SOURCES_PREFIX + rule_id)


def parse_safety_sources(data: str) -> str | None:
    rule_id = data.removeprefix(SAFETY_SOURCES_PREFIX)
    return checked_word(rule_id) if data.startswith(SAFETY_SOURCES_PREFIX) else None


# ----- mn: the short menu under greetings, help and lines the bot did not understand ----------------

MENU_ACTIONS = frozenset({"log", "remind", "stats", "help"})


def menu_button(action: str) -> str:
    if action not in MENU_ACTIONS:
        raise ValueError(f"unknown menu action {action}")
    return checked(f"mn:{action}")


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
    return checked(f"it:{action}:{message_id}")


def parse_intent_button(data: str) -> IntentButton | None:
    parts = data.split(":")
    if len(parts) != 3 or parts[0] != "it" or parts[1] not in INTENT_ACTIONS:
        return None
    message_id = parse_number(parts[2])
    return IntentButton(parts[1], message_id) if message_id is not None else None
