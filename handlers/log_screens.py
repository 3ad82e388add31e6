"""What each screen of the /log flow looks like: text and inline buttons for a FlowState.

Pure presentation: the state machine is bot/episodes/flow.py; this module never changes the state.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.episodes import flow
from bot.episodes.describe import draft_details
from bot.episodes.flow import FlowState
from bot.episodes.model import INTENSITY_MAX, INTENSITY_MIN, EpisodeDraft
from bot.episodes.vocabulary import (
    HELPED_LABELS,
    KIND_LABELS,
    REGION_LABELS,
    RELIEF_LABELS,
    SYMPTOM_LABELS,
    TRIGGER_LABELS,
    Helped,
    Kind,
    Region,
    Relief,
    Side,
    Symptom,
    Trigger,
)
from handlers.callbacks import flow_button

Markup = InlineKeyboardMarkup
Rows = list[list[InlineKeyboardButton]]
Button = Callable[[str, str], InlineKeyboardButton]

NOT_SAVED = "Not saved. Nothing was recorded."
SAME_QUESTION = (
    "You saved an entry for the same place less than 30 minutes from this one. Is this the same episode?"
)
CONFIRM_QUESTION = "🤔 Did I get this right? Nothing is saved yet."
TYPING_PROMPTS = {
    "notes": "Type your note (up to 1,000 characters). /cancel to stop.",
    "time": "When did it start? For example “yesterday 23:30”, “20 minutes ago” or “at 3am”.",
    "duration": "How long did it last? For example “45 s”, “2 min” or “still going”.",
    "trigger": "What do you think set it off? Type it in a few words.",
}
QUESTIONS = {
    "region": "Where was it?",
    "intensity": f"How strong, from {INTENSITY_MIN} (none) to {INTENSITY_MAX} (worst imaginable)? Side is optional.",
    "when": "When did it start?",
    "duration": "How long did it last?",
    "kind": "What kind was it?",
    "triggers": "What might have set it off? Tap all that apply.",
    "symptoms": "Anything else with it? Tap all that apply.",
    "relief": "What did you try for relief? Tap all that apply.",
    "helped": "Did it help?",
}


def _rows(buttons: Sequence[InlineKeyboardButton], per_row: int) -> Rows:
    return [list(buttons[i : i + per_row]) for i in range(0, len(buttons), per_row)]


def _checked(label: str, on: bool) -> str:
    return f"✓ {label}" if on else label


def _region(b: Button, draft: EpisodeDraft, back: list[InlineKeyboardButton]) -> Rows:
    regions = [b(REGION_LABELS[r].capitalize(), f"reg:{r.value}") for r in Region]
    return [*_rows(regions, 3), [b("🕑 Change time", "go:when"), b("✖ Cancel", "cancel")]]


def _intensity(b: Button, draft: EpisodeDraft, back: list[InlineKeyboardButton]) -> Rows:
    numbers = [b(str(n), f"int:{n}") for n in range(INTENSITY_MIN, INTENSITY_MAX + 1)]
    sides = [(Side.LEFT, "Left"), (Side.RIGHT, "Right"), (Side.BOTH, "Both")]
    side_row = [b(_checked(label, draft.side is side), f"side:{side.value}") for side, label in sides]
    return [numbers[:6], numbers[6:], side_row, [*back, b("✖ Cancel", "cancel")]]


def _review(b: Button, draft: EpisodeDraft, back: list[InlineKeyboardButton]) -> Rows:
    return [
        [b("💾 Save", "save")],
        [b("⏱ Duration", "go:duration"), b("🏷 Kind", "go:kind"), b("⚡ Triggers", "go:triggers")],
        [b("🤕 Symptoms", "go:symptoms"), b("🩹 Relief", "go:relief"), b("📝 Notes", "type:notes")],
        [b("🕑 Time", "go:when"), b("📍 Place", "go:region"), b("🎚 Strength", "go:intensity")],
        [b("✖ Cancel", "cancel")],
    ]


def _when(b: Button, draft: EpisodeDraft, back: list[InlineKeyboardButton]) -> Rows:
    choices = [b(label, f"when:{key}") for key, label in flow.WHEN_LABELS.items()]
    return [*_rows(choices, 2), [b("⌨ Type it", "type:time"), *back]]


def _duration(b: Button, draft: EpisodeDraft, back: list[InlineKeyboardButton]) -> Rows:
    choices = [b(label, f"dur:{key}") for key, label in flow.DURATION_LABELS.items()]
    return [*_rows(choices, 3), [b("Still going", "dur:ongoing"), b("⌨ Type it", "type:duration")], back]


def _kind(b: Button, draft: EpisodeDraft, back: list[InlineKeyboardButton]) -> Rows:
    return [*_rows([b(KIND_LABELS[k].capitalize(), f"kind:{k.value}") for k in Kind], 2), back]


def _triggers(b: Button, draft: EpisodeDraft, back: list[InlineKeyboardButton]) -> Rows:
    toggles = [b(_checked(TRIGGER_LABELS[t], t in draft.triggers), f"trg:{t.value}") for t in Trigger]
    return [*_rows(toggles, 2), [b("⌨ Other", "type:trigger"), b("✓ Done", "go:review")]]


def _symptoms(b: Button, draft: EpisodeDraft, back: list[InlineKeyboardButton]) -> Rows:
    toggles = [b(_checked(SYMPTOM_LABELS[s], s in draft.symptoms), f"sym:{s.value}") for s in Symptom]
    return [*_rows(toggles, 3), [b("✓ Done", "go:review")]]


RELIEF_BUTTONS = {Relief.RELAXATION: "🫁 Relax (breathing)"}


def relief_rows(b: Button, state: FlowState) -> Rows:
    """The relief choices; the person's own as-needed medicines by name replace the generic one."""
    draft, offered = state.draft, state.offered
    shown = [r for r in Relief if not (offered and r is Relief.AS_NEEDED_MEDICATION)]
    toggles = [
        b(_checked(RELIEF_BUTTONS.get(r, RELIEF_LABELS[r]), r in draft.relief), f"rel:{r.value}")
        for r in shown
    ]
    medicines = [b(_checked(f"💊 {label}", i in state.took), f"med:{i}") for i, label in offered]
    return [*_rows(toggles, 3), *_rows(medicines, 2), [b("✓ Done", "reldone")]]


