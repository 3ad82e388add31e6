"""The guided log flow as plain values and pure functions, unit-tested without Telegram.

`FlowState` (versioned) is kept as JSON between taps in the persisted per-user data, so it survives
restarts and kill -9. `step(state, action, value, moment)` is the whole state machine: one tap in,
the new state (draft and screen) out; handlers/log_screens.py turns a state into text and buttons.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, time, timedelta
from enum import StrEnum
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from bot.episodes.model import (
    INTENSITY_MAX,
    INTENSITY_MIN,
    NOTES_MAX_CHARS,
    TRIGGER_TEXT_MAX_CHARS,
    EpisodeDraft,
)
from bot.episodes.timing import is_nocturnal, resolve_last_night
from bot.episodes.vocabulary import Helped, Kind, Region, Relief, Side, Symptom, Trigger

E = TypeVar("E", bound=StrEnum)

FLOW_STATE_VERSION = 2
READABLE_VERSIONS = frozenset({1, 2})  # version 1 had no confirmation fields: they start empty
# A half-finished entry (it may hold notes) is not kept longer than this: the open flow times out,
# and drafts older than this are dropped when the bot starts (timeouts do not survive a restart).
FLOW_TIMEOUT = timedelta(hours=2)
# A new entry for the same place this close to a saved one may be the same episode told twice: ask.
SAME_EPISODE_WINDOW = timedelta(minutes=30)
SCREENS = frozenset(
    {
        "region",
        "intensity",
        "review",
        "when",
        "duration",
        "kind",
        "triggers",
        "symptoms",
        "relief",
        "helped",
        "confirm",  # "Did I get this right?" before saving a guess (bot/episodes/guesses.py)
        "aside",  # a new episode line for another place came in: save or drop this draft first?
    }
)
COUNT_MAX = 10
TYPED_FIELDS = ("notes", "time", "duration", "trigger")

# Quick choices for "when": label → minutes before now (None = last night).
WHEN_CHOICES: dict[str, int | None] = {"now": 0, "15m": 15, "1h": 60, "night": None}
WHEN_LABELS = {"now": "Now", "15m": "15 min ago", "1h": "1 h ago", "night": "Last night"}
DURATION_CHOICES: dict[str, int] = {"30s": 30, "1m": 60, "2m": 120, "5m": 300, "10m": 600, "30m": 1800}
DURATION_LABELS = {
    "30s": "30 s",
    "1m": "1 min",
    "2m": "2 min",
    "5m": "5 min",
    "10m": "10 min",
    "30m": "30 min",
}


def draft_to_json(draft: EpisodeDraft) -> dict[str, Any]:
    data = asdict(draft)
    data["started_at"] = draft.started_at.isoformat() if draft.started_at else None
    return data


def _enum(enum: type[E], value: object) -> E | None:
    return enum(str(value)) if value is not None else None


def draft_from_json(data: dict[str, Any]) -> EpisodeDraft:
    started = data.get("started_at")
    return EpisodeDraft(
        started_at=datetime.fromisoformat(started) if started else None,
        nocturnal=data.get("nocturnal"),
        kind=_enum(Kind, data.get("kind")),
        region=_enum(Region, data.get("region")),
        side=_enum(Side, data.get("side")),
        intensity=data.get("intensity"),
        duration_seconds=data.get("duration_seconds"),
        ongoing=bool(data.get("ongoing")),
        triggers=[Trigger(t) for t in data.get("triggers", [])],
        trigger_text=data.get("trigger_text"),
        symptoms=[Symptom(s) for s in data.get("symptoms", [])],
        relief=[Relief(r) for r in data.get("relief", [])],
        relief_helped=_enum(Helped, data.get("relief_helped")),
        notes=data.get("notes"),
    )


def when_choice(choice: str, now: datetime, tz: ZoneInfo, sleep_start: time, sleep_end: time) -> datetime:
    minutes = WHEN_CHOICES[choice]
    if minutes is None:
        return resolve_last_night(now, tz, sleep_start, sleep_end)
    return (now - timedelta(minutes=minutes)).astimezone(tz)


def toggle(values: list[E], value: E) -> list[E]:
    return [v for v in values if v != value] if value in values else [*values, value]


def toggle_relief(values: list[Relief], value: Relief) -> list[Relief]:
    """ "Nothing" excludes the others: choosing it clears them, choosing another clears it."""
    if value is Relief.NOTHING:
        return [] if Relief.NOTHING in values else [Relief.NOTHING]
    return toggle([v for v in values if v is not Relief.NOTHING], value)


def clean_notes(text: str) -> str:
    return " ".join(text.split())[:NOTES_MAX_CHARS]


def decide_nocturnal(draft: EpisodeDraft, zone: str, sleep_start: time, sleep_end: time) -> bool:
    """Said to be at night (or woke them), or started inside the sleep window."""
    if draft.nocturnal:
        return True
    if draft.started_at is None:
        return False
    return is_nocturnal(draft.started_at.astimezone(ZoneInfo(zone)), sleep_start, sleep_end)


# ----- the flow's state ---------------------------------------------------------------------------


@dataclass
class FlowState:
    """One open /log flow. `flow` is a random id its buttons carry, so buttons of older flows expire."""

    draft: EpisodeDraft
    flow: str = field(default_factory=lambda: secrets.token_hex(3))
    editing: int | None = None  # the saved entry being edited, None for a new one
    screen: str = "region"
    typing: str | None = None  # which field a typed message fills, after a "⌨ Type it" button
    message_id: int | None = None  # the flow's message, edited in place
    same_as: int | None = None  # a saved entry of the same place within SAME_EPISODE_WINDOW: ask first
    # The "Did I get this right?" question: why it is asked, the further episodes of the same message
    # (saved after the current draft, each as its own entry), a count ("3 times") and the key of the
    # message the entries come from (so a second tap cannot save them twice).
    reasons: list[str] = field(default_factory=list)
    queue: list[EpisodeDraft] = field(default_factory=list)
    count: int | None = None
    key: str | None = None
    line: str | None = None  # the typed line the drafts come from (read again if the zone changes)
    # The relief step: the person's as-needed medicines offered by name (id, label), and the ones chosen;
    # each chosen one becomes a dose linked to the entry once it is saved.
    offered: tuple[tuple[int, str], ...] = ()
    took: tuple[int, ...] = ()
    # A typed line about another place, waiting while "save or drop the open draft?" is asked;
    # it is logged right after the person's answer, so neither the draft nor the line is lost unseen.
    next_line: str | None = None
    version: int = FLOW_STATE_VERSION

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "flow": self.flow,
            "draft": draft_to_json(self.draft),
            "editing": self.editing,
            "screen": self.screen,
            "typing": self.typing,
            "message_id": self.message_id,
            "same_as": self.same_as,
            "reasons": list(self.reasons),
            "queue": [draft_to_json(d) for d in self.queue],
            "count": self.count,
            "key": self.key,
            "line": self.line,
            "offered": [[medicine_id, label] for medicine_id, label in self.offered],
            "took": list(self.took),
            "next_line": self.next_line,
        }

    @classmethod
    def from_json(cls, data: object) -> FlowState | None:
        """The stored state, or None when it cannot be read (another version, damaged): the flow is gone."""
        if not isinstance(data, dict) or data.get("version", FLOW_STATE_VERSION) not in READABLE_VERSIONS:
            return None
        try:
            screen = str(data.get("screen") or "review")
            typing = data.get("typing")
            return cls(
                draft=draft_from_json(data["draft"]),
                flow=str(data["flow"]),
                editing=_optional_int(data.get("editing")),
                screen=screen if screen in SCREENS else "review",
                typing=typing if typing in TYPED_FIELDS else None,
                message_id=_optional_int(data.get("message_id")),
                same_as=_optional_int(data.get("same_as")),
                reasons=[str(r) for r in data.get("reasons") or []],
                queue=[draft_from_json(d) for d in data.get("queue") or []],
                count=_count(data.get("count")),
                key=str(data["key"]) if data.get("key") else None,
                line=str(data["line"]) if data.get("line") else None,
                offered=tuple((int(i), str(label)) for i, label in data.get("offered", [])),
                took=tuple(int(i) for i in data.get("took", [])),
                next_line=str(data["next_line"]) if data.get("next_line") else None,
            )
        except (KeyError, TypeError, ValueError):
            return None


def _count(value: object) -> int | None:
    number = _optional_int(value)
    return number if number is not None and 2 <= number <= COUNT_MAX else None


def _optional_int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def new_flow(draft: EpisodeDraft, editing: int | None = None, screen: str | None = None) -> FlowState:
    return FlowState(draft=draft, editing=editing, screen=screen or first_screen(draft))


def confirm_flow(
    drafts: list[EpisodeDraft], reasons: list[str], *, count: int | None, key: str, line: str | None = None
) -> FlowState:
    """ "Did I get this right?" for the drafts of one message (the first shown, the rest queued)."""
    return FlowState(
        draft=drafts[0], screen="confirm", reasons=reasons, queue=drafts[1:], count=count, key=key, line=line
    )


def count_copies(draft: EpisodeDraft, count: int) -> list[EpisodeDraft]:
    """ "Save 3 entries": the draft once per episode, each note saying which one it is."""
    copies = []
    for number in range(1, count + 1):
        copy = draft_from_json(draft_to_json(draft))
        tag = f"{number} of {count}"
        copy.notes = clean_notes(f"{copy.notes} ({tag})" if copy.notes else tag)
        copies.append(copy)
    return copies


def fixing(state: FlowState) -> FlowState:
    """ "✏️ Fix it": the review screen of the first draft; the count is dropped (its words stay in the
    note) and the other episodes of the message wait until this one is saved."""
    return replace(state, screen="review", reasons=[], count=None, typing=None)


def first_screen(draft: EpisodeDraft) -> str:
    if draft.region is None:
        return "region"
    if draft.intensity is None:
        return "intensity"
    return "review"


# ----- one tap ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Moment:
    """What a tap needs to know about now: the instant, the person's zone and sleep window."""

    now: datetime
    tz: ZoneInfo
    sleep_start: time
    sleep_end: time


