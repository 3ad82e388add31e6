"""`pl:` the plan: screens, the person's rows, medicine-reminder doses, add prompts, the PDF of a period."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

from handlers.callbacks.codec import checked, checked_word, day_text, parse_day, parse_number

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
        return checked(f"pl:{action}")
    if action in PLAN_ID_ACTIONS and item_id is not None:
        return checked(f"pl:{action}:{item_id}")
    if action in PLAN_SLOT_ACTIONS and item_id is not None and slot is not None:
        return checked(f"pl:{action}:{item_id}:{slot.astimezone(UTC):%Y%m%d%H%M}")
    if action in PLAN_WORD_ACTIONS and checked_word(word):
        return checked(f"pl:{action}:{word}")
    raise ValueError(f"bad plan button {action}")


def plan_pdf_button(start: date, end: date) -> str:
    return checked(f"pl:pdf:{day_text(start)}:{day_text(end)}")


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
    if action in PLAN_WORD_ACTIONS and len(rest) == 1 and checked_word(rest[0]):
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
