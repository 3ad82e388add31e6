"""The first entry of someone without a time zone (after /cancel at the zone step, or after /forget):
saved at once in the deployment's zone — nothing is lost — and the city asked for once. A typed city
sets the zone and moves that entry to it (its line read again in the new zone, so "at 3am" means 3am
there); "Keep <zone>" keeps the default; anything else typed leaves the question and is handled as
usual (handlers/diary_text.py). Asked once per person: remembered in the persisted user_data."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.episodes import flow
from bot.episodes.guesses import read_message
from bot.episodes.model import Episode, draft_from_episode
from bot.episodes.parse import LINE_MAX_CHARS, ParseResult, parse_episode_line
from bot.intents import could_be_a_place
from bot.storage.users import UserProfile
from bot.timezones import resolve_zone_text
from handlers.callbacks import zone_button
from handlers.common import Context, reply, store_zone, zone_set_text

CITY_MAX_CHARS = 100
ZONE_ASKED_KEY = "zone_asked"
ZONE_ENTRY_KEY = "zone_entry"  # the entry the question is about: ids, its line, when it was logged
ZONE_ASK = (
    "🕑 I don't know your time zone yet, so I saved this in {zone}. Which city are you in? Type it "
    "(like “Madrid”) and I'll move this entry to your local time; I ask only once "
    "(/timezone changes it any time)."
)


def zone_asked(context: Context) -> bool:
    return bool(context.user_data and context.user_data.get(ZONE_ASKED_KEY))


def remember_zone_asked(context: Context) -> None:
    """The time-zone question is asked once per person (a question left at the onboarding counts)."""
    assert context.user_data is not None
    context.user_data[ZONE_ASKED_KEY] = True


def zone_question_due(context: Context, profile: UserProfile) -> bool:
    return profile.timezone is None and not zone_asked(context)


def with_keep_button(markup: InlineKeyboardMarkup, zone: str) -> InlineKeyboardMarkup:
    keep = InlineKeyboardButton(f"Keep {zone}", callback_data=zone_button(zone))
    return InlineKeyboardMarkup([*markup.inline_keyboard, [keep]])


def remember_zone_question(
    context: Context, profile: UserProfile, saved: list[Episode], line: str | None
) -> None:
    """After the read-back asked for the city: remember the entries it is about, and that it was asked."""
    if not zone_question_due(context, profile) or not saved:
        return
    remember_zone_asked(context)
    assert context.user_data is not None
    context.user_data[ZONE_ENTRY_KEY] = {
        "ids": [episode.id for episode in saved],
        "line": (line or "")[:LINE_MAX_CHARS] or None,
        "at": saved[0].logged_at_utc.isoformat(),
    }


def take_zone_entry(context: Context) -> dict[str, Any] | None:
    """The entry waiting for a city: only the next typed message may answer (no trap)."""
    if not context.user_data:
        return None
    pending = context.user_data.pop(ZONE_ENTRY_KEY, None)
    return pending if isinstance(pending, dict) else None


def forget_zone_entry(context: Context, episode_id: int) -> None:
    """A deleted entry's line does not wait in user_data for a city."""
    pending = context.user_data.get(ZONE_ENTRY_KEY) if context.user_data else None
    if isinstance(pending, dict) and episode_id in (pending.get("ids") or []):
        context.user_data.pop(ZONE_ENTRY_KEY, None)  # type: ignore[union-attr]


def city_zone(text: str) -> str | None:
    """The zone of a typed city when there is one clear match (the onboarding's parser)."""
    if not could_be_a_place(text):
        return None
    candidates = resolve_zone_text(text[:CITY_MAX_CHARS])
    if not candidates:
        return None
    best = candidates[0]
    # one match, or a zone's own name ("Europe/Madrid", "Madrid" → Europe/Madrid, listed first)
    if len(candidates) == 1 or best.label == best.zone:
        return best.zone
    return None


async def set_zone(update: Update, context: Context, zone: str) -> None:
    """Set the person's zone, as the onboarding does: reminders follow the new wall clock."""
    await store_zone(update, context, zone)
    await reply(update, zone_set_text(zone, context.services.clock.now()))


async def move_to_zone(
    context: Context, profile: UserProfile, pending: dict[str, Any], zone: str
) -> list[Episode]:
    """The waiting entries in the new zone: their line read again there (as if typed then), so wall-clock
    times ("at 3am", "last night") mean the person's own; entries from buttons keep their instant."""
    logged_at = datetime.fromisoformat(str(pending["at"]))
    tz = ZoneInfo(zone)
    line = pending.get("line")
    readings: tuple[ParseResult, ...] = ()
    if isinstance(line, str) and line:

        def parse(text: str) -> ParseResult:
            return parse_episode_line(
                text, now=logged_at, tz=tz, sleep_start=profile.sleep_start, sleep_end=profile.sleep_end
            )

        readings = read_message(line, parse).episodes
    moved = []
    episodes = context.services.episodes
    for index, episode_id in enumerate(pending.get("ids") or []):
        saved = await episodes.get(profile.user_id, int(episode_id))
        if saved is None:
            continue
        draft = draft_from_episode(saved)
        if readings:
            parsed = readings[min(index, len(readings) - 1)].draft
            draft.started_at, draft.nocturnal = parsed.started_at, parsed.nocturnal
        nocturnal = flow.decide_nocturnal(draft, zone, profile.sleep_start, profile.sleep_end)
        now = context.services.clock.now()
        updated = await episodes.update(
            profile.user_id, saved.id, draft, nocturnal=nocturnal, now=now, zone=zone
        )
        if updated is not None:
            moved.append(updated)
    return moved
