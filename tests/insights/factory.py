"""Build Episode values by hand for the insights tests: local wall-clock times in, aware UTC stored."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from itertools import count
from zoneinfo import ZoneInfo

from bot.episodes.model import Episode
from bot.episodes.vocabulary import Helped, Kind, Region, Relief, Side, Trigger

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
_ids = count(1)


def episode(
    when: datetime,
    *,
    tz: ZoneInfo = BERLIN,
    nocturnal: bool = False,
    region: Region = Region.CALF,
    side: Side | None = None,
    intensity: int = 5,
    duration_seconds: int | None = None,
    ongoing: bool = False,
    kind: Kind | None = Kind.CRAMP,
    triggers: Sequence[Trigger] = (),
    relief: Sequence[Relief] = (),
    helped: Helped | None = None,
    notes: str | None = None,
    trigger_text: str | None = None,
) -> Episode:
    """`when` is naive local wall-clock time in `tz`, or an aware instant (used as is)."""
    local = when if when.tzinfo is not None else when.replace(tzinfo=tz)
    started = local.astimezone(UTC)
    return Episode(
        id=next(_ids),
        user_id=1,
        started_at_utc=started,
        timezone=tz.key,
        nocturnal=nocturnal,
        kind=kind,
        region=region,
        side=side,
        intensity=intensity,
        duration_seconds=duration_seconds,
        ongoing=ongoing,
        triggers=tuple(triggers),
        trigger_text=trigger_text,
        symptoms=(),
        relief=tuple(relief),
        relief_helped=helped,
        notes=notes,
        logged_at_utc=started + timedelta(minutes=2),
    )


def utc(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def typical_week() -> list[Episode]:
    """Mon 9 – Sun 15 March 2026 in Berlin (CET all week), plus one episode just before and one just after.

    Hand-computed facts (used by several tests): 7 episodes, 5 nocturnal, intensities 6,4,3,8,7,5,9 (mean 6.0,
    worst 9), finished durations 120,60,300,180,90 s (total 750 s, median 120 s), days with data 9,10,12,14,15.
    """
    d = datetime
    return [
        episode(d(2026, 3, 8, 23, 0), nocturnal=True, intensity=6),  # Sunday before: outside
        episode(
            d(2026, 3, 9, 2, 10),
            nocturnal=True,
            side=Side.LEFT,
            intensity=6,
            duration_seconds=120,
            triggers=[Trigger.DEHYDRATION],
            relief=[Relief.STRETCHING],
            helped=Helped.YES,
        ),
        episode(
            d(2026, 3, 9, 23, 30),
            nocturnal=True,
            side=Side.RIGHT,
            intensity=4,
            duration_seconds=60,
            relief=[Relief.STRETCHING, Relief.MASSAGE],
            helped=Helped.PARTLY,
        ),
        episode(
            d(2026, 3, 10, 15, 0),
            region=Region.FOOT,
            side=Side.LEFT,
            intensity=3,
            triggers=[Trigger.EXERCISE],
        ),
        episode(
            d(2026, 3, 12, 3, 0),
            nocturnal=True,
            side=Side.LEFT,
            intensity=8,
            duration_seconds=300,
            triggers=[Trigger.DEHYDRATION, Trigger.FATIGUE],
            relief=[Relief.HEAT],
            helped=Helped.NO,
        ),
        episode(
            d(2026, 3, 12, 3, 40),
            nocturnal=True,
            side=Side.BOTH,
            intensity=7,
            duration_seconds=180,
            triggers=[Trigger.FATIGUE],
            relief=[Relief.STRETCHING],
            helped=Helped.YES,
        ),
        episode(
            d(2026, 3, 14, 10, 0),
            region=Region.HAMSTRING,
            side=Side.NA,
            intensity=5,
            duration_seconds=600,
            ongoing=True,
            relief=[Relief.NOTHING],
            helped=Helped.NO,
            notes="Stiff after the bus ride",
        ),
        episode(
            d(2026, 3, 15, 1, 0),
            nocturnal=True,
            side=Side.RIGHT,
            intensity=9,
            duration_seconds=90,
            triggers=[Trigger.DEHYDRATION],
            relief=[Relief.STRETCHING],
            helped=Helped.PARTLY,
        ),
        episode(d(2026, 3, 16, 1, 0), nocturnal=True, intensity=2),  # Monday after: outside
    ]


def previous_week_extra() -> list[Episode]:
    """Two more episodes in 2–8 March (with the 8 March one from `typical_week`: 3 episodes, mean 8.0)."""
    return [
        episode(datetime(2026, 3, 3, 12, 0), intensity=8),
        episode(datetime(2026, 3, 5, 2, 0), nocturnal=True, intensity=10),
    ]