class FlowError(ValueError):
    """A forged or outdated action: nothing changes, the button answers "expired"."""


Action = Callable[[EpisodeDraft, str, Moment], str | None]


def _region(draft: EpisodeDraft, value: str, _m: Moment) -> str | None:
    draft.region = Region(value)
    return first_screen(draft)


def _side(draft: EpisodeDraft, value: str, _m: Moment) -> str | None:
    side = Side(value)
    draft.side = None if draft.side is side else side
    return None


def _intensity(draft: EpisodeDraft, value: str, _m: Moment) -> str | None:
    if value not in {str(n) for n in range(INTENSITY_MIN, INTENSITY_MAX + 1)}:
        raise FlowError("intensity out of range")
    draft.intensity = int(value)
    return first_screen(draft)


def _when(draft: EpisodeDraft, value: str, m: Moment) -> str | None:
    draft.started_at = when_choice(value, m.now, m.tz, m.sleep_start, m.sleep_end)
    draft.nocturnal = True if value == "night" else None
    return first_screen(draft)


def _duration(draft: EpisodeDraft, value: str, _m: Moment) -> str | None:
    if value == "ongoing":
        draft.duration_seconds, draft.ongoing = None, True
    else:
        draft.duration_seconds, draft.ongoing = DURATION_CHOICES[value], False
    return "review"


