"""Human-readable text for episodes and drafts: history lines, the "I understood" reply."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.episodes.model import Episode, EpisodeDraft
from bot.episodes.vocabulary import (
    HELPED_LABELS,
    KIND_LABELS,
    REGION_LABELS,
    RELIEF_LABELS,
    SIDE_LABELS,
    SYMPTOM_LABELS,
    TRIGGER_LABELS,
    Region,
    Side,
)


def format_duration(seconds: int | None, ongoing: bool = False) -> str:
    if ongoing and seconds is None:
        return "still going"
    if seconds is None:
        return ""
    if seconds < 90:
        return f"{seconds} s"
    if seconds < 3600:
        minutes = seconds / 60
        return f"{minutes:.0f} min" if minutes >= 10 or seconds % 60 == 0 else f"{minutes:.1f} min"
    hours, rest = divmod(seconds, 3600)
    return f"{hours} h {rest // 60} min" if rest >= 60 else f"{hours} h"


def place_text(region: Region | None, side: Side | None) -> str:
    if region is None:
        return "?"
    side_text = SIDE_LABELS.get(side, "") if side else ""
    return f"{side_text} {REGION_LABELS[region]}".strip()


def local_time_text(instant: datetime, zone: str, now: datetime | None = None) -> str:
    local = instant.astimezone(ZoneInfo(zone))
    if now is not None:
        today = now.astimezone(ZoneInfo(zone)).date()
        if local.date() == today:
            return f"today {local:%H:%M}"
        if (today - local.date()).days == 1:
            return f"yesterday {local:%H:%M}"
    return f"{local:%a %d %b %H:%M}"


def episode_line(episode: Episode, now: datetime | None = None) -> str:
    """One readable line for /history: "Sat 21 Nov 03:10 🌙 left calf cramp 7/10, 2 min"."""
    parts = [local_time_text(episode.started_at_utc, episode.timezone, now)]
    if episode.nocturnal:
        parts.append("🌙")
    what = place_text(episode.region, episode.side)
    if episode.kind:
        what += f" {KIND_LABELS[episode.kind]}"
    parts.append(f"{what} {episode.intensity}/10")
    line = " ".join(parts)
    duration = format_duration(episode.duration_seconds, episode.ongoing)
    return f"{line}, {duration}" if duration else line


def draft_details(draft: EpisodeDraft, zone: str, now: datetime | None = None) -> str:
    """Every known field, one per line, for the confirmation and the guided flow."""
    lines = []
    if draft.started_at is not None:
        when = local_time_text(draft.started_at, zone, now)
        lines.append(f"When: {when}{' (night)' if draft.nocturnal else ''}")
    lines.append(f"Where: {place_text(draft.region, draft.side)}")
    lines.append(f"Intensity: {draft.intensity}/10" if draft.intensity is not None else "Intensity: ?")
    duration = format_duration(draft.duration_seconds, draft.ongoing)
    if duration:
        lines.append(f"Duration: {duration}")
    if draft.kind:
        lines.append(f"Kind: {KIND_LABELS[draft.kind]}")
    triggers = [TRIGGER_LABELS[t] for t in draft.triggers]
    if draft.trigger_text:
        triggers.append(draft.trigger_text)
    if triggers:
        lines.append("Triggers: " + ", ".join(triggers))
    if draft.symptoms:
        lines.append("With: " + ", ".join(SYMPTOM_LABELS[s] for s in draft.symptoms))
    if draft.relief:
        relief = ", ".join(RELIEF_LABELS[r] for r in draft.relief)
        if draft.relief_helped:
            relief += f" ({HELPED_LABELS[draft.relief_helped]})"
        lines.append("Relief: " + relief)
    if draft.notes:
        lines.append("Notes: " + draft.notes)
    return "\n".join(lines)
