"""`lg:` the /log flow, `ep:` a saved entry, `hi:` a page of /history, `fg:` /forget."""

from __future__ import annotations

from dataclasses import dataclass

from handlers.callbacks.codec import FLOW_ID, checked, checked_word, parse_number

# ----- lg: the /log flow ---------------------------------------------------------------------------

FLOW_PREFIX = "lg:"


@dataclass(frozen=True, slots=True)
class FlowButton:
    flow: str
    action: str
    value: str = ""


def flow_button(flow: str, action: str, value: str = "") -> str:
    return checked(f"lg:{flow}:{action}:{value}" if value else f"lg:{flow}:{action}")


def parse_flow_button(data: str) -> FlowButton | None:
    parts = data.split(":")
    if len(parts) not in (3, 4) or parts[0] != "lg" or not FLOW_ID.fullmatch(parts[1]):
        return None
    action = checked_word(parts[2])
    value = parts[3] if len(parts) == 4 else ""
    if action is None or (value and checked_word(value) is None):
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
    return checked(f"ep:{action}:{episode_id}")


def parse_entry_button(data: str) -> EntryButton | None:
    parts = data.split(":")
    if len(parts) != 3 or parts[0] != "ep" or parts[1] not in ENTRY_ACTIONS:
        return None
    episode_id = parse_number(parts[2])
    return EntryButton(parts[1], episode_id) if episode_id is not None else None


# ----- hi: a page of /history --------------------------------------------------------------------


def history_page(offset: int) -> str:
    return checked(f"hi:{offset}")


def parse_history_page(data: str) -> int | None:
    return parse_number(data.removeprefix("hi:")) if data.startswith("hi:") else None


# ----- fg: /forget -------------------------------------------------------------------------------

FORGET_YES, FORGET_NO = "fg:yes", "fg:no"