def _helped(b: Button, draft: EpisodeDraft, back: list[InlineKeyboardButton]) -> Rows:
    return [[b(HELPED_LABELS[h].capitalize(), f"hlp:{h.value}") for h in Helped], [b("Skip", "go:review")]]


SCREENS: dict[str, Callable[[Button, EpisodeDraft, list[InlineKeyboardButton]], Rows]] = {
    "region": _region,
    "intensity": _intensity,
    "review": _review,
    "when": _when,
    "duration": _duration,
    "kind": _kind,
    "triggers": _triggers,
    "symptoms": _symptoms,
    "helped": _helped,
}


def render(state: FlowState, zone: str, now: datetime) -> tuple[str, Markup]:
    """Text and buttons of the state's screen."""
    draft = state.draft

    def b(label: str, action: str) -> InlineKeyboardButton:
        name, _, value = action.partition(":")
        return InlineKeyboardButton(label, callback_data=flow_button(state.flow, name, value))

    back = [b("◀ Back", "go:review")] if draft.region and draft.intensity is not None else []
    if state.screen == "confirm":
        return _confirm_text(state, zone, now), Markup(_confirm_rows(b, state))
    if state.screen == "aside":
        return _aside_text(draft, zone, now), Markup(_aside_rows(b, draft))
    rows = relief_rows(b, state) if state.screen == "relief" else SCREENS[state.screen](b, draft, back)
    if state.screen == "review" and state.same_as is not None and not state.editing:
        rows = [
            [b("🔁 Same episode — update it", "same"), b("➕ A new one", "save")],
            [b("✖ Cancel", "cancel")],
        ]
        return f"{SAME_QUESTION}\n\n{draft_details(draft, zone, now)}", Markup(rows)
    if state.screen == "review":
        question = "Save this entry, or add details first:" if not state.editing else "Edit, then save:"
    else:
        question = QUESTIONS[state.screen]
    return f"{question}\n\n{draft_details(draft, zone, now)}{_took_names(state)}", Markup(rows)


def _took_names(state: FlowState) -> str:
    """The person's own medicines chosen for relief, by name (each becomes a dose once saved)."""
    labels = [label for medicine_id, label in state.offered if medicine_id in state.took]
    return f"\n💊 Took: {', '.join(labels)}" if labels else ""


def _place(draft: EpisodeDraft) -> str:
    return REGION_LABELS[draft.region] if draft.region is not None else "earlier"


def _aside_text(draft: EpisodeDraft, zone: str, now: datetime) -> str:
    """Asked before a typed line about another place replaces the open draft (never silently)."""
    strength = f" ({draft.intensity}/{INTENSITY_MAX})" if draft.intensity is not None else ""
    return (
        f"📝 Your {_place(draft)} entry{strength} is not saved yet. What should I do with it before I log "
        f"your new message?\n\n{draft_details(draft, zone, now)}"
    )


def _aside_rows(b: Button, draft: EpisodeDraft) -> Rows:
    place = _place(draft)
    drop = [b("✖ Drop it", "cancel")]
    if draft.missing_required():  # cannot be saved as it is: finish it, or drop it
        return [[b(f"◀ Finish the {place} entry first", "keep")], drop]
    return [[b(f"💾 Save the {place} entry first", "save")], drop, [b("◀ Keep editing it", "keep")]]


def _confirm_text(state: FlowState, zone: str, now: datetime) -> str:
    """The question, why it is asked, and each entry as it would be stored."""
    parts = [CONFIRM_QUESTION, "\n".join(f"• {reason}" for reason in state.reasons)]
    drafts = [state.draft, *state.queue]
    for number, draft in enumerate(drafts, start=1):
        details = draft_details(draft, zone, now)
        parts.append(f"Entry {number}:\n{details}" if len(drafts) > 1 else details)
    return "\n\n".join(part for part in parts if part)


def _confirm_rows(b: Button, state: FlowState) -> Rows:
    if state.queue:
        first = [b("✅ Save both" if len(state.queue) == 1 else "✅ Save all", "cfm:all")]
        first.append(b("Save only the first", "cfm:first"))
    elif state.count is not None:
        first = [b(f"Save {state.count} entries", "cfm:all"), b("Save as one", "cfm:one")]
    else:
        first = [b("✅ Yes, save", "cfm:one")]
    return [first, [b("✏️ Fix it", "fix"), b("✖ Don't save", "cancel")]]
