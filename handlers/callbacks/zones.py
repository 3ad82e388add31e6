"""`tz:` a time zone offered during /start and /timezone, and its undo."""

from __future__ import annotations

import re

from handlers.callbacks.codec import checked

# ----- tz: a time zone offered during /start and /timezone ------------------------------------------

ZONE_PREFIX = "tz:set:"
_ZONE = re.compile(r"[A-Za-z0-9_+\-/]{1,60}")


ZONE_UNDO_PREFIX = "tz:undo:"
NO_ZONE = "-"  # undo to "no zone set"


def zone_undo_button(previous: str | None) -> str:
    return checked(ZONE_UNDO_PREFIX + (previous or NO_ZONE))


def parse_zone_undo(data: str) -> str | None:
    """The zone to go back to, NO_ZONE for none, or None for data no button of ours carries."""
    zone = data.removeprefix(ZONE_UNDO_PREFIX)
    if not data.startswith(ZONE_UNDO_PREFIX):
        return None
    return zone if zone == NO_ZONE or _ZONE.fullmatch(zone) else None


def zone_button(zone: str) -> str:
    return checked(ZONE_PREFIX + zone)


def parse_zone_button(data: str) -> str | None:
    zone = data.removeprefix(ZONE_PREFIX)
    return zone if data.startswith(ZONE_PREFIX) and _ZONE.fullmatch(zone) else None