def _kind(draft: EpisodeDraft, value: str, _m: Moment) -> str | None:
    draft.kind = Kind(value)
    return "review"


def _trigger(draft: EpisodeDraft, value: str, _m: Moment) -> str | None:
    draft.triggers = toggle(draft.triggers, Trigger(value))
    return None


def _symptom(draft: EpisodeDraft, value: str, _m: Moment) -> str | None:
    draft.symptoms = toggle(draft.symptoms, Symptom(value))
    return None


def _relief(draft: EpisodeDraft, value: str, _m: Moment) -> str | None:
    draft.relief = toggle_relief(draft.relief, Relief(value))
    if not draft.relief or draft.relief == [Relief.NOTHING]:
        draft.relief_helped = None
    return None


def _relief_done(draft: EpisodeDraft, _value: str, _m: Moment) -> str | None:
    tried = [r for r in draft.relief if r is not Relief.NOTHING]
    return "helped" if tried else "review"


def _helped(draft: EpisodeDraft, value: str, _m: Moment) -> str | None:
    draft.relief_helped = Helped(value)
    return "review"


def _go(_draft: EpisodeDraft, value: str, _m: Moment) -> str | None:
    if value not in SCREENS:
        raise FlowError("no such screen")  # a forged go: target must never become the screen
    return value


