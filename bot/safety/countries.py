"""Which country a person is in, from their IANA time zone, using the tables that ship with tzdata.

zone.tab gives each canonical zone exactly one country ("Europe/Berlin" -> DE). Old names kept for
compatibility ("Asia/Calcutta", "US/Eastern") are not listed there; they are links to a canonical
zone, so their compiled data is byte-identical to it, and we use that to find the country. A zone
that maps to no single country ("UTC", "Etc/GMT+3", a zone shared by several countries) is unknown.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

_ZONEINFO = ("tzdata", "zoneinfo")


def _zoneinfo_dir() -> Traversable:
    return resources.files(_ZONEINFO[0]).joinpath(_ZONEINFO[1])


def _table_rows(name: str) -> list[list[str]]:
    text = _zoneinfo_dir().joinpath(name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


@cache
def _zone_countries() -> dict[str, str]:
    """Canonical zone -> ISO 3166 alpha-2 code, from zone.tab."""
    return {row[2]: row[0] for row in _table_rows("zone.tab") if len(row) >= 3}


@cache
def country_names() -> dict[str, str]:
    """ISO 3166 alpha-2 code -> English name, from iso3166.tab."""
    return {row[0]: row[1] for row in _table_rows("iso3166.tab") if len(row) >= 2}


def _digest(zone: str) -> str | None:
    parts = zone.split("/")
    if any(part in ("", ".", "..") for part in parts):
        return None
    node = _zoneinfo_dir().joinpath(*parts)
    try:
        return hashlib.sha256(node.read_bytes()).hexdigest()
    except (OSError, ValueError):
        return None


@cache
def _country_by_digest() -> dict[str, str | None]:
    """Compiled zone data -> country; None where the same data belongs to several countries."""
    found: dict[str, str | None] = {}
    for zone, country in _zone_countries().items():
        digest = _digest(zone)
        if digest is None:
            continue
        found[digest] = country if found.get(digest, country) == country else None
    return found


@cache
def country_of_zone(zone: str | None) -> str | None:
    """ISO 3166 alpha-2 code of the zone's country, or None when it cannot be told."""
    if not zone:
        return None
    direct = _zone_countries().get(zone)
    if direct is not None:
        return direct
    digest = _digest(zone)
    return _country_by_digest().get(digest) if digest is not None else None
