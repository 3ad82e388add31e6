"""The two export formats (documented in docs/export-format.md): CSV of episodes, JSON of everything."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.clock import to_utc_text
from bot.episodes.model import Episode

CSV_COLUMNS = (
    "id",
    "started_at_local",
    "started_at_utc",
    "timezone",
    "nocturnal",
    "kind",
    "body_region",
    "side",
    "intensity",
    "duration_seconds",
    "triggers",
    "symptoms",
    "relief",
    "relief_helped",
    "notes",
    "logged_at_utc",
)


# A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets (also the
# full-width forms, which some spreadsheets fold to ASCII). OWASP's advice: a leading single quote
# makes the cell plain text. Only the CSV is neutralised; the JSON stays exactly as typed.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def spreadsheet_safe(cell: str) -> str:
    """The cell as text a spreadsheet will not evaluate (see FORMULA_STARTS)."""
    return "'" + cell if cell.lstrip(" ").startswith(FORMULA_STARTS) else cell


def _bool(value: bool) -> str:
    return "true" if value else "false"


def _local_text(episode: Episode) -> str:
    return episode.started_at_utc.astimezone(ZoneInfo(episode.timezone)).isoformat(timespec="seconds")


def _triggers(episode: Episode) -> list[str]:
    # Free-text triggers follow the vocabulary codes; ';' would split them, so it is replaced.
    codes = [t.value for t in episode.triggers]
    if episode.trigger_text:
        # Each item is checked too: a spreadsheet set to split on ';' would make it a cell of its own.
        codes.append(spreadsheet_safe(episode.trigger_text.replace(";", ",")))
    return codes


def episode_csv_row(episode: Episode) -> list[str]:
    return [spreadsheet_safe(cell) for cell in _raw_row(episode)]


def _raw_row(episode: Episode) -> list[str]:
    return [
        str(episode.id),
        _local_text(episode),
        to_utc_text(episode.started_at_utc),
        episode.timezone,
        _bool(episode.nocturnal),
        episode.kind.value if episode.kind else "",
        episode.region.value,
        episode.side.value if episode.side else "",
        str(episode.intensity),
        "" if episode.duration_seconds is None else str(episode.duration_seconds),
        ";".join(_triggers(episode)),
        ";".join(s.value for s in episode.symptoms),
        ";".join(r.value for r in episode.relief),
        episode.relief_helped.value if episode.relief_helped else "",
        episode.notes or "",
        to_utc_text(episode.logged_at_utc),
    ]


def episodes_to_csv(episodes: Sequence[Episode]) -> bytes:
    """One row per episode, oldest first, UTF-8 (no BOM: the header must read exactly as documented)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for episode in sorted(episodes, key=lambda e: (e.started_at_utc, e.id)):
        writer.writerow(episode_csv_row(episode))
    return buffer.getvalue().encode("utf-8")


def episode_to_json(episode: Episode) -> dict[str, Any]:
    return {
        "id": episode.id,
        "started_at_utc": to_utc_text(episode.started_at_utc),
        "started_at_local": _local_text(episode),
        "timezone": episode.timezone,
        "nocturnal": episode.nocturnal,
        "kind": episode.kind.value if episode.kind else None,
        "body_region": episode.region.value,
        "side": episode.side.value if episode.side else None,
        "intensity": episode.intensity,
        "duration_seconds": episode.duration_seconds,
        "ongoing": episode.ongoing,
        "triggers": [t.value for t in episode.triggers],
        "trigger_text": episode.trigger_text,
        "symptoms": [s.value for s in episode.symptoms],
        "relief": [r.value for r in episode.relief],
        "relief_helped": episode.relief_helped.value if episode.relief_helped else None,
        "notes": episode.notes,
        "logged_at_utc": to_utc_text(episode.logged_at_utc),
        "edited_at_utc": to_utc_text(episode.edited_at_utc) if episode.edited_at_utc else None,
    }


def everything_to_json(
    *, settings: dict[str, Any], episodes: Sequence[Episode], extra: dict[str, Any], exported_at: datetime
) -> bytes:
    """Everything the bot holds about one person. `extra` carries the other tables (reminders,
    check-ins, feedback) keyed by name, already as plain JSON values."""
    document = {
        "format": "spasm-diary-export",
        "version": 1,
        "exported_at_utc": to_utc_text(exported_at),
        "settings": settings,
        "episodes": [episode_to_json(e) for e in sorted(episodes, key=lambda e: (e.started_at_utc, e.id))],
        **extra,
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