ACTIONS: dict[str, Action] = {
    "reg": _region,
    "side": _side,
    "int": _intensity,
    "when": _when,
    "dur": _duration,
    "kind": _kind,
    "trg": _trigger,
    "sym": _symptom,
    "rel": _relief,
    "reldone": _relief_done,
    "hlp": _helped,
    "go": _go,
}


def apply_action(
    draft: EpisodeDraft, action: str, value: str, moment: Moment
) -> tuple[EpisodeDraft, str | None]:
    """Change a copy of the draft for one tap. Returns (draft, next screen or None to stay).
    Raises FlowError for an action or value no button of ours carries."""
    change = ACTIONS.get(action)
    if change is None:
        raise FlowError(f"unknown action {action}")
    changed = draft_from_json(draft_to_json(draft))
    try:
        screen = change(changed, value, moment)
    except (KeyError, ValueError) as exc:
        raise FlowError(str(exc)) from None
    return changed, screen


def step(state: FlowState, action: str, value: str, moment: Moment) -> FlowState:
    """The flow after one tap: new draft, and the next screen (or the same one for toggles)."""
    if action == "med":
        return toggle_medicine(state, value)
    draft, screen = apply_action(state.draft, action, value, moment)
    took = state.took if Relief.AS_NEEDED_MEDICATION in draft.relief else ()
    return replace(state, draft=draft, screen=screen or state.screen, typing=None, took=took)


def toggle_medicine(state: FlowState, value: str) -> FlowState:
    """One of the person's as-needed medicines on the relief screen: chosen ones make the relief
    "as-needed medication" (and clear "nothing"); with none chosen that relief goes too."""
    offered = {str(medicine_id) for medicine_id, _label in state.offered}
    if value not in offered:
        raise FlowError("not an offered medicine")  # forged, or from a flow that offered others
    chosen = int(value)
    took = tuple(t for t in state.took if t != chosen) if chosen in state.took else (*state.took, chosen)
    draft = draft_from_json(draft_to_json(state.draft))
    others = [r for r in draft.relief if r not in (Relief.NOTHING, Relief.AS_NEEDED_MEDICATION)]
    draft.relief = [*others, Relief.AS_NEEDED_MEDICATION] if took else others
    if not draft.relief:
        draft.relief_helped = None
    return replace(state, draft=draft, took=took, typing=None)


def typed_trigger(text: str) -> str | None:
    return " ".join(text.split())[:TRIGGER_TEXT_MAX_CHARS] or None


def merge_same(saved: EpisodeDraft, new: EpisodeDraft) -> EpisodeDraft:
    """The saved entry with what the new message adds: empty fields filled, lists joined, notes
    appended; the saved values stay (the person said it is the same episode)."""
    merged = draft_from_json(draft_to_json(saved))
    for name in ("kind", "side", "intensity", "duration_seconds", "trigger_text", "relief_helped"):
        if getattr(merged, name) is None and getattr(new, name) is not None:
            setattr(merged, name, getattr(new, name))
    if new.intensity is not None and merged.intensity is not None:
        merged.intensity = max(merged.intensity, new.intensity)  # the worst of what was reported
    merged.ongoing = merged.ongoing or (new.ongoing and merged.duration_seconds is None)
    merged.nocturnal = merged.nocturnal or new.nocturnal
    for name in ("triggers", "symptoms", "relief"):
        values = getattr(merged, name)
        setattr(merged, name, [*values, *(v for v in getattr(new, name) if v not in values)])
    if new.notes and new.notes != merged.notes:
        merged.notes = clean_notes(f"{merged.notes}; {new.notes}" if merged.notes else new.notes)
    return merged
